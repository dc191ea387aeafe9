// Types of the thread hosts (thread-host.node.mjs on Node, thread-host.mjs elsewhere), imported as
// '#nn-ts/thread-host' so package.json's "imports" conditions pick the one this runtime can use.

/** What the pool needs of a worker (node:worker_threads' Worker has it). */
export interface ThreadWorker {
  postMessage(message: unknown): void;
  terminate(): unknown;
}

export type ThreadHost =
  | {
    readonly kind: 'worker_threads';
    /** Cores this process may use (at least 1). */
    readonly cores: () => number;
    /** A worker running worker.mjs with this workerData, not keeping the process alive. */
    readonly spawn: (workerData: { readonly mode: 'cpu' | 'webasm'; readonly compiles: Int32Array }) => ThreadWorker;
  }
  | { readonly kind: 'none'; readonly reason: string };

export declare const threadHost: ThreadHost;
