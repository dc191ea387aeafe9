// The WebAssembly SIMD engine: the generated kernels instantiated over one WebAssembly memory (shared
// with the worker threads where the runtime has them), a scratch area in it that grows on demand,
// and the driver that copies operands in, has them packed, splits the products over threads and
// copies the results out.
import type { BatchOffset, GemmPlan } from '../types.js';
import { assemble } from './encoder.js';
import { wasmApi, type WasmApi, type WasmInstance, type WasmMemory, type WasmModule } from './wasm-api.js';
import { GEMM_TILING, gemmKernel } from './gemm-kernel.js';
import { packKernel, packName, type PackLayout } from './pack-kernel.js';
import { gatherKernel, scatterKernel } from './gather-kernel.js';
import { reduceSumKernel } from './reduce-kernel.js';
import { ADAM_CONSTANTS, adamKernel, type AdamDecay } from './adam-kernel.js';
import { ENGINE_BINARY, ENGINE_UNARY, binaryKernel, unaryKernel, type EngineBinary, type EngineUnary } from './elementwise-kernel.js';
import { F64_FUNCTIONS } from './transcendental.js';
import { CELL_KERNELS, cellKernelName } from './recurrent-kernel.js';
import type { CellKernel } from '../types.js';
import { POOL_PARAMS, maxPool2x2Kernel, maxPoolGradKernel, maxPoolKernel } from './pool-kernel.js';
import type { PoolPlan } from '../gpujs/kernels/pool.js';

const PAGE = 65536;
/** Largest memory, in pages (4 GiB: every byte address fits an i32 read as unsigned). */
const MAX_PAGES = 65536;
/** Packed operands and results a batched product holds at once (more items wait for the next round). */
const ROUND_BYTES = 256 * 2 ** 20;
/** Longest stretch of K one product sums in order (in KC blocks); longer K is cut into chunks summed pairwise. */
export const K_SPLIT = 4096;
/** Multiply-adds a product must reach before it is split over threads (below, a message costs more than it saves). */
export const SIMD_PARALLEL_WORK = 1 << 20;
/**
 * The same for a product's multiply-adds (plus GEMM_CELL_WORK per output cell), far cheaper than a
 * cell moved: measured on 2 cores, a second thread loses below ~4M (a worker's wake-up and message
 * cost ~60 µs) and wins from ~8M.
 */
export const GEMM_PARALLEL_WORK = 1 << 23;
/** An output cell's cost beside its K multiply-adds (tile set-up, the copy out): small-K products (a LeNet convolution's K = 25) are slow per multiply-add and still pay for a second thread. */
const GEMM_CELL_WORK = 32;
/** B operands at least this long are kept packed once used twice (smaller ones pack in less time than a lookup saves). */
const PACK_CACHE_MIN = 16384;
/** What one exp, sigmoid or tanh in float64 lanes costs, in cells moved (measured: ~3 ns against ~0.15 ns). */
const F64_CELL_WORK = 16;

const { mr: MR, nr: NR } = GEMM_TILING;
const kernels = () => [
  gemmKernel(GEMM_TILING), packKernel('rows', MR), packKernel('cols', MR), packKernel('rows', NR), packKernel('cols', NR),
  gatherKernel(), scatterKernel(), maxPoolKernel(), maxPool2x2Kernel(), maxPool2x2Kernel('max'), maxPoolGradKernel(),
  ...ENGINE_UNARY.map(unaryKernel), ...ENGINE_BINARY.map(binaryKernel), reduceSumKernel(),
  adamKernel('none'), adamKernel('l2'), adamKernel('decoupled'),
  ...Object.values(CELL_KERNELS).flatMap((c) => [c.make('forward'), c.make('backward')]),
];
/** The exports a call list may name, by index (call lists are i32 tuples [fn, arg0 .. arg7]). */
export const ENGINE_FUNCTIONS = kernels().map((k) => k.name);
const fnIndex = (name: string) => ENGINE_FUNCTIONS.indexOf(name);
const GEMM = fnIndex('gemm');
/** i32s per call: the function index and up to 8 arguments. */
export const CALL_STRIDE = 9;

type EngineFn = (...args: number[]) => unknown;
type EngineExports = Readonly<Record<string, EngineFn>>;
const isEngineFn = (x: unknown): x is EngineFn => typeof x === 'function';

