import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, show } from '../shape/options.js';
import { checkNonNegative, checkParamSize, checkSize } from './args.js';
import { checkTensor } from '../ops/launch.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { stopGradient } from '../autodiff/grad.js';
import { add, div, mean, mul, reshape, sqrt, square, sub } from '../ops/index.js';
import { ones, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Layer, Params } from './layer.js';

export interface BatchNormOptions {
  /** Weight of the new batch in the running statistics (PyTorch convention). Default 0.1. */
  readonly momentum?: number;
  readonly eps?: number;
  /** Learnable scale and shift. Default true. */
  readonly affine?: boolean;
}

/**
 * Batch normalisation over the channel axis 1 of [B, C] or [B, C, ...spatial]. Training: normalise
 * with the batch mean and (biased) variance and return new running statistics (unbiased variance, as
 * PyTorch) as new state; evaluation: use the running statistics. Params `weight`, `bias` [C];
 * state `runningMean`, `runningVar` [C].
 */
export const batchNorm = <C extends number>(features: C, o: BatchNormOptions = {}): Layer<[C, ...number[]], [C, ...number[]]> => {
  checkSize('batchNorm', 'features', features);
  checkOptions('batchNorm', o, ['momentum', 'eps', 'affine']);
  checkNonNegative('batchNorm', 'eps', o.eps);
  checkBoolean('batchNorm', 'affine', o.affine);
  const momentum = o.momentum ?? 0.1, eps = o.eps ?? 1e-5;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw new OptionError('batchNorm', `momentum must be in [0, 1], got ${show(momentum)}`);
  return {
    kind: 'batchNorm',
    init: (_k, s: Shape) => {
      checkShape('batchNorm', s);
      if (s.length < 1 || s[0] !== features) throw new ShapeError('batchNorm', 'input', s, `must have ${features} channels on axis 0 per example`);
      return {
        params: (o.affine === false ? {} : { weight: ones([features]), bias: zeros([features]) }) as Params,
        state: { runningMean: zeros([features]), runningVar: ones([features]) },
        outputShape: s,
      };
    },
    apply: (p, st, x, ctx = {}) => {
      checkTensor('batchNorm', 'x', x);
      const view = [1, features, ...x.shape.slice(2).map(() => 1)];
      const axes = [0, ...x.shape.slice(2).map((_, i) => i + 2)];
      let m: Tensor, v: Tensor, state = st;
      if (ctx.training) {
        m = mean(x, axes, true);
        v = mean(square(sub(x, m)), axes, true);
        const n = x.size / features;
        const flat = (t: Tensor): Tensor => reshape(stopGradient(t), [features] as Shape);
        const unbiased: Tensor = n > 1 ? mul(flat(v), n / (n - 1)) : flat(v);
        state = {
          runningMean: add(mul(st.runningMean as Tensor, 1 - momentum), mul(flat(m), momentum)),
          runningVar: add(mul(st.runningVar as Tensor, 1 - momentum), mul(unbiased, momentum)),
        };
      } else {
        m = reshape(st.runningMean as Tensor, view);
        v = reshape(st.runningVar as Tensor, view);
      }
      let y: Tensor = div(sub(x, m), sqrt(add(v, eps)));
      if (p.weight) y = add(mul(y, reshape(p.weight as Tensor, view)), reshape(p.bias as Tensor, view));
      return { y, state };
    },
  };
};

/** Layer normalisation over the trailing `shape` axes of each example; params `weight`, `bias` of that shape. */
export const layerNorm = (normalizedShape: number | readonly number[], o: { eps?: number; affine?: boolean } = {}): Layer => {
  if (!(typeof normalizedShape === 'number' || Array.isArray(normalizedShape))) throw new OptionError('layerNorm', `normalizedShape must be a number or an array of numbers, got ${show(normalizedShape)}`);
  const ns = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  ns.forEach((d) => checkSize('layerNorm', 'normalizedShape', d));
  checkParamSize('layerNorm', ns);
  checkOptions('layerNorm', o, ['eps', 'affine']);
  checkNonNegative('layerNorm', 'eps', o.eps);
  checkBoolean('layerNorm', 'affine', o.affine);
  const eps = o.eps ?? 1e-5;
  return {
    kind: 'layerNorm',
    init: (_k, s) => {
      checkShape('layerNorm', s);
      const tail = s.slice(s.length - ns.length);
      if (tail.length !== ns.length || tail.some((d, i) => d !== ns[i])) throw new ShapeError('layerNorm', 'input', s, `must end with [${ns.join(', ')}]`);
      return { params: (o.affine === false ? {} : { weight: ones(ns), bias: zeros(ns) }) as Params, state: {}, outputShape: s };
    },
    apply: (p, st, x) => {
      checkTensor('layerNorm', 'x', x);
      const axes = ns.map((_, i) => x.rank - ns.length + i);
      const m = mean(x, axes, true);
      const v = mean(square(sub(x, m)), axes, true);
      let y: Tensor = div(sub(x, m), sqrt(add(v, eps)));
      if (p.weight) y = add(mul(y, p.weight as Tensor), p.bias as Tensor);
      return { y, state: st };
    },
  };
};
