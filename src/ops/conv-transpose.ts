// Transposed convolution: the adjoint of conv2d in its input, so it runs on conv2d's own
// input-gradient primitive (one kernel family, one pullback set: its gradients are conv2d and
// conv2d's weight gradient, themselves differentiable to any order).
import type { ConvPlan } from '../backend/gpujs/kernels/conv.js';
import { checkTensorSize } from '../backend/limits.js';
import { pair } from '../shape/conv.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, checkPairOption, show } from '../shape/options.js';
import type { Shape } from '../shape/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { convGradInputPrim } from './conv.js';
import { add } from './elementwise.js';
import { checkTensor } from './launch.js';
import { reshape } from './movement.js';

export interface ConvTranspose2dOptions {
  /** The stride of the convolution this one transposes: a number or [sh, sw]. Default 1. */
  readonly stride?: number | readonly [number, number];
  /** Rows and columns cut from each side of the full output: a number or [ph, pw]. Default 0. */
  readonly padding?: number | readonly [number, number];
  /** Extra rows/columns at the bottom/right, to reach the sizes a strided conv maps to the same size. Must be < stride or < dilation. Default 0. */
  readonly outputPadding?: number | readonly [number, number];
  /** Spacing between kernel taps: a number or [dh, dw]. Default 1. */
  readonly dilation?: number | readonly [number, number];
  /** Channel groups: the input channels must divide by it. Default 1. */
  readonly groups?: number;
  /** Added per output channel: shape [C_out]. */
  readonly bias?: Tensor;
}
const keys = ['stride', 'padding', 'outputPadding', 'dilation', 'groups', 'bias'] as const;

/** Output size along one axis: (in − 1)·stride − 2·pad + dil·(k − 1) + outputPadding + 1. */
export const convTransposeOut = (inSize: number, k: number, stride: number, pad: number, dil: number, outPad: number): number =>
  (inSize - 1) * stride - 2 * pad + dil * (k - 1) + outPad + 1;

/**
 * @internal the conv2d plan whose input gradient this transposed convolution is: conv2d maps the
 * output [N, C_out, OH, OW] back to the input's [N, C_in, H, W] with weight [C_in, C_out/groups, KH, KW].
 */
export const convTransposePlan = (op: string, x: Shape, w: Shape, o: ConvTranspose2dOptions): ConvPlan => {
  if (x.length !== 4) throw new ShapeError(op, 'x', x, 'must be rank 4 [N, C_in, H, W]');
  if (w.length !== 4) throw new ShapeError(op, 'w', w, 'must be rank 4 [C_in, C_out/groups, KH, KW]');
  const groups = o.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new OptionError(op, `groups must be a positive integer, got ${show(groups)}`);
  const [N, Cin, H, W] = x, [Cw, Cog, KH, KW] = w;
  if (Cw !== Cin) throw new ShapeError(op, 'w', w, `must have C_in = ${Cin} rows (weight layout [C_in, C_out/groups, KH, KW]) to match x [${x.join(', ')}]`);
  if (Cin % groups) throw new OptionError(op, `groups ${groups} must divide the input channels ${Cin}`);
  const [sh, sw] = pair(op, 'stride', o.stride, 1);
  const [dh, dw] = pair(op, 'dilation', o.dilation, 1);
  const [ph, pw] = pair(op, 'padding', o.padding, 0);
  const [oph, opw] = pair(op, 'padding', o.outputPadding, 0);
  if (oph >= Math.max(sh, dh) || opw >= Math.max(sw, dw))
    throw new OptionError(op, `outputPadding ${show(o.outputPadding)} must be smaller than the stride ${show([sh, sw])} or the dilation ${show([dh, dw])} on each axis`);
  const OH = convTransposeOut(H, KH, sh, ph, dh, oph), OW = convTransposeOut(W, KW, sw, pw, dw, opw);
  if (OH < 0 || OW < 0 || (OH === 0 && H > 0) || (OW === 0 && W > 0))
    throw new ShapeError(op, 'x', x, `gives an empty ${OH}×${OW} output: (in − 1)·stride − 2·padding + dilation·(k − 1) + outputPadding + 1 with a ${KH}×${KW} kernel, stride ${sh}×${sw}, padding ${ph}×${pw}, dilation ${dh}×${dw}, outputPadding ${oph}×${opw}`);
  // In conv2d's terms: its input is our output (C = C_out, H = OH), its output is our input (O = C_in).
  return { N, C: Cog * groups, H: OH, W: OW, O: Cin, KH, KW, groups, sh, sw, dh, dw, pt: ph, pl: pw, OH: H, OW: W };
};

/**
 * Transposed 2-D convolution of x [N, C_in, H, W] with w [C_in, C_out/groups, KH, KW] (PyTorch's
 * ConvTranspose2d layout, so its checkpoints load) → [N, C_out, OH, OW],
 * OH = (H − 1)·sh − 2·ph + dh·(KH − 1) + outputPadding + 1. It is the adjoint of conv2d(·, w) with
 * the same stride, padding, dilation and groups: ⟨conv2d(z, w), x⟩ = ⟨z, convTranspose2d(x, w)⟩.
 */
export const convTranspose2d = (x: Tensor, w: Tensor, options?: ConvTranspose2dOptions): Tensor<number[]> => {
  const op = 'convTranspose2d';
  checkOptions(op, options, keys);
  checkTensor(op, 'x', x);
  checkTensor(op, 'w', w);
  const o = options ?? {};
  for (const k of ['stride', 'padding', 'outputPadding', 'dilation'] as const) checkPairOption(op, k, o[k]);
  if (o.groups !== undefined && typeof o.groups !== 'number') throw new OptionError(op, `groups must be a positive integer, got ${show(o.groups)}`);
  const p = convTransposePlan(op, x.shape, w.shape, o);
  const outShape: [number, number, number, number] = [p.N, p.C, p.H, p.W];
  checkTensorSize(op, p.N * p.C * p.H * p.W, outShape); // a large stride can ask for a huge output: refuse it first
  if (o.bias !== undefined && (!(o.bias instanceof Tensor) || o.bias.rank !== 1 || o.bias.shape[0] !== p.C))
    throw new ShapeError(op, 'bias', o.bias instanceof Tensor ? o.bias.shape : [], `must be [${p.C}] (one per output channel)`);
  const y = convGradInputPrim([x, w], p);
  return (o.bias === undefined ? y : add(y, reshape(o.bias, [1, p.C, 1, 1]))) as Tensor<number[]>;
};
