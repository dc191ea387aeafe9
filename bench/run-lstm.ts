/**
 * LSTM layer (T = 50, B = 32, input 64, hidden 128, all outputs [B, T, H]): nn-ts (each backend
 * that works here) vs TensorFlow.js tfjs-layers (tfjs-backend-cpu, tfjs-backend-wasm) in ONE
 * process. Prints a markdown table of the median time of a forward call and of a forward+backward
 * call (gradient of sum(y) w.r.t. all parameters), with fwd+bwd speed ratios to tfjs.
 *
 *   npx tsx bench/run-lstm.ts
 *
 * Environment (all optional):
 *   BENCH_MIN_TIME_MS   minimum timed wall time per implementation and mode (5000)
 *   BENCH_MIN_REPS      minimum timed calls per implementation and mode (5)
 *   BENCH_CAP_MS        cap on any one measurement's timed calls, for slow peers (15000; 0 = no cap; ≥ 3 calls)
 */
import { machineInfo } from './harness.js';
import { B, H, I, MODES, T, errMsg, maybeGc, relDiff, timeCalls, type LstmImpl, type Mode, type Timing, type TimingOptions } from './lstm/common.js';
import { nntsImpls, sharedHost } from './lstm/nnts.js';
import { tfjsImpls, tfjsTensorCount } from './lstm/tfjs.js';

const envNum = (name: string, dflt: number): number => {
  const v = process.env[name];
  if (v === undefined || v === '') return dflt;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`${name} must be a non-negative number, got '${v}'`);
    process.exit(2);
  }
  return n;
};
const capMs = envNum('BENCH_CAP_MS', 15000);
const timing: TimingOptions = {
  warmup: 3,
  minReps: envNum('BENCH_MIN_REPS', 5),
  minTimeMs: envNum('BENCH_MIN_TIME_MS', 5000),
  ...(capMs > 0 ? { capMs, capMinReps: 3 } : {}),
};
const log = (s: string) => process.stderr.write(s + '\n');
const T0 = performance.now();
const elapsed = () => `${((performance.now() - T0) / 1000).toFixed(0)} s`;

// ---- the same weights and input for everyone
const host = sharedHost();
const impls: LstmImpl[] = [...nntsImpls(host), ...(await tfjsImpls(host))];
log(`implementations: ${impls.map((i) => i.name).join(', ')} (${elapsed()})`);

// ---- cross-check: every implementation computes the same y and dL/dW_ih as nn-ts-cpu
const refs = new Map<string, { y?: Float32Array; dWih?: Float32Array }>();
for (const impl of impls) if (impl.unsupported === undefined) refs.set(impl.name, await impl.reference());
const base = refs.get('nn-ts-cpu');
if (!base?.y || !base.dWih) throw new Error('nn-ts-cpu failed to compute the reference output / gradient');
const agreement = new Map<string, { y?: number; g?: number }>();
for (const [name, r] of refs) {
  if (name === 'nn-ts-cpu') continue;
  const a = { y: r.y ? relDiff(r.y, base.y) : undefined, g: r.dWih ? relDiff(r.dWih, base.dWih) : undefined };
  agreement.set(name, a);
  log(`cross-check ${name} vs nn-ts-cpu: y ${a.y?.toExponential(2) ?? 'n/a'}, dL/dW_ih ${a.g?.toExponential(2) ?? 'n/a'} (max |Δ| / max(1, max |ref|))`);
}
const tfCpu = agreement.get('tfjs-layers-cpu');
if (tfCpu?.y !== undefined && !(tfCpu.y < 1e-3)) throw new Error(`nn-ts and tfjs compute different LSTMs (y differs by ${tfCpu.y}); weight conversion is wrong`);
log(`(${elapsed()})`);

// ---- measure
interface Result {
  impl: LstmImpl;
  t: Partial<Record<Mode, Timing>>;
  err: Partial<Record<Mode, string>>;
}
const results: Result[] = [];
for (const impl of impls) {
  const r: Result = { impl, t: {}, err: {} };
  results.push(r);
  if (impl.unsupported !== undefined) {
    log(`${impl.name}: not supported: ${impl.unsupported}`);
    continue;
  }
  for (const mode of MODES) {
    try {
      maybeGc();
      const fn = await impl.prepare(mode);
      if (typeof fn === 'string') {
        r.err[mode] = `not supported: ${fn}`;
        log(`${impl.name} ${mode}: ${r.err[mode]}`);
        continue;
      }
      const t = await timeCalls(fn, timing);
      r.t[mode] = t;
      log(`${impl.name} ${mode}: median ${t.medianMs.toFixed(1)} ms (${t.reps} calls, min ${t.minMs.toFixed(1)}${t.capped ? ', capped' : ''}, other processes ${t.otherCores.toFixed(2)} cores) (${elapsed()})`);
    } catch (e) {
      r.err[mode] = `failed: ${errMsg(e)}`;
      log(`${impl.name} ${mode}: ${r.err[mode]}`);
    } finally {
      impl.release?.();
    }
  }
}
const leaked = tfjsTensorCount();

