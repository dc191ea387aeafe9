import type { Backend, GemmPlan, Storage } from '../types.js';
import type { PoolPlan } from '../gpujs/kernels/pool.js';
import { GpujsBackend } from '../gpujs/backend.js';
import { defaultThreadCount } from '../gpujs/threads.js';
import { SimdEngine } from './engine.js';

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

  blocks(kind: 'gather' | 'scatter', src: Storage, table: Int32Array, blocks: number, stride: number): Storage | undefined {
    const size = blocks * (kind === 'gather' ? table.length : stride);
    const out = hostArray(size);
    if (size > 0 && !this.engine().blocks(kind, src.backend.read(src), table, blocks, stride, out)) return undefined;
    this.countLaunch();
    return { backend: this, size, host: out, device: undefined };
  }
}
