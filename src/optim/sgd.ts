// Stochastic gradient descent, with momentum, Nesterov momentum and L2 weight decay (PyTorch torch.optim.SGD).
import type { Tree } from '../autodiff/tree.js';
import { add, mul, sub } from '../ops/elementwise.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import type { Tensor } from '../tensor/tensor.js';
import { bool, lrAt, nonNegative, readLr, unitInterval } from './options.js';
import { checkParams, checkState, updateLeaves, zerosLike } from './tree.js';
import type { LearningRate, Optimizer } from './types.js';

export interface SgdOptions {
  readonly lr: LearningRate;
  /** Default 0 (no momentum buffer in the state). */
  readonly momentum?: number;
  /** Default 0. */
  readonly dampening?: number;
  /** Default false; needs momentum > 0 and dampening = 0. */
  readonly nesterov?: boolean;
  /** L2 penalty added to the gradient, `g + weightDecay·p`. Default 0. */
  readonly weightDecay?: number;
}

export interface SgdState {
  /** Updates done so far. */
  readonly step: number;
  /** PyTorch's `momentum_buffer`, one per parameter; null without momentum. */
  readonly momentumBuffer: Tree | null;
}

/**
 * SGD, as torch.optim.SGD: with t the update count,
 *   g ← g + wd·p;
 *   with momentum: b ← g at the first update, else b ← μ·b + (1 − dampening)·g;
 *                  g ← g + μ·b (nesterov) or g ← b;
 *   p ← p − lr(t)·g.
 * A row-sparse gradient (without momentum and weight decay) updates the rows it holds, exactly as
 * the dense step would; the others stay bit for bit.
 */
export const sgd = (options: SgdOptions): Optimizer<SgdState> => {
  const op = 'sgd';
  checkOptions(op, options, ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'], 'required');
  const lr = readLr(op, options.lr);
  const momentum = unitInterval(op, 'momentum', options.momentum ?? 0);
  const dampening = unitInterval(op, 'dampening', options.dampening ?? 0);
  const nesterov = bool(op, 'nesterov', options.nesterov ?? false);
  const wd = nonNegative(op, 'weightDecay', options.weightDecay ?? 0);
  if (nesterov && (momentum === 0 || dampening !== 0)) throw new OptionError(op, 'nesterov momentum needs momentum > 0 and dampening = 0');
  return {
    init: (params) => (checkParams(op, params), { step: 0, momentumBuffer: momentum > 0 ? zerosLike(params) : null }),
    step: (params, grads, state) => {
      checkState(op, state);
      const t = state.step;
      const rate = lrAt(op, lr, t);
      const slots = momentum > 0 ? { momentumBuffer: state.momentumBuffer ?? zerosLike(params) } : {};
      const out = updateLeaves(op, params, grads, slots as { momentumBuffer: Tree }, (p, g, s) => {
        let d: Tensor = wd ? (add(g, mul(p, wd)) as Tensor) : g;
        let buf: Tensor = d;
        if (momentum > 0) {
          buf = t === 0 ? d : (add(mul(s.momentumBuffer, momentum), dampening ? mul(d, 1 - dampening) : d) as Tensor);
          d = nesterov ? (add(d, mul(buf, momentum)) as Tensor) : buf;
        }
        return { param: sub(p, mul(d, rate)) as Tensor, momentumBuffer: buf };
      }, momentum > 0 || wd > 0 ? { refuse: 'momentum and weight decay move every row, also those with a zero gradient' } : 'rows');
      return { params: out.params, state: { step: t + 1, momentumBuffer: momentum > 0 ? out.slots.momentumBuffer : null } };
    },
  };
};
