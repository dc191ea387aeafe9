import { definePrimitive, type PrimitiveFn } from '../autodiff/primitive.js';
import {
  col2imSource, convForwardSource, convGradInputSource, convGradWeightSource, convWork, forwardSplit, gradInputSplit, gradWeightSplit,
  im2colSource, im2colTable, patchesSize, type ConvPlan, type Split,
} from '../backend/gpujs/kernels/conv.js';
import { launchInParts, reduceMiddle } from './partials.js';
import { gemm, nativeGemm, permuteRaw } from './gemm.js';
import { pair, resolvePadding, windowOut, type Padding2d } from '../shape/conv.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { fmt, sameShape, sizeOf, type Shape } from '../shape/shape.js';
import type { Conv2dCheck, Conv2dShape } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import { fromHost, fromStorage } from '../tensor/create.js';
import { activeBackend } from '../backend/select.js';
import type { Storage } from '../backend/types.js';
import { add } from './elementwise.js';
import { checkTensor, launch } from './launch.js';
import { checkTensorSize } from '../backend/limits.js';
import { checkOptions, checkPaddingOption, checkPairOption, show } from '../shape/options.js';
import { reshape } from './movement.js';

const expect = (op: string, arg: string, got: Shape, want: Shape) => {
  if (!sameShape(got, want)) throw new ShapeError(op, arg, got, `must be ${fmt(want)}`);
};
const xShape = (p: ConvPlan) => [p.N, p.C, p.H, p.W];
const wShape = (p: ConvPlan) => [p.O, p.C / p.groups, p.KH, p.KW];
const yShape = (p: ConvPlan) => [p.N, p.O, p.OH, p.OW];

/**
 * Convolutions lower to im2col + a contiguous matrix product when the product's reduction is long
 * enough to pay for laying out the patch matrix (the product's unrolled inner loop is several times
 * faster than the direct loops), and while that matrix stays small. Otherwise (few channels, as in
 * a first layer on grey images, or huge inputs) the direct kernels run, which need no extra memory.
 * Measured on 2 cores (`npm run bench`): LeNet's first layer (C·KH·KW = 25) is ~1.7× faster direct;
 * a 32→64 channel 3×3 layer (288) is ~1.8× faster through im2col.
 */
const PATCHES_LIMIT = 1 << 23;
const MIN_REDUCTION = 64;
// A backend with its own matrix product (the SIMD engine) takes every convolution whose patches fit:
// it beats the direct kernels at any reduction. Not when an input holds ±Inf or NaN: a product over
// zero padding gives 0 · Inf = NaN where the direct kernels skip the padding, so such inputs take
// the same path as on 'cpu' and every backend agrees on which outputs see them.
const finite = (t: Tensor): boolean => {
  const h = t.storage!.backend.read(t.storage!);
  for (let i = 0; i < h.length; i++) if (!Number.isFinite(h[i])) return false;
  return true;
};
const im2colFor = (p: ConvPlan, which: 'forward' | 'input' | 'weight', inputs: readonly Tensor[]) =>
  patchesSize(p) <= PATCHES_LIMIT && ((nativeGemm() && inputs.every(finite)) || (which === 'input' ? p.O / p.groups : (p.C / p.groups) * p.KH * p.KW) >= (which === 'input' ? 16 : MIN_REDUCTION));