/** The instance's kernels by name (every one the call lists may name must be there). */
const exportsOf = (inst: WasmInstance): EngineExports => {
  const out: Record<string, EngineFn> = {};
  for (const name of ENGINE_FUNCTIONS) {
    const f = inst.exports[name];
    if (!isEngineFn(f)) throw new Error(`nn-ts simd engine: the module exports no function '${name}'`);
    out[name] = f;
  }
  return out;
};

/** What a thread needs to run call lists: the module, the memory, and the export names the lists index. */
export interface EngineCalls {
  readonly module: WasmModule;
  readonly memory: WasmMemory;
  readonly names: readonly string[];
  readonly stride: number;
}

/** Runs `parts[0]` here and the other parts on worker threads; returns when all are done. */
export type RunParts = (calls: EngineCalls, parts: readonly Int32Array[], runLocal: (calls: Int32Array) => void) => void;

/** The module's bytes for a shared or a plain memory (the import must say which). */
export const engineBytes = (shared: boolean): Uint8Array<ArrayBuffer> => assemble({ initial: 1, maximum: MAX_PAGES, shared }, kernels());

/** Why the engine cannot run here, or undefined when it can (WebAssembly with SIMD). */
export const engineUnavailableReason = (): string | undefined => {
  const api = wasmApi();
  if (!api) return 'this runtime has no WebAssembly';
  try {
    return api.validate(engineBytes(false)) ? undefined : 'this runtime\'s WebAssembly has no SIMD (fixed-width SIMD is in Node 16.4+, Chrome 91+, Firefox 89+, Safari 16.4+)';
  } catch (e) { return `WebAssembly SIMD failed to validate: ${e instanceof Error ? e.message : String(e)}`; }
};

const sharedMemory = (api: WasmApi): WasmMemory | undefined => {
  try { return new api.Memory({ initial: 1, maximum: MAX_PAGES, shared: true }); } catch { return undefined; }
};

/** Runs a call list (i32 tuples [fn, args...]) against one instance's exports. */
export const runCalls = (ex: EngineExports, names: readonly string[], calls: Int32Array, stride = CALL_STRIDE): void => {
  for (let i = 0; i < calls.length; i += stride)
    ex[names[calls[i]]](calls[i + 1], calls[i + 2], calls[i + 3], calls[i + 4], calls[i + 5], calls[i + 6], calls[i + 7], calls[i + 8]);
};

/** One operand of a product: where it was copied in (floats), its rows, its layout, and where each item starts. */
interface Operand { readonly at: number; readonly rows: number; readonly w: number; readonly o: BatchOffset }

const itemOffset = (o: BatchOffset, bb: number): number => (o.stride === 0 ? 0 : (o.mod ? bb % o.mod : bb) * o.stride);
const layout = (o: BatchOffset): PackLayout => (o.kMajor ? 'cols' : 'rows');

export class SimdEngine {
  readonly memory: WasmMemory;
  readonly module: WasmModule;
  readonly shared: boolean;
  private readonly ex: EngineExports;
  private heap: Float32Array;
  /** Calls split over more than one thread so far. */
  splitRuns = 0;
  private readonly packedB = new WeakMap<Float32Array, Map<string, { packed?: Float32Array }>>();

  /** `roundBytes`: packed operands and results a batched product holds at once (smaller in tests, to exercise rounds). */
  constructor(private readonly runParts: RunParts | undefined, private readonly threads: number, private readonly roundBytes = ROUND_BYTES) {
    const api = wasmApi();
    if (!api) throw new Error('nn-ts simd engine: this runtime has no WebAssembly');
    const shared = sharedMemory(api);
    this.shared = shared !== undefined;
    this.memory = shared ?? new api.Memory({ initial: 1, maximum: MAX_PAGES });
    this.module = new api.Module(engineBytes(this.shared));
    this.ex = exportsOf(new api.Instance(this.module, { env: { memory: this.memory } }));
    this.heap = new Float32Array(this.memory.buffer);
  }

