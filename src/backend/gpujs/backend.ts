import gpujs from 'gpu.js';
import type { Backend, BackendName, BackendStats, KernelCall, Storage } from '../types.js';
import { track } from '../scope.js';
import { ThreadPool, defaultThreadCount, type ChunkJob } from './threads.js';

const { GPU } = gpujs;
type Kernel = (...args: unknown[]) => unknown;
interface DeviceTexture { toArray(): Float32Array; delete(): void }

/** Multiply-adds a kernel call must reach before it is split over threads (below, a message costs more than it saves). */
const PARALLEL_WORK = 1 << 18;
/** Compiled kernels kept per backend; the least recently used one is destroyed beyond this. */
const CACHE_LIMIT = 2000;

const hostStorage = (backend: Backend, host: Float32Array): Storage => ({ backend, size: host.length, host, device: undefined });

const EMPTY = new Float32Array(new SharedArrayBuffer(4));

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
  private readonly onDevice: boolean;
  private readonly pool: ThreadPool | undefined;
  private compiles = 0;
  private launches = 0;
  private live = 0;
  private readonly finalizer = new FinalizationRegistry<DeviceTexture>((t) => this.freeTexture(t));

  constructor(readonly name: BackendName, threads = defaultThreadCount()) {
    this.gpu = new GPU({ mode: name });
    this.onDevice = name === 'headlessgl' || name === 'webgl2';
    this.pool = !this.onDevice && threads > 1 ? new ThreadPool(name as 'cpu' | 'webasm', threads) : undefined;
  }

  private kernel(source: string, count: number): Kernel {
    const key = `${count}|${source}`;
    let k = this.cache.get(key);
    if (k) {
      this.cache.delete(key); // re-insert: Map order is the LRU order
      this.cache.set(key, k);
      return k;
    }
    const nIn = (source.slice(source.indexOf('(') + 1, source.indexOf(')')).match(/,/g) ?? []).length;
    k = (this.gpu.createKernel as (src: string, settings: object) => unknown)(source, {
      output: [count], tactic: 'precision', dynamicArguments: false,
      ...(this.onDevice
        ? { pipeline: true, immutable: true }
        : { argumentTypes: [...Array.from({ length: nIn }, () => 'Array'), 'Integer'] }),
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

  private arg(s: Storage): unknown {
    if (s.size === 0) return EMPTY; // gpu.js cannot take empty arrays; a kernel never reads an empty input
    if (s.backend === this && s.device !== undefined) return s.device;
    return s.backend === this ? s.host! : s.backend.read(s);
  }

  run(call: KernelCall): Storage {
    if (call.size === 0) return hostStorage(this, new Float32Array(0));
    this.launches++;
    if (this.onDevice) {
      const tex = this.kernel(call.source, call.size)(...call.inputs.map((s) => this.arg(s)), 0) as DeviceTexture;
      const st: Storage = { backend: this, size: call.size, host: undefined, device: tex };
      this.live++;
      this.finalizer.register(st, tex, st);
      track(st);
      return st;
    }
    const work = (call.work ?? 1) * call.size;
    const threads = this.pool ? Math.min(this.pool.size, Math.floor(call.size / 64)) : 1;
    if (!this.pool || work < PARALLEL_WORK || threads < 2) {
      const out = this.kernel(call.source, call.size)(...call.inputs.map((s) => this.arg(s)), 0) as Float32Array;
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
    this.pool.run(jobs, (j) => out.set(this.kernel(j.source, j.count)(...j.inputs, j.off) as Float32Array, j.off));
    return hostStorage(this, out);
  }

  upload(data: Float32Array): Storage {
    return hostStorage(this, data);
  }

  read(s: Storage): Float32Array {
    if (s.host === undefined) {
      if (s.device === undefined) throw new Error('nn-ts: this tensor was released and can no longer be read');
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
  }
}
