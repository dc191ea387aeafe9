// The recurrent cells of src/ops/recurrent/ on every tested backend: the fused kernels against
// the reference decompositions (outputs and every gradient, 1 step and 5 unrolled steps), against
// independent float64 loops written here, the gradient law, second-order gradients, the algebraic
// laws of saturated gates, shape errors, backend agreement, and the law cases of the fused primitives.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkRef } from '../support/refcheck.js';
import { backendAgreementLaw, checkBackendAgreement, checkGradient, checkShape, closeLaw, gradientLaw, holds, rejectsLaw } from '../../laws/index.js';
import { add, concat, foldIn, grad, key, mul, normal, OptionError, reshape, ShapeError, stack, sum, tensor, toArray, useBackend, zeros, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';
import {
  gruCell, lstmCell, rnnCell,
  type LstmCellParams, type RnnCellParams,
} from '../../src/ops/recurrent/index.js';
import { recurrentCases } from './cases.js';

announceBackends('recurrent');
type BackendName = (typeof testedBackends)[number];

const B = 3, I = 5, H = 7, STEPS = 5;
let nextKey = 0;
/** A fresh normal sample per call (keys folded from one seed, in call order). */
const rnd = (shape: number[], std = 1, mean = 0) => normal(foldIn(key(2024), nextKey++), shape, mean, std);

// ---------------------------------------------------------------------------------------------
// float64 references with plain loops (no library code beyond reading the inputs)

type M = { readonly shape: readonly number[]; readonly data: Float64Array };
type Rows = number[][];
const m = (t: Tensor): M => ({ shape: t.shape, data: Float64Array.from(toArray(t)) });
const rows = (t: Tensor): Rows => { const d = toArray(t), [r, c] = t.shape; return Array.from({ length: r }, (_, i) => Array.from(d.subarray(i * c, (i + 1) * c))); };
const sg = (v: number) => 1 / (1 + Math.exp(-v));
/** x Wᵀ + b for rows x, W [N, K], b [N]. */
const linear = (x: Rows, W: M, b: M): Rows => x.map((xr) => Array.from({ length: W.shape[0] }, (_, n) => {
  let s = b.data[n];
  for (let k = 0; k < xr.length; k++) s += xr[k] * W.data[n * W.shape[1] + k];
  return s;
}));
type P64 = Record<string, M | undefined>;
const p64 = (p: object): P64 => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === undefined ? undefined : m(v as Tensor)]));

const rnn64 = (p: P64, h: Rows, x: Rows, act: 'tanh' | 'relu'): Rows => {
  const a = linear(x, p.weightIh!, p.biasIh!), b = linear(h, p.weightHh!, p.biasHh!);
  return a.map((r, i) => r.map((v, j) => (act === 'tanh' ? Math.tanh(v + b[i][j]) : Math.max(v + b[i][j], 0))));
};

const lstm64 = (p: P64, s: { h: Rows; c: Rows }, x: Rows): { h: Rows; c: Rows } => {
  const a = linear(x, p.weightIh!, p.biasIh!), b = linear(s.h, p.weightHh!, p.biasHh!);
  const Hs = s.h[0]?.length ?? 0;
  /** peephole term of gate P for row `cell` at unit j */
  const peep = (P: M | undefined, cell: number[], j: number) => {
    if (!P) return 0;
    if (P.shape.length === 1) return P.data[j] * cell[j];
    let t = 0;
    for (let k = 0; k < Hs; k++) t += cell[k] * P.data[j * Hs + k];
    return t;
  };
  const h: Rows = [], c: Rows = [];
  a.forEach((ar, r) => {
    const z = (g: number, j: number) => ar[g * Hs + j] + b[r][g * Hs + j];
    const cp = s.c[r];
    const cr = cp.map((cpj, j) => sg(z(1, j) + peep(p.peepholeF, cp, j)) * cpj + sg(z(0, j) + peep(p.peepholeI, cp, j)) * Math.tanh(z(2, j)));
    c.push(cr);
    h.push(cr.map((cj, j) => sg(z(3, j) + peep(p.peepholeO, cr, j)) * Math.tanh(cj)));
  });
  return { h, c };
};

