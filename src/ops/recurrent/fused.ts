// The fused-primitive framework of the recurrent cells, and the validation the cells share.
//
// Each cell runs its big matmuls as separate kernels, then its bias adds, gate nonlinearities and
// state update as ONE fused kernel: a primitive whose pullback is ONE fused backward kernel (a
// second primitive, `…Grad`). Every fused primitive declares its reference decomposition into
// existing primitives, and the backward primitive's own pullback is the gradient of the reference
// form of the backward pass, so gradients of any order work through the fused cells.
import { vjp } from '../../autodiff/grad.js';
import { definePrimitive, type PrimitiveFn } from '../../autodiff/primitive.js';
import { ArgumentError, OptionError, ShapeError } from '../../shape/errors.js';
import { checkOptions, describe, show } from '../../shape/options.js';
import { fmt, sameShape, sizeOf, type Shape } from '../../shape/shape.js';
import { activeBackend } from '../../backend/select.js';
import type { CellKernel } from '../../backend/types.js';
import { fromStorage } from '../../tensor/create.js';
import { Tensor } from '../../tensor/tensor.js';
import { launch } from '../launch.js';
import { reshape, slice } from '../movement.js';
import { sum } from '../reduce.js';
import type { RnnCellParams } from './params.js';

// =============================================================================================
// Fused primitives: a forward kernel and a backward kernel, with the reference decomposition.

export interface FusedSpec<P> {
  readonly name: string;
  /** Names and shapes the forward inputs must have under plan p. */
  readonly inputs: (p: P) => readonly (readonly [string, Shape])[];
  readonly outShape: (p: P) => Shape;
  /** Shape of the backward kernel's stacked output. */
  readonly gradShape: (p: P) => Shape;
  readonly forwardSource: (p: P) => string;
  readonly backwardSource: (p: P) => string;
  /** Rough multiply-adds per output cell (decides multi-threading on host backends). */
  readonly work: number;
  /** The forward computation written with differentiable primitives. */
  readonly reference: (xs: readonly Tensor[], p: P) => Tensor;
  /** The forward inputs' cotangents laid out as the backward kernel's stacked output. */
  readonly layout: (cts: readonly Tensor[], xs: readonly Tensor[], p: P) => Tensor;
  /** The forward inputs' cotangents from the backward kernel's stacked output (ops only). */
  readonly unpack: (back: Tensor, xs: readonly Tensor[], y: Tensor, p: P, wants: readonly boolean[]) => readonly (Tensor | undefined)[];
  /** Plan consistency (throws OptionError). */
  readonly checkPlan: (p: P) => void;
  /** Which native cell kernel (Backend.cellGates) computes this plan, if one does. */
  readonly native?: (p: P) => CellKernel | undefined;
}

const checkInputs = (op: string, got: readonly Shape[], want: readonly (readonly [string, Shape])[]) => {
  if (got.length !== want.length) throw new OptionError(op, `takes ${want.length} inputs (${want.map(([n]) => n).join(', ')}) for this plan, got ${got.length}`);
  want.forEach(([name, s], i) => { if (!sameShape(got[i], s)) throw new ShapeError(op, name, got[i], `must be ${fmt(s)}`); });
};

/** The active backend's native kernel for the plan (forward or backward inputs), if it has one. */
const nativeCell = <P extends { B: number; H: number }>(s: FusedSpec<P>, dir: 'forward' | 'backward', xs: readonly Tensor[], p: P, shape: Shape): Tensor | undefined => {
  const cell = s.native?.(p);
  const out = cell && activeBackend().cellGates?.(cell, dir, xs.map((x) => x.storage!), p.B, p.H, sizeOf(shape));
  return out && fromStorage(shape, out);
};

/** Registers the primitives `name` (forward) and `${name}Grad` (its backward). */
export const defineFused = <P extends { B: number; H: number }>(s: FusedSpec<P>): { prim: PrimitiveFn<P>; gradPrim: PrimitiveFn<P> } => {
  /** The backward pass in reference form: xs = [g, ...forward inputs] → the stacked cotangents. */
  const gradReference = (xs: readonly Tensor[], p: P): Tensor => {
    const [, pull] = vjp((ys: Tensor[]) => s.reference(ys, p), xs.slice(1));
    return s.layout(pull(xs[0]), xs.slice(1), p);
  };
  const gradName = `${s.name}Grad`;
  const gradPrim: PrimitiveFn<P> = definePrimitive<P>({
    name: gradName,
    shape: (shapes, p) => {
      s.checkPlan(p);
      checkInputs(gradName, shapes, [['g', s.outShape(p)], ...s.inputs(p)]);
      return s.gradShape(p);
    },
    forward: (xs, p, shape) => nativeCell(s, 'backward', xs, p, shape) ?? launch(gradName, s.backwardSource(p), xs, shape, s.work),
    // Second (and higher) order: the gradient of the backward pass's reference form.
    vjp: (g, xs, _y, p) => {
      const [, pull] = vjp((ys: Tensor[]) => gradReference(ys, p), [...xs]);
      return pull(g);
    },
  });
  const prim: PrimitiveFn<P> = definePrimitive<P>({
    name: s.name,
    shape: (shapes, p) => {
      s.checkPlan(p);
      checkInputs(s.name, shapes, s.inputs(p));
      return s.outShape(p);
    },
    forward: (xs, p, shape) => nativeCell(s, 'forward', xs, p, shape) ?? launch(s.name, s.forwardSource(p), xs, shape, s.work),
    vjp: (g, xs, y, p, wants) => s.unpack(gradPrim([g, ...xs], p), xs, y, p, wants),
  });
  return { prim, gradPrim };
};

