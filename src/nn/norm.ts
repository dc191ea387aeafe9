import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, show } from '../shape/options.js';
import { checkNonNegative, checkParamSize, checkSize } from './args.js';
import { checkTensor } from '../ops/launch.js';
import { checkShape } from '../shape/shape.js';
import { stopGradient } from '../autodiff/grad.js';
import { add, div, mean, mul, reshape, sqrt, square, sub } from '../ops/index.js';
import { ones, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Empty, Layer, ShapeKeeping } from './layer.js';
import { withChannels, withShape } from './typed.js';

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
/** Batch-norm parameters (absent with `affine: false`) and running statistics, all [C]. */
export type BatchNormParams<C extends number = number> = { readonly weight?: Tensor<readonly [C]>; readonly bias?: Tensor<readonly [C]> };
export type BatchNormState<C extends number = number> = { readonly runningMean: Tensor<readonly [C]>; readonly runningVar: Tensor<readonly [C]> };
type Channels<C extends number> = Tensor<readonly [number, C, ...number[]]>;

export const batchNorm = <C extends number>(features: C, o: BatchNormOptions = {}): ShapeKeeping<Layer<BatchNormParams<C>, BatchNormState<C>, Channels<C>, Channels<C>>> => {
  checkSize('batchNorm', 'features', features);
  checkOptions('batchNorm', o, ['momentum', 'eps', 'affine']);
  checkNonNegative('batchNorm', 'eps', o.eps);
  checkBoolean('batchNorm', 'affine', o.affine);
  const momentum = o.momentum ?? 0.1, eps = o.eps ?? 1e-5;
  if (typeof momentum !== 'number' || !(momentum >= 0 && momentum <= 1)) throw new OptionError('batchNorm', `momentum must be in [0, 1], got ${show(momentum)}`);
  const channels: number = features; // for shape arithmetic the literal type cannot follow
  const vector = (fill: typeof ones): Tensor<readonly [C]> => withShape('batchNorm', fill([features]), [features]);
  return {
    kind: 'batchNorm',
    keepsShape: true,
    init: (_k, s) => {
      checkShape('batchNorm', s);
      if (s.length < 1 || s[0] !== features) throw new ShapeError('batchNorm', 'input', s, `must have ${features} channels on axis 0 per example`);
      return {
        params: o.affine === false ? {} : { weight: vector(ones), bias: vector(zeros) },
        state: { runningMean: vector(zeros), runningVar: vector(ones) },
        outputShape: s,
      };
    },
    apply: (p, st, input, ctx = {}) => {
      checkTensor('batchNorm', 'x', input);
      const x: Tensor = input;
      const view = [1, features, ...x.shape.slice(2).map(() => 1)];
      const axes = [0, ...x.shape.slice(2).map((_, i) => i + 2)];
      let m: Tensor, v: Tensor, state: BatchNormState<C> = st;
      if (ctx.training) {
        m = mean(x, axes, true);
        v = mean(square(sub(x, m)), axes, true);
        const n = x.size / features;
        const flat = (t: Tensor): Tensor => reshape(stopGradient(t), [channels]);
        const unbiased: Tensor = n > 1 ? mul(flat(v), n / (n - 1)) : flat(v);
        const running = (old: Tensor<readonly [C]>, batch: Tensor): Tensor<readonly [C]> => withShape('batchNorm', add(mul(old, 1 - momentum), mul(batch, momentum)), [features]);
        state = { runningMean: running(st.runningMean, flat(m)), runningVar: running(st.runningVar, unbiased) };
      } else {
        const rm: Tensor = st.runningMean, rv: Tensor = st.runningVar; // [C] → the broadcast view
        m = reshape(rm, view);
        v = reshape(rv, view);
      }
      let y: Tensor = div(sub(x, m), sqrt(add(v, eps)));
      const w: Tensor | undefined = p.weight, b: Tensor | undefined = p.bias;
      if (w && b) y = add(mul(y, reshape(w, view)), reshape(b, view));
      return { y: withChannels('batchNorm', y, features), state };
    },
  };
};

/** Layer normalisation over the trailing `shape` axes of each example; params `weight`, `bias` of that shape. */
/** Layer-norm parameters (absent with `affine: false`), of the normalised shape. */
export type LayerNormParams = { readonly weight?: Tensor; readonly bias?: Tensor };

export const layerNorm = (normalizedShape: number | readonly number[], o: { eps?: number; affine?: boolean } = {}): ShapeKeeping<Layer<LayerNormParams, Empty>> => {
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
    keepsShape: true,
    init: (_k, s) => {
      checkShape('layerNorm', s);
      const tail = s.slice(s.length - ns.length);
      if (tail.length !== ns.length || tail.some((d, i) => d !== ns[i])) throw new ShapeError('layerNorm', 'input', s, `must end with [${ns.join(', ')}]`);
      return { params: o.affine === false ? {} : { weight: ones(ns), bias: zeros(ns) }, state: {}, outputShape: s };
    },
    apply: (p, st, x) => {
      checkTensor('layerNorm', 'x', x);
      const axes = ns.map((_, i) => x.rank - ns.length + i);
      const m = mean(x, axes, true);
      const v = mean(square(sub(x, m)), axes, true);
      let y: Tensor = div(sub(x, m), sqrt(add(v, eps)));
      if (p.weight && p.bias) y = add(mul(y, p.weight), p.bias);
      return { y, state: st };
    },
  };
};
