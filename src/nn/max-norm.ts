// The max-norm weight constraint (Hinton et al. 2012; Kim 2014's l2 constraint s = 3 on the final
// layer): after each optimiser step, every row of a selected weight whose l2 norm exceeds s is
// scaled back to norm s. A pure function from a parameter tree to a new one; the leaves it does not
// select are the same tensors as before.
import { mapLeavesOf, type Tree } from '../autodiff/tree.js';
import { stopGradient } from '../autodiff/ad-util.js';
import { div, greater, mul, reshape, sqrt, sum, where } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import type { Tensor } from '../tensor/tensor.js';

export interface MaxNormOptions {
  /** The largest l2 norm a row may have (Kim's s). Must be finite and > 0. */
  readonly maxNorm: number;
  /** Which leaves to constrain, by dotted path (`classifier.weight`) and value. */
  readonly select: (path: string, leaf: Tensor) => boolean;
}

const OP = 'maxNorm';

/**
 * Row `i` of `w` (all its axes but the first: the incoming weights of output unit i, as in a dense
 * weight [out, in] or a conv weight [O, C, K]) scaled to norm `s` where its norm is above `s`;
 * rows with norm ≤ s are kept exactly (selected, not recomputed).
 */
export const clipRowNorms = (w: Tensor, s: number): Tensor => {
  if (w.rank < 2) throw new ShapeError(OP, 'selected leaf', w.shape, 'must have rank ≥ 2 (rows are the first axis, their entries the rest)');
  const rows = w.shape[0], perRow = w.size / Math.max(rows, 1);
  const flat = reshape(w, [rows, perRow]);
  const norms = sqrt(sum(mul(flat, flat), [1], true));
  const scaled = mul(flat, div(s, norms));
  return reshape(where(greater(norms, s), scaled, flat), w.shape);
};

/**
 * `params` with the max-norm constraint applied to the leaves `select` picks (see `clipRowNorms`).
 * The result carries no gradient back to `params` (it is a projection applied between steps), and
 * every leaf not selected is returned as it was.
 */
export const maxNorm = <T extends Tree>(params: T, options: MaxNormOptions): T => {
  checkOptions(OP, options, ['maxNorm', 'select'], 'required');
  const { maxNorm: s, select } = options;
  if (typeof s !== 'number' || !(Number.isFinite(s) && s > 0)) throw new OptionError(OP, `maxNorm must be a finite number > 0, got ${describe(s)}`);
  if (typeof select !== 'function') throw new ArgumentError(OP, 'select', `must be a function (path, leaf) => boolean, got ${describe(select)}`);
  return mapLeavesOf(OP, 'params', params, (leaf, path) => (select(path, leaf) ? stopGradient(clipRowNorms(leaf, s)) : leaf));
};