const gru64 = (p: P64, h: Rows, x: Rows, variant: 'cho' | 'pytorch'): Rows => {
  const a = linear(x, p.weightIh!, p.biasIh!), Hs = h[0]?.length ?? 0;
  const W = p.weightHh!, bh = p.biasHh!;
  /** row · W[g·H + j, :] + b_hh[g·H + j] */
  const hh = (row: number[], g: number, j: number) => {
    let s = bh.data[g * Hs + j];
    for (let k = 0; k < Hs; k++) s += row[k] * W.data[(g * Hs + j) * Hs + k];
    return s;
  };
  return a.map((ar, r) => {
    const hr = h[r];
    const rg = hr.map((_, j) => sg(ar[j] + hh(hr, 0, j)));
    const zg = hr.map((_, j) => sg(ar[Hs + j] + hh(hr, 1, j)));
    if (variant === 'cho') {
      const rh = hr.map((v, j) => rg[j] * v);
      return hr.map((v, j) => (1 - zg[j]) * v + zg[j] * Math.tanh(ar[2 * Hs + j] + hh(rh, 2, j)));
    }
    return hr.map((v, j) => (1 - zg[j]) * Math.tanh(ar[2 * Hs + j] + rg[j] * hh(hr, 2, j)) + zg[j] * v);
  });
};

// ---------------------------------------------------------------------------------------------
// the cells under test, behind one interface

type State = { h: Tensor; c?: Tensor };
type State64 = { h: Rows; c?: Rows };
interface Config {
  readonly name: string;
  readonly params: Record<string, Tensor>;
  readonly hasC: boolean;
  readonly step: (p: Record<string, Tensor>, s: State, x: Tensor, fused: boolean) => State;
  readonly step64: (p: P64, s: State64, x: Rows) => State64;
}

const baseParams = (G: number, std = 0.4, bstd = 0.2) => ({
  weightIh: rnd([G * H, I], std), weightHh: rnd([G * H, H], std), biasIh: rnd([G * H], bstd), biasHh: rnd([G * H], bstd),
});
// relu: small weights and biases ±1 keep every pre-activation away from the kink (finite differences)
const reluParams = () => ({
  weightIh: rnd([H, I], 0.05), weightHh: rnd([H, H], 0.05), biasIh: rnd([H], 0.05),
  biasHh: tensor(Array.from({ length: H }, (_, i) => (i % 3 === 0 ? -1 : 1)), [H]),
});
const lstmBase = baseParams(4);

const rnnConfig = (name: string, act: 'tanh' | 'relu', params: Record<string, Tensor>): Config => ({
  name, params, hasC: false,
  step: (p, s, x, fused) => ({ h: rnnCell(p as unknown as RnnCellParams, s.h, x, { nonlinearity: act, fused }) }),
  step64: (p, s, x) => ({ h: rnn64(p, s.h, x, act) }),
});
const lstmConfig = (name: string, params: Record<string, Tensor>): Config => ({
  name, params, hasC: true,
  step: (p, s, x, fused) => lstmCell(p as unknown as LstmCellParams, { h: s.h, c: s.c! }, x, { fused }),
  step64: (p, s, x) => lstm64(p, { h: s.h, c: s.c! }, x),
});
const gruConfig = (name: string, variant: 'cho' | 'pytorch', params: Record<string, Tensor>): Config => ({
  name, params, hasC: false,
  step: (p, s, x, fused) => ({ h: gruCell(p as unknown as RnnCellParams, s.h, x, { variant, fused }) }),
  step64: (p, s, x) => ({ h: gru64(p, s.h, x, variant) }),
});

