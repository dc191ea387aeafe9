// Law cases for the fused recurrent primitives (src/ops/recurrent/), in the shape of
// tests/primitives/cases.ts (`Case`): how to call each primitive, random inputs for the laws, its
// shape rule, inputs it must refuse, and fixed inputs checked against float64 references written
// here with plain loops. The backward primitives' references are the transposed Jacobian of the
// float64 forward references (central differences in float64), laid out as the backward kernels
// lay out their stacked results.
import fc from 'fast-check';
import type { Case, RefCheck } from '../primitives/cases.js';
import { shaped } from '../primitives/arbs.js';
import * as R from '../reference/index.js';
import { tensor, type Tensor } from '../support/api.js';
import {
  gruCellGates, gruCellGatesGrad, lstmCellGates, lstmCellGatesGrad, rnnCellGates, rnnCellGatesGrad,
  type GruKernelPlan, type LstmKernelPlan, type PeepholeKind, type RnnActivation,
} from '../../src/ops/recurrent/index.js';

type Ref = R.Ref;
const sg = (v: number) => 1 / (1 + Math.exp(-v));
const T = (s: number[], f = (i: number) => Math.sin(1.3 * i + 0.5)) => tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), s);
const wave = (k: number, amp = 1) => (i: number) => amp * Math.sin(0.7 * i + 1.1 * k + 0.3);

// ---------------------------------------------------------------------------------------------
// float64 references of the fused primitives

/** act(xw + hw + bih + bhh). */
export const rnnGates64 = ([xw, hw, bih, bhh]: Ref[], act: RnnActivation): Ref => {
  const [B, H] = xw.shape;
  const out: number[] = [];
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
    const a = xw.data[b * H + j] + hw.data[b * H + j] + bih.data[j] + bhh.data[j];
    out.push(act === 'tanh' ? Math.tanh(a) : Math.max(a, 0));
  }
  return R.ref(out, [B, H]);
};

/** The LSTM gate math for the input list of `lstmCellGates` under plan p. */
export const lstmGates64 = (xs: Ref[], p: LstmKernelPlan): Ref => {
  const { B, H } = p;
  const [xw, hw, bih, bhh, cp] = xs;
  const extra = xs.slice(5);
  const take = (kind: PeepholeKind) => (kind === 'none' ? undefined : extra.shift());
  const Pi = take(p.pi), Pf = take(p.pf), Po = take(p.po);
  const term = (kind: PeepholeKind, P: Ref | undefined, b: number, j: number, cell: number) =>
    kind === 'diag' ? P!.data[j] * cell : kind === 'full' ? P!.data[b * H + j] : 0;
  const cs: number[] = [], hs: number[] = [];
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
    const z = (g: number) => xw.data[b * 4 * H + g * H + j] + hw.data[b * 4 * H + g * H + j] + bih.data[g * H + j] + bhh.data[g * H + j];
    const cpk = cp.data[b * H + j];
    const i = sg(z(0) + term(p.pi, Pi, b, j, cpk)), f = sg(z(1) + term(p.pf, Pf, b, j, cpk)), g = Math.tanh(z(2));
    const c = f * cpk + i * g;
    cs.push(c);
    if (p.part !== 'c') hs.push(sg(z(3) + term(p.po, Po, b, j, c)) * Math.tanh(c));
  }
  return p.part === 'ch' ? R.ref([...cs, ...hs], [2, B, H]) : R.ref(p.part === 'c' ? cs : hs, [B, H]);
};

/** The GRU gate math for the input list of `gruCellGates` under plan p. */
export const gruGates64 = (xs: Ref[], p: GruKernelPlan): Ref => {
  const { B, H } = p;
  const [xw, hw, bih, bhh, h, rhw] = xs;
  const G = p.variant === 'cho' ? 2 : 3;
  const out: number[] = [];
  for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
    const X = (g: number) => xw.data[b * 3 * H + g * H + j] + bih.data[g * H + j];
    const Hh = (g: number) => hw.data[b * G * H + g * H + j] + bhh.data[g * H + j];
    const hk = h.data[b * H + j];
    const r = sg(X(0) + Hh(0));
    if (p.part === 'rh') { out.push(r * hk); continue; }
    const z = sg(X(1) + Hh(1));
    if (p.variant === 'cho') {
      const n = Math.tanh(X(2) + rhw.data[b * H + j] + bhh.data[2 * H + j]);
      out.push((1 - z) * hk + z * n);
    } else {
      const n = Math.tanh(X(2) + r * Hh(2));
      out.push((1 - z) * n + z * hk);
    }
  }
  return R.ref(out, [B, H]);
};

