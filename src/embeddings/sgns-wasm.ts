// The negative-sampling step (sgns-kernel.ts) as a WebAssembly SIMD kernel, for the trainers whose
// tables live in the kernel's memory. Bit for bit the host step's results: the host loop computes
// in float64 over float32 rows, so the kernel does too, two lanes at a time (f64x2): products of
// two f32 are exact in f64, the four partial sums of the dot product run in the host's lane order
// and are combined as (f0 + f1) + (f2 + f3), every update is one f64 multiply, one add and one
// rounding to f32, and e^x is fdlibm's (fdlibm-exp.ts: Math.exp's algorithm in V8 and Firefox).
// The loss terms −ln σ(±f) are summed on the host from the f the kernel leaves, in the host's order:
// a call out of WebAssembly per term cost more than the rest of the step.
import { assemble, FnBuilder, simd } from '../backend/wasm/encoder.js';
import { wasmApi, type WasmModule } from '../backend/wasm/wasm-api.js';
import { expF64Scalar, expLocals } from './fdlibm-exp.js';
import { addAndClear, copyRow, logSigmoid, negativeSamplingStep } from './sgns-kernel.js';
const PAGE = 65536;
/** 1 GiB: the largest memory these trainers ask for (fastText's 2,000,000 buckets at d 100 are 800 MB). */
const MAX_BYTES = 1 << 30;

/**
 * `sgns_step(x, out, d, target, negs, k, alpha, e, learn, fs) → n`: byte addresses of the input
 * vector x, the output table, the k negatives (i32), the error e and fs, where the n scored
 * targets' ±f (f64; + for the target, − for a negative) are left for the loss; d a multiple of 4.
 */
const stepKernel = (): FnBuilder => {
  const f = new FnBuilder('sgns_step', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32', 'i32'], ['i32']);
  const [x, out, d, target, negs, k, alpha, e, learn, fs] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const j = f.local('i32'), t = f.local('i32'), at = f.local('i32'), q = f.local('i32'), bytes = f.local('i32'), n = f.local('i32');
  const dot = f.local('f64'), g = f.local('f64');
  const ex = expLocals(f);
  const acc01 = f.local('v128'), acc23 = f.local('v128'), gv = f.local('v128'), ov = f.local('v128');
  const { f64x2Add: ADD, f64x2Mul: MUL, f64x2ExtractLane: LANE, f64x2Splat: SPLAT } = simd;
  const F64_ADD = 0xa0, F64_SUB = 0xa1, F64_MUL = 0xa2, F64_DIV = 0xa3, F64_NEG = 0x9a, I32_EQ = 0x46, I32_AND = 0x71;
  f.get(d).i32(4).mul().set(bytes);
  f.i32(0).set(n);
  f.forRange(j, () => f.i32(-1), () => f.get(k), 1, () => {
    f.ifElse(() => f.get(j).i32(0).ltS(), () => f.get(target), () => f.get(negs).get(j).i32(4).mul().add().i32Load(), 'i32').set(t);
    // a negative equal to the target is skipped, as word2vec.c and gensim do
    f.ifThen(() => f.get(j).i32(0).geS().get(t).get(target).op(I32_EQ).op(I32_AND).eqz(), () => {
      f.get(out).get(t).get(bytes).mul().add().set(at);
      f.f64x2(0).set(acc01);
      f.f64x2(0).set(acc23);
      f.forRange(q, () => f.i32(0), () => f.get(bytes), 16, () => {
        f.get(acc01).get(x).get(q).add().loadF32Pair().get(at).get(q).add().loadF32Pair().simd(MUL).simd(ADD).set(acc01);
        f.get(acc23).get(x).get(q).add().loadF32Pair(8).get(at).get(q).add().loadF32Pair(8).simd(MUL).simd(ADD).set(acc23);
      });
      // (f0 + f1) + (f2 + f3)
      f.get(acc01).simd(LANE, 0).get(acc01).simd(LANE, 1).op(F64_ADD).get(acc23).simd(LANE, 0).get(acc23).simd(LANE, 1).op(F64_ADD).op(F64_ADD).set(dot);
      // fs[n++] = ±f;  g = α·(label − 1 / (1 + e^(−f)))
      f.get(fs).get(n).i32(8).mul().add();
      f.ifElse(() => f.get(j).i32(0).ltS(), () => f.get(dot), () => f.get(dot).op(F64_NEG), 'f64').op(0x39, 3, 0); // f64.store
      f.addTo(n, 1);
      f.get(alpha);
      f.ifElse(() => f.get(j).i32(0).ltS(), () => f.f64(1), () => f.f64(0), 'f64');
      f.f64(1).f64(1).get(dot).op(F64_NEG);
      expF64Scalar(f, ex);
      f.op(F64_ADD).op(F64_DIV).op(F64_SUB).op(F64_MUL).set(g);
      f.get(g).simd(SPLAT).set(gv);
      // e += g·o, and with `learn` o += g·x (o read before its update); four floats a turn
      const update = (learnOutput: boolean) => f.forRange(q, () => f.i32(0), () => f.get(bytes), 16, () => {
        for (const half of [0, 8]) {
          f.get(at).get(q).add().loadF32Pair(half).set(ov);
          f.get(e).get(q).add();
          f.get(e).get(q).add().loadF32Pair(half).get(gv).get(ov).simd(MUL).simd(ADD).storeF32Pair(2, half);
          if (learnOutput) {
            f.get(at).get(q).add();
            f.get(ov).get(gv).get(x).get(q).add().loadF32Pair(half).simd(MUL).simd(ADD).storeF32Pair(2, half);
          }
        }
      });
      f.ifElse(() => f.get(learn), () => update(true), () => update(false));
    });
  });
  f.get(n);
  return f;
};

/**
 * `sgns_row_step(row, out, d, target, negs, k, alpha, e, h, fs) → n`: skip-gram's pair, the
 * step on a copy h of table row `row`, then row += e and e ← 0 (f32 adds: the host's f64 add of
 * two f32 rounded to f32 is the same value).
 */
const rowStepKernel = (): FnBuilder => {
  const f = new FnBuilder('sgns_row_step', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'f64', 'i32', 'i32', 'i32'], ['i32']);
  const [row, out, d, target, negs, k, alpha, e, h, fs] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const q = f.local('i32'), bytes = f.local('i32'), n = f.local('i32');
  f.get(d).i32(4).mul().set(bytes);
  f.forRange(q, () => f.i32(0), () => f.get(bytes), 16, () => { f.get(h).get(q).add().get(row).get(q).add().v128Load().v128Store(); });
  [h, out, d, target, negs, k, alpha, e].forEach((p) => f.get(p));
  f.i32(1).get(fs).call(STEP).set(n);
  f.forRange(q, () => f.i32(0), () => f.get(bytes), 16, () => {
    f.get(row).get(q).add().get(row).get(q).add().v128Load().get(e).get(q).add().v128Load().simd(simd.f32x4Add).v128Store();
    f.get(e).get(q).add().f64x2(0).v128Store();
  });
  f.get(n);
  return f;
};
/** The step kernel's function index (the module's first). */
const STEP = 0;

