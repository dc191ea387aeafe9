// The scalar functions against JavaScript's Math (the reference semantics) on every backend: the
// NaN / ±Inf / ±0 / overflow table, exact where the answer is not finite, and the relative error of
// tanh, sigmoid and softplus over a log-spaced range (tiny inputs must not cancel to 0).
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../../src/backend/types.js';
import * as nn from '../support/api.js';
import type { Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';
import { kind } from './poison.js';

announceBackends('numerics');

const NORMAL_MIN = 2 ** -126;
const sigmoid64 = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
const softplus64 = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));

const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-30, -1e-30, 1e-8, -1e-8, 0.5, -0.5, 1, -1, 20, -20, 88.72283172607422, 88.72283935546875, 100, -100, 1000];
const unary: [string, (x: Tensor) => Tensor, (v: number) => number][] = [
  ['exp', nn.exp, Math.exp], ['log', nn.log, Math.log], ['sqrt', nn.sqrt, Math.sqrt], ['abs', nn.abs, Math.abs],
  ['neg', nn.neg, (v) => -v], ['tanh', nn.tanh, Math.tanh], ['sigmoid', nn.sigmoid, sigmoid64],
  ['softplus', nn.softplus, softplus64], ['relu', nn.relu, (v) => (v > 0 ? v : v <= 0 ? 0 : NaN)], ['sign', nn.sign, Math.sign],
  ['reciprocal (div)', (x) => nn.div(1, x), (v) => 1 / v],
];

/** Largest relative error of `got` against the float64 reference, over cells whose f32 reference is a normal number. */
const worstRel = (xs: readonly number[], got: Float32Array, ref: (v: number) => number) => {
  let worst = 0, at = NaN;
  xs.forEach((v, i) => {
    const w = ref(Math.fround(v));
    if (!(Math.abs(Math.fround(w)) >= NORMAL_MIN) || !Number.isFinite(Math.fround(w))) return;
    const e = Math.abs(got[i] - w) / Math.abs(w);
    if (!(e <= worst)) { worst = e; at = v; }
  });
  return { worst, at };
};

// Relative error bounds, about twice the worst measured: cpu rounds a float64 result once (6e-8);
// webasm calls Math in float64 between float32 steps (1.5e-7); llvmpipe's exp is off by up to 8e-7
// for |x| ≤ 20, and by up to 3.8e-6 for |x| near 88 (`deepBound`: the special values, x < −20).
const bound: Record<BackendName, number> = { simd: 1.2e-7, cpu: 1.2e-7, webasm: 3e-7, headlessgl: 2e-6, webgl2: 2e-6 };
const deepBound: Record<BackendName, number> = { ...bound, headlessgl: 8e-6, webgl2: 8e-6 };

const logSpaced = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => Math.fround(lo * (hi / lo) ** (i / (n - 1))));
const tiny = logSpaced(1e-30, 20, 600);
const both = [...tiny, ...tiny.map((v) => -v)];
const deepNegative = Array.from({ length: 400 }, (_, i) => Math.fround(-87.3 + i * (67.3 / 399))); // e^x normal in f32

describe.each(testedBackends)('scalar functions on %s follow JavaScript Math', (backend) => {
  beforeAll(() => { nn.useBackend(backend, { strict: true }); });
  const run = (f: (x: Tensor) => Tensor, xs: readonly number[]) => nn.toArray(f(nn.tensor(xs, [xs.length])));

  for (const [name, f, ref] of unary) {
    it(`${name} at NaN, ±Inf, ±0, tiny, overflow`, () => {
      const got = run(f, specials);
      const bad = specials.flatMap((v, i) => {
        const w = Math.fround(ref(v)), g = got[i];
        const subnormal = Number.isFinite(w) && w !== 0 && Math.abs(w) < NORMAL_MIN;
        if (subnormal) return Math.abs(g - w) <= NORMAL_MIN ? [] : [`${name}(${v}) = ${g}, want ${w}`];
        const ok = kind(g) === kind(w) && (kind(w) !== 'finite' || Math.abs(g - w) <= deepBound[backend] * Math.abs(w));
        return ok ? [] : [`${name}(${v}) = ${g}, want ${w}`];
      });
      expect(bad).toEqual([]);
    });
  }

  for (const [name, f, ref, xs, most] of [
    ['tanh, |x| in [1e-30, 20]', nn.tanh, Math.tanh, both, bound], ['sigmoid, |x| in [1e-30, 20]', nn.sigmoid, sigmoid64, both, bound],
    ['softplus, |x| in [1e-30, 20]', nn.softplus, softplus64, both, bound],
    ['sigmoid, x in [-87.3, -20]', nn.sigmoid, sigmoid64, deepNegative, deepBound], ['softplus, x in [-87.3, -20]', nn.softplus, softplus64, deepNegative, deepBound],
  ] as const) {
    it(`${name}: relative error below ${most[backend]} over ${xs.length} inputs`, () => {
      const { worst, at } = worstRel(xs, run(f, xs), ref);
      expect(worst, `worst at x = ${at}`).toBeLessThanOrEqual(most[backend]);
    });
  }

  it('tanh(1e-8) is 1e-8, softplus(-80) is e^-80: no cancellation or underflow', () => {
    const [t, s] = [run(nn.tanh, [1e-8])[0], run(nn.softplus, [-80])[0]];
    expect(Math.abs(t - 1e-8) / 1e-8).toBeLessThan(1e-6);
    expect(Math.abs(s - Math.exp(-80)) / Math.exp(-80)).toBeLessThan(deepBound[backend]);
  });

  it('exp overflows to +Inf exactly where float32 does', () => {
    const y = run(nn.exp, [88.72283172607422, 88.72283935546875, 89, 1000, Infinity]);
    const last = Math.fround(Math.exp(88.72283172607422)); // 3.4027e38, the largest finite exp
    expect(Math.abs(y[0] - last) / last).toBeLessThanOrEqual(deepBound[backend]);
    expect(Array.from(y.subarray(1))).toEqual([Infinity, Infinity, Infinity, Infinity]);
  });
});
