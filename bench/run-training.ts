/**
 * LeNet-5 training on MNIST: nn-ts (each backend that works here) vs TensorFlow.js tfjs-layers
 * (tfjs-backend-cpu, tfjs-backend-wasm) in ONE process. Prints a markdown table of training
 * throughput (images/s at batch 64, Adam lr 1e-3) with ratios to tfjs, and each implementation's
 * test accuracy after the same training (same initial weights, same batches, same order).
 *
 *   npx tsx bench/run-training.ts
 *   BENCH_EPOCHS=3 npx tsx bench/run-training.ts          # accuracy after 3 epochs (default 1)
 *
 * Environment (all optional):
 *   BENCH_EPOCHS               epochs over the 8,000 training digits for the accuracy column (1)
 *   BENCH_MIN_TIME_MS          minimum timed wall time per implementation (5000)
 *   BENCH_MIN_STEPS            minimum timed steps per implementation (10)
 *   BENCH_TFJS_CPU_CAP_MS      cap on tfjs-layers-cpu's timed steps, which take seconds each (20000; 0 = no cap)
 *   BENCH_TFJS_CPU_ACCURACY    'auto' (train it only if the estimate is ≤ BENCH_TFJS_CPU_MAX_TRAIN_S), '1', '0'
 *   BENCH_TFJS_CPU_MAX_TRAIN_S seconds of tfjs-cpu training that 'auto' allows (150)
 *   BENCH_TFJS_WASM_SHIM       '0' to leave out the tfjs-wasm row with the stand-in Conv2DBackpropFilter kernel
 */
import * as E from 'fp-ts/lib/Either.js';
import { key, toArray, useBackend } from '../src/index.js';
import { loadMnist, normalizeMnist } from '../src/data/index.js';
import { epochOrder } from '../src/train/index.js';
import { machineInfo } from './harness.js';
import { BATCH, PIXELS, maybeGc, type AccuracyResult, type HostData, type Throughput, type TimingOptions, type TrainingImpl } from './training/common.js';
import { initialProbabilities as nntsProbs, nntsImpls, sharedInit } from './training/nnts.js';
import { initialProbabilities as tfjsProbs, tfjsImpls } from './training/tfjs.js';

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
const epochs = envNum('BENCH_EPOCHS', 1);
if (!Number.isInteger(epochs) || epochs < 1) {
  console.error(`BENCH_EPOCHS must be a positive integer, got '${process.env.BENCH_EPOCHS}'`);
  process.exit(2);
}
const timing: TimingOptions = { warmup: 3, minSteps: envNum('BENCH_MIN_STEPS', 10), minTimeMs: envNum('BENCH_MIN_TIME_MS', 5000) };
const tfjsCpuCapMs = envNum('BENCH_TFJS_CPU_CAP_MS', 20000);
const tfjsCpuAccuracy = process.env.BENCH_TFJS_CPU_ACCURACY ?? 'auto';
const tfjsCpuMaxTrainS = envNum('BENCH_TFJS_CPU_MAX_TRAIN_S', 150);
const log = (s: string) => process.stderr.write(s + '\n');
const T0 = performance.now();
const elapsed = () => `${((performance.now() - T0) / 1000).toFixed(0)} s`;

// ---- data: the fixed 8,000 / 2,000 split, normalised with the training statistics, on the host
useBackend('cpu', { strict: true });
const mnist = loadMnist();
if (E.isLeft(mnist)) {
  console.error(mnist.left.message);
  process.exit(1);
}
const { train, test, stats } = mnist.right;
const data: HostData = {
  trainX: Float32Array.from(toArray(normalizeMnist(train.images, stats))),
  trainY: train.labels,
  testX: Float32Array.from(toArray(normalizeMnist(test.images, stats))),
  testY: test.labels,
  nTrain: train.count,
  nTest: test.count,
};
log(`MNIST: ${data.nTrain} train / ${data.nTest} test digits, mean ${stats.mean.toFixed(4)}, std ${stats.std.toFixed(4)} (${elapsed()})`);

// ---- the same initial weights and the same batches for everyone
const init = sharedInit(0);
const orders = Array.from({ length: epochs }, (_, e) => epochOrder(key(0), e, data.nTrain, BATCH));
/** Throughput batches: the first 16 batches of epoch 1, cycled. */
const throughputBatches = orders[0].slice(0, 16);

