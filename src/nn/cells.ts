// Recurrent cells written with the differentiable primitives (matmul, slice, sigmoid, tanh, ...):
// the reference decompositions of the lecture's formulas, with the parameter layouts of DESIGN.md.
import { add, concat, lstmGates, matmul, mul, relu, reshape, sigmoid, slice, sub, tanh } from '../ops/index.js';
import { zeros } from '../tensor/create.js';
import { ShapeError } from '../shape/errors.js';
import { fmt } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';

export interface RnnParams { readonly weightIh: Tensor; readonly weightHh: Tensor; readonly biasIh: Tensor; readonly biasHh: Tensor }
export interface LstmParams extends RnnParams { readonly peepholeI?: Tensor; readonly peepholeF?: Tensor; readonly peepholeO?: Tensor }
export type GruVariant = 'cho' | 'pytorch';

const check = (op: string, p: RnnParams, gates: number, h: Tensor, x: Tensor): { B: number; H: number; I: number } => {
  if (x.rank !== 2) throw new ShapeError(op, 'x', x.shape, 'must be [B, I]');
  if (h.rank !== 2 || h.shape[0] !== x.shape[0]) throw new ShapeError(op, 'h', h.shape, `must be [${x.shape[0]}, H] like x ${fmt(x.shape)}`);
  const [B, I] = x.shape, H = h.shape[1];
  const want: [string, Tensor, number[]][] = [['weightIh', p.weightIh, [gates * H, I]], ['weightHh', p.weightHh, [gates * H, H]], ['biasIh', p.biasIh, [gates * H]], ['biasHh', p.biasHh, [gates * H]]];
  for (const [name, t, s] of want)
    if (!t || t.rank !== s.length || t.shape.some((d, i) => d !== s[i])) throw new ShapeError(op, `params.${name}`, t?.shape ?? [], `must be ${fmt(s)} for hidden size ${H} and input size ${I}`);
  return { B, H, I };
};

/** Gate k of a [B, G·H] pre-activation. */
const gate = (z: Tensor, k: number, B: number, H: number): Tensor => slice(z, [0, k * H], [B, H]);


/** h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh) (or relu). */
export const rnnCellReference = (p: RnnParams, h: Tensor, x: Tensor, o: { nonlinearity?: 'tanh' | 'relu' } = {}): Tensor => {
  check('rnnCell', p, 1, h, x);
  return rnnStep(p, h, inputProjection(p, x), o);
};

/** x W_ihᵀ + b_ih: the part of every cell that does not depend on the state (a layer computes it for all steps at once). */
export const inputProjection = (p: RnnParams, x: Tensor): Tensor => add(matmul(x, p.weightIh, { transposeB: true }), p.biasIh);

/** @internal the RNN step given the input projection zi [B, H]. */
export const rnnStep = (p: RnnParams, h: Tensor, zi: Tensor, o: { nonlinearity?: 'tanh' | 'relu' } = {}): Tensor => {
  const z = add(zi, add(matmul(h, p.weightHh, { transposeB: true }), p.biasHh));
  return o.nonlinearity === 'relu' ? relu(z) : tanh(z);
};

/** Peephole term for a gate: c·Pᵀ ([H, H], full) or c⊙p ([H], diagonal). */
const peep = (c: Tensor, P: Tensor | undefined): Tensor | undefined =>
  P === undefined ? undefined : P.rank === 2 ? matmul(c, P, { transposeB: true }) : mul(c, P);
const plus = (a: Tensor, b: Tensor | undefined) => (b ? add(a, b) : a);

/** LSTM, gates (i, f, g, o): c' = f⊙c + i⊙g, h' = o⊙tanh(c'); peepholes: i, f see c, o sees c'. */
export const lstmCellReference = (p: LstmParams, s: { readonly h: Tensor; readonly c: Tensor }, x: Tensor): { h: Tensor; c: Tensor } => {
  const { B, H } = check('lstmCell', p, 4, s.h, x);
  if (s.c.rank !== 2 || s.c.shape[0] !== B || s.c.shape[1] !== H) throw new ShapeError('lstmCell', 'c', s.c.shape, `must be [${B}, ${H}] like h`);
  return lstmReferenceStep(p, s, inputProjection(p, x));
};