const configs: Config[] = [
  rnnConfig('rnnCell tanh', 'tanh', baseParams(1)),
  rnnConfig('rnnCell relu', 'relu', reluParams()),
  lstmConfig('lstmCell', lstmBase),
  lstmConfig('lstmCell, full peepholes on i, f, o', { ...lstmBase, peepholeI: rnd([H, H], 0.3), peepholeF: rnd([H, H], 0.3), peepholeO: rnd([H, H], 0.3) }),
  lstmConfig('lstmCell, diagonal peepholes on i and o', { ...lstmBase, peepholeI: rnd([H], 0.5), peepholeO: rnd([H], 0.5) }),
  gruConfig("gruCell 'cho'", 'cho', baseParams(3)),
  gruConfig("gruCell 'pytorch'", 'pytorch', baseParams(3)),
];

const xs = Array.from({ length: STEPS }, () => rnd([B, I]));
const h0 = rnd([B, H], 0.5), c0 = rnd([B, H], 0.5);
const us = Array.from({ length: STEPS }, () => rnd([B, H])), vs = Array.from({ length: STEPS }, () => rnd([B, H]));

interface Inputs { p: Record<string, Tensor>; h: Tensor; c?: Tensor; xs: Tensor[] }
const inputsOf = (cfg: Config, steps: number): Inputs => ({ p: cfg.params, h: h0, ...(cfg.hasC ? { c: c0 } : {}), xs: xs.slice(0, steps) });

const run = (cfg: Config, v: Inputs, fused: boolean): State[] => {
  let s: State = { h: v.h, c: v.c };
  return v.xs.map((x) => (s = cfg.step(v.p, s, x, fused)));
};
/** A scalar of the whole unrolled run: Σ_t ⟨h_t, u_t⟩ + ⟨c_t, v_t⟩. */
const loss = (cfg: Config, fused: boolean) => (v: Inputs): Tensor =>
  run(cfg, v, fused).map((s, t) => (s.c ? add(sum(mul(s.h, us[t])), sum(mul(s.c, vs[t]))) : sum(mul(s.h, us[t])))).reduce((a, b) => add(a, b));

/** Compares two trees of tensors leaf by leaf. */
const closeTrees = (law: string, a: unknown, b: unknown, atol: number, rtol: number, path = ''): void => {
  if (a && typeof a === 'object' && 'shape' in a) {
    const r = closeLaw(`${law} ${path}`, a as Tensor, b as Tensor, atol, rtol);
    if (!r.ok) throw new Error(`${r.law}: ${r.detail}`);
    return;
  }
  for (const k of Object.keys(a as object)) closeTrees(law, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], atol, rtol, path ? `${path}.${k}` : k);
};

/** Inputs of a one-step cell as a flat list (for the laws), and the cell as a function of them. */
const flatCell = (cfg: Config): { names: string[]; xs: Tensor[]; f: (...ts: Tensor[]) => Tensor } => {
  const keys = Object.keys(cfg.params);
  const names = ['h', ...(cfg.hasC ? ['c'] : []), 'x', ...keys.map((k) => `params.${k}`)];
  const list = [h0, ...(cfg.hasC ? [c0] : []), xs[0], ...keys.map((k) => cfg.params[k])];
  const f = (...ts: Tensor[]): Tensor => {
    const n = cfg.hasC ? 3 : 2;
    const p = Object.fromEntries(keys.map((k, i) => [k, ts[n + i]]));
    const s = cfg.step(p, { h: ts[0], c: cfg.hasC ? ts[1] : undefined }, ts[n - 1], true);
    return s.c ? stack([s.h, s.c], 0) : s.h;
  };
  return { names, xs: list, f };
};

const expectShapeError = (fn: () => unknown, parts: string[]) => {
  let err: unknown;
  try { fn(); } catch (e) { err = e; }
  expect(err, 'expected a ShapeError').toBeInstanceOf(ShapeError);
  for (const s of parts) expect((err as Error).message).toContain(s);
};


// ---------------------------------------------------------------------------------------------