// ---- report
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const fb = (name: string) => results.find((r) => r.impl.name === name)?.t['fwd+bwd']?.medianMs;
const cpuRef = fb('tfjs-layers-cpu');
const wasmRef = fb('tfjs-layers-wasm');
const ratio = (self: string, v: number | undefined, refName: string, ref: number | undefined) =>
  self === refName ? '—' : v === undefined || ref === undefined ? 'n/a' : `×${(ref / v).toFixed(2)}`;
const cell = (r: Result, mode: Mode) => {
  const t = r.t[mode];
  if (t) return `${ms(t.medianMs)}${t.capped ? ' *' : ''}`;
  return esc(r.err[mode] ?? 'n/a');
};

const lines: string[] = [];
lines.push(`## LSTM layer (T = ${T}, B = ${B}, input ${I}, hidden ${H}, all ${T} outputs): nn-ts vs tfjs-layers\n`);
lines.push(machineInfo() + '\n');
lines.push('| implementation | forward ms | fwd+bwd ms | fwd+bwd ×tfjs-cpu | fwd+bwd ×tfjs-wasm |');
lines.push('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const n = r.impl.name;
  if (r.impl.unsupported !== undefined) {
    lines.push(`| ${n} | not supported: ${esc(r.impl.unsupported)} | — | — | — |`);
    continue;
  }
  const v = r.t['fwd+bwd']?.medianMs;
  lines.push(`| ${n} | ${cell(r, 'forward')} | ${cell(r, 'fwd+bwd')} | ${ratio(n, v, 'tfjs-layers-cpu', cpuRef)} | ${ratio(n, v, 'tfjs-layers-wasm', wasmRef)} |`);
}
lines.push('');
lines.push('Times: median ms per call. Ratios: the tfjs reference\'s fwd+bwd median ÷ this one\'s (×2.00 = twice as fast, <1 = slower).');
if (results.some((r) => Object.values(r.t).some((t) => t?.capped)))
  lines.push(`* timing capped at ${(capMs / 1000).toFixed(0)} s of timed calls (≥ 3 calls) instead of ≥ ${timing.minReps} calls and ≥ ${timing.minTimeMs / 1000} s.`);
const noisy = results.flatMap((r) => MODES.filter((m) => (r.t[m]?.otherCores ?? 0) > 0.1).map((m) => `${r.impl.name} ${m} (${r.t[m]!.otherCores.toFixed(2)})`));
if (noisy.length) lines.push(`⚠ Other processes kept > 0.1 core busy while timing ${noisy.join(', ')}: those cells are slowed by interference; rerun on a quiet machine.`);
lines.push('');
lines.push(`Timing: ${timing.warmup} warm-up calls, then calls timed until both ≥ ${timing.minReps} calls and ≥ ${timing.minTimeMs / 1000} s${capMs > 0 ? ` (or ${capMs / 1000} s with ≥ 3 calls)` : ''}. ` +
  'forward = the layer on x [32, 50, 64] → y [32, 50, 128], read back to the host. ' +
  'fwd+bwd = forward plus the gradient of sum(y) with respect to every parameter (W_ih, W_hh, biases: BPTT over all 50 steps), then one gradient (dL/dW_ih) read back. ' +
  'Input and parameters are on the backend before timing (untimed upload).');
const fmtAgree = (a: { y?: number; g?: number } | undefined) => (a ? `y ${a.y?.toExponential(1) ?? 'n/a'}, dL/dW_ih ${a.g?.toExponential(1) ?? 'n/a'}` : 'n/a');
lines.push('Same function everywhere: every implementation starts from the same weights (nn-ts init, key 0; tfjs: kernel = W_ihᵀ, recurrentKernel = W_hhᵀ, bias = b_ih + b_hh, recurrentActivation \'sigmoid\' instead of tfjs\' default \'hardSigmoid\') and the same x ~ N(0, 1) (key 1). ' +
  `Max |Δ| ÷ max(1, max |nn-ts-cpu|) against nn-ts-cpu: ${[...agreement].map(([n, a]) => `${n}: ${fmtAgree(a)}`).join('; ')}.`);
if (leaked !== 0) lines.push(`tfjs tensors still alive at the end: ${leaked} (a leak in the benchmark).`);
lines.push('');
lines.push('Per implementation:');
for (const r of results) {
  const parts = [r.impl.note];
  for (const m of MODES) {
    const t = r.t[m];
    if (t) parts.push(`${m}: ${t.reps} timed calls, min ${ms(t.minMs)} ms, other processes busy ${t.otherCores.toFixed(2)} cores`);
  }
  lines.push(`- ${r.impl.name}: ${parts.join('; ')}`);
}
console.log(lines.join('\n'));
log(`(total ${elapsed()})`);
process.exit(0);
