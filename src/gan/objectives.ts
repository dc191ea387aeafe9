// The two players' criteria from the discriminator's logits l (D = σ(l)), in the stable forms
// ln σ(l) = −softplus(−l) and ln(1 − σ(l)) = −softplus(l), so no probability is ever rounded to 0 or 1.
import { add, neg, softplus } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { ShapeError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * What the generator minimises. `'minimax'`: the lecture's mean ln(1 − D(G(z))), whose gradient
 * vanishes while D rejects the fakes confidently (early in training). `'nonSaturating'`:
 * −mean ln D(G(z)), with the same fixed point and strong gradients where D wins.
 */
export type GeneratorObjective = 'minimax' | 'nonSaturating';
export const generatorObjectives: readonly GeneratorObjective[] = ['minimax', 'nonSaturating'];

/** One logit per example: [B] or [B, 1]. */
const perExample = (op: string, arg: string, l: Tensor): Tensor => {
  if (l.rank === 1 || (l.rank === 2 && l.shape[1] === 1)) return l;
  throw new ShapeError(op, arg, l.shape, 'must be one logit per example: [B] or [B, 1]');
};

/** −mean ln D(x) − mean ln(1 − D(G(z))): the negative of what D maximises, so an optimiser can minimise it. */
export const discriminatorLoss = (realLogits: Tensor, fakeLogits: Tensor): Tensor =>
  add(mean(softplus(neg(perExample('discriminatorLoss', 'realLogits', realLogits)))), mean(softplus(perExample('discriminatorLoss', 'fakeLogits', fakeLogits))));

/** The generator's loss for `objective` from D's logits on generated samples. */
export const generatorLoss = (fakeLogits: Tensor, objective: GeneratorObjective): Tensor => {
  const l = perExample('generatorLoss', 'fakeLogits', fakeLogits);
  // mean ln(1 − σ(l)) = −mean softplus(l);  −mean ln σ(l) = mean softplus(−l)
  return objective === 'minimax' ? neg(mean(softplus(l))) : mean(softplus(neg(l)));
};