/** Cotangents of every input of F at xs for output cotangent g: central differences in float64. */
export const pullback64 = (F: (xs: Ref[]) => Ref, xs: Ref[], g: Ref, eps = 1e-5): Ref[] =>
  xs.map((x, i) => {
    const out = new Float64Array(x.data.length);
    for (let e = 0; e < x.data.length; e++) {
      const at = (d: number) => {
        const data = Float64Array.from(x.data);
        data[e] += d;
        const y = F(xs.map((v, k) => (k === i ? { shape: x.shape, data } : v)));
        let s = 0;
        for (let o = 0; o < y.data.length; o++) s += y.data[o] * g.data[o];
        return s;
      };
      out[e] = (at(eps) - at(-eps)) / (2 * eps);
    }
    return { shape: x.shape, data: out };
  });

const joined = (parts: Ref[]): Ref => {
  const data = parts.flatMap((r) => Array.from(r.data));
  return R.ref(data, [data.length]);
};

/** Backward kernels' layouts, from the forward inputs' cotangents. */
export const rnnGrad64 = ([g, ...xs]: Ref[], act: RnnActivation): Ref => pullback64((ys) => rnnGates64(ys, act), xs, g)[0];
export const lstmGrad64 = ([g, ...xs]: Ref[], p: LstmKernelPlan): Ref => {
  const cts = pullback64((ys) => lstmGates64(ys, p), xs, g);
  return joined([cts[0], cts[4]]);
};
export const gruGrad64 = ([g, ...xs]: Ref[], p: GruKernelPlan): Ref => {
  const { B, H } = p;
  const cts = pullback64((ys) => gruGates64(ys, p), xs, g);
  if (p.variant === 'pytorch') return joined([cts[0], cts[1], cts[4]]);
  // 'cho': dhwFull = [d hw (r, z columns) | d rhw (zero for part 'rh')] per row
  const full: number[] = [];
  for (let b = 0; b < B; b++) {
    for (let c = 0; c < 2 * H; c++) full.push(cts[1].data[b * 2 * H + c]);
    for (let j = 0; j < H; j++) full.push(p.part === 'h' ? cts[5].data[b * H + j] : 0);
  }
  return joined([cts[0], R.ref(full, [B, 3 * H]), cts[4]]);
};

// ---------------------------------------------------------------------------------------------
// the cases

const sizes: fc.Arbitrary<number[]> = fc.constantFrom([2, 3], [3, 5], [1, 1]);
const small = { min: -1, max: 1 };
const bias = { min: -0.5, max: 0.5 };

// ---------- RNN ----------
const rnnPlan = (xs: readonly Tensor[], act: RnnActivation) => ({ B: xs[0].shape[0], H: xs[0].shape[1], act });
const rnnIn = (act: RnnActivation) => ([B, H]: number[]) => act === 'tanh'
  ? fc.tuple(shaped([B, H], small), shaped([B, H], small), shaped([H], bias), shaped([H], bias))
  // relu: keep the pre-activation away from the kink (|xw| ≥ 0.5, the rest within ±0.1)
  : fc.tuple(shaped([B, H], { min: -2, max: 2, awayFrom: [0], gap: 0.5 }), shaped([B, H], { min: -0.1, max: 0.1 }), shaped([H], { min: -0.1, max: 0.1 }), shaped([H], { min: -0.1, max: 0.1 }));
const rnnFixed = (B: number, H: number) => [T([B, H], wave(0)), T([B, H], wave(1, 0.5)), T([H], wave(2, 0.3)), T([H], wave(3, 0.3))];

const rnnCase = (act: RnnActivation): Case => ({
  prim: 'rnnCellGates',
  fn: (...xs) => rnnCellGates(xs, rnnPlan(xs, act)),
  inputs: sizes.chain((s) => rnnIn(act)(s)),
  shape: (s) => s[0],
  bad: () => [T([2, 3]), T([2, 4]), T([3]), T([3])],
  refs: [{ label: `${act}, B 3, H 7`, inputs: () => rnnFixed(3, 7), ref: (xs) => rnnGates64(xs, act) }],
});