const impls: TrainingImpl[] = [
  ...nntsImpls(data, init),
  ...(await tfjsImpls(data, init, { wasmShim: process.env.BENCH_TFJS_WASM_SHIM !== '0' })),
];

// ---- cross-check: both libraries compute the same initial model (softmax outputs on 64 digits)
const probeImages = data.trainX.subarray(0, BATCH * PIXELS);
const pN = nntsProbs('cpu', init, probeImages);
const pT = await tfjsProbs('cpu', init, probeImages);
let maxDiff = 0;
for (let i = 0; i < pN.length; i++) maxDiff = Math.max(maxDiff, Math.abs(pN[i] - pT[i]));
log(`init cross-check: max |p_nn-ts − p_tfjs| = ${maxDiff.toExponential(2)} over 64×10 softmax outputs`);
if (!(maxDiff < 1e-4)) throw new Error(`the nn-ts and tfjs models differ at init (max |Δp| ${maxDiff}); weight conversion is wrong`);

// ---- measure
interface Result {
  impl: TrainingImpl;
  tp?: Throughput;
  acc?: AccuracyResult;
  error?: string;
  accSkipped?: string;
}
const results: Result[] = [];
for (const impl of impls) {
  const r: Result = { impl };
  results.push(r);
  if (impl.unsupported !== undefined) {
    log(`${impl.name}: not supported: ${impl.unsupported}`);
    continue;
  }
  const isTfjsCpu = impl.name === 'tfjs-layers-cpu';
  try {
    maybeGc();
    const opts: TimingOptions = isTfjsCpu && tfjsCpuCapMs > 0 ? { ...timing, capMs: tfjsCpuCapMs, capMinSteps: 3 } : timing;
    r.tp = await impl.throughput(throughputBatches, opts);
    log(`${impl.name}: ${r.tp.imagesPerSec.toFixed(1)} images/s (${r.tp.steps} steps, median ${r.tp.medianMs.toFixed(1)} ms/step${r.tp.capped ? ', capped' : ''}, other processes ${r.tp.otherCores.toFixed(2)} cores) (${elapsed()})`);
    const steps = orders.reduce((a, o) => a + o.length, 0);
    const estimateS = (steps * r.tp.medianMs) / 1000;
    if (isTfjsCpu && (tfjsCpuAccuracy === '0' || (tfjsCpuAccuracy !== '1' && estimateS > tfjsCpuMaxTrainS))) {
      r.accSkipped = `skipped: ${steps} steps would take ≈${(estimateS / 60).toFixed(1)} min at the measured ${(r.tp.medianMs / 1000).toFixed(2)} s/step (BENCH_TFJS_CPU_ACCURACY=1 runs it)`;
      log(`${impl.name}: accuracy ${r.accSkipped}`);
    } else {
      maybeGc();
      r.acc = await impl.trainAndEvaluate(orders);
      log(`${impl.name}: test accuracy ${(100 * r.acc.accuracy).toFixed(2)}% after ${r.acc.epochs} epoch(s), ${r.acc.steps} steps in ${r.acc.seconds.toFixed(1)} s, last-epoch loss ${r.acc.lastEpochLoss.toFixed(4)} (${elapsed()})`);
    }
  } catch (e) {
    r.error = e instanceof Error ? e.message : String(e);
    log(`${impl.name}: FAILED: ${r.error}`);
  } finally {
    impl.release?.();
  }
}

// ---- report
const rate = (name: string) => results.find((r) => r.impl.name === name)?.tp?.imagesPerSec;
const cpuRef = rate('tfjs-layers-cpu');
const wasmStock = rate('tfjs-layers-wasm');
const wasmRefName = wasmStock !== undefined ? 'tfjs-layers-wasm' : 'tfjs-layers-wasm+dW-shim';
const wasmRef = wasmStock ?? rate('tfjs-layers-wasm+dW-shim');
const ratio = (self: string, v: number, refName: string, ref: number | undefined) => (self === refName ? '—' : ref === undefined ? 'n/a' : `×${(v / ref).toFixed(2)}`);

