/**
 * Shared pieces of the LeNet-5 training benchmark (bench/run-training.ts): the host-side data
 * and initial weights every implementation starts from, the step timer, and the interface each
 * implementation (nn-ts on a backend, tfjs-layers on a backend) provides.
 *
 * Everything crossing between libraries is plain Float32Array / Int32Array on the host, in
 * nn-ts' canonical layouts (images NCHW [N,1,28,28] ≡ NHWC [N,28,28,1] since C = 1; conv
 * weights OIHW; dense weights [out, in]). The tfjs side converts once, outside any timing.
 */

import { readFileSync } from 'node:fs';

export const BATCH = 64;
export const PIXELS = 28 * 28;
export const CLASSES = 10;

/** MNIST (fixed 8,000 / 2,000 split), normalised with the training statistics, on the host. */
export interface HostData {
  /** [nTrain, 784], (x − mean) / std */
  readonly trainX: Float32Array;
  readonly trainY: Int32Array;
  /** [nTest, 784] */
  readonly testX: Float32Array;
  readonly testY: Int32Array;
  readonly nTrain: number;
  readonly nTest: number;
}

/**
 * LeNet-5 initial parameters in nn-ts layouts (conv OIHW, dense [out, in]); every
 * implementation starts from exactly these values.
 */
export interface LeNetInit {
  readonly c1w: Float32Array; // [6, 1, 5, 5]
  readonly c1b: Float32Array; // [6]
  readonly c2w: Float32Array; // [16, 6, 5, 5]
  readonly c2b: Float32Array; // [16]
  readonly f1w: Float32Array; // [120, 400] (input index c·25 + h·5 + w: NCHW flatten of [16,5,5])
  readonly f1b: Float32Array; // [120]
  readonly f2w: Float32Array; // [84, 120]
  readonly f2b: Float32Array; // [84]
  readonly f3w: Float32Array; // [10, 84]
  readonly f3b: Float32Array; // [10]
}

export interface TimingOptions {
  /** Untimed steps first. */
  readonly warmup: number;
  /** Timed steps continue until at least this many... */
  readonly minSteps: number;
  /** ...and at least this much timed wall time. */
  readonly minTimeMs: number;
  /** Optional cap for very slow implementations: stop once this much time is timed (and capMinSteps done). */
  readonly capMs?: number;
  readonly capMinSteps?: number;
}

export interface Throughput {
  /** Timed images ÷ timed seconds (64 · steps / total). */
  readonly imagesPerSec: number;
  readonly medianMs: number;
  readonly steps: number;
  readonly totalMs: number;
  /** True when the cap stopped timing before minSteps / minTimeMs were both reached. */
  readonly capped: boolean;
  /** Cores kept busy by other processes during the timed steps (interference; NaN off Linux). */
  readonly otherCores: number;
}

export interface AccuracyResult {
  /** Fraction of the test digits classified correctly (arg-max, first maximum on ties). */
  readonly accuracy: number;
  readonly epochs: number;
  readonly steps: number;
  /** Wall time of the training loop (not the evaluation). */
  readonly seconds: number;
  /** Mean training loss over the last epoch's batches. */
  readonly lastEpochLoss: number;
}

/** One implementation under test. */
export interface TrainingImpl {
  readonly name: string;
  /** Library, backend, threads: one line under the table. */
  readonly note: string;
  /** Set when this implementation cannot train LeNet-5 here; the row then reads "not supported: …". */
  readonly unsupported?: string;
  /** Times training steps on `batches` (indices into the training set), cycling through them. */
  throughput(batches: readonly Int32Array[], opts: TimingOptions): Promise<Throughput>;
  /** Trains from the shared init over `orders[e]` (the batches of epoch e), then evaluates on the test set. */
  trainAndEvaluate(orders: readonly (readonly Int32Array[])[]): Promise<AccuracyResult>;
  /** Frees what the implementation holds (models, batch tensors). */
  release?(): void;
}

/** Rows `idx` of a row-major [N, rowLen] array, as a new [idx.length, rowLen] array. */
export function gatherRows(x: Float32Array, rowLen: number, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length * rowLen);
  for (let i = 0; i < idx.length; i++) out.set(x.subarray(idx[i] * rowLen, (idx[i] + 1) * rowLen), i * rowLen);
  return out;
}

/** Class ids `idx` of `y`, as floats (both libraries take float class ids). */
export function gatherLabels(y: Int32Array, idx: ArrayLike<number>): Float32Array {
  const out = new Float32Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = y[idx[i]];
  return out;
}

/** Number of rows of `scores` [B, C] whose arg-max (first maximum on ties) equals the label. */
export function countCorrect(scores: Float32Array | ArrayLike<number>, labels: ArrayLike<number>, classes = CLASSES): number {
  let correct = 0;
  for (let b = 0; b < labels.length; b++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (scores[b * classes + c] > scores[b * classes + best]) best = c;
    if (best === labels[b]) correct++;
  }
  return correct;
}

// ---------------------------------------------------------------------------
// Interference check: CPU used by OTHER processes while a measurement ran
// ---------------------------------------------------------------------------

interface CpuSnapshot {
  /** Busy CPU seconds of the whole machine (all cores), from /proc/stat; NaN off Linux. */
  readonly machineBusyS: number;
  /** CPU seconds of this process (all threads). */
  readonly ownS: number;
  readonly wallMs: number;
}

/** USER_HZ: 100 on every mainstream Linux build. */
const CLK_TCK = 100;

export function cpuSnapshot(): CpuSnapshot {
  let machineBusyS = Number.NaN;
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]; // "cpu  user nice system idle iowait irq softirq steal ..."
    const f = line.trim().split(/\s+/).slice(1).map(Number);
    const busy = f[0] + f[1] + f[2] + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
    machineBusyS = busy / CLK_TCK;
  } catch {
    /* not Linux */
  }
  const u = process.cpuUsage();
  return { machineBusyS, ownS: (u.user + u.system) / 1e6, wallMs: performance.now() };
}

/** Average number of cores kept busy by other processes between two snapshots (≈0 on a quiet machine; NaN off Linux). */
export function otherCores(a: CpuSnapshot, b: CpuSnapshot): number {
  const wallS = (b.wallMs - a.wallMs) / 1000;
  if (!(wallS > 0)) return Number.NaN;
  return Math.max(0, (b.machineBusyS - a.machineBusyS - (b.ownS - a.ownS)) / wallS);
}

export const maybeGc = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
};

/**
 * Calls `step(i)` (awaiting it when it returns a promise) `warmup` times untimed, then times calls
 * until both `minSteps` and `minTimeMs` are reached, or the optional cap stops it. Each call must
 * finish its work before returning (both libraries read the loss back, which does that).
 */
export async function timeSteps(step: (i: number) => unknown, o: TimingOptions): Promise<Throughput> {
  let i = 0;
  for (let w = 0; w < o.warmup; w++) await step(i++);
  const times: number[] = [];
  let total = 0;
  let capped = false;
  const c0 = cpuSnapshot();
  for (;;) {
    const done = times.length >= o.minSteps && total >= o.minTimeMs;
    if (done) break;
    if (o.capMs !== undefined && total >= o.capMs && times.length >= (o.capMinSteps ?? 1)) {
      capped = true;
      break;
    }
    const t0 = performance.now();
    await step(i++);
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  const others = otherCores(c0, cpuSnapshot());
  const sorted = [...times].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  return { imagesPerSec: (BATCH * times.length) / (total / 1000), medianMs, steps: times.length, totalMs: total, capped, otherCores: others };
}
