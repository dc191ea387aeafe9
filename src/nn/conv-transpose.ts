// The transposed-convolution layer (a DCGAN generator's upsampling step): weight
// [C_in, C_out/groups, KH, KW] as PyTorch's ConvTranspose2d, bias [C_out].
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, show } from '../shape/options.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { split, type Key } from '../random/key.js';
import { convTranspose2d as convTransposeOp, convTransposePlan, type ConvTranspose2dOptions } from '../ops/conv-transpose.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkFunctionOption, checkParamSize, checkSize } from './args.js';
import { lecunUniform, type Initializer } from './init.js';
import type { Empty, Layer } from './layer.js';
import { initialized, withShape } from './typed.js';

export interface ConvTransposeLayerOptions extends Omit<ConvTranspose2dOptions, 'bias'> {
  readonly bias?: boolean;
  /** Weight initialiser; the default is LeCun uniform over fanIn = C_out/groups · KH · KW (PyTorch's). */
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}
const layerKeys = ['stride', 'padding', 'outputPadding', 'dilation', 'groups', 'bias', 'init', 'biasInit'] as const;

export type ConvTransposeParams<W extends Shape, O extends number> = { readonly weight: Tensor<W>; readonly bias?: Tensor<readonly [O]> };

export type ConvTranspose2dLayer<C extends number, O extends number, W extends Shape> =
  Layer<ConvTransposeParams<W, O>, Empty, Tensor<readonly [number, C, number, number]>, Tensor<readonly [number, O, number, number]>>;

/**
 * Transposed 2-D convolution layer: [B, C_in, H, W] → [B, C_out, OH, OW] with
 * OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1 (see `convTranspose2d`).
 * `convTranspose2d(64, 32, 4, { stride: 2, padding: 1 })` doubles H and W.
 */
export function convTranspose2d<C extends number, O extends number>(
  inChannels: C, outChannels: O, kernel: number | readonly [number, number], o?: ConvTransposeLayerOptions,
): ConvTranspose2dLayer<C, O, readonly [C, number, number, number]>;
export function convTranspose2d(inChannels: number, outChannels: number, kernel: number | readonly [number, number], o: ConvTransposeLayerOptions = {}): ConvTranspose2dLayer<number, number, Shape> {
  const op = 'convTranspose2d layer';
  if (!(typeof kernel === 'number' || (Array.isArray(kernel) && kernel.length === 2))) throw new OptionError(op, `kernel must be a number or [kh, kw], got ${show(kernel)}`);
  const [kh, kw] = typeof kernel === 'number' ? [kernel, kernel] : [kernel[0], kernel[1]];
  checkSize(op, 'inChannels', inChannels);
  checkSize(op, 'outChannels', outChannels);
  checkSize(op, 'kernel', kh);
  checkSize(op, 'kernel', kw);
  checkOptions(op, o, layerKeys);
  checkBoolean(op, 'bias', o.bias);
  checkFunctionOption(op, 'init', o.init);
  checkFunctionOption(op, 'biasInit', o.biasInit);
  const { bias, init, biasInit, ...opts } = o;
  const groups = opts.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1 || inChannels % groups || outChannels % groups)
    throw new OptionError(op, `groups ${show(groups)} must divide both inChannels ${inChannels} and outChannels ${outChannels}`);
  const wShape: [number, number, number, number] = [inChannels, outChannels / groups, kh, kw];
  checkParamSize(op, wShape);
  return {
    kind: 'convTranspose2d',
    init: (k: Key, s) => {
      checkShape(op, s);
      if (s.length !== 3 || s[0] !== inChannels) throw new ShapeError(op, 'input', s, `must be [${inChannels}, H, W] per example`);
      // The shape from the rule, not from a run.
      const p = convTransposePlan(op, [1, ...s], wShape, opts);
      const [kw0, kb] = split(k);
      const weight = initialized(op, 'weight', (init ?? lecunUniform())(kw0, wShape), wShape);
      const params = bias === false ? { weight }
        : { weight, bias: initialized(op, 'bias', (biasInit ?? lecunUniform((outChannels / groups) * kh * kw))(kb, [outChannels]), [outChannels]) };
      return { params, state: {}, outputShape: [p.C, p.H, p.W] };
    },
    apply: (p, st, x) => {
      const xs: Tensor = x, w: Tensor = p.weight;
      const y = convTransposeOp(xs, w, { ...opts, ...(p.bias ? { bias: p.bias } : {}) });
      return { y: withShape(op, y, [xs.shape[0], outChannels, y.shape[2], y.shape[3]]), state: st };
    },
  };
}
