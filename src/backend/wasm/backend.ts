import type { Backend, CellKernel, GemmPlan, SegmentKernel, Storage } from '../types.js';
import type { PoolPlan } from '../gpujs/kernels/pool.js';
import { GpujsBackend } from '../gpujs/backend.js';
import { track } from '../scope.js';
import { defaultThreadCount } from '../gpujs/threads.js';
import { SimdEngine } from './engine.js';
import { copyBlock, permuteBlock } from './block-copy.js';
import { gatherRows, runSegmentKernel } from './segment-host.js';
import { sizeOf } from '../../shape/shape.js';
import { ENGINE_BINARY, ENGINE_UNARY, type EngineBinary, type EngineUnary } from './elementwise-kernel.js';

const isUnary = (op: string): op is EngineUnary => ENGINE_UNARY.some((u) => u === op);
const isBinary = (op: string): op is EngineBinary => ENGINE_BINARY.some((b) => b === op);


/** Longest row a broadcast operand is written out to (a scalar or a short bias, repeated). */
const ROW = 4096;

const host = (s: Storage): Float32Array => s.backend.read(s);

/** `cut` copies of a row, end to end. */
const tile = (row: Float32Array, cut: number): Float32Array => {
  if (cut === 1) return row;
  const out = new Float32Array(row.length * cut);
  for (let i = 0; i < cut; i++) out.set(row, i * row.length);
  return out;
};

/** Where an operand of `shape` (right-aligned with `out`) stops being constant from the left: its first dim that is not 1. */
const firstVarying = (shape: readonly number[], out: readonly number[]): number => {
  const pad = out.length - shape.length;
  let j = 0;
  while (j < shape.length && shape[j] === 1) j++;
  return pad + j;
};

/**
 * The operand broadcast over out's dims from `j0` on: one row of prod(out[j0..]) numbers, which the
 * kernel then repeats over the leading dims. (A bias [N] under [B, N] is its own row, no copy.)
 */
const expandRow = (data: Float32Array, shape: readonly number[], out: readonly number[], j0: number): Float32Array => {
  const dims = out.slice(j0), len = sizeOf(dims);
  const padded = [...Array(out.length - shape.length).fill(1), ...shape].slice(j0);
  if (padded.every((d, i) => d === dims[i])) return data;
  const strides = padded.map(() => 0);
  for (let i = padded.length - 1, st = 1; i >= 0; i--) { strides[i] = padded[i] === 1 ? 0 : st; st *= padded[i]; }
  const row = new Float32Array(len), idx = dims.map(() => 0);
  for (let t = 0, at = 0; t < len; t++) {
    row[t] = data[at];
    for (let i = dims.length - 1; i >= 0; i--) {
      idx[i]++; at += strides[i];
      if (idx[i] < dims[i]) break;
      at -= strides[i] * dims[i]; idx[i] = 0;
    }
  }
  return row;
};

/** Rows of one repeated number (a scalar operand), kept for the last few numbers and lengths: building one costs more than a small op. */
const filledRows = new Map<string, Float32Array>();
const filled = (v: number, len: number): Float32Array => {
  const key = `${Object.is(v, -0) ? '-0' : v}:${len}`;
  let row = filledRows.get(key);
  if (!row) {
    if (filledRows.size >= 64) filledRows.delete(filledRows.keys().next().value!);
    row = new Float32Array(len).fill(v);
    filledRows.set(key, row);
  }
  return row;
};

// Results live in SharedArrayBuffers where there are any, so the gpu.js thread pool can read them without a copy.
const hostArray = (n: number): Float32Array =>
  new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));

/** Spare result buffers kept for reuse at most (bytes, all sizes together), and per size. */
const SPARE_BYTES = 64 << 20;
const SPARE_PER_SIZE = 16;

/**
 * The 'simd' backend: matrix products (and so matmul, convolution and its gradients, the recurrent
 * projections), pooling, elementwise maps, sums, the recurrent cells and Adam run in the WebAssembly
 * SIMD engine on the backend's threads; movement and the graph kernels are host copies and loops;
 * every other kernel is gpu.js's cpu mode, as on 'cpu'. Results are host Float32Arrays, as on every
 * CPU backend.
 */
export class SimdBackend extends GpujsBackend implements Backend {
  private engineInstance: SimdEngine | undefined;
  /**
   * Result buffers freed at the end of a scope, by length, for the next results of that length: a
   * fresh array costs its page faults on first write (a new 0.8 MB one filled 0.45 ms here, a reused
   * one 0.014 ms), which was most of a max pool's time. Only results this backend made are reused.
   */
  private readonly spare = new Map<number, Float32Array[]>();
  private spareBytes = 0;
  private readonly reusable = new WeakSet<Storage>();
  /** @internal results written into a spare buffer so far. */
  reusedResults = 0;

