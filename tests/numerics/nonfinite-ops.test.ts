// The NaN/±Inf bugs once reported, each pinned on every backend: NaN-sticky max/min (elementwise,
// reductions, max-pool), sign(NaN), logsumexp/softmax at ±Inf, pow as Math.pow with PyTorch's
// gradients, ±Inf pad values, and errors that name the op that was called.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../../src/backend/types.js';
import * as nn from '../support/api.js';
import type { Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';
import { kind } from './poison.js';

announceBackends('numerics');

const T = (v: number[], s: number[] = [v.length]) => nn.tensor(v, s);
const arr = (t: Tensor) => Array.from(nn.toArray(t));

describe.each(testedBackends)('NaN and ±Inf reproductions on %s', (backend: BackendName) => {
  beforeAll(() => { nn.useBackend(backend, { strict: true }); });

  it('relu, sign: NaN stays NaN', () => {
    expect(arr(nn.relu(T([NaN, -Infinity, Infinity, -1, 2])))).toEqual([NaN, 0, Infinity, 0, 2]);
    expect(arr(nn.sign(T([NaN, -Infinity, Infinity, -3, 0, -0])))).toEqual([NaN, -1, 1, -1, 0, 0]);
  });

  it('maximum and minimum: NaN on either side gives NaN', () => {
    const a = T([NaN, 1, NaN, -Infinity, 2]), b = T([1, NaN, NaN, Infinity, 2]);
    expect(arr(nn.maximum(a, b))).toEqual([NaN, NaN, NaN, Infinity, 2]);
    expect(arr(nn.minimum(a, b))).toEqual([NaN, NaN, NaN, -Infinity, 2]);
  });

  // max is being made NaN-sticky in the reduction kernel (src/backend/gpujs/kernels/reduce.ts).
  it('max and min reductions: a NaN anywhere in the reduced run gives NaN', () => {
    const x = T([1, NaN, 3, NaN, 1, 3, 1, 3, NaN, -Infinity, -Infinity, -Infinity], [4, 3]);
    expect(arr(nn.max(x, 1))).toEqual([NaN, NaN, NaN, -Infinity]);
    expect(arr(nn.min(x, 1))).toEqual([NaN, NaN, NaN, -Infinity]);
    expect(arr(nn.max(x))).toEqual([NaN]);
  });

  it('maxPool2d: a window holding NaN gives NaN, and the gradient goes to its first NaN', () => {
    const x = T([1, NaN, 3, NaN, NaN, 1, 3, 2, -Infinity, -Infinity, -Infinity, -Infinity], [1, 1, 3, 4]);
    const opts = { size: [1, 4] as const };
    expect(arr(nn.maxPool2d(x, opts))).toEqual([NaN, NaN, -Infinity]);
    const g = nn.grad((v: Tensor) => nn.sum(nn.mul(nn.maxPool2d(v, opts), T([1, 2, 3], [1, 1, 3, 1]))))(x);
    // first NaN of row 0 is cell 1, of row 1 cell 0; an all −Inf window sends it to its first cell
    expect(arr(g)).toEqual([0, 1, 0, 0, 2, 0, 0, 0, 3, 0, 0, 0]);
  });

  it('maxPool2d over a −Inf padding (pad accepts ±Inf and NaN values)', () => {
    expect(arr(nn.pad(T([1, 2]), [[1, 1]], -Infinity))).toEqual([-Infinity, 1, 2, -Infinity]);
    expect(arr(nn.pad(T([1, 2]), [[0, 1]], Infinity))).toEqual([1, 2, Infinity]);
    expect(arr(nn.pad(T([1, 2]), [[1, 0]], NaN))).toEqual([NaN, 1, 2]);
    const x = nn.pad(T([-5, -6, -7, -8], [1, 1, 2, 2]), [[0, 0], [0, 0], [1, 1], [1, 1]], -Infinity);
    expect(arr(nn.maxPool2d(x, { size: 2 }))).toEqual([-5, -6, -7, -8]);
  });

  it('logsumexp: −Inf for all −Inf, +Inf with a +Inf, NaN with a NaN; exact otherwise', () => {
    const x = T([-Infinity, -Infinity, Infinity, 1, NaN, 1, -Infinity, 0], [4, 2]);
    const y = arr(nn.logsumexp(x, 1));
    expect(y.slice(0, 3)).toEqual([-Infinity, Infinity, NaN]);
    expect(y[3]).toBeCloseTo(0, 6);
  });

  it('logSoftmax and softmax: a −Inf logit gets −Inf / probability 0 and a zero gradient', () => {
    const x = T([-Infinity, 0, 1]);
    const ls = arr(nn.logSoftmax(x));
    expect(ls[0]).toBe(-Infinity);
    expect(ls[1]).toBeCloseTo(-Math.log(1 + Math.E), 5);
    const p = arr(nn.softmax(x));
    expect(p[0]).toBe(0);
    expect(p[2]).toBeCloseTo(Math.E / (1 + Math.E), 6);
    const g = arr(nn.grad((v: Tensor) => nn.sum(nn.mul(nn.softmax(v), T([1, 2, 3]))))(x));
    expect(g[0]).toBe(0);
    expect(g.every(Number.isFinite)).toBe(true);
    expect(arr(nn.logSoftmax(T([-Infinity, -Infinity])))).toEqual([NaN, NaN]); // as PyTorch: 0/0
  });

  it('pow follows Math.pow on zeros, infinities, NaN and negative bases', () => {
    const vals = [NaN, Infinity, -Infinity, 0, -0, 1, -1, 2, -2, 0.5, -0.5, 3, -3, 2.5, 1e-20, 40, -40, 200];
    const a = vals.flatMap((x) => vals.map(() => x)), b = vals.flatMap(() => vals);
    const got = arr(nn.pow(T(a), T(b)));
    const rel = backend === 'headlessgl' || backend === 'webgl2' ? 1e-5 : 1.2e-7;
    const bad = a.flatMap((x, i) => {
      const w = Math.fround(Math.pow(x, b[i])), g = got[i];
      if (w !== 0 && Math.abs(w) < 2 ** -126) return Math.abs(g) < 2 ** -126 ? [] : [`pow(${x}, ${b[i]}) = ${g}, want ${w}`];
      return kind(g) === kind(w) && (kind(w) !== 'finite' || Math.abs(g - w) <= rel * Math.abs(w)) ? [] : [`pow(${x}, ${b[i]}) = ${g}, want ${w}`];
    });
    expect(bad).toEqual([]);
    expect(arr(nn.pow(T([0, -2, -2, -8]), T([-1, 3, 0.5, 1 / 3])))).toEqual([Infinity, -8, NaN, NaN]);
  });

  it("pow's gradients are PyTorch's at a = 0 and b = 0", () => {
    const db = nn.grad((v: Tensor) => nn.sum(nn.pow(T([0, 0, 2]), v)))(T([2, 0.5, 3]));
    expect(arr(db)[0]).toBe(0);
    expect(arr(db)[1]).toBe(0);
    expect(arr(db)[2]).toBeCloseTo(8 * Math.log(2), 4);
    const da = nn.grad((v: Tensor) => nn.sum(nn.pow(v, T([0, 0]))))(T([0, 3]));
    expect(arr(da)).toEqual([0, 0]);
  });

  it('errors name the op that was called', () => {
    const x = T([1, 2], [1, 2]);
    for (const [op, call] of [
      ['softmax', () => nn.softmax(x, 2)], ['logSoftmax', () => nn.logSoftmax(x, 2)],
      ['logsumexp', () => nn.logsumexp(x, 2)], ['min', () => nn.min(x, 2)],
    ] as const) {
      expect(call).toThrow(nn.OptionError);
      expect(call).toThrow(new RegExp(`^${op}: axis 2 is out of range for rank 2`));
    }
  });
});
