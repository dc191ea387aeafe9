import { definePrimitive, type PrimitiveFn } from '../autodiff/primitive.js';
import { avgPoolGradSource, avgPoolSource, maxPoolGradSource, maxPoolSelectSource, maxPoolSource, type PoolPlan } from '../backend/gpujs/kernels/pool.js';
import { pair, resolvePadding, windowOut, type Padding2d } from '../shape/conv.js';
import { LimitError, OptionError, ShapeError } from '../shape/errors.js';
import { GL_LOOP_LIMIT } from '../backend/gpujs/kernels/budget.js';
import type { Shape } from '../shape/shape.js';
import type { Pool2dShape } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, launch, nativeOrLaunch } from './launch.js';
import { activeBackend } from '../backend/select.js';
import { checkBoolean, checkOptions, checkPaddingOption, checkPairOption } from '../shape/options.js';

interface Plan extends PoolPlan { readonly N: number; readonly C: number }
const outShape = (p: Plan) => [p.N, p.C, p.OH, p.OW];
const inShape = (p: Plan) => [p.N, p.C, p.H, p.W];
/** Per window, the offset a·KW + b of its first maximum (of its first NaN, if it holds one). */
const argmax = (x: Tensor, p: Plan) =>
  nativeOrLaunch(activeBackend().maxPool?.('argmax', x.storage!, p), 'maxPoolArgmax', () => maxPoolSource(p, true), [x], outShape(p), p.KH * p.KW);

// maxPool2d, its gradient and its "select" form are closed under the pullback (second order works).
const maxPoolPrim: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'maxPool2d',
  shape: (_s, p) => outShape(p),
  forward: ([x], p, shape) => nativeOrLaunch(activeBackend().maxPool?.('max', x.storage!, p), 'maxPool2d', () => maxPoolSource(p, false), [x], shape, p.KH * p.KW),
  vjp: (g, [x], _y, p) => [maxPoolGradPrim([g, x], p)],
});

const maxPoolGradPrim: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'maxPool2dGrad',
  shape: (_s, p) => inShape(p),
  forward: ([gy, x], p, shape) => {
    const am = argmax(x, p);
    return nativeOrLaunch(activeBackend().maxPoolGrad?.(gy.storage!, am.storage!, p), 'maxPool2dGrad', () => maxPoolGradSource(p), [gy, am], shape, p.KH * p.KW);
  },
  vjp: (g, [, x], _y, p) => [maxPoolSelectPrim([g, x], p), undefined],
});

/** v read at each window's first maximum of x. */
const maxPoolSelectPrim: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'maxPool2dSelect',
  shape: (_s, p) => outShape(p),
  forward: ([v, x], p, shape) => launch('maxPool2dSelect', maxPoolSelectSource(p), [v, argmax(x, p)], shape),
  vjp: (g, [, x], _y, p) => [maxPoolGradPrim([g, x], p), undefined],
});

const avgPoolPrim: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'avgPool2d',
  shape: (_s, p) => outShape(p),
  forward: ([x], p, shape) => launch('avgPool2d', avgPoolSource(p), [x], shape, p.KH * p.KW),
  vjp: (g, _x, _y, p) => [avgPoolGradPrim([g], p)],
});

const avgPoolGradPrim: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'avgPool2dGrad',
  shape: (_s, p) => inShape(p),
  forward: ([gy], p, shape) => launch('avgPool2dGrad', avgPoolGradSource(p), [gy], shape, p.KH * p.KW),
  vjp: (g, _x, _y, p) => [avgPoolPrim([g], p)],
});

export interface Pool2dOptions {
  /** Window size: a number or [kh, kw]. */
  readonly size: number | readonly [number, number];
  /** Default: the window size. */
  readonly stride?: number | readonly [number, number];
  /** Default 0. Padded cells never win a max. */
  readonly padding?: Padding2d;
  /** avgPool2d only: divide by the whole window (true, default) or only by the cells inside the input. */
  readonly countIncludePad?: boolean;
}
const poolKeys = ['size', 'stride', 'padding', 'countIncludePad'] as const;

