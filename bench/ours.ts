// nn-ts on each of its backends that works here, as benchmark implementations over the shared workloads.
import { add, availableBackends, scoped, backendStats, conv2d, maxPool2d, matmul, mul, neg, relu, sigmoid, sub, tanh, tensor, toArray, useBackend, vjp, type BackendName, type Tensor } from '../src/index.js';
import type { Impl } from './harness.js';
import { chainData, convData, getWorkload, matmulData, maxPoolData, type ChainOp } from './workloads.js';

const chainStep = (t: Tensor, [op, c]: ChainOp): Tensor => {
  switch (op) {
    case 'mul': return mul(t, c);
    case 'add': return add(t, c);
    case 'sub': return sub(t, c);
    case 'tanh': return tanh(t);
    case 'sigmoid': return sigmoid(t);
    case 'relu': return relu(t);
    case 'neg': return neg(t);
  }
};

/** One iteration inside scoped(), as tfjs' inside tf.tidy: what it made is freed (GL) or its buffers kept for reuse (simd) when it ends. */
export const prepare = (id: string): (() => void) | undefined => {
  const run = prepareRaw(id);
  return run && (() => scoped(run));
};

const prepareRaw = (id: string): (() => void) | undefined => {
  const s = getWorkload(id);
  if (!s) return undefined;
  if (s.kind === 'matmul') {
    const { a, b } = matmulData(s);
    const A = tensor(a, [s.n, s.n]), B = tensor(b, [s.n, s.n]);
    return () => { toArray(matmul(A, B)); };
  }
  if (s.kind === 'conv') {
    const { x, w, dy } = convData(s);
    const X = tensor(x, s.x), W = tensor(w, s.w), DY = tensor(dy, s.y);
    // Forward, then both gradients (input and weight) through the library's own pullback.
    return () => {
      const [, back] = vjp((p: Tensor[]) => conv2d(p[0], p[1], { padding: s.padding }), [X, W] as Tensor[]);
      const [dx, dw] = back(DY as Tensor as ReturnType<typeof conv2d>);
      toArray(dx);
      toArray(dw);
    };
  }
  if (s.kind === 'chain') {
    const X = tensor(chainData(s).x, [...s.shape]);
    return () => { toArray(s.ops.reduce(chainStep, X)); };
  }
  const { x } = maxPoolData(s);
  const X = tensor(x, s.x);
  return () => { toArray(maxPool2d(X, { size: s.size, stride: s.stride })); };
};

export const oursImpls = (names: readonly BackendName[] = availableBackends().filter((b) => b !== 'webgl2')): Impl[] =>
  names.map((b) => ({
    name: `nn-ts-${b}`,
    note: `gpu.js 2.24.1 mode '${b}'${b === 'headlessgl' ? ' (Mesa llvmpipe under Xvfb unless a GPU X server is used)' : ''}, ${backendStats(b).threads} thread(s)`,
    activate: async () => { useBackend(b, { strict: true }); },
    prepare,
  }));
