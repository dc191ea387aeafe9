// Recurrent cells (plain RNN, LSTM with optional peepholes, GRU in the lecture's and PyTorch's
// variants) with the parameter layouts of DESIGN.md.
//
// Each cell runs its big matmuls (x·W_ihᵀ, h·W_hhᵀ, peephole and W_hn products) as separate
// kernels, then its bias adds, gate nonlinearities and state update as ONE fused kernel: a
// primitive whose pullback is ONE fused backward kernel (a second primitive, `…Grad`). Every fused
// primitive declares its reference decomposition into existing primitives (`…GatesReference`), and
// the backward primitive's own pullback is the gradient of the reference form of the backward
// pass, so gradients of any order work through the fused cells. Each cell also has a reference
// form written straight from the formulas (`…CellReference`), run by `{ fused: false }`.
import { vjp } from '../autodiff/grad.js';
import { definePrimitive, type PrimitiveFn } from '../autodiff/primitive.js';
import {
  gruBackwardSource, gruForwardSource, gruInputNames, lstmBackwardSource, lstmForwardSource, lstmInputNames,
  rnnBackwardSource, rnnForwardSource,
  type GruKernelPlan, type LstmKernelPlan, type PeepholeKind, type RnnActivation,
} from '../backend/gpujs/kernels/recurrent.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe, show } from '../shape/options.js';
import { fmt, sameShape, type Shape } from '../shape/shape.js';
import { zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { add, mul, relu, sigmoid, sub, tanh } from './elementwise.js';
import { launch } from './launch.js';
import { matmul } from './matmul.js';
import { concat, reshape, slice, stack } from './movement.js';
import { sum } from './reduce.js';

export type { GruKernelPlan, LstmKernelPlan, PeepholeKind, RnnActivation } from '../backend/gpujs/kernels/recurrent.js';
export interface RnnKernelPlan { readonly B: number; readonly H: number; readonly act: RnnActivation }

// =============================================================================================
// Fused primitives: a forward kernel and a backward kernel, with the reference decomposition.

interface FusedSpec<P> {
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
}

const checkInputs = (op: string, got: readonly Shape[], want: readonly (readonly [string, Shape])[]) => {
  if (got.length !== want.length) throw new OptionError(op, `takes ${want.length} inputs (${want.map(([n]) => n).join(', ')}) for this plan, got ${got.length}`);
  want.forEach(([name, s], i) => { if (!sameShape(got[i], s)) throw new ShapeError(op, name, got[i], `must be ${fmt(s)}`); });
};

const defineFused = <P>(s: FusedSpec<P>) => {
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
    forward: (xs, p, shape) => launch(gradName, s.backwardSource(p), xs, shape, s.work),
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
    forward: (xs, p, shape) => launch(s.name, s.forwardSource(p), xs, shape, s.work),
    vjp: (g, xs, y, p, wants) => s.unpack(gradPrim([g, ...xs], p), xs, y, p, wants),
  });
  return { prim, gradPrim, gradReference };
};

const flat = (t: Tensor): Tensor => reshape(t, [t.size]);
/** Columns [k·H, (k+1)·H) of a [B, n·H] tensor. */
const cols = (t: Tensor, k: number, H: number): Tensor => slice(t, [0, k * H], [t.shape[0], H]);
/** Entries [k·H, (k+1)·H) of a vector. */
const part = (v: Tensor, k: number, H: number): Tensor => slice(v, [k * H], [H]);
/** Piece [from, from + n) of a flat tensor, reshaped. */
const piece = (t: Tensor, from: number, shape: Shape): Tensor => reshape(slice(t, [from], [shape.reduce((a, b) => a * b, 1)]), shape);
const batchSum = (t: Tensor): Tensor => sum(t, [0]);

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const checkBH = (op: string, p: { B: number; H: number }) => {
  if (!isCount(p.B) || !isCount(p.H)) throw new OptionError(op, `plan needs integer sizes B, H ≥ 0, got B ${String(p.B)}, H ${String(p.H)}`);
};

// ---------------------------------------------------------------------------------------------
// RNN: h' = act(xw + hw + b_ih + b_hh)

