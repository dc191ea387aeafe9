import { describe, expect, it } from 'vitest';
import { gradientLaw, holds } from '../../laws/index.js';
import { lstmCell, lstmCellReference, type LstmParams } from '../../src/nn/cells.js';
import { add, grad, key, mul, normal, split, sum, toArray, useBackend, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('fused lstm');
const B = 3, I = 5, H = 7;
const ks = split(key(21), 16);
const base: LstmParams = {
  weightIh: normal(ks[0], [4 * H, I], 0, 0.4), weightHh: normal(ks[1], [4 * H, H], 0, 0.4),
  biasIh: normal(ks[2], [4 * H], 0, 0.2), biasHh: normal(ks[3], [4 * H], 0, 0.2),
};
const variants: [string, LstmParams][] = [
  ['plain', base],
  ['diagonal peepholes on i and o', { ...base, peepholeI: normal(ks[4], [H], 0, 0.3), peepholeO: normal(ks[5], [H], 0, 0.3) }],
  ['full peepholes on i and f, diagonal on o', { ...base, peepholeI: normal(ks[6], [H, H], 0, 0.3), peepholeF: normal(ks[7], [H, H], 0, 0.3), peepholeO: normal(ks[8], [H], 0, 0.3) }],
];
const xs = Array.from({ length: 5 }, (_, t) => normal(split(ks[9], 5)[t], [B, I]));
const h0 = normal(ks[10], [B, H], 0, 0.5), c0 = normal(ks[11], [B, H], 0, 0.5);
const A = (t: Tensor) => Array.from(toArray(t));
const close = (a: number[], b: number[], tol = 2e-5) => a.forEach((v, i) => expect(Math.abs(v - b[i]), `at ${i}: ${v} vs ${b[i]}`).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]))));

type Inputs = { p: LstmParams; h: Tensor; c: Tensor; xs: Tensor[] };
/** A scalar of the whole unrolled run: Σ over steps of Σ h⊙c. */
const unroll = (cell: typeof lstmCell, steps: number) => (v: Inputs): Tensor => {
  let s = { h: v.h, c: v.c };
  const parts: Tensor[] = [];
  for (let t = 0; t < steps; t++) { s = cell(v.p, s, v.xs[t]); parts.push(sum(mul(s.h, s.c))); }
  return parts.reduce((acc, x) => add(acc, x));
};

describe.each(testedBackends)('fused LSTM cell on %s', (backend) => {
  for (const [name, p] of variants) {
    for (const steps of [1, 5]) {
      it(`${name}, ${steps} step(s): outputs and every gradient agree with the reference decomposition`, () => {
        useBackend(backend, { strict: true });
        const v: Inputs = { p, h: h0, c: c0, xs: xs.slice(0, steps) };
        let a: { h: Tensor; c: Tensor } = { h: h0, c: c0 }, b: { h: Tensor; c: Tensor } = { h: h0, c: c0 };
        for (let t = 0; t < steps; t++) { a = lstmCell(p, a, xs[t]); b = lstmCellReference(p, b, xs[t]); }
        close(A(a.h), A(b.h));
        close(A(a.c), A(b.c));
        const g = (cell: typeof lstmCell) => grad(unroll(cell, steps) as never)(v as never) as unknown as Inputs;
        const ga = g(lstmCell), gb = g(lstmCellReference);
        for (const k of Object.keys(p) as (keyof LstmParams)[]) close(A(ga.p[k]!), A(gb.p[k]!), 1e-4);
        close(A(ga.h), A(gb.h), 1e-4);
        close(A(ga.c), A(gb.c), 1e-4);
        ga.xs.forEach((g, t) => close(A(g), A(gb.xs[t]), 1e-4));
      });
    }
    it(`${name}: gradient law, and second-order gradients agree with the reference`, () => {
      useBackend(backend, { strict: true });
      holds(gradientLaw((h, c, x, wh) => lstmCell({ ...p, weightHh: wh }, { h, c }, x).h, [h0, c0, xs[0], p.weightHh]));
      const second = (cell: typeof lstmCell) => grad((x: Tensor) => sum(mul(grad((hh: Tensor) => sum(mul(cell(p, { h: hh, c: c0 }, x).h, cell(p, { h: hh, c: c0 }, x).c)))(h0), h0)))(xs[0]);
      close(A(second(lstmCell)), A(second(lstmCellReference)), 1e-4);
    });
  }
});