/** `exp_fdlibm(x) → e^x`, for the law that it is Math.exp's value. */
const expKernel = (): FnBuilder => {
  const f = new FnBuilder('exp_fdlibm', ['f64'], ['f64']);
  const l = expLocals(f);
  f.get(0);
  expF64Scalar(f, l);
  return f;
};

type Step = typeof negativeSamplingStep;
/** Skip-gram's pair on table row `at` (a float index): the step on a copy of it in h, then the row += e, e ← 0. */
export type RowStep = (table: Float32Array, at: number, output: Float32Array, d: number, target: number, negatives: Int32Array, negFrom: number, k: number, alpha: number, h: Float32Array, e: Float32Array) => number;

/** The host's row step: copyRow, the step, addAndClear. */
export const hostRowStep: RowStep = (table, at, output, d, target, negatives, negFrom, k, alpha, h, e) => {
  copyRow(table, at, d, h);
  const loss = negativeSamplingStep(h, output, d, target, negatives, negFrom, k, alpha, e);
  addAndClear(table, at, e, d);
  return loss;
};

/** Float32 tables the trainer reads and writes, and the step to run on them. */
export interface SgnsTables {
  /** The tables, of the lengths asked for, in that order; zero-filled. */
  readonly tables: Float32Array[];
  /** negativeSamplingStep, run by the kernel where x, the output table and e are among `tables`. */
  readonly step: Step;
  /** hostRowStep, run by the kernel where the table, the output table, h and e are among `tables`. */
  readonly rowStep: RowStep;
  /** Whether the kernel runs the step (else the host loop does). */
  readonly native: boolean;
}

const hostTables = (lengths: readonly number[]): SgnsTables => ({ tables: lengths.map((n) => new Float32Array(n)), step: negativeSamplingStep, rowStep: hostRowStep, native: false });

let hostOnly = false;
/** @internal `run` with every trainer on the host step (for the laws that both give the same bits, and for benchmarks). */
export function withHostStep<T>(run: () => T): T {
  hostOnly = true;
  try { return run(); } finally { hostOnly = false; }
}

/** The compiled kernel: undefined until first asked for, null where it cannot run. */
let compiled: WasmModule | null | undefined;
const isKernel = (f: unknown): f is (...args: number[]) => unknown => typeof f === 'function';

