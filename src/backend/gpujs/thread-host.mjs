// The thread host where there are no blocking worker threads (a browser: the main thread may not
// Atomics.wait, and SharedArrayBuffer needs cross-origin isolation). Kernels run on one thread.
/** @type {import('./thread-host.js').ThreadHost} */
export const threadHost = {
  kind: 'none',
  reason: 'worker threads that a synchronous kernel call can wait on exist only in Node',
};