/** Reference of the fused RNN primitive: inputs xw, hw [B, H], bih, bhh [H]. */
export const rnnCellGatesReference = ([xw, hw, bih, bhh]: readonly Tensor[], p: RnnKernelPlan): Tensor => {
  const a = add(add(xw, hw), add(bih, bhh));
  return p.act === 'relu' ? relu(a) : tanh(a);
};

const rnnFused = defineFused<RnnKernelPlan>({
  name: 'rnnCellGates',
  inputs: ({ B, H }) => [['xw', [B, H]], ['hw', [B, H]], ['bih', [H]], ['bhh', [H]]],
  outShape: ({ B, H }) => [B, H],
  gradShape: ({ B, H }) => [B, H],
  forwardSource: (p) => rnnForwardSource(p.H, p.act),
  backwardSource: (p) => rnnBackwardSource(p.H, p.act),
  work: 8,
  reference: rnnCellGatesReference,
  layout: (cts) => cts[0],
  unpack: (d, _xs, _y, _p, wants) => {
    const db = wants[2] || wants[3] ? batchSum(d) : undefined;
    return [wants[0] ? d : undefined, wants[1] ? d : undefined, wants[2] ? db : undefined, wants[3] ? db : undefined];
  },
  checkPlan: (p) => {
    checkBH('rnnCellGates', p);
    if (p.act !== 'tanh' && p.act !== 'relu') throw new OptionError('rnnCellGates', `act must be 'tanh' or 'relu', got ${String(p.act)}`);
  },
});

/** @internal fused RNN step after the matmuls: act(xw + hw + b_ih + b_hh) [B, H]. */
export const rnnCellGates: PrimitiveFn<RnnKernelPlan> = rnnFused.prim;
/** @internal its backward: [g, xw, hw, bih, bhh] → the pre-activation's cotangent [B, H]. */
export const rnnCellGatesGrad: PrimitiveFn<RnnKernelPlan> = rnnFused.gradPrim;
/** The backward of the fused RNN step in reference form (inputs [g, xw, hw, bih, bhh]). */
export const rnnCellGatesGradReference: (xs: readonly Tensor[], p: RnnKernelPlan) => Tensor = rnnFused.gradReference;

// ---------------------------------------------------------------------------------------------
// LSTM

const lstmInputs = (p: LstmKernelPlan): [string, Shape][] => {
  const { B, H } = p;
  const shapes: Record<string, Shape> = { xw: [B, 4 * H], hw: [B, 4 * H], bih: [4 * H], bhh: [4 * H], cp: [B, H] };
  return lstmInputNames(p).map((n) => [n, shapes[n] ?? (n.startsWith('p') ? [H] : [B, H])]);
};

/**
 * Reference of the fused LSTM primitive. Inputs: xw, hw [B, 4H]; bih, bhh [4H]; cp [B, H]; then per
 * gate i, f, o with a peephole its vector [H] (diagonal) or its precomputed term c·Pᵀ [B, H] (full).
 * Output: [2, B, H] = c' | h' (part 'ch'), c' (part 'c') or h' (part 'h').
 */
export const lstmCellGatesReference = (xs: readonly Tensor[], p: LstmKernelPlan): Tensor => {
  const { H } = p;
  const [xw, hw, bih, bhh, cp] = xs;
  const extra = xs.slice(5);
  const next = () => extra.shift()!;
  const peep = (kind: PeepholeKind, cell: Tensor): Tensor | undefined => (kind === 'diag' ? mul(next(), cell) : kind === 'full' ? next() : undefined);
  const plus = (a: Tensor, b: Tensor | undefined) => (b ? add(a, b) : a);
  const z = add(add(xw, hw), add(bih, bhh));
  const i = sigmoid(plus(cols(z, 0, H), peep(p.pi, cp)));
  const f = sigmoid(plus(cols(z, 1, H), peep(p.pf, cp)));
  const g = tanh(cols(z, 2, H));
  const c = add(mul(f, cp), mul(i, g));
  if (p.part === 'c') return c;
  const o = sigmoid(plus(cols(z, 3, H), peep(p.po, c)));
  const h = mul(o, tanh(c));
  return p.part === 'h' ? h : stack([c, h], 0);
};

