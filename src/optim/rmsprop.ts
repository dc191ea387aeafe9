// RMSprop, plain or centered, with optional momentum (PyTorch torch.optim.RMSprop).
import type { Tree } from '../autodiff/tree.js';
import { add, div, maximum, mul, sqrt, sub } from '../ops/elementwise.js';
import { checkOptions } from '../shape/options.js';
import type { Tensor } from '../tensor/tensor.js';
import { bool, lrAt, nonNegative, readLr, unitInterval } from './options.js';
import { checkParams, checkState, updateLeaves, zerosLike } from './tree.js';
import type { LearningRate, Optimizer } from './types.js';

export interface RmspropOptions {
  readonly lr: LearningRate;
  /** Smoothing constant of the squared-gradient average (PyTorch's `alpha`). Default 0.9 (PyTorch's is 0.99). */
  readonly decay?: number;
  /** Added after the square root. Default 1e-8. */
  readonly eps?: number;
  /** Default 0 (no momentum buffer in the state). */
  readonly momentum?: number;
  /** Normalise by the estimated variance instead of the raw second moment. Default false. */
  readonly centered?: boolean;
  /** L2 penalty added to the gradient. Default 0. */
  readonly weightDecay?: number;
}

export interface RmspropState {
  readonly step: number;
  /** PyTorch's `square_avg`. */
  readonly squareAvg: Tree;
  /** PyTorch's `grad_avg` (centered only, else null). */
  readonly gradAvg: Tree | null;
  /** PyTorch's `momentum_buffer` (momentum > 0 only, else null). */
  readonly momentumBuffer: Tree | null;
}

/**
 * RMSprop, as torch.optim.RMSprop (α = decay):
 *   g ← g + wd·p;  v ← α·v + (1 − α)·g²;
 *   centered: ḡ ← α·ḡ + (1 − α)·g,  a ← √max(v − ḡ², 0) + eps;  else a ← √v + eps;
 *   momentum: b ← μ·b + g/a, p ← p − lr(t)·b;  else p ← p − lr(t)·g/a.
 * Lazy on a row-sparse gradient, as adam: the rule runs on the rows it holds; the other rows keep
 * their parameters and averages.
 * (The max(·, 0) only guards float rounding, where PyTorch would take the root of a tiny negative.)
 */
export const rmsprop = (options: RmspropOptions): Optimizer<RmspropState> => {
  const op = 'rmsprop';
  checkOptions(op, options, ['lr', 'decay', 'eps', 'momentum', 'centered', 'weightDecay'], 'required');
  const lr = readLr(op, options.lr);
  const alpha = unitInterval(op, 'decay', options.decay ?? 0.9);
  const eps = nonNegative(op, 'eps', options.eps ?? 1e-8);
  const momentum = unitInterval(op, 'momentum', options.momentum ?? 0);
  const centered = bool(op, 'centered', options.centered ?? false);
  const wd = nonNegative(op, 'weightDecay', options.weightDecay ?? 0);
  return {
    init: (params) => (checkParams(op, params), {
      step: 0,
      squareAvg: zerosLike(params),
      gradAvg: centered ? zerosLike(params) : null,
      momentumBuffer: momentum > 0 ? zerosLike(params) : null,
    }),
    step: (params, grads, state) => {
      checkState(op, state);
      const rate = lrAt(op, lr, state.step);
      const slots: Record<string, Tree> = { squareAvg: state.squareAvg };
      if (centered) slots.gradAvg = state.gradAvg ?? zerosLike(params);
      if (momentum > 0) slots.momentumBuffer = state.momentumBuffer ?? zerosLike(params);
      const out = updateLeaves(op, params, grads, slots, (p, g, s) => {
        const d = wd ? (add(g, mul(p, wd)) as Tensor) : g;
        const r: Record<string, Tensor> = {};
        const v = (r.squareAvg = add(mul(s.squareAvg, alpha), mul(mul(d, d), 1 - alpha)) as Tensor);
        let a: Tensor;
        if (centered) {
          const m = (r.gradAvg = add(mul(s.gradAvg, alpha), mul(d, 1 - alpha)) as Tensor);
          a = add(sqrt(maximum(sub(v, mul(m, m)), 0) as Tensor), eps) as Tensor;
        } else a = add(sqrt(v), eps) as Tensor;
        let u = div(d, a) as Tensor;
        if (momentum > 0) u = r.momentumBuffer = add(mul(s.momentumBuffer, momentum), u) as Tensor;
        return { ...r, param: sub(p, mul(u, rate)) as Tensor };
      }, 'rows');
      return {
        params: out.params,
        state: {
          step: state.step + 1,
          squareAvg: out.slots.squareAvg,
          gradAvg: centered ? out.slots.gradAvg : null,
          momentumBuffer: momentum > 0 ? out.slots.momentumBuffer : null,
        },
      };
    },
  };
};
