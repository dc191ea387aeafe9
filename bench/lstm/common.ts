/**
 * Shared pieces of the LSTM layer benchmark (bench/run-lstm.ts): the problem size, the host-side
 * input and initial weights every implementation uses, the timer, and the interface each
 * implementation (nn-ts on a backend, tfjs-layers on a backend) provides.
 *
 * Everything crossing between libraries is plain Float32Array on the host, in nn-ts' layouts
 * (PyTorch's: weightIh [4H, I], weightHh [4H, H], biasIh / biasHh [4H], gates i, f, g, o). The
 * tfjs side converts once, outside any timing (kernel [I, 4H], recurrentKernel [H, 4H],
 * bias = biasIh + biasHh; Keras' gate order i, f, c, o is the same).
 */
import { cpuSnapshot, otherCores } from '../training/common.js';

export { maybeGc } from '../training/common.js';

/** Sequence length, batch, input features, hidden units (T 50, B 32, input 64, hidden 128). */
export const T = 50;
export const B = 32;
export const I = 64;
export const H = 128;

/** The input x [B, T, I] (batch-first) and the LSTM's initial parameters, on the host. */
export interface LstmHost {
  readonly x: Float32Array; // [B, T, I]
  readonly weightIh: Float32Array; // [4H, I]
  readonly weightHh: Float32Array; // [4H, H]
  readonly biasIh: Float32Array; // [4H]
  readonly biasHh: Float32Array; // [4H]
}

export interface TimingOptions {
  /** Untimed calls first. */
  readonly warmup: number;
  /** Timed calls continue until at least this many... */
  readonly minReps: number;
  /** ...and at least this much timed wall time. */
  readonly minTimeMs: number;
  /** Optional cap for slow implementations: stop once this much time is timed (and capMinReps done). */
  readonly capMs?: number;
  readonly capMinReps?: number;
}

export interface Timing {
  readonly medianMs: number;
  readonly minMs: number;
  readonly reps: number;
  readonly totalMs: number;
  /** True when the cap stopped timing before minReps / minTimeMs were both reached. */
  readonly capped: boolean;
  /** Cores kept busy by other processes during the timed calls (interference; NaN off Linux). */
  readonly otherCores: number;
}

/** The two workloads; each call ends by reading a result back to the host. */
export type Mode = 'forward' | 'fwd+bwd';
export const MODES: readonly Mode[] = ['forward', 'fwd+bwd'];

/** One implementation under test. */
export interface LstmImpl {
  readonly name: string;
  /** Library, backend, threads: one line under the table. */
  readonly note: string;
  /** Set when this implementation cannot run at all here; the row then reads "not supported: …". */
  readonly unsupported?: string;
  /**
   * Builds the model from the shared weights and input (untimed) and returns one call of `mode`
   * (completes its work: reads the output / one gradient back), or a string saying why that mode
   * is not supported here.
   */
  prepare(mode: Mode): Promise<(() => unknown) | string>;
  /**
   * Output y [B, T, H] and the gradient of sum(y) w.r.t. the input-to-hidden weights, in nn-ts'
   * layout [4H, I] (cross-check between libraries). Undefined entries: that mode failed.
   */
  reference(): Promise<{ y?: Float32Array; dWih?: Float32Array }>;
  /** Frees what prepare allocated. */
  release?(): void;
}

/** Calls `fn` `warmup` times untimed, then times calls until both minReps and minTimeMs are reached, or the cap stops it. */
export async function timeCalls(fn: () => unknown, o: TimingOptions): Promise<Timing> {
  for (let w = 0; w < o.warmup; w++) await fn();
  const times: number[] = [];
  let total = 0;
  let capped = false;
  const c0 = cpuSnapshot();
  for (;;) {
    if (times.length >= o.minReps && total >= o.minTimeMs) break;
    if (o.capMs !== undefined && total >= o.capMs && times.length >= (o.capMinReps ?? 1)) {
      capped = true;
      break;
    }
    const t0 = performance.now();
    await fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  const others = otherCores(c0, cpuSnapshot());
  const sorted = [...times].sort((a, b) => a - b);
  const m = sorted.length >> 1;
  const medianMs = sorted.length % 2 === 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
  return { medianMs, minMs: sorted[0], reps: times.length, totalMs: total, capped, otherCores: others };
}

export const errMsg = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** max |a − b| / max(1, max |b|) */
export function relDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let d = 0, m = 1;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    m = Math.max(m, Math.abs(b[i]));
  }
  return d / m;
}
