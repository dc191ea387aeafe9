// Worker side of ThreadPool: compiles kernel sources with gpu.js (cached) and runs one chunk.
import { parentPort, workerData } from 'node:worker_threads';
import gpujs from 'gpu.js';

const gpu = new gpujs.GPU({ mode: workerData.mode });
const cache = new Map();

parentPort.on('message', ({ source, inputs, out, off, count, flags, slot }) => {
  try {
    // The same key as the main thread's cache (backend.ts kernelKey): input sizes are fixed at the first call.
    const key = `|${count}|${inputs.map((a) => a.length).join(',')}|${source}`;
    let k = cache.get(key);
    if (!k) {
      k = gpu.createKernel(source, {
        output: [count], tactic: 'precision', dynamicArguments: false,
        argumentTypes: [...inputs.map(() => 'Array'), 'Integer'],
      });
      cache.set(key, k);
      Atomics.add(workerData.compiles, 0, 1);
    }
    out.set(k(...inputs, off), off);
    Atomics.store(flags, slot, 1);
  } catch {
    Atomics.store(flags, slot, 2);
  }
  Atomics.notify(flags, slot);
});