const lstmFused = defineFused<LstmKernelPlan>({
  name: 'lstmCellGates',
  inputs: lstmInputs,
  outShape: ({ B, H, part: pt }) => (pt === 'ch' ? [2, B, H] : [B, H]),
  gradShape: ({ B, H }) => [5 * B * H],
  forwardSource: lstmForwardSource,
  backwardSource: lstmBackwardSource,
  work: 40,
  reference: lstmCellGatesReference,
  // dz (= d xw) then dc_prev
  layout: (cts) => concat([flat(cts[0]), flat(cts[4])], 0),
  unpack: (back, xs, y, p, wants) => {
    const { B, H } = p;
    const dz = piece(back, 0, [B, 4 * H]);
    const db = wants[2] || wants[3] ? batchSum(dz) : undefined;
    const out: (Tensor | undefined)[] = [wants[0] ? dz : undefined, wants[1] ? dz : undefined, wants[2] ? db : undefined, wants[3] ? db : undefined,
      wants[4] ? piece(back, 4 * B * H, [B, H]) : undefined];
    const cNew = () => reshape(slice(y, [0, 0, 0], [1, B, H]), [B, H]);
    ([[p.pi, 0, () => xs[4]], [p.pf, 1, () => xs[4]], [p.po, 3, cNew]] as const).forEach(([kind, k, cell]) => {
      if (kind === 'none') return;
      const idx = out.length;
      out.push(!wants[idx] ? undefined : kind === 'full' ? cols(dz, k, H) : batchSum(mul(cols(dz, k, H), cell())));
    });
    return out;
  },
  checkPlan: (p) => {
    checkBH('lstmCellGates', p);
    const kinds = ['none', 'diag', 'full'];
    for (const k of [p.pi, p.pf, p.po]) if (!kinds.includes(k)) throw new OptionError('lstmCellGates', `peephole kinds must be 'none', 'diag' or 'full', got ${String(k)}`);
    if (!['ch', 'c', 'h'].includes(p.part)) throw new OptionError('lstmCellGates', `part must be 'ch', 'c' or 'h', got ${String(p.part)}`);
    if ((p.po === 'full') !== (p.part === 'h')) throw new OptionError('lstmCellGates', "a full peephole on o (c'·P_oᵀ needs c' first) goes with part 'h' and only with it");
    if (p.part === 'c' && p.po !== 'none') throw new OptionError('lstmCellGates', "part 'c' does not compute the o gate: po must be 'none'");
  },
});

/** @internal fused LSTM gates and state update after the matmuls (see lstmCellGatesReference). */
export const lstmCellGates: PrimitiveFn<LstmKernelPlan> = lstmFused.prim;
/** @internal its backward: [g, ...forward inputs] → dz [B·4H] | dc_prev [B·H], flat. */
export const lstmCellGatesGrad: PrimitiveFn<LstmKernelPlan> = lstmFused.gradPrim;
/** The backward of the fused LSTM step in reference form (inputs [g, ...forward inputs]). */
export const lstmCellGatesGradReference: (xs: readonly Tensor[], p: LstmKernelPlan) => Tensor = lstmFused.gradReference;

// ---------------------------------------------------------------------------------------------
// GRU

const gruInputs = (p: GruKernelPlan): [string, Shape][] => {
  const { B, H } = p;
  const shapes: Record<string, Shape> = { xw: [B, 3 * H], hw: [B, (p.variant === 'cho' ? 2 : 3) * H], bih: [3 * H], bhh: [3 * H], h: [B, H], rhw: [B, H] };
  return gruInputNames(p).map((n) => [n, shapes[n]]);
};

/**
 * Reference of the fused GRU primitive. Inputs: xw = x·W_ihᵀ [B, 3H]; hw = h·W_hhᵀ [B, 3H]
 * ('pytorch') or h·W_hh[0:2H]ᵀ [B, 2H] ('cho'); bih, bhh [3H]; h [B, H]; for 'cho' part 'h' also
 * rhw = (r⊙h)·W_hnᵀ [B, H]. Output [B, H]: h' (part 'h') or r⊙h (part 'rh', 'cho' only).
 */
