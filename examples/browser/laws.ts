// Backend-agreement laws for the core primitives, run in the page: each op on random inputs
// (fast-check, fixed seed) gives the same numbers on webgl2 as on cpu, within float32 tolerance.
import fc from 'fast-check';
import { add, conv2d, exp, matmul, maxPool2d, avgPool2d, mean, mul, relu, sigmoid, softmax, sum, tanh, transpose, grad, type Tensor } from '../../src/portable.js';
import { arbTensorOf, checkBackendAgreement } from '../../laws/index.js';
import type { BackendName } from '../../src/backend/types.js';

export interface LawReport { readonly name: string; readonly ok: boolean; readonly detail: string; readonly ms: number }

const t2 = (a: number[], b: number[]) => fc.tuple(arbTensorOf(a), arbTensorOf(b));
const t1 = (a: number[]) => fc.tuple(arbTensorOf(a));

const LAWS: readonly (readonly [string, (...xs: Tensor[]) => Tensor, fc.Arbitrary<Tensor[]>])[] = [
  ['add (broadcast)', (a, b) => add(a, b), t2([3, 4], [4])],
  ['mul', (a, b) => mul(a, b), t2([5, 3], [5, 3])],
  ['exp, tanh, sigmoid, relu', (a) => add(add(exp(a), tanh(a)), add(sigmoid(a), relu(a))), t1([4, 6])],
  ['matmul 7×9 · 9×5', (a, b) => matmul(a, b), t2([7, 9], [9, 5])],
  ['transpose', (a) => transpose(a), t1([3, 6])],
  ['sum, mean', (a) => add(sum(a, 1), mean(a, 1)), t1([4, 7])],
  ['softmax', (a) => softmax(a), t1([3, 10])],
  ['conv2d 5×5, padding 2', (x, w) => conv2d(x, w, { padding: 2 }), t2([2, 1, 12, 12], [4, 1, 5, 5])],
  ['maxPool2d, avgPool2d', (x) => add(maxPool2d(x, { size: 2 }), avgPool2d(x, { size: 2 })), t1([2, 3, 8, 8])],
  // smooth (tanh, not relu): a kink turns a float32-vs-float64 rounding at 0 into a different gradient
  ['gradient of a conv net', (x, w) => grad((v: Tensor) => sum(tanh(conv2d(x, v, { padding: 1 }))))(w), t2([2, 2, 6, 6], [3, 2, 3, 3])],
];

/** Runs every law on the two backends; each reports instead of throwing, so the page shows them all. */
export const runLaws = (backends: readonly BackendName[], numRuns = 4): LawReport[] =>
  LAWS.map(([name, f, inputs]) => {
    const t0 = performance.now();
    try {
      checkBackendAgreement(f, inputs, { backends, numRuns, seed: 7 });
      return { name, ok: true, detail: `${numRuns} random inputs agree`, ms: performance.now() - t0 };
    } catch (e) {
      const lines = e instanceof Error ? e.message.split('\n') : [String(e)];
      return { name, ok: false, detail: lines.find((l) => l.includes('law failed')) ?? lines[0], ms: performance.now() - t0 };
    }
  });
