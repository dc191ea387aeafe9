import { OptionError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import { bernoulli } from '../random/tensors.js';
import { div, mul } from '../ops/index.js';
import type { Key } from '../random/key.js';
import type { Tensor } from '../tensor/tensor.js';
import { keepingShape } from './layer.js';

/**
 * Inverted dropout: in training, zeroes each element with probability `rate` and scales the rest
 * by 1/(1−rate); the identity in evaluation. Needs `ctx.key` in training (never Math.random).
 */
export const dropout = (rate: number) => {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new OptionError('dropout', `rate must be in [0, 1), got ${show(rate)}`);
  return keepingShape('dropout', (x, ctx) => {
    if (!ctx.training || rate === 0) return x;
    if (!ctx.key) throw new OptionError('dropout', 'training mode needs a key: apply(params, state, x, { training: true, key })');
    return invertedDropout(x, rate, ctx.key);
  });
};

/** x with each element zeroed with probability `rate` and the rest scaled by 1/(1 − rate), drawn from `k`. */
export const invertedDropout = (x: Tensor, rate: number, k: Key): Tensor => div(mul(x, bernoulli(k, 1 - rate, x.shape)), 1 - rate);
