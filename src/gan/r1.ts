// The R1 gradient penalty (Mescheder, Geiger & Nowozin 2018): (γ/2)·E_x ‖∇_x D(x)‖² on real data.
// It is a gradient inside a loss, so D's update differentiates it again (second order).
import { grad } from '../autodiff/grad.js';
import { div, mul } from '../ops/elementwise.js';
import { sum } from '../ops/reduce.js';
import { OptionError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** (γ/2) · (1/B) Σ_i ‖∂ logit_i / ∂ x_i‖² for a discriminator `logits` of real data `real` [B, ...]. */
export const r1Penalty = (logits: (x: Tensor) => Tensor, real: Tensor, gamma: number): Tensor => {
  if (!(Number.isFinite(gamma) && gamma >= 0)) throw new OptionError('r1Penalty', `gamma must be a finite number ≥ 0, got ${gamma}`);
  // Each logit depends on its own example only, so the gradient of their sum holds every ∇_x D(x_i).
  const g = grad((x: Tensor) => sum(logits(x)))(real);
  return mul(div(sum(mul(g, g)), Math.max(1, real.shape[0])), gamma / 2);
};