describe.each(testedBackends)('recurrent cells on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  for (const cfg of configs) {
    describe(cfg.name, () => {
      for (const steps of [1, STEPS]) {
        it(`${steps} step(s): fused outputs and every gradient agree with the reference decomposition`, () => {
          const v = inputsOf(cfg, steps);
          const a = run(cfg, v, true), b = run(cfg, v, false);
          const t = tol(backend, steps * (I + H));
          a.forEach((s, i) => closeTrees(`step ${i}`, s, b[i], t.atol, t.rtol));
          const ga = grad(loss(cfg, true) as never)(v as never) as unknown as Inputs;
          const gb = grad(loss(cfg, false) as never)(v as never) as unknown as Inputs;
          const tg = tol(backend, steps * (I + H) * B);
          closeTrees('gradient', ga, gb, tg.atol, tg.rtol);
          expect(Object.keys(ga.p).sort()).toEqual(Object.keys(cfg.params).sort());
        });

        it(`${steps} step(s): agrees with float64 loops`, () => {
          const v = inputsOf(cfg, steps);
          const p = p64(cfg.params);
          let s64: State64 = { h: rows(h0), ...(cfg.hasC ? { c: rows(c0) } : {}) };
          const got = run(cfg, v, true);
          const { atol, rtol } = tol(backend, steps * (I + H));
          got.forEach((s, t) => {
            s64 = cfg.step64(p, s64, rows(xs[t]));
            holds(closeLaw(`h at step ${t}`, s.h, s64.h.flat(), atol, rtol));
            if (cfg.hasC) holds(closeLaw(`c at step ${t}`, s.c!, s64.c!.flat(), atol, rtol));
          });
        });
      }

      it('gradient law with respect to h, (c,) x and every parameter', () => {
        const { xs: list, f } = flatCell(cfg);
        for (const seed of [1, 2]) holds(gradientLaw(f, list, { seed }));
      });

      it('second-order gradients agree with the reference decomposition', () => {
        const v = inputsOf(cfg, 2);
        // a function of the first-order gradient (as in a gradient penalty), differentiated again
        const penalty = (fused: boolean) => (w: Inputs): Tensor => {
          const g = grad(loss(cfg, fused) as never)(w as never) as unknown as Inputs;
          const sq = (t: Tensor) => sum(mul(t, t));
          return [sq(g.h), sq(g.xs[0]), sq(g.p.weightHh), sq(g.p.biasIh), ...(g.c ? [sq(g.c)] : [])].reduce((a, b) => add(a, b));
        };
        const a = grad(penalty(true) as never)(v as never), b = grad(penalty(false) as never)(v as never);
        const t = tol(backend, 4 * (I + H) * B);
        closeTrees('second-order gradient', a, b, t.atol * 10, t.rtol * 10);
      });

      it('an empty batch gives an empty state and zero parameter gradients', () => {
        const v: Inputs = { p: cfg.params, h: zeros([0, H]), ...(cfg.hasC ? { c: zeros([0, H]) } : {}), xs: [zeros([0, I])] };
        const [s] = run(cfg, v, true);
        expect(s.h.shape).toEqual([0, H]);
        const total = (w: Inputs) => { const [r] = run(cfg, w, true); return r.c ? add(sum(r.h), sum(r.c)) : sum(r.h); };
        const g = grad(total as never)(v as never) as unknown as Inputs;
        expect(g.xs[0].shape).toEqual([0, I]);
        for (const k of Object.keys(cfg.params)) expect(Array.from(toArray(g.p[k])).every((x) => x === 0)).toBe(true);
      });
    });
  }

  describe('algebraic laws of saturated gates', () => {
    /** Parameters whose input-side bias is `gateBias[g]` on gate g (0 elsewhere); small weights. */
    const saturated = (G: number, gateBias: Record<number, number>) => ({
      ...baseParams(G, 0.3, 0.1),
      biasIh: tensor(Array.from({ length: G * H }, (_, i) => gateBias[Math.floor(i / H)] ?? 0), [G * H]),
    });
    const lstmSat = saturated(4, { 0: -30, 1: 30 });
    const choSat = saturated(3, { 1: -30 });
    const torchSat = saturated(3, { 1: 30 });

    it('an LSTM with forget gate 1 and input gate 0 keeps its cell (c\' = c), fused and reference', () => {
      for (const fused of [true, false]) {
        let s: { h: Tensor; c: Tensor } = { h: h0, c: c0 };
        for (const x of xs) {
          s = lstmCell(lstmSat, s, x, { fused });
          holds(closeLaw(`lstmCell keeps c (fused: ${fused})`, s.c, c0, 1e-6, 0));
        }
      }
      // the same with peepholes (they only move saturated gates a little)
      const peep = { ...lstmSat, peepholeI: rnd([H, H], 0.3), peepholeF: rnd([H], 0.3) };
      holds(closeLaw('lstmCell with peepholes keeps c', lstmCell(peep, { h: h0, c: c0 }, xs[0]).c, c0, 1e-6, 0));
    });

    it("a GRU 'cho' with z = 0 keeps h", () => {
      for (const fused of [true, false]) {
        let h: Tensor = h0;
        for (const x of xs) {
          h = gruCell(choSat, h, x, { variant: 'cho', fused });
          holds(closeLaw(`gruCell 'cho' keeps h (fused: ${fused})`, h, h0, 1e-6, 0));
        }
      }
    });

    it("a GRU 'pytorch' with z = 1 keeps h", () => {
      for (const fused of [true, false]) {
        let h: Tensor = h0;
        for (const x of xs) {
          h = gruCell(torchSat, h, x, { variant: 'pytorch', fused });
          holds(closeLaw(`gruCell 'pytorch' keeps h (fused: ${fused})`, h, h0, 1e-6, 0));
        }
      }
    });
  });

  describe('shape errors name the cell, the argument and both shapes', () => {
    const lp = configs[2].params as unknown as LstmCellParams;
    const gp = configs[5].params as unknown as RnnCellParams;
    const rp = configs[0].params as unknown as RnnCellParams;
    const hBad = rnd([B, H + 1]), xBad = rnd([B, I + 1]);
    for (const fused of [true, false]) {
      it(`wrong hidden or input size (fused: ${fused})`, () => {
        expectShapeError(() => lstmCell(lp, { h: hBad, c: c0 }, xs[0], { fused }), ['lstmCell', 'h has shape [3, 8]', 'must be [3, 7]']);
        expectShapeError(() => lstmCell(lp, { h: h0, c: hBad }, xs[0], { fused }), ['lstmCell', 'c has shape [3, 8]', 'must be [3, 7]']);
        expectShapeError(() => lstmCell(lp, { h: h0, c: c0 }, xBad, { fused }), ['lstmCell', 'x has shape [3, 6]', 'must be [3, 5]']);
        expectShapeError(() => gruCell(gp, hBad, xs[0], { fused }), ['gruCell', 'h has shape [3, 8]', 'must be [3, 7]']);
        expectShapeError(() => gruCell(gp, h0, xBad, { variant: 'pytorch', fused }), ['gruCell', 'x has shape [3, 6]', 'must be [3, 5]']);
        expectShapeError(() => rnnCell(rp, hBad, xs[0], { fused }), ['rnnCell', 'h has shape [3, 8]', 'must be [3, 7]']);
        expectShapeError(() => rnnCell(rp, h0, xBad, { fused }), ['rnnCell', 'x has shape [3, 6]', 'must be [3, 5]']);
      });
      it(`parameters that do not fit (fused: ${fused})`, () => {
        // LSTM weights given to a GRU: 4H rows where 3H are needed
        expectShapeError(() => gruCell(lp, h0, xs[0], { fused }), ['gruCell', 'params.weightHh has shape [28, 7]', 'must be [3·H, H]']);
        expectShapeError(() => lstmCell({ ...lp, weightIh: rnd([4 * H + 1, I]) }, { h: h0, c: c0 }, xs[0], { fused }), ['lstmCell', 'params.weightIh has shape [29, 5]', 'must be [28, I]']);
        expectShapeError(() => lstmCell({ ...lp, biasHh: rnd([3 * H]) }, { h: h0, c: c0 }, xs[0], { fused }), ['lstmCell', 'params.biasHh has shape [21]', 'must be [28]']);
        expectShapeError(() => lstmCell({ ...lp, peepholeI: rnd([H, H - 1]) }, { h: h0, c: c0 }, xs[0], { fused }), ['lstmCell', 'params.peepholeI has shape [7, 6]', 'must be [7, 7] (full) or [7] (diagonal)']);
        expectShapeError(() => lstmCell({ ...lp, peepholeO: rnd([H, H]) }, { h: h0, c: c0 }, xs[0], { peephole: 'diagonal', fused }), ['lstmCell', 'params.peepholeO has shape [7, 7]', 'must be [7]']);
        expectShapeError(() => lstmCell({ ...lp, peepholeF: rnd([H]) }, { h: h0, c: c0 }, xs[0], { peephole: 'full', fused }), ['lstmCell', 'params.peepholeF has shape [7]', 'must be [7, 7]']);
      });
    }
    it('unknown or bad options are OptionErrors', () => {
      expect(() => gruCell(gp, h0, xs[0], { variant: 'keras' as 'cho' })).toThrow(OptionError);
      expect(() => rnnCell(rp, h0, xs[0], { nonlinearity: 'sigmoid' as 'tanh' })).toThrow(OptionError);
      expect(() => lstmCell(lp, { h: h0, c: c0 }, xs[0], { peepholes: 'full' } as never)).toThrow(OptionError);
    });
  });

  describe('law cases of the fused primitives', () => {
    for (const c of recurrentCases) {
      describe(c.prim, () => {
        for (const r of c.refs ?? []) it(`agrees with the float64 reference: ${r.label}`, () => checkRef(backend, c.fn, r));
        if (c.shape) it('shape law', () => checkShape(c.fn, c.inputs, c.shape!, { numRuns: 3 }));
        if (c.bad) it('refuses shapes that do not fit, with a ShapeError', () => { holds(rejectsLaw(c.fn, c.bad!())); });
        if (c.grad !== false) it('gradient law', () => checkGradient(c.fn, c.inputs, { numRuns: 3, ...(c.grad ?? {}) }));
      });
    }
  });
});