const dimsOf = (p: ConvPlan) => {
  const G = p.groups, Og = p.O / G, Cg = p.C / G, CKK = Cg * p.KH * p.KW, P = p.OH * p.OW;
  return { G, Og, Cg, CKK, P };
};
const tables = new Map<string, { readonly f32: Float32Array; readonly i32: Int32Array }>();
const tableOf = (p: ConvPlan) => {
  const id = JSON.stringify(p);
  let tab = tables.get(id);
  if (!tab) {
    const f32 = im2colTable(p);
    tab = { f32, i32: Int32Array.from(f32) };
    if (tables.size > 256) tables.clear();
    tables.set(id, tab);
  }
  return tab;
};
/** The native block gather/scatter of the backend in use, if it has them. */
const nativeBlocks = (kind: 'gather' | 'scatter', src: Tensor, p: ConvPlan, stride: number, shape: Shape): Tensor | undefined => {
  const backend = activeBackend();
  if (!backend.blocks) return undefined;
  checkTensorSize(kind === 'gather' ? 'im2col' : 'col2im', sizeOf(shape), shape);
  const s = backend.blocks(kind, src.storage!, tableOf(p).i32, p.N * p.groups, stride);
  return s && fromStorage(shape, s);
};
// The patches of an input, per plan, while that input lives: the weight gradient reuses the
// forward's (host backends only: on GL a cached texture would outlive the scope that frees it).
const madePatches = new Map<string, WeakMap<Storage, Tensor>>();
const patches = (x: Tensor, p: ConvPlan) => {
  const { G, Cg, CKK, P } = dimsOf(p);
  const shape = [p.N, G, P, CKK];
  const id = JSON.stringify(p);
  const cached = activeBackend().blocks ? madePatches.get(id)?.get(x.storage!) : undefined;
  // (a scope may have released them since: then they are made again)
  if (cached && cached.storage?.host !== undefined) return cached;
  const made = nativeBlocks('gather', x, p, Cg * p.H * p.W, shape);
  if (!made) {
    const tab = tableOf(p).f32;
    return launch('im2col', im2colSource(p), [x, fromHost(tab, [tab.length])], shape);
  }
  if (madePatches.size > 256) madePatches.clear();
  let byInput = madePatches.get(id);
  if (!byInput) { byInput = new WeakMap(); madePatches.set(id, byInput); }
  byInput.set(x.storage!, made);
  return made;
};

/** A direct kernel whose outer reduction loop may be cut into chunks (partial sums, added up). */
const direct = (name: string, source: (p: ConvPlan, sp: Split) => string, sp: Split, p: ConvPlan, inputs: readonly Tensor[], shape: Shape, work: number): Tensor =>
  launchInParts(name, source(p, sp), inputs, sp.count, shape, work / sp.count);

const convForward = (x: Tensor, w: Tensor, p: ConvPlan, shape: Shape): Tensor => {
  if (!im2colFor(p, 'forward', [x, w])) return direct('conv2d', convForwardSource, forwardSplit(p), p, [x, w], shape, convWork(p, 'forward'));
  const { G, Og, CKK, P } = dimsOf(p);
  // y[n, g, o, p] = Σ_k W[g, o, k] · patches[n, g, p, k]
  return gemm(w, patches(x, p), { batch: p.N * G, m: Og, n: P, k: CKK, a: { mod: G, stride: Og * CKK }, b: { mod: 0, stride: P * CKK } }, shape);
};

const convGradInput = (gy: Tensor, w: Tensor, p: ConvPlan, shape: Shape): Tensor => {
  if (!im2colFor(p, 'input', [gy, w])) return direct('conv2dGradInput', convGradInputSource, gradInputSplit(p), p, [gy, w], shape, convWork(p, 'input'));
  const { G, Og, CKK, P } = dimsOf(p);
  // dcols[n, g, p, k] = Σ_o gy[n, g, o, p] · W[g, o, k]: both operands are k-major as stored (a native product reads them so).
  const dcols = nativeGemm()
    ? gemm(gy, w, { batch: p.N * G, m: P, n: CKK, k: Og, a: { mod: 0, stride: Og * P, kMajor: true }, b: { mod: G, stride: Og * CKK, kMajor: true } }, [p.N, G, P, CKK])
    : gradInputCols(gy, w, p);
  return nativeBlocks('scatter', dcols, p, (p.C / G) * p.H * p.W, shape) ?? launch('col2im', col2imSource(p), [dcols], shape, p.KH * p.KW);
};

