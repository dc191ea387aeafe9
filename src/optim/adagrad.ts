// Adagrad (PyTorch torch.optim.Adagrad, lr_decay = 0).
import type { Tree } from '../autodiff/tree.js';
import { add, div, mul, sqrt, sub } from '../ops/elementwise.js';
import { checkOptions } from '../shape/options.js';
import { full } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { lrAt, nonNegative, readLr } from './options.js';
import { checkParams, checkState, like, updateLeaves } from './tree.js';
import type { LearningRate, Optimizer } from './types.js';

export interface AdagradOptions {
  readonly lr: LearningRate;
  /** Added to √sum. Default 1e-10. */
  readonly eps?: number;
  /** Starting value of the squared-gradient sum. Default 0. */
  readonly initialAccumulator?: number;
  /** L2 penalty added to the gradient. Default 0. */
  readonly weightDecay?: number;
}

export interface AdagradState {
  readonly step: number;
  /** PyTorch's `sum`: the running sum of squared gradients. */
  readonly sum: Tree;
}

/**
 * Adagrad, as torch.optim.Adagrad:
 *   g ← g + wd·p;  s ← s + g²;  p ← p − lr(t)·g / (√s + eps).
 * A row-sparse gradient (without weight decay) updates the rows it holds and their sums, exactly as
 * the dense step would (PyTorch's sparse Adagrad); the others stay bit for bit.
 */
export const adagrad = (options: AdagradOptions): Optimizer<AdagradState> => {
  const op = 'adagrad';
  checkOptions(op, options, ['lr', 'eps', 'initialAccumulator', 'weightDecay'], 'required');
  const lr = readLr(op, options.lr);
  const eps = nonNegative(op, 'eps', options.eps ?? 1e-10);
  const init = nonNegative(op, 'initialAccumulator', options.initialAccumulator ?? 0);
  const wd = nonNegative(op, 'weightDecay', options.weightDecay ?? 0);
  return {
    init: (params) => (checkParams(op, params), { step: 0, sum: like(params, (x) => full(x.shape, init)) }),
    step: (params, grads, state) => {
      checkState(op, state);
      const rate = lrAt(op, lr, state.step);
      const out = updateLeaves(op, params, grads, { sum: state.sum }, (p, g, s) => {
        const d = wd ? (add(g, mul(p, wd)) as Tensor) : g;
        const acc = add(s.sum, mul(d, d)) as Tensor;
        const denom = add(sqrt(acc), eps) as Tensor;
        return { param: sub(p, mul(div(d, denom), rate)) as Tensor, sum: acc };
      }, wd > 0 ? { refuse: 'weight decay moves every row, also those with a zero gradient' } : 'rows');
      return { params: out.params, state: { step: state.step + 1, sum: out.slots.sum } };
    },
  };
};
