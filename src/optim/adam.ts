// Adam with L2 weight decay (PyTorch torch.optim.Adam) and AdamW with decoupled weight decay
// (PyTorch torch.optim.AdamW); amsgrad is not offered.
import type { Tree } from '../autodiff/tree.js';
import { add, div, mul, sqrt, sub } from '../ops/elementwise.js';
import { checkOptions } from '../shape/options.js';
import type { Tensor } from '../tensor/tensor.js';
import { lrAt, nonNegative, readLr, unitInterval } from './options.js';
import { checkParams, checkState, updateLeaves, zerosLike } from './tree.js';
import type { LearningRate, Optimizer } from './types.js';
import { fusedAdamLeaf } from './fused-adam.js';

export interface AdamOptions {
  readonly lr: LearningRate;
  /** Default 0.9. */
  readonly beta1?: number;
  /** Default 0.999. */
  readonly beta2?: number;
  /** Added to the bias-corrected √v. Default 1e-8. */
  readonly eps?: number;
  /** Adam: an L2 penalty added to the gradient (default 0). AdamW: decoupled decay (default 0.01). */
  readonly weightDecay?: number;
}

export interface AdamState {
  /** Updates done so far (PyTorch's `step`). */
  readonly step: number;
  /** PyTorch's `exp_avg` (first moment m). */
  readonly expAvg: Tree;
  /** PyTorch's `exp_avg_sq` (second moment v). */
  readonly expAvgSq: Tree;
}

const makeAdam = (op: 'adam' | 'adamw', options: AdamOptions, defaultDecay: number): Optimizer<AdamState> => {
  checkOptions(op, options, ['lr', 'beta1', 'beta2', 'eps', 'weightDecay'], 'required');
  const lr = readLr(op, options.lr);
  const b1 = unitInterval(op, 'beta1', options.beta1 ?? 0.9);
  const b2 = unitInterval(op, 'beta2', options.beta2 ?? 0.999);
  const eps = nonNegative(op, 'eps', options.eps ?? 1e-8);
  const wd = nonNegative(op, 'weightDecay', options.weightDecay ?? defaultDecay);
  const decoupled = op === 'adamw';
  return {
    init: (params) => (checkParams(op, params), { step: 0, expAvg: zerosLike(params), expAvgSq: zerosLike(params) }),
    step: (params, grads, state) => {
      checkState(op, state);
      const rate = lrAt(op, lr, state.step);
      const t = state.step + 1;
      const stepSize = rate / (1 - b1 ** t);
      const bc2Sqrt = Math.sqrt(1 - b2 ** t);
      const decay = !wd ? 'none' : decoupled ? 'decoupled' : 'l2';
      const consts = { b1, b2, eps, stepSize, bc2Sqrt, decay, decayValue: decay === 'decoupled' ? 1 - rate * wd : wd } as const;
      const out = updateLeaves(op, params, grads, { expAvg: state.expAvg, expAvgSq: state.expAvgSq }, (p, g, s) => {
        const fused = fusedAdamLeaf(consts, p, g, s.expAvg, s.expAvgSq);
        if (fused) return fused;
        let base = p, d = g;
        if (wd && decoupled) base = mul(p, 1 - rate * wd) as Tensor;
        else if (wd) d = add(g, mul(p, wd)) as Tensor;
        const m = add(mul(s.expAvg, b1), mul(d, 1 - b1)) as Tensor;
        const v = add(mul(s.expAvgSq, b2), mul(mul(d, d), 1 - b2)) as Tensor;
        const denom = add(div(sqrt(v), bc2Sqrt), eps) as Tensor;
        return { param: sub(base, mul(div(m, denom), stepSize)) as Tensor, expAvg: m, expAvgSq: v };
      }, 'rows');
      return { params: out.params, state: { step: t, expAvg: out.slots.expAvg, expAvgSq: out.slots.expAvgSq } };
    },
  };
};

/**
 * Adam, as torch.optim.Adam (t counts from 1):
 *   g ← g + wd·p;  m ← β₁·m + (1 − β₁)·g;  v ← β₂·v + (1 − β₂)·g²;
 *   p ← p − (lr/(1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + eps).
 * A row-sparse gradient makes it lazy Adam (PyTorch's SparseAdam, TensorFlow's LazyAdam): the rule
 * above runs on the rows the gradient holds, with t the count of all steps; the other rows keep
 * their parameters and moments (their moments do not decay). Where every row is touched at every
 * step this is Adam exactly. Weight decay, if any, applies to the touched rows only.
 */
export const adam = (options: AdamOptions): Optimizer<AdamState> => makeAdam('adam', options, 0);

/**
 * AdamW, as torch.optim.AdamW: first the decoupled decay p ← p − lr·wd·p (i.e. p·(1 − lr·wd)),
 * then the Adam step above on the raw gradient. weightDecay defaults to 0.01. Lazy on row-sparse
 * gradients, as adam: the decay too applies to the touched rows only.
 */
export const adamw = (options: AdamOptions): Optimizer<AdamState> => makeAdam('adamw', options, 0.01);
