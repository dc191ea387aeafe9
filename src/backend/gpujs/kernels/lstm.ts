import { kernelSource } from '../codegen.js';

// Fused LSTM gates: the nonlinearities and the state update of one step in one kernel, after the
// matmuls (gpujs.md §5.2). z [B, 4H] holds the pre-activations (i, f, g, o); cp [B, H] the
// previous cell; pi, pf, po [H] diagonal peepholes (zeros when absent).
const sig = (v: string) => `(${v} >= 0.0 ? 1.0 / (1.0 + Math.exp(-(${v}))) : Math.exp(${v}) / (1.0 + Math.exp(${v})))`;
const th = (v: string) => `(${v} < 0.0 ? -((1.0 - Math.exp(2.0 * (${v}))) / (1.0 + Math.exp(2.0 * (${v})))) : (1.0 - Math.exp(-2.0 * (${v}))) / (1.0 + Math.exp(-2.0 * (${v}))))`;

/** Statements computing the gate activations for cell k = b·H + j. */
const gates = (H: number) => `
const b = Math.floor(k / ${H});
const j = k % ${H};
const zb = b * ${4 * H} + j;
const cpk = cp[k];
const zi = z[zb] + pi[j] * cpk;
const zf = z[zb + ${H}] + pf[j] * cpk;
const zg = z[zb + ${2 * H}];
const gi = ${sig('zi')};
const gf = ${sig('zf')};
const gg = ${th('zg')};
const c = gf * cpk + gi * gg;
const zo = z[zb + ${3 * H}] + po[j] * c;
const go = ${sig('zo')};
const tc = ${th('c')};`;

/** out [2·B·H]: c' for t < B·H, then h'. */
export const lstmForwardSource = (B: number, H: number): string => kernelSource(['z', 'cp', 'pi', 'pf', 'po'], `
const half = ${B * H};
const k = t < half ? t : t - half;
${gates(H)}
if (t < half) { return c; }
return go * tc;`);

/** out [5·B·H]: dz [B, 4H] (gates i, f, g, o) then dc_prev [B, H]; dh, dc are the cotangents of h', c'. */
export const lstmBackwardSource = (B: number, H: number): string => kernelSource(['dh', 'dc', 'z', 'cp', 'pi', 'pf', 'po'], `
const n4 = ${4 * B * H};
let k = 0;
let gate = 4;
if (t < n4) {
  const bb = Math.floor(t / ${4 * H});
  const r = t % ${4 * H};
  gate = Math.floor(r / ${H});
  k = bb * ${H} + r % ${H};
} else {
  k = t - n4;
}
${gates(H)}
const dhk = dh[k];
const dzo = dhk * tc * go * (1.0 - go);
const dct = dc[k] + dhk * go * (1.0 - tc * tc) + dzo * po[j];
const dzi = dct * gg * gi * (1.0 - gi);
const dzf = dct * cpk * gf * (1.0 - gf);
if (gate == 0) { return dzi; }
if (gate == 1) { return dzf; }
if (gate == 2) { return dct * gi * (1.0 - gg * gg); }
if (gate == 3) { return dzo; }
return dct * gf + dzi * pi[j] + dzf * pf[j];`);
