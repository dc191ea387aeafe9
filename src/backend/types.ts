import type { PoolPlan } from './gpujs/kernels/pool.js';

/**
 * The backends: 'simd' (the WebAssembly SIMD engine for the inner products, gpu.js's cpu mode for
 * the rest) and the four gpu.js modes.
 */
export type BackendName = 'simd' | 'cpu' | 'webasm' | 'headlessgl' | 'webgl2';
export const backendNames: readonly BackendName[] = ['simd', 'cpu', 'webasm', 'headlessgl', 'webgl2'];
/** The gpu.js modes (the kernel language of every backend; the only one on GL). */
export type GpujsMode = Exclude<BackendName, 'simd'>;

/** Where a tensor's numbers live: host memory, or a device buffer owned by a backend. */
export interface Storage {
  readonly backend: Backend;
  readonly size: number;
  /** Host copy (always present on cpu/webasm; filled lazily on readback for GL). */
  host: Float32Array | undefined;
  /** Device handle (a GL texture) when the data lives on the device. */
  device: unknown;
}

/**
 * One kernel launch. `source` is a gpu.js kernel function (as text) of the form
 * `function (in0, in1, ..., off) { const t = this.thread.x + off; ...; return value; }`:
 * a 1-D output of `size` cells, every shape fact baked in as a literal so loop bounds are constant.
 * `work` estimates the multiply-adds per output cell (decides multi-threading).
 */
export interface KernelCall {
  readonly name: string;
  readonly source: string;
  readonly inputs: readonly Storage[];
  readonly size: number;
  readonly work?: number;
}

export interface BackendStats {
  /** gpu.js kernels compiled so far (each distinct kernel source and size compiles once). */
  readonly compiles: number;
  readonly launches: number;
  /** Device buffers (GL textures) currently alive. */
  readonly liveDeviceBuffers: number;
  readonly threads: number;
}

/**
 * Where one operand of a batched product lives: batch item bb starts at (bb mod `mod`) · `stride`
 * (mod 0: bb itself; stride 0: one matrix shared by every item). `kMajor`: each item is stored
 * [K, rows] instead of [rows, K] (only for a backend's native gemm; the gpu.js kernel reads [rows, K]).
 */
export interface BatchOffset { readonly mod: number; readonly stride: number; readonly kMajor?: boolean }

/** out[bb, i, j] = Σ_q A[bb, i, q] · B[bb, j, q]: A holds M rows, B holds N rows, of K each (see BatchOffset). */
export interface GemmPlan {
  readonly batch: number; readonly m: number; readonly n: number; readonly k: number;
  readonly a: BatchOffset; readonly b: BatchOffset;
}

/**
 * The graph kernels a backend may run natively (Backend.segment), named for their gpu.js kernels
 * (gpujs/kernels/sparse.ts, movement.ts): segment sums ('sum', and 'weighted', the sparse product),
 * first maxima ('max', 'argmax'), the max gradient ('maxGrad'), the pick of each segment's argmax
 * row ('select'), the sampled product 'sddmm' and 'scatterAdd' (gather's adjoint), each in one part.
 */
export type SegmentKernel = 'sum' | 'weighted' | 'max' | 'argmax' | 'maxGrad' | 'select' | 'sddmm' | 'scatterAdd';

/** The fused recurrent cells a backend may run natively (Backend.cellGates). */
export type CellKernel = 'lstm' | 'gru_rh' | 'gru_cho' | 'gru_pytorch' | 'rnn_tanh' | 'rnn_relu';