const gradInputCols = (gy: Tensor, w: Tensor, p: ConvPlan): Tensor => {
  const { G, Og, CKK, P } = dimsOf(p);
  const gyT = permuteRaw(gy, [p.N, G, Og, P], [0, 1, 3, 2]); // [N, G, P, Og]
  const wT = permuteRaw(w, [G, Og, CKK], [0, 2, 1]); // [G, CKK, Og]
  return gemm(gyT, wT, { batch: p.N * G, m: P, n: CKK, k: Og, a: { mod: 0, stride: P * Og }, b: { mod: G, stride: CKK * Og } }, [p.N, G, P, CKK]);
};

const convGradWeight = (x: Tensor, gy: Tensor, p: ConvPlan, shape: Shape): Tensor => {
  if (!im2colFor(p, 'weight', [x, gy])) return direct('conv2dGradWeight', convGradWeightSource, gradWeightSplit(p), p, [x, gy], shape, convWork(p, 'weight'));
  const { G, Og, CKK, P } = dimsOf(p);
  if (nativeGemm()) {
    // One product per image, dW[n, g, o, k] = Σ_p gy[n, g, o, p] · patches[n, g, p, k] (patches k-major as made), then the sum over images.
    const perImage = gemm(gy, patches(x, p), { batch: p.N * G, m: Og, n: CKK, k: P, a: { mod: 0, stride: Og * P }, b: { mod: 0, stride: P * CKK, kMajor: true } }, [p.N, G * Og * CKK]);
    return reduceMiddle('sum', perImage, 1, p.N, G * Og * CKK, shape);
  }
  const gyR = permuteRaw(gy, [p.N, G, Og, P], [1, 2, 0, 3]); // [G, Og, N, P]
  const colsR = permuteRaw(patches(x, p), [p.N, G, P, CKK], [1, 3, 0, 2]); // [G, CKK, N, P]
  const NP = p.N * P;
  return gemm(gyR, colsR, { batch: G, m: Og, n: CKK, k: NP, a: { mod: 0, stride: Og * NP }, b: { mod: 0, stride: CKK * NP } }, shape);
};

// The three primitives are closed under the pullback (each one's VJP is made of the others),
// so conv gradients can be differentiated again.
const convPrim: PrimitiveFn<ConvPlan> = definePrimitive<ConvPlan>({
  name: 'conv2d',
  shape: ([x, w], p) => { expect('conv2d', 'x', x, xShape(p)); expect('conv2d', 'w', w, wShape(p)); return yShape(p); },
  forward: ([x, w], p, shape) => convForward(x, w, p, shape),
  vjp: (g, [x, w], _y, p, wants) => [wants[0] ? convGradInputPrim([g, w], p) : undefined, wants[1] ? convGradWeightPrim([x, g], p) : undefined],
});

/** @internal the adjoint of conv2d in its input: convTranspose2d runs on it (src/ops/conv-transpose.ts). */
export const convGradInputPrim: PrimitiveFn<ConvPlan> = definePrimitive<ConvPlan>({
  name: 'conv2dGradInput',
  shape: ([gy, w], p) => { expect('conv2dGradInput', 'gy', gy, yShape(p)); expect('conv2dGradInput', 'w', w, wShape(p)); return xShape(p); },
  forward: ([gy, w], p, shape) => convGradInput(gy, w, p, shape),
  vjp: (g, [gy, w], _y, p, wants) => [wants[0] ? convPrim([g, w], p) : undefined, wants[1] ? convGradWeightPrim([g, gy], p) : undefined],
});

const convGradWeightPrim: PrimitiveFn<ConvPlan> = definePrimitive<ConvPlan>({
  name: 'conv2dGradWeight',
  shape: ([x, gy], p) => { expect('conv2dGradWeight', 'x', x, xShape(p)); expect('conv2dGradWeight', 'gy', gy, yShape(p)); return wShape(p); },
  forward: ([x, gy], p, shape) => convGradWeight(x, gy, p, shape),
  vjp: (g, [x, gy], _y, p, wants) => [wants[0] ? convGradInputPrim([gy, g], p) : undefined, wants[1] ? convPrim([x, g], p) : undefined],
});