const lines: string[] = [];
lines.push(`## LeNet-5 training on MNIST: nn-ts vs tfjs-layers (batch ${BATCH}, Adam lr 1e-3)\n`);
lines.push(machineInfo() + '\n');
lines.push(`| implementation | images/s | ×tfjs-cpu | ×tfjs-wasm${wasmStock === undefined && wasmRef !== undefined ? ' ‡' : ''} | test accuracy after ${epochs} epoch${epochs === 1 ? '' : 's'} |`);
lines.push('| --- | ---: | ---: | ---: | ---: |');
for (const r of results) {
  const n = r.impl.name;
  if (r.impl.unsupported !== undefined) {
    lines.push(`| ${n} | not supported: ${r.impl.unsupported.replace(/\|/g, '\\|')} | — | — | — |`);
    continue;
  }
  if (r.error !== undefined || r.tp === undefined) {
    lines.push(`| ${n} | failed: ${(r.error ?? '?').replace(/\|/g, '\\|')} | — | — | — |`);
    continue;
  }
  const v = r.tp.imagesPerSec;
  const ips = `${v >= 100 ? v.toFixed(0) : v.toFixed(1)}${r.tp.capped ? ' *' : ''}`;
  const acc = r.acc ? `${(100 * r.acc.accuracy).toFixed(2)}%` : r.accSkipped ? 'skipped †' : 'n/a';
  lines.push(`| ${n} | ${ips} | ${ratio(n, v, 'tfjs-layers-cpu', cpuRef)} | ${ratio(n, v, wasmRefName, wasmRef)} | ${acc} |`);
}
lines.push('');
lines.push(`Ratios: this implementation's images/s ÷ the reference's (×2.00 = twice as fast, <1 = slower).`);
if (wasmStock === undefined && wasmRef !== undefined)
  lines.push(`‡ Stock tfjs-layers-wasm cannot train this model, so ×tfjs-wasm is relative to tfjs-layers-wasm+dW-shim (tfjs-wasm with a stand-in Conv2DBackpropFilter kernel, not stock tfjs).`);
const cpuRes = results.find((r) => r.impl.name === 'tfjs-layers-cpu');
if (cpuRes?.tp?.capped) lines.push(`* tfjs-layers-cpu timing capped at ${(tfjsCpuCapMs / 1000).toFixed(0)} s of timed steps: ${cpuRes.tp.steps} steps (≥ 3) instead of ≥ ${timing.minSteps}.`);
if (cpuRes?.accSkipped) lines.push(`† tfjs-layers-cpu accuracy ${cpuRes.accSkipped}.`);
const noisy = results.filter((r) => r.tp && r.tp.otherCores > 0.1);
if (noisy.length)
  lines.push(`⚠ Other processes kept > 0.1 core busy while timing ${noisy.map((r) => `${r.impl.name} (${r.tp!.otherCores.toFixed(2)})`).join(', ')}: those rows are slowed by interference; rerun on a quiet machine.`);
lines.push('');
lines.push('Timing: 3 warm-up steps, then steps timed until both ≥ ' + `${timing.minSteps} steps and ≥ ${timing.minTimeMs / 1000} s; images/s = 64 × timed steps ÷ timed seconds. ` +
  'Each step is forward + backward + Adam update on one pre-uploaded batch (16 real MNIST batches cycled, the same for everyone) and ends by reading the loss back.');
lines.push(`Accuracy: every implementation starts from the same weights (nn-ts init, key 0, converted to tfjs layouts; initial softmax outputs agree to ${maxDiff.toExponential(1)}), ` +
  `trains ${epochs} epoch(s) over the ${data.nTrain} training digits in the same shuffled batches of ${BATCH} (nn-ts epochOrder, key 0), and is scored on the ${data.nTest} test digits (arg-max).`);
lines.push('');
lines.push('Per implementation:');
for (const r of results) {
  const parts = [r.impl.note];
  if (r.tp) parts.push(`${r.tp.steps} timed steps, median ${r.tp.medianMs.toFixed(1)} ms/step, other processes busy ${r.tp.otherCores.toFixed(2)} cores meanwhile`);
  if (r.acc) parts.push(`training ${r.acc.steps} steps took ${r.acc.seconds.toFixed(1)} s, last-epoch mean loss ${r.acc.lastEpochLoss.toFixed(4)}`);
  lines.push(`- ${r.impl.name}: ${parts.join('; ')}`);
}
console.log(lines.join('\n'));
log(`(total ${elapsed()})`);
process.exit(0);
