// One training step as a pure function of the training state, a batch and a key.
import { valueAndGradWithAux } from '../autodiff/grad.js';
import { item } from '../tensor/create.js';
import type { Key } from '../random/key.js';
import type { Layer } from '../nn/layer.js';
import type { Tree } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import { scopedStep } from '../backend/scope.js';

/** What the training loop needs of an optimiser (the ones in nn-ts/optim are of this shape). */
export interface OptimizerLike<S> {
  init(params: Tree): S;
  step<P extends Tree>(params: P, grads: NoInfer<P>, state: S): { params: P; state: S };
}

/** Everything a training run carries: parameters P, layer state LS (batch-norm running statistics) and optimiser state S. */
export interface TrainState<S, P extends Tree = Tree, LS extends Tree = Tree> {
  readonly params: P;
  /** Layer state (batch-norm running statistics). */
  readonly state: LS;
  readonly opt: S;
  readonly step: number;
}

export interface Batch { readonly x: Tensor; readonly y: Tensor }

export type LossFn = (output: Tensor, target: Tensor) => Tensor;

/** An optional transform of the gradients before the optimiser (clipping): it returns a tree of the same structure. */
export type GradTransform = <G extends Tree>(grads: G) => G;

/**
 * `trainStep(ts, batch, key) → { train, loss }`: forward in training mode (dropout draws from `key`),
 * loss, gradients, optimiser update; new layer state is returned, nothing is mutated. On GL the
 * step owns its device memory, so `ts = trainStep(ts, ...).train` loops stay flat.
 */
export const makeTrainStep = <S, P extends Tree, LS extends Tree>(model: Layer<P, LS>, loss: LossFn, optimizer: OptimizerLike<S>, transform?: GradTransform) => {
  // scopedStep owns what one step makes: the state in and out is { train, loss }
  const run = scopedStep(({ train: ts }: { train: TrainState<S, P, LS>; loss: number }, batch: Batch, key: Key): { train: TrainState<S, P, LS>; loss: number } => {
    const [[l, newState], grads] = valueAndGradWithAux((p: P) => {
      const r = model.apply(p, ts.state, batch.x, { training: true, key });
      return [loss(r.y, batch.y), r.state] as const;
    })(ts.params);
    const g = transform ? transform(grads) : grads;
    const u = optimizer.step(ts.params, g, ts.opt);
    return { train: { params: u.params, state: newState, opt: u.state, step: ts.step + 1 }, loss: item(l) };
  });
  return (ts: TrainState<S, P, LS>, batch: Batch, key: Key): { train: TrainState<S, P, LS>; loss: number } => run({ train: ts, loss: NaN }, batch, key);
};

/** A fresh training state for a model. */
export const initTrain = <S, P extends Tree, LS extends Tree>(model: Layer<P, LS>, optimizer: OptimizerLike<S>, key: Key, inputShape: readonly number[]): TrainState<S, P, LS> => {
  const { params, state } = model.init(key, inputShape);
  return { params, state, opt: optimizer.init(params), step: 0 };
};