  /** `spareLimit`: bytes of spare buffers kept (0: none, every result a new array; for measuring what reuse gives). */
  constructor(threads = defaultThreadCount(), private readonly spareLimit = SPARE_BYTES) {
    super('cpu', threads, 'simd');
  }

  /** @internal the engine (made on first use). */
  engine(): SimdEngine {
    const pool = this.pool;
    return (this.engineInstance ??= new SimdEngine(
      pool ? (calls, parts, local) => pool.runEngine(calls, parts, local) : undefined,
      pool?.size ?? 1,
    ));
  }

  /** A zeroed array of n cells: a spare one when there is, else a new one. */
  private array(n: number): Float32Array {
    const out = this.spare.get(n)?.pop();
    if (!out) return hostArray(n);
    this.spareBytes -= out.byteLength;
    this.reusedResults++;
    return out.fill(0);
  }

  /** A result storage over `out` (an array from `array`), tracked by the scope it is made in. */
  private result(out: Float32Array): Storage {
    const s: Storage = { backend: this, size: out.length, host: out, device: undefined };
    this.reusable.add(s);
    track(s, true);
    return s;
  }

  /** A result of `size` cells that `fill` writes, all of them (false: the engine could not, so the caller runs gpu.js). */
  private made(size: number, fill: (out: Float32Array) => boolean): Storage | undefined {
    const out = this.array(size);
    if (size > 0 && !fill(out)) { this.keep(out); return undefined; }
    this.countLaunch();
    return this.result(out);
  }

  /** Keeps `out` for reuse, within the limits; the engine forgets what it derived from its numbers. */
  private keep(out: Float32Array): void {
    const list = this.spare.get(out.length) ?? [];
    if (out.length === 0 || list.length >= SPARE_PER_SIZE || this.spareBytes + out.byteLength > this.spareLimit) return;
    this.engineInstance?.forget(out);
    list.push(out);
    this.spare.set(out.length, list);
    this.spareBytes += out.byteLength;
  }

  /**
   * Frees a result at the end of the scope that made it (scope.ts): its buffer goes to the spares and
   * the storage reads as released from then on, as a freed GL texture does.
   */
  override release(s: Storage): void {
    if (!this.reusable.has(s)) { super.release(s); return; }
    this.reusable.delete(s);
    if (s.host) this.keep(s.host);
    s.host = undefined;
  }

  gemm(a: Storage, b: Storage, plan: GemmPlan): Storage | undefined {
    return this.made(plan.batch * plan.m * plan.n, (out) => (plan.k === 0 ? (out.fill(0), true) : this.engine().gemm(host(a), host(b), plan, out)));
  }

  maxPool(which: 'max' | 'argmax', x: Storage, plan: PoolPlan): Storage | undefined {
    return this.made(plan.P * plan.OH * plan.OW, (out) => this.engine().maxPool(which, host(x), plan, out));
  }

  maxPoolGrad(gy: Storage, argmax: Storage, plan: PoolPlan): Storage | undefined {
    return this.made(plan.P * plan.H * plan.W, (out) => this.engine().maxPoolGrad(host(gy), host(argmax), plan, out));
  }

  blocks(kind: 'gather' | 'scatter', src: Storage, table: Int32Array, blocks: number, stride: number): Storage | undefined {
    return this.made(blocks * (kind === 'gather' ? table.length : stride), (out) => this.engine().blocks(kind, host(src), table, blocks, stride, out));
  }

  reduceSum(x: Storage, outer: number, len: number, inner: number, block: number): Storage | undefined {
    return this.made(outer * Math.ceil(len / block) * inner, (out) => this.engine().reduceSum(host(x), outer, len, inner, block, out));
  }

  adam(decay: 'none' | 'l2' | 'decoupled', consts: Float32Array, p: Storage, g: Storage, m: Storage, v: Storage): readonly [Storage, Storage, Storage] | undefined {
    const n = p.size;
    if (n === 0 || g.size !== n || m.size !== n || v.size !== n) return undefined;
    const out = [this.array(n), this.array(n), this.array(n)] as const;
    if (!this.engine().adam(decay, consts, host(p), host(g), host(m), host(v), out)) { out.forEach((o) => this.keep(o)); return undefined; }
    this.countLaunch();
    return [this.result(out[0]), this.result(out[1]), this.result(out[2])];
  }