export const gruCellGatesReference = (xs: readonly Tensor[], p: GruKernelPlan): Tensor => {
  const { H } = p;
  const [xw, hw, bih, bhh, h, rhw] = xs;
  const X = (k: number) => add(cols(xw, k, H), part(bih, k, H));
  const Hh = (k: number) => add(cols(hw, k, H), part(bhh, k, H));
  const r = sigmoid(add(X(0), Hh(0)));
  if (p.part === 'rh') return mul(r, h);
  const z = sigmoid(add(X(1), Hh(1)));
  if (p.variant === 'cho') {
    const n = tanh(add(X(2), add(rhw, part(bhh, 2, H))));
    return add(mul(sub(1, z), h), mul(z, n));
  }
  const n = tanh(add(X(2), mul(r, Hh(2))));
  return add(mul(sub(1, z), n), mul(z, h));
};

const gruFused = defineFused<GruKernelPlan>({
  name: 'gruCellGates',
  inputs: gruInputs,
  outShape: ({ B, H }) => [B, H],
  gradShape: ({ B, H }) => [7 * B * H],
  forwardSource: gruForwardSource,
  backwardSource: gruBackwardSource,
  work: 30,
  reference: gruCellGatesReference,
  // dxw | dhwFull | dh, where dhwFull's n columns are d rhw for 'cho' (zero for part 'rh')
  layout: (cts, _xs, p) => {
    const { B, H } = p;
    const dhwFull = p.variant === 'pytorch' ? cts[1] : concat([cts[1], p.part === 'h' ? cts[5] : zeros([B, H])], 1);
    return concat([flat(cts[0]), flat(dhwFull), flat(cts[4])], 0);
  },
  unpack: (back, _xs, _y, p, wants) => {
    const { B, H } = p;
    const dxw = piece(back, 0, [B, 3 * H]);
    const dF = piece(back, 3 * B * H, [B, 3 * H]);
    const cho = p.variant === 'cho';
    return [
      wants[0] ? dxw : undefined,
      wants[1] ? (cho ? slice(dF, [0, 0], [B, 2 * H]) : dF) : undefined,
      wants[2] ? batchSum(dxw) : undefined,
      wants[3] ? batchSum(dF) : undefined,
      wants[4] ? piece(back, 6 * B * H, [B, H]) : undefined,
      ...(cho && p.part === 'h' ? [wants[5] ? cols(dF, 2, H) : undefined] : []),
    ];
  },
  checkPlan: (p) => {
    checkBH('gruCellGates', p);
    if (p.variant !== 'cho' && p.variant !== 'pytorch') throw new OptionError('gruCellGates', `variant must be 'cho' or 'pytorch', got ${String(p.variant)}`);
    if (p.part !== 'h' && !(p.part === 'rh' && p.variant === 'cho')) throw new OptionError('gruCellGates', `part must be 'h' (or 'rh' for 'cho'), got ${String(p.part)}`);
  },
});

/** @internal fused GRU gates and state update after the matmuls (see gruCellGatesReference). */
export const gruCellGates: PrimitiveFn<GruKernelPlan> = gruFused.prim;
/** @internal its backward: [g, ...forward inputs] → dxw [B·3H] | dhwFull [B·3H] | dh [B·H], flat. */
export const gruCellGatesGrad: PrimitiveFn<GruKernelPlan> = gruFused.gradPrim;
/** The backward of the fused GRU step in reference form (inputs [g, ...forward inputs]). */
export const gruCellGatesGradReference: (xs: readonly Tensor[], p: GruKernelPlan) => Tensor = gruFused.gradReference;

// =============================================================================================
// The public cells.