const plan = (op: string, x: Shape, o: Pool2dOptions): Plan => {
  if (o === null || typeof o !== 'object') throw new OptionError(op, 'needs options { size, stride?, padding? }');
  if (x.length !== 4) throw new ShapeError(op, 'x', x, 'must be rank 4 [N, C, H, W]');
  const [N, C, H, W] = x;
  const [KH, KW] = pair(op, 'size', o.size, 1);
  const [sh, sw] = o.stride === undefined ? [KH, KW] : pair(op, 'stride', o.stride, 1);
  const [[pt, pb], [pl, pr]] = resolvePadding(op, o.padding, [H, W], [KH, KW], [sh, sw], [1, 1]);
  if (pt >= KH || pb >= KH || pl >= KW || pr >= KW) throw new OptionError(op, `padding must be smaller than the window (${KH}×${KW})`);
  const OH = windowOut(H, KH, sh, 1, pt, pb), OW = windowOut(W, KW, sw, 1, pl, pr);
  if (OH < 1 || OW < 1) throw new ShapeError(op, 'x', x, `is smaller than the ${KH}×${KW} window`);
  // One thread scans one window (KH rows of KW cells): GL stops a thread's loops after 65,535 iterations.
  if (KH * (1 + KW) > GL_LOOP_LIMIT)
    throw new LimitError(op, `loop iterations for a ${KH}×${KW} window`, KH * (1 + KW), GL_LOOP_LIMIT, 'for a global pooling use mean or max over the spatial axes');
  return { N, C, P: N * C, H, W, KH, KW, sh, sw, pt, pl, OH, OW, countIncludePad: o.countIncludePad ?? true };
};

/** The types of the window options, before their values are read (a cycle or a string would not survive the message). */
const checkWindow = (op: string, o: Pool2dOptions | undefined): void => {
  checkPairOption(op, 'size', o?.size);
  checkPairOption(op, 'stride', o?.stride);
  checkPaddingOption(op, o?.padding);
};

type Opt<O, K extends string> = O extends { readonly [P in K]: infer V } ? V : undefined;
type Out<X extends Shape, O extends Pool2dOptions> =
  O['size'] extends number
    ? Pool2dShape<X, O['size'], Opt<O, 'stride'> extends number ? Opt<O, 'stride'> : Opt<O, 'stride'> extends undefined ? O['size'] : number,
        Opt<O, 'padding'> extends number ? Opt<O, 'padding'> : Opt<O, 'padding'> extends undefined | 'valid' ? 0 : number>
    : number[];

/**
 * Max over each window of x [N, C, H, W]; the gradient goes to the first maximum in row-major window
 * order. A window holding a NaN gives NaN and sends its gradient to its first NaN.
 */
export const maxPool2d = <X extends Shape, const O extends Pool2dOptions>(x: Tensor<X>, options: O): Tensor<Out<X, O>> => {
  checkTensor('maxPool2d', 'x', x);
  checkOptions('maxPool2d', options, poolKeys);
  checkWindow('maxPool2d', options);
  if (options?.countIncludePad !== undefined) throw new OptionError('maxPool2d', "countIncludePad applies to avgPool2d only");
  return maxPoolPrim([x], plan('maxPool2d', x.shape, options)) as Tensor<Out<X, O>>;
};

/** Mean over each window of x [N, C, H, W]. */
export const avgPool2d = <X extends Shape, const O extends Pool2dOptions>(x: Tensor<X>, options: O): Tensor<Out<X, O>> => {
  checkTensor('avgPool2d', 'x', x);
  checkOptions('avgPool2d', options, poolKeys);
  checkWindow('avgPool2d', options);
  checkBoolean('avgPool2d', 'countIncludePad', options?.countIncludePad);
  return avgPoolPrim([x], plan('avgPool2d', x.shape, options)) as Tensor<Out<X, O>>;
};
