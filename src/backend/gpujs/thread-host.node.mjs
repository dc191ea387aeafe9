// The thread host on Node (selected by the "node" condition of package.json's "#nn-ts/thread-host"):
// worker threads running worker.mjs, and how many cores they can use. Plain JavaScript beside
// worker.mjs, so the package ships both as they are and the worker URL resolves in source and dist.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

const workerUrl = new URL('./worker.mjs', import.meta.url);

/** @type {import('./thread-host.js').ThreadHost} */
export const threadHost = {
  kind: 'worker_threads',
  cores: () => Math.max(1, availableParallelism()),
  spawn: (workerData) => {
    const w = new Worker(workerUrl, { workerData });
    w.unref(); // never keep the process alive for an idle pool
    return w;
  },
};