// Pieces of the stacked inputs and outputs of the fused kernels.
export const flat = (t: Tensor): Tensor => reshape(t, [t.size]);
/** Columns [k·H, (k+1)·H) of a [B, n·H] tensor. */
export const cols = (t: Tensor, k: number, H: number): Tensor => slice(t, [0, k * H], [t.shape[0], H]);
/** Entries [k·H, (k+1)·H) of a vector. */
export const part = (v: Tensor, k: number, H: number): Tensor => slice(v, [k * H], [H]);
/** Piece [from, from + n) of a flat tensor, reshaped. */
export const piece = (t: Tensor, from: number, shape: Shape): Tensor => reshape(slice(t, [from], [shape.reduce((a, b) => a * b, 1)]), shape);
export const batchSum = (t: Tensor): Tensor => sum(t, [0]);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
/** The sizes every plan carries (plans reach the primitives unchecked when called directly). */
export const checkBH = (op: string, p: { B: number; H: number }): void => {
  if (!isCount(p.B) || !isCount(p.H)) throw new OptionError(op, `plan needs integer sizes B, H ≥ 0, got B ${String(p.B)}, H ${String(p.H)}`);
};

// =============================================================================================
// Validation shared by the public cells.

/** Checks a cell's options: known keys only, each value one of `allowed[key]`. */
export const cellOptions = <O extends object>(op: string, o: O | undefined, allowed: Record<string, readonly unknown[]>): O => {
  checkOptions(op, o, Object.keys(allowed));
  if (o === undefined) return {} as O;
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && !allowed[k].includes(v)) throw new OptionError(op, `option ${k} must be ${allowed[k].map((a) => JSON.stringify(a)).join(' or ')}, got ${show(v)}`);
  }
  return o;
};

export const isTensor = (t: unknown): t is Tensor => t instanceof Tensor;

/** Checks params, h and x of a cell with G gates; sizes come from the parameters. */
export const checkCell = (op: string, p: RnnCellParams, G: number, h: Tensor, x: Tensor): { B: number; H: number; I: number } => {
  if (p === null || typeof p !== 'object') throw new ArgumentError(op, 'params', `must be an object { weightIh, weightHh, biasIh, biasHh }, got ${describe(p)}`);
  for (const k of ['weightIh', 'weightHh', 'biasIh', 'biasHh'] as const)
    if (!isTensor(p[k])) throw new ArgumentError(op, `params.${k}`, `must be a Tensor, got ${p[k] === undefined ? 'nothing' : describe(p[k])}`);
  for (const [n, t] of [['h', h], ['x', x]] as const) if (!isTensor(t)) throw new ArgumentError(op, n, `must be a Tensor, got ${describe(t)}`);
  const whh = p.weightHh.shape;
  if (whh.length !== 2 || whh[0] !== G * whh[1])
    throw new ShapeError(op, 'params.weightHh', whh, `must be [${G}·H, H] (${G === 1 ? 'one gate' : `${G} gates`} of hidden size H)`);
  const H = whh[1];
  const wih = p.weightIh.shape;
  if (wih.length !== 2 || wih[0] !== G * H)
    throw new ShapeError(op, 'params.weightIh', wih, `must be [${G * H}, I] (hidden size ${H} from params.weightHh ${fmt(whh)})`);
  const I = wih[1];
  for (const k of ['biasIh', 'biasHh'] as const)
    if (!sameShape(p[k].shape, [G * H])) throw new ShapeError(op, `params.${k}`, p[k].shape, `must be [${G * H}] (hidden size ${H} from params.weightHh ${fmt(whh)})`);
  if (x.rank !== 2 || x.shape[1] !== I) throw new ShapeError(op, 'x', x.shape, `must be [${x.rank === 2 ? x.shape[0] : 'B'}, ${I}] (input size ${I} from params.weightIh ${fmt(wih)})`);
  const B = x.shape[0];
  if (!sameShape(h.shape, [B, H])) throw new ShapeError(op, 'h', h.shape, `must be [${B}, ${H}] (batch ${B} from x ${fmt(x.shape)}, hidden size ${H} from params.weightHh ${fmt(whh)})`);
  return { B, H, I };
};

/** The cells multiply by the weights' transposes (PyTorch's [G·H, I] layout). */
export const tB = { transposeB: true } as const;
