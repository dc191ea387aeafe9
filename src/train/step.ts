// One training step as a pure function of the training state, a batch and a key.
import { valueAndGradWithAux } from '../autodiff/grad.js';
import { item } from '../tensor/create.js';
import type { Key } from '../random/key.js';
import type { Layer, Params } from '../nn/layer.js';
import type { Tensor } from '../tensor/tensor.js';
import { scopedStep } from '../backend/scope.js';

/** What the training loop needs of an optimiser (the ones in nn-ts/optim are of this shape). */
export interface OptimizerLike<S> {
  init(params: Params): S;
  step(params: Params, grads: Params, state: S): { params: Params; state: S };
}

export interface TrainState<S> {
  readonly params: Params;
  /** Layer state (batch-norm running statistics). */
  readonly state: Params;
  readonly opt: S;
  readonly step: number;
}

export interface Batch { readonly x: Tensor; readonly y: Tensor }

export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** An optional transform of the gradients before the optimiser (clipping). */
export type GradTransform = (grads: Params) => Params;

/**
 * `trainStep(ts, batch, key) → { train, loss }`: forward in training mode (dropout draws from `key`),
 * loss, gradients, optimiser update; new layer state is returned, nothing is mutated. On GL the
 * step owns its device memory, so `ts = trainStep(ts, ...).train` loops stay flat.
 */
export const makeTrainStep = <S>(model: Layer, loss: LossFn, optimizer: OptimizerLike<S>, transform?: GradTransform) => {
  const run = scopedStep((ts: TrainState<S> & { loss?: number }, batch: Batch, key: Key): TrainState<S> & { loss: number } => {
    const [[l, newState], grads] = valueAndGradWithAux((p: Params) => {
      const r = model.apply(p, ts.state, batch.x, { training: true, key });
      return [loss(r.y, batch.y), r.state] as const;
    })(ts.params);
    const g = transform ? transform(grads) : grads;
    const u = optimizer.step(ts.params, g, ts.opt);
    return { params: u.params, state: newState, opt: u.state, step: ts.step + 1, loss: item(l) };
  });
  return (ts: TrainState<S>, batch: Batch, key: Key): { train: TrainState<S>; loss: number } => {
    const r = run(ts as TrainState<S> & { loss: number }, batch, key);
    const { loss: lv, ...train } = r;
    return { train, loss: lv };
  };
};

/** A fresh training state for a model. */
export const initTrain = <S>(model: Layer, optimizer: OptimizerLike<S>, key: Key, inputShape: readonly number[]): TrainState<S> => {
  const { params, state } = model.init(key, inputShape);
  return { params, state, opt: optimizer.init(params), step: 0 };
};
