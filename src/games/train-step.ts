// One optimiser step on the AlphaGo Zero loss, as a pure function of the training state and a batch.
import { valueAndGradWithAux } from '../autodiff/grad.js';
import type { Tree } from '../autodiff/tree.js';
import { scopedStep } from '../backend/scope.js';
import { add } from '../ops/elementwise.js';
import type { Key } from '../random/key.js';
import { OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { item } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer } from '../nn/layer.js';
import type { Batch, OptimizerLike, TrainState } from '../train/step.js';
import { alphaZeroLoss, l2Penalty } from './loss.js';

/** The loss of one step, before the update: total = policy + value + l2. */
export interface AlphaZeroLosses { readonly total: number; readonly policy: number; readonly value: number; readonly l2: number }

/**
 * `step(ts, { x, y }, key) → { train, losses }` for a policyValueNet: x [B, C, H, W] encoded
 * positions, y [B, moveCount + 1] the visit distributions and outcomes. Batch norm runs in training
 * mode; `l2` is the weight-decay constant c of c · Σ θ².
 */
export const makeAlphaZeroStep = <S, P extends Tree, LS extends Tree>(model: Layer<P, LS>, optimizer: OptimizerLike<S>, o: { readonly moveCount: number; readonly l2: number }) => {
  if (!(typeof o.l2 === 'number' && Number.isFinite(o.l2) && o.l2 >= 0)) throw new OptionError('makeAlphaZeroStep', `l2 must be a finite number >= 0, got ${describe(o.l2)}`);
  type Carry = { train: TrainState<S, P, LS>; losses: AlphaZeroLosses };
  const run = scopedStep(({ train: ts }: Carry, batch: Batch, k: Key): Carry => {
    const [[total, aux], grads] = valueAndGradWithAux((p: P) => {
      const r = model.apply(p, ts.state, batch.x, { training: true, key: k });
      const parts = alphaZeroLoss(r.y, batch.y, o.moveCount), l2 = l2Penalty(p, o.l2);
      return [add(add(parts.policy, parts.value), l2), { state: r.state, policy: parts.policy, value: parts.value, l2 }] as const;
    })(ts.params);
    const u = optimizer.step(ts.params, grads, ts.opt);
    const read = (t: Tensor) => item(t);
    return {
      train: { params: u.params, state: aux.state, opt: u.state, step: ts.step + 1 },
      losses: { total: read(total), policy: read(aux.policy), value: read(aux.value), l2: read(aux.l2) },
    };
  });
  const none: AlphaZeroLosses = { total: NaN, policy: NaN, value: NaN, l2: NaN };
  return (ts: TrainState<S, P, LS>, batch: Batch, k: Key): { train: TrainState<S, P, LS>; losses: AlphaZeroLosses } => run({ train: ts, losses: none }, batch, k);
};