  /** A float view of at least `floats` floats of memory (which grows; views are remade after growth). */
  private scratch(floats: number): Float32Array {
    const bytes = floats * 4;
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / PAGE));
    if (this.heap.buffer !== this.memory.buffer || this.heap.length * 4 < bytes) this.heap = new Float32Array(this.memory.buffer);
    return this.heap;
  }

  /** Runs call lists: here when there is one, else over the threads. */
  private runLists(lists: readonly Int32Array[]): void {
    if (lists.length === 1) { runCalls(this.ex, ENGINE_FUNCTIONS, lists[0]); return; }
    this.splitRuns++;
    this.runParts!({ module: this.module, memory: this.memory, names: ENGINE_FUNCTIONS, stride: CALL_STRIDE }, lists, (l) => runCalls(this.ex, ENGINE_FUNCTIONS, l));
  }

  /** How many parts `work` multiply-adds (or moves) over `units` independent units split into. */
  private partsFor(work: number, units: number, threshold = SIMD_PARALLEL_WORK): number {
    return this.runParts && work >= threshold ? Math.max(1, Math.min(this.threads, units)) : 1;
  }

  /**
   * Table-driven block gather or scatter (gather-kernel.ts) of `src` into `out`: `blocks` blocks,
   * `table.length` cells of the table side and `stride` cells of the other side per block.
   */
  blocks(kind: 'gather' | 'scatter', src: Float32Array, table: Int32Array, blocks: number, stride: number, out: Float32Array): boolean {
    const T = table.length;
    const [srcStride, dstStride] = kind === 'gather' ? [stride, T] : [T, stride];
    const floats = src.length + T + out.length;
    if (floats * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(floats);
    heap.set(src, 0);
    new Int32Array(heap.buffer, src.length * 4, T).set(table);
    const dst = src.length + T;
    const fn = fnIndex(kind === 'gather' ? 'gather_blocks' : 'scatter_blocks');
    const parts = this.partsFor(blocks * T, blocks);
    this.runLists(Array.from({ length: parts }, (_, t) => Int32Array.of(
      fn, 0, src.length * 4, T, dst * 4, Math.floor((t * blocks) / parts), Math.floor(((t + 1) * blocks) / parts), srcStride, dstStride)));
    out.set(this.heap.subarray(dst, dst + out.length));
    return true;
  }

  /** Max pooling of x [P, H, W]: each window's max, or the offset of its first maximum (kernels/pool.ts semantics). */
  maxPool(which: 'max' | 'argmax', x: Float32Array, p: PoolPlan, out: Float32Array): boolean {
    const cells = p.P * p.OH * p.OW;
    const params = POOL_PARAMS.length;
    const floats = params + x.length + 2 * cells + 8; // the 2×2 kernel may read 7 floats past x
    if (floats * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(floats);
    new Int32Array(heap.buffer, 0, params).set(POOL_PARAMS.map((k) => p[k]));
    heap.set(x, params);
    const dm = params + x.length, da = dm + cells;
    const twoByTwo = p.KH === 2 && p.KW === 2 && p.sh === 2 && p.sw === 2 && p.pt === 0 && p.pl === 0;
    const fn = fnIndex(twoByTwo ? (which === 'max' ? 'maxpool_2x2_max' : 'maxpool_2x2') : 'maxpool');
    const parts = this.partsFor(cells * p.KH * p.KW, p.P);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, params * 4, dm * 4, da * 4, Math.floor((t * p.P) / parts), Math.floor(((t + 1) * p.P) / parts), 0, 0)));
    const from = which === 'max' ? dm : da;
    out.set(this.heap.subarray(from, from + cells));
    return true;
  }

  /**
   * One Adam update of a parameter (adam-kernel.ts): p, g, m, v of equal length and the f32
   * constants in ADAM_CONSTANTS order; writes param', m', v' into the three outputs.
   */
  adam(decay: AdamDecay, consts: Float32Array, p: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, out: readonly [Float32Array, Float32Array, Float32Array]): boolean {
    const n = p.length, padded = (n + 3) & ~3, head = ADAM_CONSTANTS.length + 1;
    const floats = head + 7 * padded;
    if (floats * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(floats);
    heap.set(consts, 0);
    new Int32Array(heap.buffer, ADAM_CONSTANTS.length * 4, 1)[0] = padded;
    const at = (i: number) => head + i * padded;
    [p, g, m, v].forEach((a, i) => heap.set(a, at(i)));
    const groups = padded / 4, fn = fnIndex(`adam_${decay}`);
    const parts = this.partsFor(4 * n, groups);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, at(0) * 4, at(1) * 4, at(2) * 4, at(3) * 4, at(4) * 4, Math.floor((t * groups) / parts), Math.floor(((t + 1) * groups) / parts))));
    out.forEach((o, i) => o.set(this.heap.subarray(at(4 + i), at(4 + i) + n)));
    return true;
  }

  /** One blocked pass of a sum over the middle axis of x [outer, len, inner] into out [outer, ceil(len / block), inner]. */
  reduceSum(x: Float32Array, outer: number, len: number, inner: number, block: number, out: Float32Array): boolean {
    const nb = Math.ceil(len / block), cells = outer * nb * inner;
    if ((x.length + cells) * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(x.length + cells);
    heap.set(x, 0);
    const fn = fnIndex('reduce_sum');
    const parts = this.partsFor(x.length, cells);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, x.length * 4, len, inner, block, nb, Math.floor((t * cells) / parts), Math.floor(((t + 1) * cells) / parts))));
    out.set(this.heap.subarray(x.length, x.length + cells));
    return true;
  }

  /** out = op(x) elementwise. */
  unary(op: EngineUnary, x: Float32Array, out: Float32Array): boolean {
    const n = x.length, padded = (n + 3) & ~3;
    if (2 * padded * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(2 * padded);
    heap.set(x, 0);
    const groups = padded / 4, fn = fnIndex(`unary_${op}`);
    const parts = this.partsFor(n * (op in F64_FUNCTIONS ? F64_CELL_WORK : 1), groups);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, padded * 4, Math.floor((t * groups) / parts), Math.floor(((t + 1) * groups) / parts), 0, 0, 0, 0)));
    out.set(this.heap.subarray(padded, padded + n));
    return true;
  }

  /**
   * out[r, i] = a[r, i] op b[r, i] over `rows` rows of `len`; an operand flagged as a row holds `len`
   * numbers used for every row (a bias, or a scalar the caller repeated).
   */
  binary(op: EngineBinary, a: Float32Array, aRow: boolean, b: Float32Array, bRow: boolean, rows: number, len: number, out: Float32Array): boolean {
    const n = rows * len;
    if ((a.length + b.length + n) * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(a.length + b.length + n);
    heap.set(a, 0);
    heap.set(b, a.length);
    const o = a.length + b.length, fn = fnIndex(`binary_${op}`);
    const parts = this.partsFor(n, rows);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, aRow ? 1 : 0, a.length * 4, bRow ? 1 : 0, o * 4, Math.floor((t * rows) / parts), Math.floor(((t + 1) * rows) / parts), len)));
    out.set(this.heap.subarray(o, o + n));
    return true;
  }

  /**
   * A fused recurrent cell (recurrent-kernel.ts) over B rows of H cells, from the fused primitive's
   * inputs (forward: xw, hw, b_ih, b_hh, then the cell's own) or its cotangent g and inputs
   * (backward). Each header field's arrays are copied in side by side (b_ih then b_hh), every block
   * two floats longer (an odd row's last pair reads one float past it), the header's i32s first,
   * the rows split over threads.
   */
  cellGates(cell: CellKernel, dir: 'forward' | 'backward', xs: readonly Float32Array[], B: number, H: number, out: Float32Array): boolean {
    const spec = CELL_KERNELS[cell];
    const g = dir === 'forward' ? undefined : xs[0];
    const [xw, hw, bih, bhh, ...rest] = dir === 'forward' ? xs : xs.slice(1);
    const blocks: [string, readonly Float32Array[]][] = [['xw', [xw]], ['hw', [hw]], ['bias', [bih, bhh]], ...spec.rest.map((k, i): [string, Float32Array[]] => [k, rest[i] ? [rest[i]] : []]), ['g', g ? [g] : []]];
    const head = spec.header.length;
    const floats = head + blocks.reduce((n, [, b]) => n + b.reduce((m, a) => m + a.length, 0) + 2, 0) + out.length + 2;
    if (floats * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(floats);
    const fields = new Map<string, number>([['H', H], ['BH', B * H]]);
    let at = head;
    for (const [k, b] of blocks) {
      fields.set(k, at * 4);
      for (const a of b) { heap.set(a, at); at += a.length; }
      at += 2;
    }
    fields.set('out', at * 4);
    new Int32Array(heap.buffer, 0, head).set(spec.header.map((k) => fields.get(k) ?? 0));
    const fn = fnIndex(cellKernelName(cell, dir));
    const n = this.partsFor(Math.max(1, spec.transcendentals * F64_CELL_WORK) * B * H, B);
    this.runLists(Array.from({ length: n }, (_, t) => Int32Array.of(fn, 0, Math.floor((t * B) / n), Math.floor(((t + 1) * B) / n), 0, 0, 0, 0, 0, 0)));
    out.set(this.heap.subarray(at, at + out.length));
    return true;
  }

  /** dx of max pooling: gy [P, OH, OW] added at each window's argmax cell of dx [P, H, W]. */
  maxPoolGrad(gy: Float32Array, argmax: Float32Array, p: PoolPlan, out: Float32Array): boolean {
    const params = POOL_PARAMS.length, cells = gy.length;
    const floats = params + 2 * cells + out.length;
    if (floats * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const heap = this.scratch(floats);
    new Int32Array(heap.buffer, 0, params).set(POOL_PARAMS.map((k) => p[k]));
    heap.set(gy, params);
    heap.set(argmax, params + cells);
    const dx = params + 2 * cells;
    const fn = fnIndex('maxpool_grad');
    const parts = this.partsFor(out.length, p.P);
    this.runLists(Array.from({ length: parts }, (_, t) =>
      Int32Array.of(fn, 0, params * 4, (params + cells) * 4, dx * 4, Math.floor((t * p.P) / parts), Math.floor(((t + 1) * p.P) / parts), 0, 0)));
    out.set(this.heap.subarray(dx, dx + out.length));
    return true;
  }

  /** Drops what is kept of `b` (its packed copies): its buffer is about to hold other numbers. */
  forget(b: Float32Array): void {
    this.packedB.delete(b);
  }

  /**
   * The packed copy of a product's B operand `b` for layout `key`: an entry whose `packed` is set
   * on b's second use (a recurrent weight is used at every step; most others once a step, which
   * would only pay for the copy). Tensors are immutable, so b's numbers never change.
   */
  private packedCopy(b: Float32Array, key: string): { packed?: Float32Array } | undefined {
    let byLayout = this.packedB.get(b);
    if (!byLayout) { byLayout = new Map(); this.packedB.set(b, byLayout); }
    const entry = byLayout.get(key);
    if (entry) return entry;
    byLayout.set(key, {});
    return undefined;
  }

  /**
   * out[bb, i, j] = Σ_q A[bb, i, q] · B[bb, j, q] for the plan (see GemmPlan). Returns false, having
   * done nothing, when the operands and one item's packed copies would not fit in 4 GiB.
   * K past K_SPLIT is cut into chunks whose products are summed pairwise, so the rounding grows
   * with log(K), as in the gpu.js kernels, not with K / KC.
   */
  gemm(a: Float32Array, b: Float32Array, p: GemmPlan, out: Float32Array): boolean {
    const { batch, m, n, k } = p;
    const chunks = Math.ceil(k / K_SPLIT), kc = Math.min(k, K_SPLIT);
    const mt = Math.ceil(m / MR), np = Math.ceil(n / NR), ldc = np * NR;
    const aFloats = mt * MR * kc, bFloats = np * NR * kc, cFloats = mt * MR * ldc;
    const perItem = chunks * (aFloats + bFloats + cFloats);
    if ((a.length + b.length + perItem) * 4 > (MAX_PAGES - 1) * PAGE) return false;
    const round = Math.max(1, Math.min(batch, Math.floor(this.roundBytes / 4 / perItem)));
    const heap = this.scratch(a.length + b.length + round * perItem);
    heap.set(a, 0);
    const A: Operand = { at: 0, rows: m, w: MR, o: p.a }, B: Operand = { at: a.length, rows: n, w: NR, o: p.b };
    /** The packing call for chunk `c` of one item's operand, tiles t0 ≤ t < t1. */
    const pack = (op: Operand, bb: number, c: number, dst: number, t0: number, t1: number): number[] => {
      const q0 = c * K_SPLIT, len = Math.min(K_SPLIT, k - q0);
      const start = op.at + itemOffset(op.o, bb) + (op.o.kMajor ? q0 * op.rows : q0);
      return [fnIndex(packName(layout(op.o), op.w)), start * 4, op.o.kMajor ? op.rows : k, len, op.rows, dst * 4, t0, t1, 0];
    };
    // One B for every item (a weight), used again: packed once and kept (see packedCopy).
    const oneB = chunks === 1 && (batch === 1 || p.b.stride === 0) && b.length >= PACK_CACHE_MIN;
    const cached = oneB ? this.packedCopy(b, `${p.b.kMajor ? 'k' : 'r'}:${n}:${k}`) : undefined;
    const bShared = oneB || p.b.stride === 0 || p.b.mod !== 0;
    if (!cached?.packed) heap.set(b, a.length);
    let keep: number | undefined;
    for (let b0 = 0; b0 < batch; b0 += round) {
      const b1 = Math.min(batch, b0 + round);
      let at = a.length + b.length;
      // Each distinct operand block is packed once per round: here for A (every thread reads all of
      // it) and for a B that items share; an item's own B is packed by the thread that multiplies it.
      const first: number[] = [];
      const packedA = new Map<string, number>(), packedB = new Map<string, number>();
      const place = (packed: Map<string, number>, key: string, floats: number, onNew: (where: number) => void): number => {
        let where = packed.get(key);
        if (where === undefined) { where = at; at += floats; packed.set(key, where); onNew(where); }
        return where;
      };
      const items: { a: number; b: number; c: number; bb: number; chunk: number; len: number }[] = [];
      for (let bb = b0; bb < b1; bb++)
        for (let c = 0; c < chunks; c++) {
          const ia = place(packedA, `${itemOffset(p.a, bb)}:${c}`, aFloats, (w) => first.push(...pack(A, bb, c, w, 0, mt)));
          const ib = place(packedB, `${itemOffset(p.b, bb)}:${c}`, bFloats, (w) => {
            if (cached?.packed) heap.set(cached.packed, w);
            else if (bShared) { first.push(...pack(B, bb, c, w, 0, np)); if (cached) keep = w; }
          });
          items.push({ a: ia, b: ib, c: 0, bb, chunk: c, len: Math.min(K_SPLIT, k - c * K_SPLIT) });
        }
      for (const it of items) { it.c = at; at += cFloats; }
      runCalls(this.ex, ENGINE_FUNCTIONS, Int32Array.from(first));
      if (cached && keep !== undefined) { cached.packed = this.heap.slice(keep, keep + bFloats); keep = undefined; }
      // Split the panels of all items into equal parts; a part packs its own B panels (unless shared), then multiplies.
      const units = items.length * np;
      const parts = this.partsFor(batch * m * n * (k + GEMM_CELL_WORK), units, GEMM_PARALLEL_WORK);
      this.runLists(Array.from({ length: parts }, (_, t) => {
        const list: number[] = [];
        for (let u = Math.floor((t * units) / parts), end = Math.floor(((t + 1) * units) / parts); u < end;) {
          const item = items[Math.floor(u / np)], jt0 = u % np, jt1 = Math.min(np, jt0 + end - u);
          if (!bShared) list.push(...pack(B, item.bb, item.chunk, item.b, jt0, jt1));
          list.push(GEMM, item.a * 4, item.b * 4, item.c * 4, ldc * 4, item.len, jt0, jt1, mt);
          u += jt1 - jt0;
        }
        return Int32Array.from(list);
      }));
      const h = this.heap;
      for (let i = 0; i < items.length; i += chunks) {
        // The chunks' products summed pairwise into the first (float32 adds: each sum rounded once).
        for (let span = 1; span < chunks; span *= 2)
          for (let c = 0; c + span < chunks; c += 2 * span) {
            const x = items[i + c].c, y = items[i + c + span].c;
            for (let e = 0; e < cFloats; e++) h[x + e] += h[y + e];
          }
        const dst = items[i].bb * m * n, src = items[i].c;
        if (ldc === n) out.set(h.subarray(src, src + m * n), dst);
        else for (let r = 0; r < m; r++) out.set(h.subarray(src + r * ldc, src + r * ldc + n), dst + r * n);
      }
    }
    return true;
  }
}
