import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, show } from '../shape/options.js';
import { checkFunctionOption, checkParamSize, checkSize } from './args.js';
import { evalShape } from '../autodiff/abstract.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { split } from '../random/key.js';
import { conv1d as conv1dOp, conv2d as conv2dOp, type Conv1dOptions, type Conv2dOptions } from '../ops/conv.js';
import type { Tensor } from '../tensor/tensor.js';
import { lecunUniform, type Initializer } from './init.js';
import type { Layer } from './layer.js';

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

/** 2-D convolution layer: [B, C, H, W] → [B, O, OH, OW]; weight [O, C/groups, KH, KW], bias [O]. */
export const conv2d = <C extends number, O extends number>(inChannels: C, outChannels: O, kernel: number | readonly [number, number], o: ConvLayerOptions = {}): Layer<[C, number, number], [O, number, number]> => {
  if (!(typeof kernel === 'number' || (Array.isArray(kernel) && kernel.length === 2))) throw new OptionError('conv2d layer', `kernel must be a number or [kh, kw], got ${show(kernel)}`);
  const [kh, kw] = pairOf(kernel);
  checkConvLayer('conv2d layer', inChannels, outChannels, [kh, kw], o);
  const { bias, init, biasInit, ...opts } = o;
  const groups = opts.groups ?? 1;
  return {
    kind: 'conv2d',
    init: (k, s: Shape) => {
      checkShape('conv2d layer', s);
      if (s.length !== 3 || s[0] !== inChannels) throw new ShapeError('conv2d layer', 'input', s, `must be [${inChannels}, H, W] per example`);
      const [kwt, kb] = split(k);
      const wShape = [outChannels, inChannels / groups, kh, kw];
      const out = evalShape((x: Tensor, w: Tensor) => conv2dOp(x, w, opts), [1, ...s], wShape).slice(1);
      const fanIn = (inChannels / groups) * kh * kw;
      const params = { weight: (init ?? lecunUniform())(kwt, wShape), ...(bias === false ? {} : { bias: (biasInit ?? lecunUniform(fanIn))(kb, [outChannels]) }) };
      return { params, state: {}, outputShape: out };
    },
    apply: (p, st, x) => ({ y: conv2dOp(x, p.weight as Tensor, { ...opts, ...(p.bias ? { bias: p.bias as Tensor } : {}) }), state: st }),
  };
};

export interface Conv1dLayerOptions extends Omit<Conv1dOptions, 'bias'> {
  readonly bias?: boolean;
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}

/** 1-D convolution layer: [B, C, L] → [B, O, OL]; weight [O, C/groups, K]. */
export const conv1d = <C extends number, O extends number>(inChannels: C, outChannels: O, kernel: number, o: Conv1dLayerOptions = {}): Layer<[C, number], [O, number]> => {
  checkConvLayer('conv1d layer', inChannels, outChannels, [kernel], o);
  const { bias, init, biasInit, ...opts } = o;
  const groups = opts.groups ?? 1;
  return {
    kind: 'conv1d',
    init: (k, s: Shape) => {
      checkShape('conv1d layer', s);
      if (s.length !== 2 || s[0] !== inChannels) throw new ShapeError('conv1d layer', 'input', s, `must be [${inChannels}, L] per example`);
      const [kwt, kb] = split(k);
      const wShape = [outChannels, inChannels / groups, kernel];
      const out = evalShape((x: Tensor, w: Tensor) => conv1dOp(x, w, opts), [1, ...s], wShape).slice(1);
      const params = { weight: (init ?? lecunUniform())(kwt, wShape), ...(bias === false ? {} : { bias: (biasInit ?? lecunUniform((inChannels / groups) * kernel))(kb, [outChannels]) }) };
      return { params, state: {}, outputShape: out };
    },
    apply: (p, st, x) => ({ y: conv1dOp(x, p.weight as Tensor, { ...opts, ...(p.bias ? { bias: p.bias as Tensor } : {}) }), state: st }),
  };
};