  slice(x: Storage, shape: readonly number[], begin: readonly number[], size: readonly number[]): Storage | undefined {
    // Always a copy. Views of contiguous blocks were measured: a long run that kept them grew to
    // 4.3 GB where copies stayed under 1 GB (the speech example over four protocols), so they wait
    // until what keeps them alive is understood.
    return this.made(sizeOf(size), (out) => (copyBlock(host(x), shape, begin, out, size, size.map(() => 0), size), true));
  }

  permute(x: Storage, shape: readonly number[], perm: readonly number[]): Storage | undefined {
    return this.made(x.size, (out) => (permuteBlock(host(x), shape, perm, out), true));
  }

  concat(xs: readonly Storage[], shapes: readonly (readonly number[])[], axis: number): Storage | undefined {
    const outShape = shapes[0].map((d, i) => (i === axis ? shapes.reduce((a, s) => a + s[axis], 0) : d));
    return this.made(sizeOf(outShape), (out) => {
      let at = 0;
      xs.forEach((x, k) => {
        copyBlock(host(x), shapes[k], shapes[k].map(() => 0), out, outShape, outShape.map((_, i) => (i === axis ? at : 0)), shapes[k]);
        at += shapes[k][axis];
      });
      return true;
    });
  }

  pad(x: Storage, shape: readonly number[], pads: readonly (readonly [number, number])[], value: number): Storage | undefined {
    const outShape = shape.map((d, i) => d + pads[i][0] + pads[i][1]);
    return this.made(sizeOf(outShape), (out) => {
      out.fill(value);
      copyBlock(host(x), shape, shape.map(() => 0), out, outShape, pads.map(([b]) => b), shape);
      return true;
    });
  }

  cellGates(cell: CellKernel, dir: 'forward' | 'backward', xs: readonly Storage[], B: number, H: number, size: number): Storage | undefined {
    return this.made(size, (out) => this.engine().cellGates(cell, dir, xs.map(host), B, H, out));
  }

  segment(kernel: SegmentKernel, inputs: readonly Storage[], row: number, size: number, empty: number): Storage | undefined {
    return this.made(size, (out) => (runSegmentKernel(kernel, inputs.map(host), row, empty, out), true));
  }

  gather(table: Storage, idx: Storage, row: number): Storage | undefined {
    return this.made(idx.size * row, (out) => (gatherRows(host(table), host(idx), row, out), true));
  }

  broadcast(x: Storage, xShape: readonly number[], shape: readonly number[]): Storage | undefined {
    const n = sizeOf(shape);
    // one row over the dims from the first x varies along, repeated over the dims before (as binary's operands)
    const j0 = firstVarying(xShape, shape), len = sizeOf(shape.slice(j0));
    return this.made(n, (out) => {
      if (x.size === 1) return (out.fill(host(x)[0]), true);
      const row = expandRow(host(x), xShape, shape, j0);
      for (let at = 0; at < n; at += len) out.set(row, at);
      return true;
    });
  }

  unary(op: string, x: Storage): Storage | undefined {
    return isUnary(op) ? this.made(x.size, (out) => this.engine().unary(op, host(x), out)) : undefined;
  }

  binary(op: string, a: Storage, b: Storage, aShape: readonly number[], bShape: readonly number[], shape: readonly number[]): Storage | undefined {
    const n = sizeOf(shape);
    if (!isBinary(op) || n === 0) return undefined;
    const fullA = a.size === n, fullB = b.size === n;
    // Both operands as rows over out's dims from j0 (a full one: rows of itself), repeated over the dims
    // before; short rows (a scalar, a small bias) grow over the leading dims the operand is constant
    // along, up to ROW cells, the last of those dims cut into pieces if it is longer.
    let j0 = fullA && fullB ? 0 : Math.min(fullA ? shape.length : firstVarying(aShape, shape), fullB ? shape.length : firstVarying(bShape, shape));
    let len = sizeOf(shape.slice(j0));
    while (j0 > 0 && len * shape[j0 - 1] <= ROW) len *= shape[--j0];
    let cut = 1;
    if (j0 > 0 && len < ROW) for (cut = Math.floor(ROW / len); shape[j0 - 1] % cut !== 0; cut--);
    const row = (s: Storage, sShape: readonly number[]) => (s.size === 1 ? filled(host(s)[0], len * cut) : tile(expandRow(host(s), sShape, shape, j0), cut));
    const ha = fullA ? host(a) : row(a, aShape), hb = fullB ? host(b) : row(b, bShape);
    len *= cut;
    return this.made(n, (out) => this.engine().binary(op, ha, !fullA, hb, !fullB, n / len, len, out));
  }
}
