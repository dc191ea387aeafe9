import { describe, expect, it } from 'vitest';
import { gradientLaw, holds } from '../../laws/index.js';
import { gruCellReference, lstmCellReference, rnnCellReference, type LstmCellParams, type RnnCellParams } from '../../src/nn/cells.js';
import { key, normal, split, tensor, toArray, useBackend, zeros, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';

announceBackends('cells');
const B = 3, I = 5, H = 7;
const ks = split(key(11), 12);
const params = (gates: number): RnnCellParams => ({
  weightIh: normal(ks[0], [gates * H, I], 0, 0.4), weightHh: normal(ks[1], [gates * H, H], 0, 0.4),
  biasIh: normal(ks[2], [gates * H], 0, 0.2), biasHh: normal(ks[3], [gates * H], 0, 0.2),
});
const xs = Array.from({ length: 5 }, (_, t) => normal(split(ks[4], 5)[t], [B, I]));
const h0 = normal(ks[5], [B, H], 0, 0.5), c0 = normal(ks[6], [B, H], 0, 0.5);
const A = (t: Tensor) => Array.from(toArray(t), Number);

// ---- float64 references with plain loops ----
type M = number[];
const sig = (v: number) => 1 / (1 + Math.exp(-v));
const lin = (W: M, b: M, v: M, rows: number, cols: number, bb: number) => Array.from({ length: rows }, (_, r) => { let s = b[r]; for (let k = 0; k < cols; k++) s += W[r * cols + k] * v[bb * cols + k]; return s; });
const refRnn = (p: RnnCellParams, h: M, x: M) => { const out: M = []; for (let b = 0; b < B; b++) { const a = lin(A(p.weightIh), A(p.biasIh), x, H, I, b), c = lin(A(p.weightHh), A(p.biasHh), h, H, H, b); for (let j = 0; j < H; j++) out.push(Math.tanh(a[j] + c[j])); } return out; };
const refLstm = (p: LstmCellParams, h: M, c: M, x: M) => {
  const hn: M = [], cn: M = [];
  const P = (t?: Tensor) => (t ? A(t) : undefined);
  const pI = P(p.peepholeI), pF = P(p.peepholeF), pO = P(p.peepholeO);
  const pe = (Pm: M | undefined, cv: M, b: number, j: number) => (Pm === undefined ? 0 : Pm.length === H ? Pm[j] * cv[b * H + j] : Pm.slice(j * H, (j + 1) * H).reduce((s, w, k) => s + w * cv[b * H + k], 0));
  for (let b = 0; b < B; b++) {
    const a = lin(A(p.weightIh), A(p.biasIh), x, 4 * H, I, b), r = lin(A(p.weightHh), A(p.biasHh), h, 4 * H, H, b);
    const z = a.map((v, k) => v + r[k]);
    const cb: M = [];
    for (let j = 0; j < H; j++) {
      const i = sig(z[j] + pe(pI, c, b, j)), f = sig(z[H + j] + pe(pF, c, b, j)), g = Math.tanh(z[2 * H + j]);
      cb.push(f * c[b * H + j] + i * g);
    }
    const cFull = [...c.slice(0, b * H), ...cb, ...c.slice((b + 1) * H)];
    for (let j = 0; j < H; j++) { const o = sig(z[3 * H + j] + pe(pO, cFull, b, j)); hn.push(o * Math.tanh(cb[j])); cn.push(cb[j]); }
  }
  return { h: hn, c: cn };
};
const refGru = (p: RnnCellParams, h: M, x: M, variant: 'cho' | 'pytorch') => {
  const out: M = [];
  const Whh = A(p.weightHh), bhh = A(p.biasHh);
  for (let b = 0; b < B; b++) {
    const a = lin(A(p.weightIh), A(p.biasIh), x, 3 * H, I, b), r0 = lin(Whh, bhh, h, 3 * H, H, b);
    const r = Array.from({ length: H }, (_, j) => sig(a[j] + r0[j])), z = Array.from({ length: H }, (_, j) => sig(a[H + j] + r0[H + j]));
    for (let j = 0; j < H; j++) {
      let n: number;
      if (variant === 'cho') { let s = bhh[2 * H + j]; for (let k = 0; k < H; k++) s += Whh[(2 * H + j) * H + k] * r[k] * h[b * H + k]; n = Math.tanh(a[2 * H + j] + s); out.push((1 - z[j]) * h[b * H + j] + z[j] * n); }
      else { n = Math.tanh(a[2 * H + j] + r[j] * r0[2 * H + j]); out.push((1 - z[j]) * n + z[j] * h[b * H + j]); }
    }
  }
  return out;
};
const close = (got: M, want: M, t: { atol: number; rtol: number }) => got.forEach((v, i) => expect(Math.abs(v - want[i]), `at ${i}: ${v} vs ${want[i]}`).toBeLessThanOrEqual(3 * (t.atol + t.rtol * Math.abs(want[i]))));

describe.each(testedBackends)('recurrent cells on %s', (backend) => {
  const t = tol(backend, 16);
  it('rnnCell: 1 and 5 steps agree with a float64 reference; gradient law', () => {
    useBackend(backend, { strict: true });
    const p = params(1);
    let h: Tensor = h0, hr = A(h0);
    for (let s = 0; s < 5; s++) { h = rnnCellReference(p, h, xs[s]); hr = refRnn(p, hr, A(xs[s])); if (s === 0 || s === 4) close(A(h), hr, t); }
    holds(gradientLaw((hh, x, wi, wh) => rnnCellReference({ ...p, weightIh: wi, weightHh: wh }, hh, x), [h0, xs[0], p.weightIh, p.weightHh]));
  });

  for (const [name, peeps] of [['plain', {}], ['full peepholes on i, f, o', { peepholeI: 'full', peepholeF: 'full', peepholeO: 'full' }], ['diagonal peepholes on i and o', { peepholeI: 'diag', peepholeO: 'diag' }]] as const) {
    it(`lstmCell (${name}): 1 and 5 steps agree with a float64 reference; gradient law`, () => {
      useBackend(backend, { strict: true });
      const extra = Object.fromEntries(Object.entries(peeps).map(([k, v], j) => [k, normal(split(ks[7], 3)[j], v === 'full' ? [H, H] : [H], 0, 0.3)]));
      const p: LstmCellParams = { ...params(4), ...extra };
      let s: { h: Tensor; c: Tensor } = { h: h0, c: c0 }, r = { h: A(h0), c: A(c0) };
      for (let k = 0; k < 5; k++) { s = lstmCellReference(p, s, xs[k]); r = refLstm(p, r.h, r.c, A(xs[k])); if (k === 0 || k === 4) { close(A(s.h), r.h, t); close(A(s.c), r.c, t); } }
      holds(gradientLaw((hh, cc, x, wh) => { const o = lstmCellReference({ ...p, weightHh: wh }, { h: hh, c: cc }, x); return o.h; }, [h0, c0, xs[0], p.weightHh]));
    });
  }

  for (const variant of ['cho', 'pytorch'] as const) {
    it(`gruCell '${variant}': 1 and 5 steps agree with a float64 reference; gradient law`, () => {
      useBackend(backend, { strict: true });
      const p = params(3);
      let h: Tensor = h0, hr = A(h0);
      for (let s = 0; s < 5; s++) { h = gruCellReference(p, h, xs[s], { variant }); hr = refGru(p, hr, A(xs[s]), variant); if (s === 0 || s === 4) close(A(h), hr, t); }
      holds(gradientLaw((hh, x, wh) => gruCellReference({ ...p, weightHh: wh }, hh, x, { variant }), [h0, xs[0], p.weightHh]));
    });
  }

  it('an LSTM with forget gate 1 and input gate 0 keeps its cell; GRU cho with z = 0 (pytorch: z = 1) keeps h', () => {
    useBackend(backend, { strict: true });
    const b = new Array(4 * H).fill(0);
    for (let j = 0; j < H; j++) { b[j] = -30; b[H + j] = 30; } // input gate ≈ 0, forget gate ≈ 1
    const withBias: LstmCellParams = { weightIh: zeros([4 * H, I]), weightHh: zeros([4 * H, H]), biasIh: zeros([4 * H]), biasHh: normalLike(b) };
    const out = lstmCellReference(withBias, { h: h0, c: c0 }, xs[0]);
    close(A(out.c), A(c0), { atol: 1e-6, rtol: 0 });
    const g = params(3), gb = new Array(3 * H).fill(0);
    for (let j = 0; j < H; j++) gb[H + j] = -30;
    const cho = gruCellReference({ ...g, weightIh: zeros([3 * H, I]), weightHh: zeros([3 * H, H]), biasIh: zeros([3 * H]), biasHh: normalLike(gb) }, h0, xs[0], { variant: 'cho' });
    close(A(cho), A(h0), { atol: 1e-6, rtol: 0 });
    const pt = gruCellReference({ ...g, weightIh: zeros([3 * H, I]), weightHh: zeros([3 * H, H]), biasIh: zeros([3 * H]), biasHh: normalLike(gb.map((v) => -v)) }, h0, xs[0], { variant: 'pytorch' });
    close(A(pt), A(h0), { atol: 1e-6, rtol: 0 });
  });

});

const normalLike = (v: number[]) => tensor(v, [v.length]);