const lstmReferenceStep = (p: LstmParams, s: { readonly h: Tensor; readonly c: Tensor }, zi: Tensor): { h: Tensor; c: Tensor } => {
  const [B, H] = s.h.shape;
  const z = add(zi, add(matmul(s.h, p.weightHh, { transposeB: true }), p.biasHh));
  const i = sigmoid(plus(gate(z, 0, B, H), peep(s.c, p.peepholeI)));
  const f = sigmoid(plus(gate(z, 1, B, H), peep(s.c, p.peepholeF)));
  const g = tanh(gate(z, 2, B, H));
  const c = add(mul(f, s.c), mul(i, g));
  const o = sigmoid(plus(gate(z, 3, B, H), peep(c, p.peepholeO)));
  return { h: mul(o, tanh(c)), c };
};

/**
 * The LSTM step with its gates and state update fused into one kernel (forward and backward) after
 * the two matmuls. Full peepholes on i and f enter as matmuls before the kernel; a full peephole on
 * o needs c' inside the kernel, so that case (and `fused: false`) runs the reference decomposition.
 */
export const lstmCell = (p: LstmParams, s: { readonly h: Tensor; readonly c: Tensor }, x: Tensor, o: { fused?: boolean } = {}): { h: Tensor; c: Tensor } => {
  if (o.fused === false || (p.peepholeO !== undefined && p.peepholeO.rank === 2)) return lstmCellReference(p, s, x);
  const { B, H } = check('lstmCell', p, 4, s.h, x);
  if (s.c.rank !== 2 || s.c.shape[0] !== B || s.c.shape[1] !== H) throw new ShapeError('lstmCell', 'c', s.c.shape, `must be [${B}, ${H}] like h`);
  return lstmStep(p, s, inputProjection(p, x));
};

/** @internal the fused LSTM step given the input projection zi [B, 4H] (full o-peephole: reference form). */
export const lstmStep = (p: LstmParams, s: { readonly h: Tensor; readonly c: Tensor }, zi: Tensor): { h: Tensor; c: Tensor } => {
  const [B, H] = s.h.shape;
  if (p.peepholeO !== undefined && p.peepholeO.rank === 2) return lstmReferenceStep(p, s, zi);
  let z = add(zi, add(matmul(s.h, p.weightHh, { transposeB: true }), p.biasHh));
  const full = (P?: Tensor) => P !== undefined && P.rank === 2;
  if (full(p.peepholeI) || full(p.peepholeF)) {
    const term = (P?: Tensor) => (full(P) ? matmul(s.c, P!, { transposeB: true }) : zeros([B, H]));
    z = add(z, concat([term(p.peepholeI), term(p.peepholeF), zeros([B, 2 * H])], 1));
  }
  const diag = (P?: Tensor) => (P !== undefined && P.rank === 1 ? P : zeros([H]));
  const out = lstmGates(z, s.c, diag(p.peepholeI), diag(p.peepholeF), diag(p.peepholeO));
  return { c: reshape(slice(out, [0, 0, 0], [1, B, H]), [B, H]), h: reshape(slice(out, [1, 0, 0], [1, B, H]), [B, H]) };
};

/**
 * GRU, gates (r, z, n). 'cho' (the lecture): n = tanh(W_in x + b_in + W_hn (r⊙h) + b_hn),
 * h' = (1−z)⊙h + z⊙n. 'pytorch': n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn)), h' = (1−z)⊙n + z⊙h.
 */
export const gruCellReference = (p: RnnParams, h: Tensor, x: Tensor, o: { variant?: GruVariant } = {}): Tensor => {
  check('gruCell', p, 3, h, x);
  return gruStep(p, h, inputProjection(p, x), o);
};

/** @internal the GRU step given the input projection zi [B, 3H]. */
export const gruStep = (p: RnnParams, h: Tensor, zi: Tensor, o: { variant?: GruVariant } = {}): Tensor => {
  const [B, H] = h.shape;
  const zh = add(matmul(h, p.weightHh, { transposeB: true }), p.biasHh);
  const r = sigmoid(add(gate(zi, 0, B, H), gate(zh, 0, B, H)));
  const z = sigmoid(add(gate(zi, 1, B, H), gate(zh, 1, B, H)));
  const inN = gate(zi, 2, B, H);
  if ((o.variant ?? 'cho') === 'cho') {
    const Whn = slice(p.weightHh, [2 * H, 0], [H, H]), bhn = slice(p.biasHh, [2 * H], [H]);
    const n = tanh(add(inN, add(matmul(mul(r, h), Whn, { transposeB: true }), bhn)));
    return add(mul(sub(1, z), h), mul(z, n));
  }
  const n = tanh(add(inN, mul(r, gate(zh, 2, B, H))));
  return add(mul(sub(1, z), n), mul(z, h));
};

