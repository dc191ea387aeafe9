// The optimiser interface (optax style): a value with two pure functions. Parameters and
// optimiser state are immutable trees passed in and returned; nothing is mutated.
import type { SparseGrads, Tree } from '../autodiff/tree.js';

/** A learning rate as a function of the update count t (t = 0 for the first update). */
export type Schedule = (step: number) => number;

/** A fixed learning rate, or a schedule. */
export type LearningRate = number | Schedule;

/**
 * A pure optimiser. `init` makes the state for a parameter tree; `step` takes the parameters, their
 * gradients (a tree of the same structure and shapes, as `grad` returns it; a leaf may be row-sparse,
 * as `grad(f, { rowSparse: true })` gives it) and the state, and returns new parameters of the same
 * tree type and the new state. The inputs are left as they were.
 */
export interface Optimizer<S> {
  init(params: Tree): S;
  step<P extends Tree>(params: P, grads: NoInfer<P | SparseGrads<P>>, state: S): { params: P; state: S };
}