export interface RnnCellParams {
  /** [G·H, I] (G gates: 1 for RNN, 4 for LSTM, 3 for GRU). */
  readonly weightIh: Tensor;
  /** [G·H, H] */
  readonly weightHh: Tensor;
  /** [G·H] */
  readonly biasIh: Tensor;
  /** [G·H] */
  readonly biasHh: Tensor;
}
export type GruCellParams = RnnCellParams;
export interface LstmCellParams extends RnnCellParams {
  /** Peepholes: [H, H] (full: adds c·Pᵀ) or [H] (diagonal: adds c⊙p). i and f see c_{t−1}, o sees c_t. */
  readonly peepholeI?: Tensor;
  readonly peepholeF?: Tensor;
  readonly peepholeO?: Tensor;
}
export interface LstmState { readonly h: Tensor; readonly c: Tensor }

export interface RnnCellOptions {
  /** Default 'tanh'. */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** false: run the reference decomposition instead of the fused kernels. Default true. */
  readonly fused?: boolean;
}
export interface LstmCellOptions {
  /** The kind every present peephole must be: 'full' [H, H] or 'diagonal' [H]. Default: any, by rank. */
  readonly peephole?: 'full' | 'diagonal';
  readonly fused?: boolean;
}
export interface GruCellOptions {
  /** Default 'cho' (the lecture's); 'pytorch' loads PyTorch checkpoints. */
  readonly variant?: 'cho' | 'pytorch';
  readonly fused?: boolean;
}

const options = <O extends object>(op: string, o: O | undefined, allowed: Record<string, readonly unknown[]>): O => {
  checkOptions(op, o, Object.keys(allowed));
  if (o === undefined) return {} as O;
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined && !allowed[k].includes(v)) throw new OptionError(op, `option ${k} must be ${allowed[k].map((a) => JSON.stringify(a)).join(' or ')}, got ${show(v)}`);
  }
  return o;
};

const isTensor = (t: unknown): t is Tensor => t instanceof Tensor;

/** Checks params, h and x of a cell with G gates; sizes come from the parameters. */
const checkCell = (op: string, p: RnnCellParams, G: number, h: Tensor, x: Tensor): { B: number; H: number; I: number } => {
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

const tB = { transposeB: true } as const;

// ---------- RNN ----------

const rnnOptions = (o: RnnCellOptions | undefined) => options('rnnCell', o, { nonlinearity: ['tanh', 'relu'], fused: [true, false] });

/** The plain RNN cell written from the formula: act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh). */
export const rnnCellReference = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: RnnCellOptions): Tensor => {
  const o = rnnOptions(opts);
  checkCell('rnnCell', p, 1, h, x);
  const a = add(add(matmul(x, p.weightIh, tB), p.biasIh), add(matmul(h, p.weightHh, tB), p.biasHh));
  return o.nonlinearity === 'relu' ? relu(a) : tanh(a);
};

/**
 * Plain RNN cell: `h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)` (or relu with `{ nonlinearity: 'relu' }`).
 * params `{ weightIh [H, I], weightHh [H, H], biasIh [H], biasHh [H] }`, h [B, H], x [B, I] → h' [B, H].
 */
export const rnnCell = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: RnnCellOptions): Tensor => {
  const o = rnnOptions(opts);
  if (o.fused === false) return rnnCellReference(p, h, x, o);
  const { B, H } = checkCell('rnnCell', p, 1, h, x);
  return rnnCellGates([matmul(x, p.weightIh, tB), matmul(h, p.weightHh, tB), p.biasIh, p.biasHh], { B, H, act: o.nonlinearity ?? 'tanh' });
};

// ---------- LSTM ----------

const lstmOptions = (o: LstmCellOptions | undefined) => options('lstmCell', o, { peephole: ['full', 'diagonal'], fused: [true, false] });

