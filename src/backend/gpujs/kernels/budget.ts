// How many loop iterations one kernel thread may run. Mesa's llvmpipe (the GL that headless-GL runs
// on without a GPU, and so in CI) keeps ONE counter per shader invocation over every loop it runs,
// nested loops included, and silently stops all of them after 65,535 iterations in all (measured:
// one loop of 70,000 → 65,535; 300 × 300 nested → 65,101; 40,000 + 40,000 in a row → 65,534).
// Kernels split long reductions into chunks of at most LOOP_BUDGET iterations and add the partial
// results in a further pass; short chains also keep float32 rounding small.

/** The GL loop limit itself: no kernel may run more iterations than this per thread. */
export const GL_LOOP_LIMIT = 65_535;

/** The most iterations a kernel generator plans for one thread (a quarter of the limit: headroom, and short float32 chains). */
export const LOOP_BUDGET = 16_384;

/** Chunks of at most `size` that cover `len` items: how many, and how long each (the last may be shorter). */
export const chunks = (len: number, size: number): { count: number; size: number; last: number } => {
  const count = Math.max(1, Math.ceil(len / size));
  const each = Math.ceil(len / count);
  return { count, size: each, last: len - (count - 1) * each };
};

/** Guards a generator's own arithmetic: a kernel planned past the GL limit is a bug in nn-ts, not in the caller. */
export const assertLoops = (kernel: string, iterations: number): void => {
  if (iterations > GL_LOOP_LIMIT)
    throw new Error(`nn-ts internal: kernel '${kernel}' would run ${iterations} loop iterations per thread (GL stops at ${GL_LOOP_LIMIT})`);
};
