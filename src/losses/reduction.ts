// The `reduction` option shared by every loss, and the checks on loss options.
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';
import { mean, sum } from '../ops/reduce.js';
import type { Tensor } from '../tensor/tensor.js';

/** How a loss folds its per-element (or per-example) values: `'mean'` (default), `'sum'`, or `'none'` (no folding). */
export type Reduction = 'mean' | 'sum' | 'none';

export interface LossOptions {
  /** Default `'mean'`. */
  readonly reduction?: Reduction;
}

const reductions: readonly string[] = ['mean', 'sum', 'none'];

/** @internal checks a loss's options (unknown keys, a bad reduction) and returns the reduction. */
export const readLossOptions = (op: string, options: LossOptions | undefined, extra: readonly string[] = []): Reduction => {
  checkOptions(op, options, ['reduction', ...extra]);
  if (options === undefined) return 'mean';
  const r = options.reduction ?? 'mean';
  if (!reductions.includes(r)) throw new OptionError(op, `reduction must be 'mean', 'sum' or 'none', got ${show(r)}`);
  return r;
};

/** @internal folds a tensor of losses by `reduction` (over every axis). */
export const reduceLoss = (losses: Tensor, reduction: Reduction): Tensor =>
  reduction === 'none' ? losses : reduction === 'sum' ? (sum(losses) as Tensor) : (mean(losses) as Tensor);