const peepholeKinds = (p: LstmCellParams, H: number, o: LstmCellOptions): [PeepholeKind, PeepholeKind, PeepholeKind] =>
  (['peepholeI', 'peepholeF', 'peepholeO'] as const).map((k): PeepholeKind => {
    const P = p[k];
    if (P === undefined) return 'none';
    if (!isTensor(P)) throw new ArgumentError('lstmCell', `params.${k}`, `must be a Tensor or absent, got ${describe(P)}`);
    const full = sameShape(P.shape, [H, H]), diag = sameShape(P.shape, [H]);
    const want = o.peephole === 'full' ? `[${H}, ${H}] (peephole: 'full')` : o.peephole === 'diagonal' ? `[${H}] (peephole: 'diagonal')` : `[${H}, ${H}] (full) or [${H}] (diagonal)`;
    if ((o.peephole !== 'diagonal' && full) || (o.peephole !== 'full' && diag)) return full ? 'full' : 'diag';
    throw new ShapeError('lstmCell', `params.${k}`, P.shape, `must be ${want} for hidden size ${H} (from params.weightHh ${fmt(p.weightHh.shape)})`);
  }) as [PeepholeKind, PeepholeKind, PeepholeKind];

const checkLstm = (p: LstmCellParams, s: LstmState, x: Tensor, o: LstmCellOptions) => {
  if (s === null || typeof s !== 'object' || !isTensor(s.h) || !isTensor(s.c)) throw new ArgumentError('lstmCell', 'state', `must be { h, c } with two Tensors, got ${describe(s)}`);
  const d = checkCell('lstmCell', p, 4, s.h, x);
  if (!sameShape(s.c.shape, [d.B, d.H])) throw new ShapeError('lstmCell', 'c', s.c.shape, `must be [${d.B}, ${d.H}] like h ${fmt(s.h.shape)}`);
  return { ...d, kinds: peepholeKinds(p, d.H, o) };
};

/**
 * The LSTM cell written from the formulas: gates (i, f, g, o) of x W_ihᵀ + b_ih + h W_hhᵀ + b_hh,
 * `c' = f⊙c + i⊙g`, `h' = o⊙tanh(c')`; peepholes add c·Pᵀ (full) or c⊙p (diagonal) to i and f
 * (with c = c_{t−1}) and to o (with c = c_t).
 */
export const lstmCellReference = (p: LstmCellParams, s: LstmState, x: Tensor, opts?: LstmCellOptions): { h: Tensor; c: Tensor } => {
  const o = lstmOptions(opts);
  const { B, H } = checkLstm(p, s, x, o);
  const z = add(add(matmul(x, p.weightIh, tB), p.biasIh), add(matmul(s.h, p.weightHh, tB), p.biasHh));
  const gate = (k: number) => slice(z, [0, k * H], [B, H]);
  const peep = (a: Tensor, P: Tensor | undefined, c: Tensor) => (P === undefined ? a : add(a, P.rank === 2 ? matmul(c, P, tB) : mul(c, P)));
  const i = sigmoid(peep(gate(0), p.peepholeI, s.c));
  const f = sigmoid(peep(gate(1), p.peepholeF, s.c));
  const g = tanh(gate(2));
  const c = add(mul(f, s.c), mul(i, g));
  const og = sigmoid(peep(gate(3), p.peepholeO, c));
  return { h: mul(og, tanh(c)), c };
};

/**
 * LSTM cell (DESIGN.md): params `{ weightIh [4H, I], weightHh [4H, H], biasIh [4H], biasHh [4H],
 * peepholeI?, peepholeF?, peepholeO? }` (each peephole [H, H] or [H]), state `{ h, c }` [B, H],
 * x [B, I] → `{ h', c' }`. The two matmuls (and full peephole terms) run as separate kernels, the
 * rest as one fused kernel; a full peephole on o needs c' before its matmul, so that case runs the
 * fused kernel in two parts around it.
 */
export const lstmCell = (p: LstmCellParams, s: LstmState, x: Tensor, opts?: LstmCellOptions): { h: Tensor; c: Tensor } => {
  const o = lstmOptions(opts);
  if (o.fused === false) return lstmCellReference(p, s, x, o);
  const { B, H, kinds: [pi, pf, po] } = checkLstm(p, s, x, o);
  const term = (kind: PeepholeKind, P: Tensor | undefined): Tensor[] => (kind === 'diag' ? [P!] : kind === 'full' ? [matmul(s.c, P!, tB)] : []);
  const base = [matmul(x, p.weightIh, tB), matmul(s.h, p.weightHh, tB), p.biasIh, p.biasHh, s.c, ...term(pi, p.peepholeI), ...term(pf, p.peepholeF)];
  if (po !== 'full') {
    const out = lstmCellGates(po === 'diag' ? [...base, p.peepholeO!] : base, { B, H, pi, pf, po, part: 'ch' });
    return { h: reshape(slice(out, [1, 0, 0], [1, B, H]), [B, H]), c: reshape(slice(out, [0, 0, 0], [1, B, H]), [B, H]) };
  }
  const c = lstmCellGates(base, { B, H, pi, pf, po: 'none', part: 'c' });
  const h = lstmCellGates([...base, matmul(c, p.peepholeO!, tB)], { B, H, pi, pf, po: 'full', part: 'h' });
  return { h, c };
};

