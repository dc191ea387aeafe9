// LSTM cell with optional peepholes (diagonal or full), gates (i, f, g, o): the matmuls as separate
// kernels and the gates and state update as the fused primitive `lstmCellGates`.
import type { PrimitiveFn } from '../../autodiff/primitive.js';
import {
  lstmBackwardSource, lstmForwardSource, lstmInputNames, type LstmKernelPlan, type PeepholeKind,
} from '../../backend/gpujs/kernels/recurrent.js';
import { ArgumentError, OptionError, ShapeError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import { fmt, sameShape, type Shape } from '../../shape/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, sigmoid, tanh } from '../elementwise.js';
import { matmul } from '../matmul.js';
import { concat, reshape, slice, stack } from '../movement.js';
import { batchSum, cellOptions, checkBH, checkCell, cols, defineFused, flat, isTensor, piece, tB } from './fused.js';
import type { LstmCellParams, LstmState } from './params.js';

export type { LstmCellParams, LstmState } from './params.js';

export interface LstmCellOptions {
  /** The kind every present peephole must be: 'full' [H, H] or 'diagonal' [H]. Default: any, by rank. */
  readonly peephole?: 'full' | 'diagonal';
  /** false: run the reference decomposition instead of the fused kernels. Default true. */
  readonly fused?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The fused primitive

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
const lstmCellGatesReference = (xs: readonly Tensor[], p: LstmKernelPlan): Tensor => {
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
  native: ({ pi, pf, po, part: pt }) => (pi === 'none' && pf === 'none' && po === 'none' && pt === 'ch' ? 'lstm' : undefined),
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

// ---------------------------------------------------------------------------------------------
// The cell

const lstmOptions = (o: LstmCellOptions | undefined) => cellOptions('lstmCell', o, { peephole: ['full', 'diagonal'], fused: [true, false] });

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
  const { B, H, kinds } = checkLstm(p, s, x, o);
  return fusedLstm(p, s, matmul(x, p.weightIh, tB), B, H, kinds);
};

/**
 * @internal lstmCell (fused, peephole kinds by rank) given x·W_ihᵀ [B, 4H] instead of x: a recurrent
 * layer projects every step's input in one product before its scan (the same sums, one launch).
 */
export const lstmCellProjected = (p: LstmCellParams, s: LstmState, xw: Tensor): { h: Tensor; c: Tensor } => {
  const [B, H] = s.h.shape;
  if (!sameShape(xw.shape, [B, 4 * H])) throw new ShapeError('lstmCell', 'xw', xw.shape, `must be [${B}, ${4 * H}]`);
  return fusedLstm(p, s, xw, B, H, peepholeKinds(p, H, {}));
};

const fusedLstm = (p: LstmCellParams, s: LstmState, xw: Tensor, B: number, H: number, [pi, pf, po]: readonly [PeepholeKind, PeepholeKind, PeepholeKind]): { h: Tensor; c: Tensor } => {
  const term = (kind: PeepholeKind, P: Tensor | undefined): Tensor[] => (kind === 'diag' ? [P!] : kind === 'full' ? [matmul(s.c, P!, tB)] : []);
  const base = [xw, matmul(s.h, p.weightHh, tB), p.biasIh, p.biasHh, s.c, ...term(pi, p.peepholeI), ...term(pf, p.peepholeF)];
  if (po !== 'full') {
    const out = lstmCellGates(po === 'diag' ? [...base, p.peepholeO!] : base, { B, H, pi, pf, po, part: 'ch' });
    return { h: reshape(slice(out, [1, 0, 0], [1, B, H]), [B, H]), c: reshape(slice(out, [0, 0, 0], [1, B, H]), [B, H]) };
  }
  const c = lstmCellGates(base, { B, H, pi, pf, po: 'none', part: 'c' });
  const h = lstmCellGates([...base, matmul(c, p.peepholeO!, tB)], { B, H, pi, pf, po: 'full', part: 'h' });
  return { h, c };
};
