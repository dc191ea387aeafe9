// Worker side of ThreadPool: compiles kernel sources with gpu.js (cached) and runs one chunk.
import { parentPort, workerData } from 'node:worker_threads';
import gpujs from 'gpu.js';

const gpu = new gpujs.GPU({ mode: workerData.mode });
const cache = new Map();
/** The SIMD engine's exports, instantiated over the main thread's shared memory (engine.ts). */
let engine;
/** Its export names by call-list index, and the i32s per call (sent with the instance). */
let names, stride;

const onEngine = (msg) => {
  if (msg.kind === 'engine') {
    engine = new WebAssembly.Instance(msg.module, { env: { memory: msg.memory } }).exports;
    ({ names, stride } = msg);
    return;
  }
  // A call list: i32 tuples [export index, arguments...] (engine.ts runCalls).
  const { calls, flags, slot } = msg;
  try {
    for (let i = 0; i < calls.length; i += stride)
      engine[names[calls[i]]](calls[i + 1], calls[i + 2], calls[i + 3], calls[i + 4], calls[i + 5], calls[i + 6], calls[i + 7], calls[i + 8]);
    Atomics.store(flags, slot, 1);
  } catch {
    Atomics.store(flags, slot, 2);
  }
  Atomics.notify(flags, slot);
};

parentPort.on('message', (msg) => {
  if (msg.kind !== undefined) { onEngine(msg); return; }
  const { source, inputs, out, off, count, flags, slot } = msg;
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