// ---------- GRU ----------

const gruOptions = (o: GruCellOptions | undefined) => options('gruCell', o, { variant: ['cho', 'pytorch'], fused: [true, false] });

/**
 * The GRU cell written from the formulas, gates (r, z, n). 'cho': `n = tanh(W_in x + b_in + W_hn (r⊙h) + b_hn)`,
 * `h' = (1−z)⊙h + z⊙n`. 'pytorch': `n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))`, `h' = (1−z)⊙n + z⊙h`.
 */
export const gruCellReference = (p: GruCellParams, h: Tensor, x: Tensor, opts?: GruCellOptions): Tensor => {
  const o = gruOptions(opts);
  const { B, H } = checkCell('gruCell', p, 3, h, x);
  const xi = add(matmul(x, p.weightIh, tB), p.biasIh);
  const gate = (t: Tensor, k: number) => slice(t, [0, k * H], [B, H]);
  if ((o.variant ?? 'cho') === 'cho') {
    const hrz = add(matmul(h, slice(p.weightHh, [0, 0], [2 * H, H]), tB), slice(p.biasHh, [0], [2 * H]));
    const r = sigmoid(add(gate(xi, 0), gate(hrz, 0)));
    const z = sigmoid(add(gate(xi, 1), gate(hrz, 1)));
    const hn = add(matmul(mul(r, h), slice(p.weightHh, [2 * H, 0], [H, H]), tB), slice(p.biasHh, [2 * H], [H]));
    const n = tanh(add(gate(xi, 2), hn));
    return add(mul(sub(1, z), h), mul(z, n));
  }
  const hh = add(matmul(h, p.weightHh, tB), p.biasHh);
  const r = sigmoid(add(gate(xi, 0), gate(hh, 0)));
  const z = sigmoid(add(gate(xi, 1), gate(hh, 1)));
  const n = tanh(add(gate(xi, 2), mul(r, gate(hh, 2))));
  return add(mul(sub(1, z), n), mul(z, h));
};

/**
 * GRU cell (DESIGN.md): params `{ weightIh [3H, I], weightHh [3H, H], biasIh [3H], biasHh [3H] }`,
 * h [B, H], x [B, I] → h' [B, H]; `{ variant: 'cho' }` (default) or `'pytorch'`. The 'cho' variant
 * needs r before its W_hn matmul, so its fused kernel runs in two parts around that matmul.
 */
export const gruCell = (p: GruCellParams, h: Tensor, x: Tensor, opts?: GruCellOptions): Tensor => {
  const o = gruOptions(opts);
  if (o.fused === false) return gruCellReference(p, h, x, o);
  const { B, H } = checkCell('gruCell', p, 3, h, x);
  const xw = matmul(x, p.weightIh, tB);
  if (o.variant === 'pytorch')
    return gruCellGates([xw, matmul(h, p.weightHh, tB), p.biasIh, p.biasHh, h], { B, H, variant: 'pytorch', part: 'h' });
  const base = [xw, matmul(h, slice(p.weightHh, [0, 0], [2 * H, H]), tB), p.biasIh, p.biasHh, h];
  const rh = gruCellGates(base, { B, H, variant: 'cho', part: 'rh' });
  const rhw = matmul(rh, slice(p.weightHh, [2 * H, 0], [H, H]), tB);
  return gruCellGates([...base, rhw], { B, H, variant: 'cho', part: 'h' });
};