export interface Conv2dOptions {
  /** Step between windows: a number or [sh, sw]. Default 1. */
  readonly stride?: number | readonly [number, number];
  /** A number, [ph, pw], [[top, bottom], [left, right]], 'same' (out = ceil(in / stride)) or 'valid' (default). */
  readonly padding?: Padding2d;
  /** Spacing between kernel taps: a number or [dh, dw]. Default 1. */
  readonly dilation?: number | readonly [number, number];
  /** Channel groups: C and O must both divide by it. Default 1. */
  readonly groups?: number;
  /** Added per output channel: shape [O]. */
  readonly bias?: Tensor;
}
const convKeys = ['stride', 'padding', 'dilation', 'groups', 'bias'] as const;

/** @internal the static plan of a conv2d for these shapes and options. */
export const convPlan = (op: string, x: Shape, w: Shape, o: Conv2dOptions): ConvPlan => {
  if (x.length !== 4) throw new ShapeError(op, 'x', x, 'must be rank 4 [N, C, H, W]');
  if (w.length !== 4) throw new ShapeError(op, 'w', w, 'must be rank 4 [O, C/groups, KH, KW]');
  const groups = o.groups ?? 1;
  if (!Number.isInteger(groups) || groups < 1) throw new OptionError(op, `groups must be a positive integer, got ${groups}`);
  const [N, C, H, W] = x, [O, Cg, KH, KW] = w;
  if (C % groups || O % groups) throw new OptionError(op, `groups ${groups} must divide both the input channels ${C} and the output channels ${O}`);
  if (Cg !== C / groups) throw new ShapeError(op, 'w', w, `must have C/groups = ${C / groups} input channels to match x ${fmt(x)}`, `groups ${groups}`);
  const [sh, sw] = pair(op, 'stride', o.stride, 1);
  const [dh, dw] = pair(op, 'dilation', o.dilation, 1);
  const [[pt, pb], [pl, pr]] = resolvePadding(op, o.padding, [H, W], [KH, KW], [sh, sw], [dh, dw]);
  const OH = windowOut(H, KH, sh, dh, pt, pb), OW = windowOut(W, KW, sw, dw, pl, pr);
  if (OH < 0 || OW < 0 || (OH === 0 && H > 0) || (OW === 0 && W > 0))
    throw new ShapeError(op, 'x', x, `is too small for a ${KH}×${KW} kernel (dilation ${dh}×${dw}, padding ${pt}+${pb}, ${pl}+${pr})`);
  return { N, C, H, W, O, KH, KW, groups, sh, sw, dh, dw, pt, pl, OH: Math.max(0, OH), OW: Math.max(0, OW) };
};

type Opt<O, K extends string> = O extends { readonly [P in K]: infer V } ? V : undefined;
type Num<V, D extends number> = V extends number ? V : V extends undefined ? D : number;
type PadOf<P> = P extends number ? P : P extends 'valid' | undefined ? 0 : number;
type ConvOut<X extends Shape, Wt extends Shape, O> =
  Opt<O, 'padding'> extends 'same'
    ? (Num<Opt<O, 'stride'>, 1> extends 1 ? (X extends readonly [infer N extends number, number, infer H extends number, infer W extends number] ? (Wt extends readonly [infer Oc extends number, ...number[]] ? [N, Oc, H, W] : number[]) : number[]) : number[])
    : Opt<O, 'dilation'> extends undefined | 1 ? Conv2dShape<X, Wt, Num<Opt<O, 'stride'>, 1>, PadOf<Opt<O, 'padding'>>> : number[];

/**
 * 2-D convolution (cross-correlation) of x [N, C, H, W] with w [O, C/groups, KH, KW] → [N, O, OH, OW],
 * OH = floor((H + top + bottom − dh·(KH − 1) − 1) / sh) + 1. See Conv2dOptions.
 */