/** The kernels' module, compiled once per process; undefined where this runtime cannot run them. */
const kernelModule = (api: NonNullable<ReturnType<typeof wasmApi>>): WasmModule | undefined => {
  if (compiled === undefined) {
    try {
      const bytes = assemble({ initial: 1, maximum: MAX_BYTES / PAGE, shared: false }, [stepKernel(), rowStepKernel(), expKernel()]);
      compiled = api.validate(bytes) ? new api.Module(bytes) : null;
    } catch { compiled = null; }
  }
  return compiled ?? undefined;
};

/**
 * Tables of these lengths (floats) for a trainer with vectors of size d and at most `maxK`
 * negatives per step: in one WebAssembly memory with the kernel as their step where the runtime
 * has WebAssembly SIMD and d is a multiple of 4, else plain arrays and the host step. Either way
 * the trained values are the same bits.
 */
export function sgnsTables(lengths: readonly number[], d: number, maxK: number): SgnsTables {
  const api = hostOnly ? undefined : wasmApi();
  const aligned = (n: number) => (n + 3) & ~3; // 16-byte starts
  const floats = lengths.reduce((a, n) => a + aligned(n), 0) + aligned(maxK) + 2 * (maxK + 1);
  if (!api || d % 4 !== 0 || floats * 4 > MAX_BYTES) return hostTables(lengths);
  const module = kernelModule(api);
  if (!module) return hostTables(lengths);
  const pages = Math.ceil((floats * 4) / PAGE);
  const memory = new api.Memory({ initial: pages, maximum: pages });
  const exports = new api.Instance(module, { env: { memory } }).exports;
  const kernel = exports.sgns_step, rowKernel = exports.sgns_row_step;
  if (!isKernel(kernel) || !isKernel(rowKernel)) return hostTables(lengths);
  const buffer = memory.buffer;
  let at = 0;
  const view = (n: number) => { const v = new Float32Array(buffer, at * 4, n); at += aligned(n); return v; };
  const tables = lengths.map(view);
  const negatives = new Int32Array(buffer, at * 4, maxK);
  at += aligned(maxK);
  const fs = new Float64Array(buffer, at * 4, maxK + 1);
  /** Whether the kernel can take a call of size dd with k negatives on these arrays; if so the negatives are copied in. */
  // four arrays, not a rest parameter: this runs once a pair, millions of times an epoch
  const resident = (dd: number, negs: Int32Array, negFrom: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array, x = c): boolean => {
    if (dd !== d || k > maxK || a.buffer !== buffer || b.buffer !== buffer || c.buffer !== buffer || x.buffer !== buffer) return false;
    for (let i = 0; i < k; i++) negatives[i] = negs[negFrom + i];
    return true;
  };
  /** The loss of the n targets the kernel scored, summed in the host step's order. */
  const lossOf = (n: unknown) => {
    let loss = 0;
    for (let i = 0; i < (typeof n === 'number' ? n : 0); i++) loss -= logSigmoid(fs[i]);
    return loss;
  };
  const step: Step = (x, output, dd, target, negs, negFrom, k, alpha, e, learnOutput = true) => (resident(dd, negs, negFrom, k, x, output, e)
    ? lossOf(kernel(x.byteOffset, output.byteOffset, d, target, negatives.byteOffset, k, alpha, e.byteOffset, learnOutput ? 1 : 0, fs.byteOffset))
    : negativeSamplingStep(x, output, dd, target, negs, negFrom, k, alpha, e, learnOutput));
  const rowStep: RowStep = (table, at, output, dd, target, negs, negFrom, k, alpha, h, e) => (resident(dd, negs, negFrom, k, table, output, h, e)
    ? lossOf(rowKernel(table.byteOffset + 4 * at, output.byteOffset, d, target, negatives.byteOffset, k, alpha, e.byteOffset, h.byteOffset, fs.byteOffset))
    : hostRowStep(table, at, output, dd, target, negs, negFrom, k, alpha, h, e));
  return { tables, step, rowStep, native: true };
}

/** The kernel's e^x (fdlibm's), where the kernel can run: for the law that it is Math.exp's value. */
export function kernelExp(): ((x: number) => number) | undefined {
  const api = wasmApi();
  const module = api ? kernelModule(api) : undefined;
  if (!api || !module) return undefined;
  const fn = new api.Instance(module, { env: { memory: new api.Memory({ initial: 1, maximum: 1 }) } }).exports.exp_fdlibm;
  return isKernel(fn) ? (x) => { const y: unknown = fn(x); return typeof y === 'number' ? y : NaN; } : undefined;
}
