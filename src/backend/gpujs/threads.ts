import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { OptionError } from '../../shape/errors.js';

/**
 * A small pool of worker threads that run chunks of a gpu.js kernel synchronously.
 * gpu.js only threads its webasm kernels behind Promises; nn-ts keeps the eager API synchronous,
 * so the main thread posts the other chunks, runs its own chunk, then blocks on Atomics.wait.
 * Each worker compiles the same kernel source (cached there too), so every output cell is computed
 * by the same code whatever thread runs it: results are bit-identical to a single-threaded run.
 */
export interface ChunkJob {
  readonly source: string;
  readonly inputs: readonly Float32Array[];
  readonly out: Float32Array;
  readonly off: number;
  readonly count: number;
}

const workerUrl = new URL('./worker.mjs', import.meta.url);

/** The most threads NN_TS_THREADS may ask for: more than the cores (or than 16) only adds waiting. */
const MAX_THREADS = 16;
let clampNoticeGiven = false;

export const defaultThreadCount = (): number => {
  const env = process.env.NN_TS_THREADS;
  const cores = Math.max(1, availableParallelism());
  if (env !== undefined && env !== '') {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new OptionError('NN_TS_THREADS', `must be a positive integer, got '${env}'`);
    const cap = Math.min(cores, MAX_THREADS);
    if (n <= cap) return n;
    // select.ts's notice handler is out of reach here (it imports this file through the backend): stderr, once.
    if (!clampNoticeGiven) process.stderr.write(`nn-ts: NN_TS_THREADS=${n} is more than the ${cap} threads this machine can use (${cores} cores, at most ${MAX_THREADS}); using ${cap}\n`);
    clampNoticeGiven = true;
    return cap;
  }
  return Math.min(cores, 8);
};

export class ThreadPool {
  private readonly workers: Worker[] = [];
  /** Kernels compiled inside the workers (shared counter, written by them). */
  readonly compiles = new Int32Array(new SharedArrayBuffer(4));

  constructor(readonly mode: 'cpu' | 'webasm', readonly size: number) {}

  private worker(i: number): Worker {
    let w = this.workers[i];
    if (!w) {
      w = new Worker(workerUrl, { workerData: { mode: this.mode, compiles: this.compiles } });
      w.unref(); // never keep the process alive for an idle pool
      this.workers[i] = w;
    }
    return w;
  }

  /** Runs jobs[1..] on workers and `runLocal(jobs[0])` here; returns when all are done. */
  run(jobs: readonly ChunkJob[], runLocal: (job: ChunkJob) => void): void {
    const flags = new Int32Array(new SharedArrayBuffer(4 * jobs.length));
    for (let j = 1; j < jobs.length; j++) {
      const { source, inputs, out, off, count } = jobs[j];
      this.worker(j - 1).postMessage({ source, inputs, out, off, count, flags, slot: j });
    }
    runLocal(jobs[0]);
    for (let j = 1; j < jobs.length; j++) {
      while (Atomics.load(flags, j) === 0) Atomics.wait(flags, j, 0, 60_000);
      // A chunk a worker could not run is run here, so the real error (if any) surfaces.
      if (Atomics.load(flags, j) === 2) runLocal(jobs[j]);
    }
  }

  destroy(): void {
    for (const w of this.workers) void w?.terminate();
    this.workers.length = 0;
  }
}
