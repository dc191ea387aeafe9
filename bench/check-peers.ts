/**
 * Sanity check of the tfjs peers: tfjs-cpu vs tfjs-wasm on every workload,
 * and both vs a naive NCHW reference for the conv workloads (y, dx, dw).
 * Exits 1 on a mismatch.   npx tsx bench/check-peers.ts
 *
 * tfjsOutputs() (bench/peers/tfjs.ts) returns outputs in canonical layouts,
 * so the same comparison can be made against our library.
 */
import { tfjsOutputs } from './peers/tfjs.js';
import { WORKLOADS, WORKLOAD_IDS, convData, type ConvSpec } from './workloads.js';

/** max |a-b| / (1 + max |a|) */
function relErr(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(a[i]));
  }
  return d / (1 + s);
}

/** Naive direct conv (stride 1), float64 accumulation: y, dx, dw in NCHW / OIHW. */
function naiveConv(spec: ConvSpec): Record<string, Float32Array> {
  const d = convData(spec);
  const [N, C, H, W] = spec.x;
  const [O, , KH, KW] = spec.w;
  const [, , OH, OW] = spec.y;
  const p = spec.padding === 'same' ? (KH - 1) / 2 : spec.padding;
  const y = new Float64Array(N * O * OH * OW);
  const dx = new Float64Array(N * C * H * W);
  const dw = new Float64Array(O * C * KH * KW);
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++)
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          const yi = ((n * O + o) * OH + i) * OW + j;
          const g = d.dy[yi];
          let acc = 0;
          for (let c = 0; c < C; c++)
            for (let a = 0; a < KH; a++) {
              const h = i + a - p;
              if (h < 0 || h >= H) continue;
              for (let b = 0; b < KW; b++) {
                const ww = j + b - p;
                if (ww < 0 || ww >= W) continue;
                const xi = ((n * C + c) * H + h) * W + ww;
                const wi = ((o * C + c) * KH + a) * KW + b;
                acc += d.x[xi] * d.w[wi];
                dx[xi] += g * d.w[wi];
                dw[wi] += g * d.x[xi];
              }
            }
          y[yi] = acc;
        }
  return { y: Float32Array.from(y), dx: Float32Array.from(dx), dw: Float32Array.from(dw) };
}

const TOL = 1e-4;
let bad = 0;
const report = (what: string, e: number): void => {
  const ok = e <= TOL;
  if (!ok) bad++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: rel err ${e.toExponential(2)}`);
};
for (const id of WORKLOAD_IDS) {
  const cpu = await tfjsOutputs(id, 'cpu');
  const wasm = await tfjsOutputs(id, 'wasm');
  const spec = WORKLOADS[id];
  const ref = spec.kind === 'conv' ? naiveConv(spec) : undefined;
  for (const k of Object.keys(cpu)) {
    report(`${id} ${k} cpu vs wasm`, relErr(cpu[k], wasm[k]));
    if (ref) {
      report(`${id} ${k} ref vs cpu`, relErr(ref[k], cpu[k]));
      report(`${id} ${k} ref vs wasm`, relErr(ref[k], wasm[k]));
    }
  }
}
console.log(bad === 0 ? 'all peer outputs agree' : `${bad} mismatches`);
process.exit(bad === 0 ? 0 : 1);