// ---------- LSTM ----------
interface LstmConfig { readonly label: string; readonly pi: PeepholeKind; readonly pf: PeepholeKind; readonly po: PeepholeKind; readonly part: LstmKernelPlan['part'] }
const lstmConfigs: LstmConfig[] = [
  { label: 'no peepholes', pi: 'none', pf: 'none', po: 'none', part: 'ch' },
  { label: 'diagonal i and o, full f', pi: 'diag', pf: 'full', po: 'diag', part: 'ch' },
  { label: "part 'c' (full i, diagonal f)", pi: 'full', pf: 'diag', po: 'none', part: 'c' },
  { label: "part 'h' (full o)", pi: 'none', pf: 'diag', po: 'full', part: 'h' },
];
const lstmPlan = (xs: readonly Tensor[], c: LstmConfig): LstmKernelPlan => ({ B: xs[4].shape[0], H: xs[4].shape[1], pi: c.pi, pf: c.pf, po: c.po, part: c.part });
const lstmExtra = (c: LstmConfig) => [c.pi, c.pf, c.po].filter((k) => k !== 'none');
const lstmIn = (c: LstmConfig) => ([B, H]: number[]): fc.Arbitrary<Tensor[]> =>
  fc.tuple(shaped([B, 4 * H], small), shaped([B, 4 * H], small), shaped([4 * H], bias), shaped([4 * H], bias), shaped([B, H], small),
    ...lstmExtra(c).map((k) => (k === 'diag' ? shaped([H], bias) : shaped([B, H], small))));
const lstmFixed = (c: LstmConfig, B: number, H: number): Tensor[] => [
  T([B, 4 * H], wave(0)), T([B, 4 * H], wave(1, 0.6)), T([4 * H], wave(2, 0.3)), T([4 * H], wave(3, 0.3)), T([B, H], wave(4)),
  ...lstmExtra(c).map((k, i) => (k === 'diag' ? T([H], wave(5 + i, 0.4)) : T([B, H], wave(5 + i, 0.8)))),
];
const lstmOut = (c: LstmConfig, B: number, H: number) => (c.part === 'ch' ? [2, B, H] : [B, H]);

const lstmCase = (c: LstmConfig): Case => ({
  prim: 'lstmCellGates',
  fn: (...xs) => lstmCellGates(xs, lstmPlan(xs, c)),
  inputs: sizes.chain((s) => lstmIn(c)(s)),
  shape: (s) => lstmOut(c, s[4][0], s[4][1]),
  bad: () => { const xs = lstmFixed(c, 2, 3); xs[0] = T([2, 11]); return xs; },
  refs: [{ label: `${c.label}, B 3, H 7`, inputs: () => lstmFixed(c, 3, 7), ref: (xs) => lstmGates64(xs, { B: 3, H: 7, pi: c.pi, pf: c.pf, po: c.po, part: c.part }) }],
});

// ---------- GRU ----------
interface GruConfig { readonly label: string; readonly variant: GruKernelPlan['variant']; readonly part: GruKernelPlan['part'] }
const gruConfigs: GruConfig[] = [
  { label: "'pytorch'", variant: 'pytorch', part: 'h' },
  { label: "'cho', part 'rh'", variant: 'cho', part: 'rh' },
  { label: "'cho', part 'h'", variant: 'cho', part: 'h' },
];
const gruPlan = (xs: readonly Tensor[], c: GruConfig): GruKernelPlan => ({ B: xs[4].shape[0], H: xs[4].shape[1], variant: c.variant, part: c.part });
const gruShapes = (c: GruConfig, B: number, H: number): number[][] =>
  [[B, 3 * H], [B, (c.variant === 'cho' ? 2 : 3) * H], [3 * H], [3 * H], [B, H], ...(c.variant === 'cho' && c.part === 'h' ? [[B, H]] : [])];
const gruIn = (c: GruConfig) => ([B, H]: number[]): fc.Arbitrary<Tensor[]> =>
  fc.tuple(...gruShapes(c, B, H).map((s) => shaped(s, s.length === 1 ? bias : small)));
const gruFixed = (c: GruConfig, B: number, H: number): Tensor[] => gruShapes(c, B, H).map((s, i) => T(s, wave(i, s.length === 1 ? 0.3 : 0.8)));