export interface Backend {
  readonly name: BackendName;
  run(call: KernelCall): Storage;
  /**
   * A native matrix product for this plan (a faster engine than the gpu.js kernel), or undefined
   * when this backend has none for it: the caller then launches the gpu.js kernel.
   */
  gemm?(a: Storage, b: Storage, plan: GemmPlan): Storage | undefined;
  /**
   * A native block gather (im2col): out[b·T + i] = table[i] < 0 ? 0 : src[b·stride + table[i]] for
   * `blocks` blocks (T = table.length); 'scatter' is its adjoint (col2im): out has `stride` cells per
   * block, zero but for the sums of src[b·T + i] into cell table[i]. Undefined when there is none.
   */
  blocks?(kind: 'gather' | 'scatter', src: Storage, table: Int32Array, blocks: number, stride: number): Storage | undefined;
  /** Native max pooling: each window's max, or the offset a·KW + b of its first maximum (or first NaN). */
  maxPool?(which: 'max' | 'argmax', x: Storage, plan: PoolPlan): Storage | undefined;
  /**
   * One native Adam update (the same f32 operations as src/optim/adam.ts): new param, m and v,
   * or undefined. `consts` as in wasm/adam-kernel.ts ADAM_CONSTANTS.
   */
  adam?(decay: 'none' | 'l2' | 'decoupled', consts: Float32Array, p: Storage, g: Storage, m: Storage, v: Storage): readonly [Storage, Storage, Storage] | undefined;
  /** One native pass of the blocked sum of kernels/reduce.ts over the middle axis of [outer, len, inner], or undefined. */
  reduceSum?(x: Storage, outer: number, len: number, inner: number, block: number): Storage | undefined;
  /** A native slice (the block of `size` at `begin` of x, shaped `shape`), or undefined. */
  slice?(x: Storage, shape: readonly number[], begin: readonly number[], size: readonly number[]): Storage | undefined;
  /** A native permute (output axis i is axis perm[i] of x, shaped `shape`), or undefined. */
  permute?(x: Storage, shape: readonly number[], perm: readonly number[]): Storage | undefined;
  /** A native concat of xs (shaped `shapes`) along `axis`, or undefined. */
  concat?(xs: readonly Storage[], shapes: readonly (readonly number[])[], axis: number): Storage | undefined;
  /** A native pad (x of `shape` inside `value`, pads[i] = [before, after]), or undefined. */
  pad?(x: Storage, shape: readonly number[], pads: readonly (readonly [number, number])[], value: number): Storage | undefined;
  /** A native elementwise map for op, or undefined (then the gpu.js kernel runs). */
  unary?(op: string, x: Storage): Storage | undefined;
  /** A native broadcasting binary op (a and b of the given shapes, out of `shape`), or undefined. */
  binary?(op: string, a: Storage, b: Storage, aShape: readonly number[], bShape: readonly number[], shape: readonly number[]): Storage | undefined;
  /**
   * A fused recurrent cell kernel (ops/recurrent: the LSTM gates without peepholes, the GRU gates
   * of part 'rh' / 'cho' / 'pytorch', the RNN activation), natively: `xs` are the fused primitive's
   * inputs (forward) or its cotangent and inputs (backward), the result has `size` cells; or undefined.
   */
  cellGates?(cell: CellKernel, dir: 'forward' | 'backward', xs: readonly Storage[], B: number, H: number, size: number): Storage | undefined;
  /**
   * A graph kernel natively: `inputs` in the order of its gpu.js kernel (gpujs/kernels/sparse.ts),
   * rows of `row` numbers, a result of `size` cells; `empty` is what 'select' gives an empty segment.
   */
  segment?(kernel: SegmentKernel, inputs: readonly Storage[], row: number, size: number, empty: number): Storage | undefined;
  /** A native row gather: out[n·row + r] = table[idx[n]·row + r] (indices checked by the caller), or undefined. */
  gather?(table: Storage, idx: Storage, row: number): Storage | undefined;
  /** x of xShape broadcast to `shape` (numpy rules, checked by the caller), natively, or undefined. */
  broadcast?(x: Storage, xShape: readonly number[], shape: readonly number[]): Storage | undefined;
  /** Native dx of max pooling: each window's gy added at its argmax cell (zero elsewhere). */
  maxPoolGrad?(gy: Storage, argmax: Storage, plan: PoolPlan): Storage | undefined;
  upload(data: Float32Array): Storage;
  read(s: Storage): Float32Array;
  /** Frees the device buffer of a storage now (no-op on host backends). */
  release(s: Storage): void;
  stats(): BackendStats;
  destroy(): void;
}