export const conv2d = <X extends Shape, Wt extends Shape, const O extends Conv2dOptions = Record<never, never>>(
  x: Tensor<X>, w: Tensor<Wt> & Conv2dCheck<X, Wt, Opt<O, 'groups'>>, options?: O,
): Tensor<ConvOut<X, Wt, O>> => {
  checkOptions('conv2d', options, convKeys);
  checkWindowOptions('conv2d', options);
  return conv2dAs('conv2d', x, w, options ?? {}) as Tensor<ConvOut<X, Wt, O>>;
};

/** The types of the window options, before their values are read (a cycle or a string would not survive the message). */
const checkWindowOptions = (op: string, o: Conv2dOptions | undefined): void => {
  checkPairOption(op, 'stride', o?.stride);
  checkPairOption(op, 'dilation', o?.dilation);
  checkPaddingOption(op, o?.padding);
  if (o?.groups !== undefined && typeof o.groups !== 'number') throw new OptionError(op, `groups must be a positive integer, got ${show(o.groups)}`);
};

/** conv2d with errors naming `op` (conv1d runs through it). */
const conv2dAs = (op: string, x: Tensor, w: Tensor, o: Conv2dOptions): Tensor => {
  checkTensor(op, 'x', x);
  checkTensor(op, 'w', w);
  const plan = convPlan(op, x.shape, w.shape, o);
  // Large padding can ask for a huge output: refuse it before allocating.
  checkTensorSize(op, plan.N * plan.O * plan.OH * plan.OW, yShape(plan));
  if (o.bias !== undefined && (!(o.bias instanceof Tensor) || o.bias.rank !== 1 || o.bias.shape[0] !== plan.O))
    throw new ShapeError(op, 'bias', o.bias instanceof Tensor ? o.bias.shape : [], `must be [${plan.O}] (one per output channel)`);
  const y = convPrim([x, w], plan);
  return o.bias === undefined ? y : add(y, reshape(o.bias, [1, plan.O, 1, 1]));
};

export interface Conv1dOptions {
  readonly stride?: number;
  /** A number, [left, right], 'same' or 'valid' (default). */
  readonly padding?: number | readonly [number, number] | 'same' | 'valid';
  readonly dilation?: number;
  readonly groups?: number;
  readonly bias?: Tensor;
}

/** 1-D convolution of x [N, C, L] with w [O, C/groups, K] → [N, O, OL] (a conv2d with height 1). */
export const conv1d = (x: Tensor, w: Tensor, options: Conv1dOptions = {}): Tensor<number[]> => {
  checkTensor('conv1d', 'x', x);
  checkTensor('conv1d', 'w', w);
  checkOptions('conv1d', options, convKeys);
  checkPaddingOption('conv1d', options.padding, false);
  checkWindowOptions('conv1d', { groups: options.groups });
  for (const k of ['stride', 'dilation'] as const) {
    const v = options[k];
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) throw new OptionError('conv1d', `${k} must be a positive integer, got ${show(v)}`);
  }
  if (x.rank !== 3) throw new ShapeError('conv1d', 'x', x.shape, 'must be rank 3 [N, C, L]');
  if (w.rank !== 3) throw new ShapeError('conv1d', 'w', w.shape, 'must be rank 3 [O, C/groups, K]');
  const p = options.padding;
  const padding: Padding2d | undefined = typeof p === 'number' ? [[0, 0], [p, p]] : Array.isArray(p) ? [[0, 0], [p[0], p[1]]] : (p as 'same' | 'valid' | undefined);
  const opts: Conv2dOptions = {
    ...(options.stride !== undefined ? { stride: [1, options.stride] as const } : {}),
    ...(options.dilation !== undefined ? { dilation: [1, options.dilation] as const } : {}),
    ...(padding !== undefined ? { padding } : {}),
    ...(options.groups !== undefined ? { groups: options.groups } : {}),
    ...(options.bias !== undefined ? { bias: options.bias } : {}),
  };
  const [N, C, L] = x.shape, [O, Cg, K] = w.shape;
  const y = conv2dAs('conv1d', reshape(x, [N, C, 1, L]), reshape(w, [O, Cg, 1, K]), opts);
  return reshape(y, [y.shape[0], y.shape[1], y.shape[3]]) as Tensor<number[]>;
};
