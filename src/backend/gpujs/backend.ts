import gpujs from 'gpu.js';
import type { Backend, BackendName, BackendStats, GpujsMode, KernelCall, Storage } from '../types.js';
import { track } from '../scope.js';
import { EXACT_INDEX_LIMIT } from '../limits.js';
import { ArgumentError } from '../../shape/errors.js';
import { ThreadPool, defaultThreadCount, noteSingleThread, threadsAvailable, type ChunkJob } from './threads.js';

const { GPU } = gpujs;
type Kernel = (...args: unknown[]) => unknown;
interface DeviceTexture { toArray(): Float32Array; delete(): void }

/** Multiply-adds a kernel call must reach before it is split over threads (below, a message costs more than it saves). */
const PARALLEL_WORK = 1 << 18;
/** Compiled kernels kept per backend; the least recently used one is destroyed beyond this. */
const CACHE_LIMIT = 2000;

/** Cache key of a compiled kernel: everything gpu.js fixes at compile time or at the first call. */
export const kernelKey = (source: string, count: number, sizes: readonly number[], mode = ''): string =>
  `${mode}|${count}|${sizes.join(',')}|${source}`;

const released = () =>
  new ArgumentError('read', 'tensor', 'was released (its memory was freed, or kept for reuse, at the end of the scope that made it): return it from the scope, or read it inside');

const hostStorage = (backend: Backend, host: Float32Array): Storage => ({ backend, size: host.length, host, device: undefined });

// Shared where it can be (it may be posted to the thread pool); a page without cross-origin isolation has no SharedArrayBuffer.
const EMPTY = new Float32Array(typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(4) : new ArrayBuffer(4));

const toShared = (a: Float32Array): Float32Array => {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const s = new Float32Array(new SharedArrayBuffer(a.byteLength));
  s.set(a);
  return s;
};

/**
 * A backend whose every kernel is compiled by gpu.js in one mode. Host modes (cpu, webasm) keep
 * results in Float32Arrays and split large kernels over a thread pool; GL modes keep results in
 * immutable textures on the device until someone reads them.
 */
export class GpujsBackend implements Backend {
  private readonly gpu: InstanceType<typeof GPU>;
  private readonly cache = new Map<string, Kernel>();
  private exact: InstanceType<typeof GPU> | undefined;
  private limit: number | undefined;
  private readonly onDevice: boolean;
  protected readonly pool: ThreadPool | undefined;
  private compiles = 0;
  private launches = 0;
  private live = 0;
  private readonly finalizer = new FinalizationRegistry<DeviceTexture>((t) => this.freeTexture(t));

  /** `mode` is the gpu.js mode kernels compile in; `name` what the backend is called (another backend may build on a mode). */
  constructor(readonly mode: GpujsMode, threads = defaultThreadCount(), readonly name: BackendName = mode) {
    this.gpu = new GPU({ mode });
    this.onDevice = mode === 'headlessgl' || mode === 'webgl2';
    if (!this.onDevice && !threadsAvailable()) noteSingleThread();
    this.pool = (mode === 'cpu' || mode === 'webasm') && threads > 1 && threadsAvailable() ? new ThreadPool(mode, threads) : undefined;
  }

  /**
   * The compiled kernel for a source, an output size and the input sizes. gpu.js fixes the sizes of
   * a kernel's arguments at its first call (and GL bakes them into the shader), so they are part of
   * the key: a kernel compiled for one input size is never handed inputs of another.
   */
  private kernel(source: string, count: number, sizes: readonly number[], gpu = this.gpu, host = !this.onDevice): Kernel {
    const key = kernelKey(source, count, sizes, gpu === this.gpu ? '' : 'cpu');
    let k = this.cache.get(key);
    if (k) {
      this.cache.delete(key); // re-insert: Map order is the LRU order
      this.cache.set(key, k);
      return k;
    }
    k = (gpu.createKernel as (src: string, settings: object) => unknown)(source, {
      output: [count], tactic: 'precision', dynamicArguments: false,
      ...(host
        ? { argumentTypes: [...sizes.map(() => 'Array'), 'Integer'] }
        : { pipeline: true, immutable: true }),
    }) as unknown as Kernel;
    this.compiles++;
    this.cache.set(key, k);
    if (this.cache.size > CACHE_LIMIT) {
      const [oldKey, old] = this.cache.entries().next().value as [string, { destroy?: () => void }];
      this.cache.delete(oldKey);
      old.destroy?.();
    }
    return k;
  }

