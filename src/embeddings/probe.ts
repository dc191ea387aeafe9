// A linear probe for node embeddings: multinomial logistic regression with an L2 penalty on the
// weights, the evaluation the node2vec and DeepWalk papers use (scikit-learn's LogisticRegression,
// whose default C = 1 is `l2 = 1 / rows` here), on features standardised with the training rows'
// mean and deviation, so that the penalty does not depend on how far training has scaled the vectors.
import { valueAndGrad } from '../autodiff/grad.js';
import { softmaxCrossEntropy } from '../losses/classification.js';
import { accuracy } from '../losses/metrics.js';
import { add, div, mul, sqrt, square, sub } from '../ops/elementwise.js';
import { mean } from '../ops/reduce.js';
import { checkTensor } from '../ops/launch.js';
import { matmul } from '../ops/matmul.js';
import { sum } from '../ops/sum.js';
import { adam } from '../optim/adam.js';
import { checkSize } from '../nn/args.js';
import { nonNegative } from '../optim/options.js';
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

export interface ProbeOptions {
  /** Full-batch Adam steps. Default 500. */
  readonly steps?: number;
  /** Adam's rate. Default 0.05. */
  readonly lr?: number;
  /** The penalty (l2/2)·‖W‖² added to the mean cross-entropy. Default 1 / rows (scikit-learn's C = 1). */
  readonly l2?: number;
  /** Centre and scale each feature by the training rows' mean and standard deviation. Default true. */
  readonly standardize?: boolean;
}

type ProbeParams = { readonly weight: Tensor<[number, number]>; readonly bias: Tensor<[number]> };

export interface LinearProbe {
  /** Class scores `[N, classCount]` for rows of features `[N, d]`. */
  readonly logits: (x: Tensor) => Tensor;
  /** The fraction of rows whose best-scoring class is the label. */
  readonly accuracy: (x: Tensor, labels: Int32Array) => number;
}

const OP = 'fitLinearProbe';

/** Keeps a constant feature (deviation 0) finite: centred, it is 0 on every training row. */
const TINY = 1e-12;

/** (features − μ) / σ with the column means and deviations of `x`, or the identity. */
const standardizer = (x: Tensor, on: boolean): ((features: Tensor) => Tensor) => {
  if (!on) return (features) => features;
  const mu = mean(x, 0, true);
  const sigma = add(sqrt(mean(square(sub(x, mu)), 0, true)), TINY);
  return (features) => div(sub(features, mu), sigma);
};

/**
 * Fits W `[d, classCount]` and b by minimising mean softmax cross-entropy of xW + b against `labels`
 * plus (l2/2)·‖W‖², from zeros (the objective is convex, so no key is needed).
 */
export function fitLinearProbe(x: Tensor, labels: Int32Array, classCount: number, options: ProbeOptions = {}): LinearProbe {
  checkOptions(OP, options, ['steps', 'lr', 'l2', 'standardize']);
  checkBoolean(OP, 'standardize', options.standardize);
  checkTensor(OP, 'x', x);
  if (x.rank !== 2) throw new ShapeError(OP, 'x', x.shape, 'must be [rows, d]');
  const [rows, d] = x.shape;
  if (!(labels instanceof Int32Array) || labels.length !== rows) throw new ArgumentError(OP, 'labels', `must be an Int32Array of ${rows} class ids (one per row of x), got ${describe(labels)}`);
  checkSize(OP, 'classCount', classCount);
  const { steps = 500, lr = 0.05 } = options;
  checkSize(OP, 'steps', steps, 0);
  const l2 = nonNegative(OP, 'l2', options.l2 ?? 1 / rows);
  const scale = standardizer(x, options.standardize ?? true);
  const scaled = scale(x); // once: the features are constants of the fit
  const linear = (p: ProbeParams, features: Tensor): Tensor => add(matmul(features, p.weight), p.bias);
  const loss = (p: ProbeParams): Tensor => add(softmaxCrossEntropy(linear(p, scaled), labels), mul(sum(square(p.weight)), l2 / 2));
  const opt = adam({ lr });
  let params: ProbeParams = { weight: zeros([d, classCount]), bias: zeros([classCount]) };
  let state = opt.init(params);
  for (let t = 0; t < steps; t++) {
    const [, g] = valueAndGrad(loss)(params);
    const r = opt.step(params, g, state);
    params = r.params;
    state = r.state;
  }
  const fitted = params;
  const logits = (features: Tensor): Tensor => linear(fitted, scale(features));
  return { logits, accuracy: (features, y) => accuracy(logits(features), y) };
}