describe.skipIf(testedBackends.length < 2)(`recurrent cells: backend agreement (${testedBackends.join(', ')})`, () => {
  for (const cfg of configs) {
    it(cfg.name, () => {
      const { xs: list, f } = flatCell(cfg);
      holds(backendAgreementLaw(f, list, { backends: testedBackends, atol: 1e-4, rtol: 1e-3 }));
      // and the gradient of the 5-step unrolled loss
      const v = inputsOf(cfg, STEPS);
      const keys = Object.keys(cfg.params);
      const g = (...ts: Tensor[]) => {
        const n = cfg.hasC ? 2 : 1;
        const w: Inputs = { p: Object.fromEntries(keys.map((k, i) => [k, ts[n + i]])), h: ts[0], ...(cfg.hasC ? { c: ts[1] } : {}), xs: ts.slice(n + keys.length) };
        const gr = grad(loss(cfg, true) as never)(w as never) as unknown as Inputs;
        return concat([gr.h, ...(gr.c ? [gr.c] : []), ...keys.map((k) => gr.p[k]), ...gr.xs].map((t) => reshape(t, [-1])));
      };
      holds(backendAgreementLaw(g, [v.h, ...(v.c ? [v.c] : []), ...keys.map((k) => cfg.params[k]), ...v.xs], { backends: testedBackends, atol: 1e-4, rtol: 1e-3 }));
    });
  }
  for (const c of recurrentCases)
    it(`${c.prim} (law case)`, () => { useBackend('cpu'); checkBackendAgreement(c.fn, c.inputs, { backends: testedBackends, numRuns: 2, atol: 1e-4, rtol: 1e-3 }); });
});