  /**
   * The largest input or output a kernel runs in this mode: float32 indices are exact below 2^24,
   * and a GL texture holds at most maxTextureSize² cells. cpu mode indexes with doubles: no limit.
   */
  private exactLimit(): number {
    if (this.limit !== undefined) return this.limit;
    if (this.mode === 'cpu') return (this.limit = Infinity);
    const features = this.onDevice ? (this.name === 'headlessgl' ? gpujs.HeadlessGLKernel : gpujs.WebGL2Kernel).features : null;
    const side = features?.maxTextureSize ?? 0;
    return (this.limit = side > 0 ? Math.min(EXACT_INDEX_LIMIT, side * side) : EXACT_INDEX_LIMIT);
  }

  /** gpu.js's cpu mode (JavaScript doubles, exact integer indices) for kernels past the float32 index limit. */
  private exactGpu(): InstanceType<typeof GPU> {
    return (this.exact ??= new GPU({ mode: 'cpu' }));
  }

  private arg(s: Storage): unknown {
    if (s.size === 0) return EMPTY; // gpu.js cannot take empty arrays; a kernel never reads an empty input
    if (s.backend === this && s.device !== undefined) return s.device;
    if (s.backend !== this) return s.backend.read(s);
    if (s.host === undefined) throw released();
    return s.host;
  }

  /** Host copies of the inputs (device buffers read back), for kernels run in cpu mode. */
  private hostArg(s: Storage): Float32Array {
    if (s.size === 0) return EMPTY;
    return s.backend === this ? this.read(s) : s.backend.read(s);
  }

  /** Counts a launch made outside gpu.js (a native kernel of a backend built on this one). */
  protected countLaunch(): void {
    this.launches++;
  }

  run(call: KernelCall): Storage {
    if (call.size === 0) return hostStorage(this, new Float32Array(0));
    this.launches++;
    const sizes = call.inputs.map((s) => Math.max(1, s.size));
    const limit = this.exactLimit();
    if (call.size > limit || sizes.some((n) => n > limit)) {
      // float32 flat indices would read the wrong cells: run this one in cpu mode, on host copies.
      const out = this.kernel(call.source, call.size, sizes, this.exactGpu(), true)(...call.inputs.map((s) => this.hostArg(s)), 0) as Float32Array;
      return hostStorage(this, out);
    }
    if (this.onDevice) {
      const tex = this.kernel(call.source, call.size, sizes)(...call.inputs.map((s) => this.arg(s)), 0) as DeviceTexture;
      const st: Storage = { backend: this, size: call.size, host: undefined, device: tex };
      this.live++;
      this.finalizer.register(st, tex, st);
      track(st);
      return st;
    }
    const work = (call.work ?? 1) * call.size;
    const threads = this.pool ? Math.min(this.pool.size, Math.floor(call.size / 64)) : 1;
    if (!this.pool || work < PARALLEL_WORK || threads < 2) {
      const out = this.kernel(call.source, call.size, sizes)(...call.inputs.map((s) => this.arg(s)), 0) as Float32Array;
      return hostStorage(this, out);
    }
    const inputs = call.inputs.map((s) => {
      const h = this.arg(s) as Float32Array;
      const sh = toShared(h);
      if (s.backend === this && sh !== h) s.host = sh; // same numbers, now shareable: keep the shared copy
      return sh;
    });
    const out = new Float32Array(new SharedArrayBuffer(call.size * 4));
    const chunk = Math.ceil(call.size / threads);
    const jobs: ChunkJob[] = [];
    for (let off = 0; off < call.size; off += chunk)
      jobs.push({ source: call.source, inputs, out, off, count: Math.min(chunk, call.size - off) });
    this.pool.run(jobs, (j) => out.set(this.kernel(j.source, j.count, sizes)(...j.inputs, j.off) as Float32Array, j.off));
    return hostStorage(this, out);
  }

  upload(data: Float32Array): Storage {
    return hostStorage(this, data);
  }

  read(s: Storage): Float32Array {
    if (s.host === undefined) {
      if (s.device === undefined) throw released();
      s.host = (s.device as DeviceTexture).toArray().subarray(0, s.size);
    }
    return s.host;
  }

  private freeTexture(t: DeviceTexture): void {
    t.delete();
    this.live--;
  }

  release(s: Storage): void {
    if (s.backend !== this || s.device === undefined) return;
    this.finalizer.unregister(s);
    this.freeTexture(s.device as DeviceTexture);
    s.device = undefined;
  }

  stats(): BackendStats {
    return {
      compiles: this.compiles + (this.pool ? Atomics.load(this.pool.compiles, 0) : 0),
      launches: this.launches,
      liveDeviceBuffers: this.live,
      threads: this.pool?.size ?? 1,
    };
  }

  destroy(): void {
    this.pool?.destroy();
    for (const k of this.cache.values()) (k as unknown as { destroy?: () => void }).destroy?.();
    this.cache.clear();
    void this.gpu.destroy();
    void this.exact?.destroy();
  }
}
