import { threadHost, type ThreadWorker } from '#thread-host';
import { envVar, notice } from '../notice.js';
import { OptionError } from '../../shape/errors.js';
import type { EngineCalls } from '../wasm/engine.js';
import type { WasmModule } from '../wasm/wasm-api.js';

/**
 * A small pool of worker threads that run chunks of a gpu.js kernel synchronously.
 * gpu.js only threads its webasm kernels behind Promises; nn-ts keeps the eager API synchronous,
 * so the main thread posts the other chunks, runs its own chunk, then blocks on Atomics.wait.
 * Each worker compiles the same kernel source (cached there too), so every output cell is computed
 * by the same code whatever thread runs it: results are bit-identical to a single-threaded run.
 * The workers come from '#thread-host' (package.json "imports"): worker_threads on Node; where
 * there are none (a browser) every kernel runs on the calling thread.
 */
export interface ChunkJob {
  readonly source: string;
  readonly inputs: readonly Float32Array[];
  readonly out: Float32Array;
  readonly off: number;
  readonly count: number;
}

/** The most threads NN_TS_THREADS may ask for: more than the cores (or than 16) only adds waiting. */
const MAX_THREADS = 16;
let clampNoticeGiven = false;
let singleNoticeGiven = false;

/** Whether this runtime has worker threads a kernel call can block on. */
export const threadsAvailable = (): boolean => threadHost.kind === 'worker_threads';

/** Says once that host kernels run on one thread here, and why. */
export const noteSingleThread = (): void => {
  if (singleNoticeGiven || threadHost.kind !== 'none') return;
  singleNoticeGiven = true;
  notice(`nn-ts: kernels run on one thread here (${threadHost.reason})`);
};

export const defaultThreadCount = (): number => {
  if (threadHost.kind === 'none') return 1;
  const env = envVar('NN_TS_THREADS');
  const cores = threadHost.cores();
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new OptionError('NN_TS_THREADS', `must be a positive integer, got '${env}'`);
    const cap = Math.min(cores, MAX_THREADS);
    if (n <= cap) return n;
    if (!clampNoticeGiven) notice(`nn-ts: NN_TS_THREADS=${n} is more than the ${cap} threads this machine can use (${cores} cores, at most ${MAX_THREADS}); using ${cap}`);
    clampNoticeGiven = true;
    return cap;
  }
  return Math.min(cores, 8);
};

export class ThreadPool {
  private readonly workers: ThreadWorker[] = [];
  /** Kernels compiled inside the workers (shared counter, written by them). */
  readonly compiles = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly mode: 'cpu' | 'webasm', readonly size: number) {
    if (threadHost.kind === 'none') throw new OptionError('ThreadPool', `needs worker threads: ${threadHost.reason}`);
  }

  private worker(i: number): ThreadWorker {
    let w = this.workers[i];
    if (!w) {
      if (threadHost.kind === 'none') throw new OptionError('ThreadPool', `needs worker threads: ${threadHost.reason}`);
      w = threadHost.spawn({ mode: this.mode, compiles: this.compiles });
      this.workers[i] = w;
    }
    return w;
  }

  /** Workers that hold an instance of the SIMD engine's module (over its shared memory). */
  private readonly engineReady = new WeakMap<WasmModule, Set<number>>();
  private engineFlags: Int32Array<SharedArrayBuffer> = new Int32Array(new SharedArrayBuffer(0));

  /**
   * Runs the SIMD engine's calls: parts[1..] on workers (each instantiates the module over the
   * shared memory the first time), `runLocal(parts[0])` here; returns when all are done.
   */
  runEngine(calls: EngineCalls, parts: readonly Int32Array[], runLocal: (args: Int32Array) => void): void {
    let ready = this.engineReady.get(calls.module);
    if (!ready) { ready = new Set(); this.engineReady.set(calls.module, ready); }
    // One flags array for every engine run (a fresh SharedArrayBuffer costs more than a small call).
    const flags = this.engineFlags.length >= parts.length ? this.engineFlags : (this.engineFlags = new Int32Array(new SharedArrayBuffer(4 * Math.max(parts.length, this.size + 1))));
    flags.fill(0);
    for (let j = 1; j < parts.length; j++) {
      const w = this.worker(j - 1);
      // the module, memory and export names go once per worker; each run sends only its call list
      if (!ready.has(j - 1)) {
        w.postMessage({ kind: 'engine', module: calls.module, memory: calls.memory, names: calls.names, stride: calls.stride });
        ready.add(j - 1);
      }
      w.postMessage({ kind: 'engine-calls', calls: parts[j], flags, slot: j });
    }
    runLocal(parts[0]);
    this.wait(flags, parts.length, (j) => runLocal(parts[j]));
  }

  /** Blocks until every slot 1.. is done; a slot a worker could not run is run here (so its real error surfaces). */
  private wait(flags: Int32Array, count: number, rerun: (slot: number) => void): void {
    for (let j = 1; j < count; j++) {
      while (Atomics.load(flags, j) === 0) Atomics.wait(flags, j, 0, 60_000);
      if (Atomics.load(flags, j) === 2) rerun(j);
    }
  }

  /** Runs jobs[1..] on workers and `runLocal(jobs[0])` here; returns when all are done. */
  run(jobs: readonly ChunkJob[], runLocal: (job: ChunkJob) => void): void {
    const flags = new Int32Array(new SharedArrayBuffer(4 * jobs.length));
    for (let j = 1; j < jobs.length; j++) {
      const { source, inputs, out, off, count } = jobs[j];
      this.worker(j - 1).postMessage({ source, inputs, out, off, count, flags, slot: j });
    }
    runLocal(jobs[0]);
    this.wait(flags, jobs.length, (j) => runLocal(jobs[j]));
  }

  destroy(): void {
    for (const w of this.workers) void w?.terminate();
    this.workers.length = 0;
  }
}
