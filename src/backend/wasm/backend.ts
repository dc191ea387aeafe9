import type { Backend, GemmPlan, Storage } from '../types.js';
import type { PoolPlan } from '../gpujs/kernels/pool.js';
import { GpujsBackend } from '../gpujs/backend.js';
import { defaultThreadCount } from '../gpujs/threads.js';
import { SimdEngine } from './engine.js';
import { copyBlock } from './block-copy.js';
import { ENGINE_BINARY, ENGINE_UNARY, type EngineBinary, type EngineUnary } from './elementwise-kernel.js';

const isUnary = (op: string): op is EngineUnary => ENGINE_UNARY.some((u) => u === op);
const isBinary = (op: string): op is EngineBinary => ENGINE_BINARY.some((b) => b === op);
const sizeOf = (s: readonly number[]) => s.reduce((x, y) => x * y, 1);

/** Rows of at most this many cells carry a repeated scalar operand (it is written out once per row). */
const SCALAR_ROW = 4096;

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

// Results live in SharedArrayBuffers where there are any, so the gpu.js thread pool can read them without a copy.
const hostArray = (n: number): Float32Array =>
  new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(n * 4) : new ArrayBuffer(n * 4));

/**
 * The 'simd' backend: matrix products (and so matmul, convolution and its gradients, the recurrent
 * projections) run in the WebAssembly SIMD engine on the backend's threads; every other kernel is
 * gpu.js's cpu mode, as on 'cpu'. Results are host Float32Arrays, as on every CPU backend.
 */
export class SimdBackend extends GpujsBackend implements Backend {
  private engineInstance: SimdEngine | undefined;

  constructor(threads = defaultThreadCount()) {
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

  gemm(a: Storage, b: Storage, plan: GemmPlan): Storage | undefined {
    const size = plan.batch * plan.m * plan.n;
    const out = hostArray(size);
    if (size > 0 && plan.k > 0 && !this.engine().gemm(a.backend.read(a), b.backend.read(b), plan, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }

  maxPool(which: 'max' | 'argmax', x: Storage, plan: PoolPlan): Storage | undefined {
    const size = plan.P * plan.OH * plan.OW;
    const out = hostArray(size);
    if (size > 0 && !this.engine().maxPool(which, x.backend.read(x), plan, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }

  adam(decay: 'none' | 'l2' | 'decoupled', consts: Float32Array, p: Storage, g: Storage, m: Storage, v: Storage): readonly [Storage, Storage, Storage] | undefined {
    const n = p.size;
    if (n === 0 || g.size !== n || m.size !== n || v.size !== n) return undefined;
    const out = [hostArray(n), hostArray(n), hostArray(n)] as const;
    const read = (s: Storage) => s.backend.read(s);
    if (!this.engine().adam(decay, consts, read(p), read(g), read(m), read(v), out)) return undefined;
    this.countLaunch();
    const st = (h: Float32Array): Storage => ({ backend: this, size: n, host: h, device: undefined });
    return [st(out[0]), st(out[1]), st(out[2])];
  }

  reduceSum(x: Storage, outer: number, len: number, inner: number, block: number): Storage | undefined {
    const size = outer * Math.ceil(len / block) * inner;
    const out = hostArray(size);
    if (size > 0 && !this.engine().reduceSum(x.backend.read(x), outer, len, inner, block, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }

  slice(x: Storage, shape: readonly number[], begin: readonly number[], size: readonly number[]): Storage | undefined {
    const n = sizeOf(size), out = hostArray(n);
    copyBlock(x.backend.read(x), shape, begin, out, size, size.map(() => 0), size);
    this.countLaunch();
    return { backend: this, size: n, host: out, device: undefined };
  }

  pad(x: Storage, shape: readonly number[], pads: readonly (readonly [number, number])[], value: number): Storage | undefined {
    const outShape = shape.map((d, i) => d + pads[i][0] + pads[i][1]);
    const n = sizeOf(outShape), out = hostArray(n);
    if (value !== 0) out.fill(value);
    copyBlock(x.backend.read(x), shape, shape.map(() => 0), out, outShape, pads.map(([b]) => b), shape);
    this.countLaunch();
    return { backend: this, size: n, host: out, device: undefined };
  }

  unary(op: string, x: Storage): Storage | undefined {
    if (!isUnary(op)) return undefined;
    const out = hostArray(x.size);
    if (x.size > 0 && !this.engine().unary(op, x.backend.read(x), out)) return undefined;
    this.countLaunch();
    return { backend: this, size: x.size, host: out, device: undefined };
  }

  binary(op: string, a: Storage, b: Storage, aShape: readonly number[], bShape: readonly number[], shape: readonly number[]): Storage | undefined {
    if (!isBinary(op)) return undefined;
    const n = sizeOf(shape);
    if (n === 0) return undefined;
    const fullA = a.size === n, fullB = b.size === n;
    // Both operands as rows over out's dims from j0 (a full one: rows of itself), repeated over the dims before.
    let j0 = Math.min(fullA ? shape.length : firstVarying(aShape, shape), fullB ? shape.length : firstVarying(bShape, shape));
    if (fullA && fullB) j0 = 0;
    let len = sizeOf(shape.slice(j0));
    let ha = a.backend.read(a), hb = b.backend.read(b);
    if (!fullA) ha = expandRow(ha, aShape, shape, j0);
    if (!fullB) hb = expandRow(hb, bShape, shape, j0);
    // A scalar beside a full operand: rows of up to SCALAR_ROW cells that divide n, the scalar written out once.
    if (len === n && n > SCALAR_ROW && (!fullA || !fullB) && (a.size === 1 || b.size === 1)) {
      for (len = SCALAR_ROW; n % len !== 0; len--);
      if (!fullA) ha = ha.subarray(0, len);
      if (!fullB) hb = hb.subarray(0, len);
    }
    const out = hostArray(n);
    if (!this.engine().binary(op, ha, !fullA, hb, !fullB, n / len, len, out)) return undefined;
    this.countLaunch();
    return { backend: this, size: n, host: out, device: undefined };
  }

  maxPoolGrad(gy: Storage, argmax: Storage, plan: PoolPlan): Storage | undefined {
    const size = plan.P * plan.H * plan.W;
    const out = hostArray(size);
    if (size > 0 && !this.engine().maxPoolGrad(gy.backend.read(gy), argmax.backend.read(argmax), plan, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }

  blocks(kind: 'gather' | 'scatter', src: Storage, table: Int32Array, blocks: number, stride: number): Storage | undefined {
    const size = blocks * (kind === 'gather' ? table.length : stride);
    const out = hostArray(size);
    if (size > 0 && !this.engine().blocks(kind, src.backend.read(src), table, blocks, stride, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }
}
