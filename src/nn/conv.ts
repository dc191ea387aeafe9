import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, show } from '../shape/options.js';
import { checkFunctionOption, checkParamSize, checkSize } from './args.js';
import { evalShape } from '../autodiff/abstract.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { split } from '../random/key.js';
import { conv1d as conv1dOp, conv2d as conv2dOp, type Conv1dOptions, type Conv2dOptions } from '../ops/conv.js';
import type { Tensor } from '../tensor/tensor.js';
import { lecunUniform, type Initializer } from './init.js';
import type { Empty, Layer } from './layer.js';
import { initialized, withShape } from './typed.js';
import type { Key } from '../random/key.js';

export interface ConvLayerOptions extends Omit<Conv2dOptions, 'bias'> {
  readonly bias?: boolean;
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}

const pairOf = (k: number | readonly [number, number]): [number, number] => (typeof k === 'number' ? [k, k] : [k[0], k[1]]);

const layerKeys = ['stride', 'padding', 'dilation', 'groups', 'bias', 'init', 'biasInit'] as const;

/** The constructor's checks: sizes, kernel, option names and the options only the layer reads. */
const checkConvLayer = (op: string, inChannels: unknown, outChannels: unknown, kernel: readonly unknown[], o: ConvLayerOptions | Conv1dLayerOptions): void => {
  checkSize(op, 'inChannels', inChannels);
  checkSize(op, 'outChannels', outChannels);
  kernel.forEach((k) => checkSize(op, 'kernel', k));
  checkOptions(op, o, layerKeys);
  checkBoolean(op, 'bias', o.bias);
  checkFunctionOption(op, 'init', o.init);
  checkFunctionOption(op, 'biasInit', o.biasInit);
  checkParamSize(op, [Number(outChannels), Number(inChannels), ...kernel.map(Number)]); // groups only make it smaller
};

/** Options without `groups` (or groups 1): the weight's input-channel dim is the layer's C. */
type Ungrouped<Opt> = Opt & { readonly groups?: 1 };

export type ConvParams<W extends Shape, O extends number> = { readonly weight: Tensor<W>; readonly bias?: Tensor<readonly [O]> };

/** The parameters of a conv layer: its weight, and its bias unless `bias: false`. */
const convParams = <W extends [] | number[], O extends number>(op: string, o: ConvLayerOptions | Conv1dLayerOptions, k: Key, wShape: W, outChannels: O, fanIn: number): ConvParams<W, O> => {
  const [kw, kb] = split(k);
  const weight = initialized(op, 'weight', (o.init ?? lecunUniform())(kw, wShape), wShape);
  return o.bias === false ? { weight } : { weight, bias: initialized(op, 'bias', (o.biasInit ?? lecunUniform(fanIn))(kb, [outChannels]), [outChannels]) };
};

export type Conv2dLayer<C extends number, O extends number, W extends Shape> = Layer<ConvParams<W, O>, Empty, Tensor<readonly [number, C, number, number]>, Tensor<readonly [number, O, number, number]>>;

/**
 * 2-D convolution layer: [B, C, H, W] → [B, O, OH, OW]; weight [O, C/groups, KH, KW], bias [O].
 * With a number kernel and no groups the weight's type is literal: `conv2d(1, 6, 5)` has a
 * `Tensor<[6, 1, 5, 5]>` weight.
 */
export function conv2d<C extends number, O extends number, K extends number>(inChannels: C, outChannels: O, kernel: K, o?: Ungrouped<ConvLayerOptions>): Conv2dLayer<C, O, readonly [O, C, K, K]>;
export function conv2d<C extends number, O extends number>(inChannels: C, outChannels: O, kernel: number | readonly [number, number], o?: ConvLayerOptions): Conv2dLayer<C, O, readonly [O, number, number, number]>;
export function conv2d(inChannels: number, outChannels: number, kernel: number | readonly [number, number], o: ConvLayerOptions = {}): Conv2dLayer<number, number, Shape> {
  if (!(typeof kernel === 'number' || (Array.isArray(kernel) && kernel.length === 2))) throw new OptionError('conv2d layer', `kernel must be a number or [kh, kw], got ${show(kernel)}`);
  const [kh, kw] = pairOf(kernel);
  checkConvLayer('conv2d layer', inChannels, outChannels, [kh, kw], o);
  const { bias, init, biasInit, ...opts } = o;
  const groups = opts.groups ?? 1;
  return {
    kind: 'conv2d',
    init: (k, s) => {
      checkShape('conv2d layer', s);
      if (s.length !== 3 || s[0] !== inChannels) throw new ShapeError('conv2d layer', 'input', s, `must be [${inChannels}, H, W] per example`);
      const w = [outChannels, inChannels / groups, kh, kw];
      const out = evalShape((x: Tensor, wt: Tensor) => conv2dOp(x, wt, opts), [1, ...s], w).slice(1);
      return { params: convParams('conv2d layer', o, k, w, outChannels, (inChannels / groups) * kh * kw), state: {}, outputShape: out };
    },
    apply: (p, st, x) => {
      const xs: Tensor = x, w: Tensor = p.weight; // channels are checked by the op
      const y = conv2dOp(xs, w, { ...opts, ...(p.bias ? { bias: p.bias } : {}) });
      return { y: withShape('conv2d layer', y, [xs.shape[0], outChannels, y.shape[2], y.shape[3]]), state: st };
    },
  };
}

export interface Conv1dLayerOptions extends Omit<Conv1dOptions, 'bias'> {
  readonly bias?: boolean;
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}

export type Conv1dLayer<C extends number, O extends number, W extends Shape> = Layer<ConvParams<W, O>, Empty, Tensor<readonly [number, C, number]>, Tensor<readonly [number, O, number]>>;

/** 1-D convolution layer: [B, C, L] → [B, O, OL]; weight [O, C/groups, K] (literal without groups). */
export function conv1d<C extends number, O extends number, K extends number>(inChannels: C, outChannels: O, kernel: K, o?: Ungrouped<Conv1dLayerOptions>): Conv1dLayer<C, O, readonly [O, C, K]>;
export function conv1d<C extends number, O extends number>(inChannels: C, outChannels: O, kernel: number, o?: Conv1dLayerOptions): Conv1dLayer<C, O, readonly [O, number, number]>;
export function conv1d(inChannels: number, outChannels: number, kernel: number, o: Conv1dLayerOptions = {}): Conv1dLayer<number, number, Shape> {
  checkConvLayer('conv1d layer', inChannels, outChannels, [kernel], o);
  const { bias, init, biasInit, ...opts } = o;
  const groups = opts.groups ?? 1;
  return {
    kind: 'conv1d',
    init: (k, s) => {
      checkShape('conv1d layer', s);
      if (s.length !== 2 || s[0] !== inChannels) throw new ShapeError('conv1d layer', 'input', s, `must be [${inChannels}, L] per example`);
      const w = [outChannels, inChannels / groups, kernel];
      const out = evalShape((x: Tensor, wt: Tensor) => conv1dOp(x, wt, opts), [1, ...s], w).slice(1);
      return { params: convParams('conv1d layer', o, k, w, outChannels, (inChannels / groups) * kernel), state: {}, outputShape: out };
    },
    apply: (p, st, x) => {
      const xs: Tensor = x, w: Tensor = p.weight;
      const y = conv1dOp(xs, w, { ...opts, ...(p.bias ? { bias: p.bias } : {}) });
      return { y: withShape('conv1d layer', y, [xs.shape[0], outChannels, y.shape[2]]), state: st };
    },
  };
}
