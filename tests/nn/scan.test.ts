import { describe, expect, it } from 'vitest';
import { scan } from '../../src/nn/index.js';
import { add, grad, key, matmul, normal, reshape, slice, stopGradient, sum, tanh, tensor, toArray, useBackend, mul, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('scan');
const B = 3, T = 12, F = 4, H = 5;
const xs = normal(key(1), [B, T, F]);
const h0 = normal(key(2), [B, H], 0, 0.5);
const params = { wx: normal(key(3), [F, H], 0, 0.5), wh: normal(key(4), [H, H], 0, 0.5) };
type P = typeof params;
const cell = (p: P) => (h: Tensor, x: Tensor) => { const n = tanh(add(matmul(x, p.wx), matmul(h, p.wh))); return { carry: n, y: n }; };
const xAt = (t: number) => reshape(slice(xs, [0, t, 0], [B, 1, F]), [B, F]);
const arr = (t: Tensor) => Array.from(toArray(t));
const close = (a: number[], b: number[], tol = 1e-5) => a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]))));

describe.each(testedBackends)('scan on %s', (backend) => {
  it('BPTT through scan equals the gradient of the explicitly unrolled loop', () => {
    useBackend(backend, { strict: true });
    const viaScan = (p: P) => sum(scan(cell(p), h0, xs).ys);
    const unrolled = (p: P) => { let h: Tensor = h0, s: Tensor = tensor(0, []); for (let t = 0; t < T; t++) { h = cell(p)(h, xAt(t)).carry; s = add(s, sum(h)); } return s; };
    const a = grad(viaScan)(params), b = grad(unrolled)(params);
    close(arr(a.wx), arr(b.wx));
    close(arr(a.wh), arr(b.wh));
  });

  it('truncated BPTT with k ≥ T equals full BPTT; with k < T it equals the unrolled loop with stopGradient every k steps', () => {
    useBackend(backend, { strict: true });
    const loss = (k?: number) => (p: P) => sum(scan(cell(p), h0, xs, k ? { truncate: k } : {}).ys);
    expect(arr(grad(loss(T))(params).wh)).toEqual(arr(grad(loss())(params).wh));
    const k = 4;
    const manual = (p: P) => { let h: Tensor = h0, s: Tensor = tensor(0, []); for (let t = 0; t < T; t++) { if (t > 0 && t % k === 0) h = stopGradient(h); h = cell(p)(h, xAt(t)).carry; s = add(s, sum(h)); } return s; };
    close(arr(grad(loss(k))(params).wh), arr(grad(manual)(params).wh));
    expect(arr(grad(loss(k))(params).wh)).not.toEqual(arr(grad(loss())(params).wh));
  });

  it('a mask keeps the carry on padding and zeroes those outputs (variable-length sequences)', () => {
    useBackend(backend, { strict: true });
    const lens = [12, 7, 3];
    const mask = tensor(Array.from({ length: B * T }, (_, i) => (i % T < lens[Math.floor(i / T)] ? 1 : 0)), [B, T]);
    const r = scan(cell(params), h0, xs, { mask });
    for (let b = 0; b < B; b++) {
      const xb = slice(xs, [b, 0, 0], [1, lens[b], F]);
      const rb = scan(cell(params), slice(h0, [b, 0], [1, H]), xb);
      close(arr(slice(r.carry, [b, 0], [1, H])), arr(rb.carry));
      const ys = arr(slice(r.ys, [b, 0, 0], [1, T, H]));
      expect(ys.slice(lens[b] * H).every((v) => v === 0)).toBe(true);
    }
  });

  it('reverse runs from the last step and keeps outputs in input time order', () => {
    useBackend(backend, { strict: true });
    const r = scan(cell(params), h0, xs, { reverse: true });
    let h: Tensor = h0;
    for (let t = T - 1; t >= 0; t--) {
      h = cell(params)(h, xAt(t)).carry;
      close(arr(reshape(slice(r.ys, [0, t, 0], [B, 1, H]), [B, H])), arr(h));
    }
    expect(mul(r.carry, 1).shape).toEqual([B, H]);
  });
});