const gruCase = (c: GruConfig): Case => ({
  prim: 'gruCellGates',
  fn: (...xs) => gruCellGates(xs, gruPlan(xs, c)),
  inputs: sizes.chain((s) => gruIn(c)(s)),
  shape: (s) => s[4],
  bad: () => { const xs = gruFixed(c, 2, 3); xs[1] = T([2, 12]); return xs; },
  refs: [{ label: `${c.label}, B 3, H 7`, inputs: () => gruFixed(c, 3, 7), ref: (xs) => gruGates64(xs, { B: 3, H: 7, variant: c.variant, part: c.part }) }],
});

// ---------- the backward primitives, called directly: their gradient law is second order ----------
const withG = (out: (s: number[]) => number[], rest: (s: number[]) => fc.Arbitrary<Tensor[]>) => (s: number[]) =>
  fc.tuple(shaped(out(s), small), rest(s)).map(([g, xs]) => [g, ...xs]);
const gradRef = (label: string, inputs: () => Tensor[], ref: (xs: Ref[]) => Ref): RefCheck => ({ label, inputs, ref });

export const recurrentCases: Case[] = [
  rnnCase('tanh'),
  rnnCase('relu'),
  {
    prim: 'rnnCellGatesGrad',
    fn: (g, ...xs) => rnnCellGatesGrad([g, ...xs], rnnPlan(xs, 'tanh')),
    inputs: sizes.chain(withG((s) => s, rnnIn('tanh'))),
    shape: (s) => s[0],
    bad: () => [T([2, 4]), T([2, 3]), T([2, 3]), T([3]), T([3])],
    refs: [
      gradRef('tanh, B 3, H 7', () => [T([3, 7], wave(9)), ...rnnFixed(3, 7)], (xs) => rnnGrad64(xs, 'tanh')),
    ],
  },
  {
    prim: 'rnnCellGatesGrad',
    fn: (g, ...xs) => rnnCellGatesGrad([g, ...xs], rnnPlan(xs, 'relu')),
    inputs: sizes.chain(withG((s) => s, rnnIn('relu'))),
    shape: (s) => s[0],
    refs: [gradRef('relu, B 3, H 7', () => [T([3, 7], wave(9)), ...rnnFixed(3, 7)], (xs) => rnnGrad64(xs, 'relu'))],
  },
  ...lstmConfigs.map(lstmCase),
  ...lstmConfigs.map((c): Case => ({
    prim: 'lstmCellGatesGrad',
    fn: (g, ...xs) => lstmCellGatesGrad([g, ...xs], lstmPlan(xs, c)),
    inputs: sizes.chain(withG(([B, H]) => lstmOut(c, B, H), lstmIn(c))),
    shape: (s) => [5 * s[5][0] * s[5][1]],
    bad: () => [T([3, 3]), ...lstmFixed(c, 2, 3)],
    refs: [gradRef(`${c.label}, B 3, H 7`, () => [T(lstmOut(c, 3, 7), wave(9)), ...lstmFixed(c, 3, 7)],
      (xs) => lstmGrad64(xs, { B: 3, H: 7, pi: c.pi, pf: c.pf, po: c.po, part: c.part }))],
  })),
  ...gruConfigs.map(gruCase),
  ...gruConfigs.map((c): Case => ({
    prim: 'gruCellGatesGrad',
    fn: (g, ...xs) => gruCellGatesGrad([g, ...xs], gruPlan(xs, c)),
    inputs: sizes.chain(withG(([B, H]) => [B, H], gruIn(c))),
    shape: (s) => [7 * s[5][0] * s[5][1]],
    bad: () => [T([2, 4]), ...gruFixed(c, 2, 3)],
    refs: [gradRef(`${c.label}, B 3, H 7`, () => [T([3, 7], wave(9)), ...gruFixed(c, 3, 7)],
      (xs) => gruGrad64(xs, { B: 3, H: 7, variant: c.variant, part: c.part }))],
  })),
];

/** The primitives these cases cover (for tests/primitives/registry.test.ts). */
export const recurrentPrimitives = ['rnnCellGates', 'rnnCellGatesGrad', 'lstmCellGates', 'lstmCellGatesGrad', 'gruCellGates', 'gruCellGatesGrad'] as const;
