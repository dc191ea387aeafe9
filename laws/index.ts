// nn-ts/laws: the laws every primitive and layer obeys, as fast-check properties you can run on your own.
//
//   import { differentiableLaws, arbTensorOf } from 'nn-ts/laws'
//   differentiableLaws('myOp', (x) => myOp(x), fc.tuple(arbTensorOf([3, 4])), { shape: ([s]) => s })
import fc from 'fast-check';
import { availableBackends } from '../src/backend/select.js';
import type { BackendName } from '../src/backend/types.js';
import type { Shape } from '../src/shape/shape.js';
import type { Tensor } from '../src/tensor/tensor.js';
import { backendAgreementLaw, gradientLaw, shapeLaw, type AgreementOptions, type GradientLawOptions, type LawResult, type TensorFn } from './predicates.js';

export * from './predicates.js';
export * from './arbitraries.js';

export interface RunOptions {
  /** fast-check seed (default: fixed, so runs repeat). */
  readonly seed?: number;
  readonly numRuns?: number;
}

/** Fails (throws, with the law's numbers) when a predicate does not hold. */
export const holds = (r: LawResult): true => {
  if (!r.ok) throw new Error(`${r.law} law failed: ${r.detail}`);
  return true;
};

const run = <T>(arb: fc.Arbitrary<T>, check: (t: T) => void, o: RunOptions) =>
  fc.assert(fc.property(arb, (t) => { check(t); }), { seed: o.seed ?? 42, numRuns: o.numRuns ?? 12, endOnFailure: true });

/** Gradient law over random inputs. */
export const checkGradient = (f: TensorFn, inputs: fc.Arbitrary<Tensor[]>, o: RunOptions & GradientLawOptions = {}): void =>
  run(fc.tuple(inputs, fc.integer({ min: 0, max: 2 ** 31 - 1 })), ([xs, seed]) => holds(gradientLaw(f, xs, { ...o, seed })), o);

/** Shape law over random inputs: the output shape follows `expected` of the input shapes. */
export const checkShape = (f: TensorFn, inputs: fc.Arbitrary<Tensor[]>, expected: (shapes: Shape[]) => Shape, o: RunOptions = {}): void =>
  run(inputs, (xs) => holds(shapeLaw(f, xs, expected(xs.map((x) => x.shape)))), o);

/** Backend-agreement law over random inputs, on every backend that works here (or the listed ones). */
export const checkBackendAgreement = (f: TensorFn, inputs: fc.Arbitrary<Tensor[]>, o: RunOptions & Partial<AgreementOptions> = {}): void => {
  const backends: readonly BackendName[] = o.backends ?? availableBackends();
  if (backends.length < 2) return;
  run(inputs, (xs) => holds(backendAgreementLaw(f, xs, { ...o, backends })), o);
};

export interface DifferentiableLawOptions extends RunOptions, GradientLawOptions, Partial<AgreementOptions> {
  /** Expected output shape; omit to skip the shape law. */
  readonly shape?: (shapes: Shape[]) => Shape;
}

/**
 * The three laws every differentiable op obeys: gradient, shape and backend agreement. Call it in a
 * test (vitest, jest, node:test); it throws with the failing law's numbers and the fast-check counterexample.
 */
export const differentiableLaws = (f: TensorFn, inputs: fc.Arbitrary<Tensor[]>, o: DifferentiableLawOptions = {}): void => {
  if (o.shape) checkShape(f, inputs, o.shape, o);
  checkGradient(f, inputs, o);
  checkBackendAgreement(f, inputs, o);
};
export * from './layer.js';
