import { describe, expect, it } from 'vitest';
import { ArgumentError, OptionError } from '../src/shape/errors.js';
import { philox4x32, randomBits } from '../src/random/philox.js';
import { foldIn, isKey, key, split, type Key } from '../src/random/key.js';
import {
  bernoulliData, categoricalData, normalData, permutationData, truncatedNormalData, uniformData,
} from '../src/random/sample.js';
import { meanVar } from './support/moments.js';

const hex = (ws: ArrayLike<number>) => Array.from(ws, (w) => w.toString(16).padStart(8, '0')).join(' ');

// Loops rather than Math.min(...xs): spreading 200k arguments overflows the stack.
function range(xs: ArrayLike<number>): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < xs.length; i++) { lo = Math.min(lo, xs[i]); hi = Math.max(hi, xs[i]); }
  return [lo, hi];
}

// erfc with fractional error < 1.2e-7 (Numerical Recipes erfcc), for truncated-normal moments.
function erfc(x: number): number {
  const z = Math.abs(x), t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
const upper = (x: number) => 0.5 * erfc(x / Math.SQRT2); // P(Z > x), accurate in the tail
const pdf = (x: number) => (Number.isFinite(x) ? Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI) : 0);
const xpdf = (x: number) => (Number.isFinite(x) ? x * pdf(x) : 0);

/** Mean and variance of a standard normal truncated to [a, b]. */
function truncMoments(a: number, b: number): [number, number] {
  const z = a >= 0 ? upper(a) - upper(b) : b <= 0 ? upper(-b) - upper(-a) : 1 - upper(b) - upper(-a);
  const m = (pdf(a) - pdf(b)) / z;
  return [m, 1 + (xpdf(a) - xpdf(b)) / z - m * m];
}

describe('philox4x32-10', () => {
  it('matches the Random123 known-answer vectors', () => {
    expect(hex(philox4x32([0, 0, 0, 0], [0, 0]))).toBe('6627e8d5 e169c58d bc57ac4c 9b00dbd8');
    const f = 0xffffffff;
    expect(hex(philox4x32([f, f, f, f], [f, f]))).toBe('408f276d 41c83b0e a20bc7c6 6d5451fd');
    expect(hex(philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0])))
      .toBe('d16cfe09 94fdcceb 5001e420 24126ea1');
  });

  it('randomBits runs counters 0, 1, 2, ... and shorter requests are prefixes', () => {
    const k = key(7);
    const bits = randomBits(k, 11);
    const expected = [0, 1, 2].flatMap((i) => philox4x32([i, 0, 0, 0], k)).slice(0, 11);
    expect(Array.from(bits)).toEqual(expected);
    expect(Array.from(randomBits(k, 5))).toEqual(expected.slice(0, 5));
    expect(randomBits(k, 0).length).toBe(0);
  });

  it('rejects bad inputs with RangeError', () => {
    expect(() => philox4x32([0, 0, 0, -1], [0, 0])).toThrow(/counter\[3\] must be an integer in \[0, 2\^32\)/);
    expect(() => philox4x32([0, 0, 0, 0], [2 ** 32, 0])).toThrow(RangeError);
    expect(() => randomBits(key(0), -1)).toThrow(/count must be a non-negative integer/);
    expect(() => randomBits(key(0), 1.5)).toThrow(RangeError);
  });
});

describe('keys', () => {
  it('pins key, bits, split and foldIn output (same everywhere)', () => {
    const k = key(42);
    expect(hex(k)).toBe('1b3c8eeb 87dd1888');
    expect(hex(key(0))).toBe('a01c7318 534040df');
    expect(hex(randomBits(k, 6))).toBe('a81ef21c 852cc19a df0ce715 e708d11c 8bcc749d fbff4394');
    expect(split(k).map(hex)).toEqual(['b7a9bddf 03c5d56c', 'f4d468ff 73ab1dd9']);
    expect(hex(foldIn(k, 7))).toBe('8a3914d3 2d44ccd2');
  });

  it('key(seed) is deterministic, injective on many seeds and uses the high bits', () => {
    expect(key(123)).toEqual(key(123));
    const seeds = [-1, -(2 ** 53 - 1), 2 ** 53 - 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32)];
    for (let s = 0; s < 2000; s++) seeds.push(s);
    const seen = new Set(seeds.map((s) => hex(key(s))));
    expect(seen.size).toBe(seeds.length);
    expect(isKey(key(-5))).toBe(true);
    expect(Object.isFrozen(key(1))).toBe(true);
  });

  it('key rejects non-integers, NaN and unsafe integers', () => {
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, -(2 ** 53)]) {
      expect(() => key(bad)).toThrow(OptionError);
    }
    expect(() => key(0.5)).toThrow('key: seed must be a safe integer (|x| <= 2^53 - 1), got 0.5');
  });

  it('split is pure; children differ from each other and from the parent', () => {
    const k = key(2024);
    const before = hex(k);
    const a = split(k, 3), b = split(k, 3);
    expect(a.map(hex)).toEqual(b.map(hex));
    expect(hex(k)).toBe(before);
    const all = new Set([before, ...split(k, 9).map(hex)]);
    expect(all.size).toBe(10);
    expect(a.every(isKey)).toBe(true);
    // Split keys are not just the sampling stream of the parent.
    const bits = hex(randomBits(k, 6));
    expect(bits.includes(hex(a[0]))).toBe(false);
    expect(split(k, 1)).toHaveLength(1);
  });

  it('same key gives same bits; different keys give different bits', () => {
    const [k1, k2] = split(key(1));
    expect(Array.from(randomBits(k1, 64))).toEqual(Array.from(randomBits(k1, 64)));
    expect(hex(randomBits(k1, 8))).not.toBe(hex(randomBits(k2, 8)));
  });

  it('foldIn is deterministic and separates data values and domains', () => {
    const k = key(9);
    expect(foldIn(k, 3)).toEqual(foldIn(k, 3));
    const outs = new Set([hex(k), ...[0, 1, 2, 3, -1, 2 ** 40].map((d) => hex(foldIn(k, d))), ...split(k, 4).map(hex)]);
    expect(outs.size).toBe(11);
    expect(() => foldIn(k, 0.25)).toThrow(/foldIn: data must be a safe integer/);
  });

  it('split validates n and keys', () => {
    const k = key(0);
    expect(() => split(k, 0)).toThrow('split: n must be an integer >= 1, got 0');
    expect(() => split(k, 2.5)).toThrow(OptionError);
    expect(() => split([1, 2, 3] as unknown as Key)).toThrow(ArgumentError);
    expect(isKey([1, 2])).toBe(true);
    expect(isKey([1, -2])).toBe(false);
    expect(isKey([1, 2 ** 32])).toBe(false);
    expect(isKey('k')).toBe(false);
  });
});

describe('samplers', () => {
  const k = key(31337);
  const N = 200_000;

  it('are deterministic functions of the key', () => {
    expect(Array.from(uniformData(k, 10))).toEqual(Array.from(uniformData(k, 10)));
    expect(Array.from(normalData(k, 9))).toEqual(Array.from(normalData(k, 9)));
    expect(Array.from(permutationData(k, 50))).toEqual(Array.from(permutationData(k, 50)));
    expect(Array.from(truncatedNormalData(k, 20))).toEqual(Array.from(truncatedNormalData(k, 20)));
    // A shorter draw is a prefix of a longer one (same counters).
    expect(Array.from(normalData(k, 5))).toEqual(Array.from(normalData(k, 8)).slice(0, 5));
  });

  it('uniform: mean ≈ 1/2 and var ≈ 1/12 within 4 standard errors; stays in [min, max)', () => {
    const u = uniformData(k, N);
    const [m, v] = meanVar(u);
    expect(Math.abs(m - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(v - 1 / 12)).toBeLessThan(4 * Math.sqrt(1 / 180 / N)); // Var((U-1/2)^2) = 1/80 - 1/144
    expect(range(u)[0]).toBeGreaterThanOrEqual(0);
    expect(range(u)[1]).toBeLessThan(1);
    const s = range(uniformData(k, 10_000, -3, 5));
    expect(s[0]).toBeGreaterThanOrEqual(-3);
    expect(s[1]).toBeLessThan(5);
    // A narrow float32 range where rounding would otherwise hit max.
    const t = uniformData(k, 10_000, 1, 1 + 2 ** -22);
    expect(range(t)[1]).toBeLessThan(1 + 2 ** -22);
    expect(Array.from(uniformData(k, 3, 2, 2))).toEqual([2, 2, 2]);
  });

  it('normal: mean ≈ 0 and std ≈ 1 within 4 standard errors; mean/std are applied', () => {
    const z = normalData(k, N);
    const [m, v] = meanVar(z);
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(v) - 1)).toBeLessThan(4 / Math.sqrt(2 * N));
    expect(z.every(Number.isFinite)).toBe(true);
    const [m2, v2] = meanVar(normalData(k, N, 3, 0.5));
    expect(Math.abs(m2 - 3)).toBeLessThan(4 * 0.5 / Math.sqrt(N));
    expect(Math.abs(Math.sqrt(v2) - 0.5)).toBeLessThan(4 * 0.5 / Math.sqrt(2 * N));
  });

  it('bernoulli: rate ≈ p within 4 standard errors; p = 0 and p = 1 are exact', () => {
    const p = 0.3;
    const b = bernoulliData(k, N, p);
    expect(b.every((x) => x === 0 || x === 1)).toBe(true);
    const [rate] = meanVar(b);
    expect(Math.abs(rate - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / N));
    expect(bernoulliData(k, 1000, 0).every((x) => x === 0)).toBe(true);
    expect(bernoulliData(k, 1000, 1).every((x) => x === 1)).toBe(true);
  });

  it('categorical: frequencies match softmax within 4 standard errors, also at logits ±1000', () => {
    const base = [1, 2, 0.5, -1];
    const probs = base.map(Math.exp);
    const total = probs.reduce((a, b) => a + b);
    const rows = 20_000;
    for (const shift of [0, 1000, -1000]) {
      const logits = new Float32Array(rows * base.length);
      for (let r = 0; r < rows; r++) for (let c = 0; c < base.length; c++) logits[r * base.length + c] = base[c] + shift;
      const draws = categoricalData(foldIn(k, shift), logits, rows, base.length);
      const counts = [0, 0, 0, 0];
      for (const d of draws) counts[d]++;
      counts.forEach((n, c) => {
        const pc = probs[c] / total;
        expect(Math.abs(n / rows - pc)).toBeLessThan(4 * Math.sqrt((pc * (1 - pc)) / rows));
      });
    }
    // -Infinity masks a class out entirely.
    const masked = categoricalData(k, new Float32Array([0, -Infinity, 0]), 1, 3);
    expect(masked[0]).not.toBe(1);
  });

  it('permutation: is a permutation, and all 6 orders of 3 appear ≈ equally over 6000 draws', () => {
    const p = permutationData(k, 1000);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(Array.from(permutationData(k, 0))).toEqual([]);
    expect(Array.from(permutationData(k, 1))).toEqual([0]);
    const draws = 6000;
    const counts = new Map<string, number>();
    for (const kk of split(k, draws)) {
      const s = Array.from(permutationData(kk, 3)).join('');
      counts.set(s, (counts.get(s) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    const sd = Math.sqrt(draws * (1 / 6) * (5 / 6));
    for (const n of counts.values()) expect(Math.abs(n - draws / 6)).toBeLessThan(4 * sd);
  });

  it('truncated normal: stays inside [lo, hi] and matches truncated moments (centre, narrow, tails)', () => {
    const n = 50_000;
    const cases: Array<[number, number]> = [[-2, 2], [-0.5, 0.3], [3, Infinity], [5, 6], [0.2, 0.4], [-Infinity, -4]];
    for (const [i, [lo, hi]] of cases.entries()) {
      const z = truncatedNormalData(foldIn(k, i), n, 0, 1, lo, hi);
      expect(z.every((x) => x >= Math.fround(lo) && x <= Math.fround(hi))).toBe(true);
      const [m, v] = meanVar(z);
      const [em, ev] = truncMoments(lo, hi);
      expect(Math.abs(m - em)).toBeLessThan(4 * Math.sqrt(ev / n));
      expect(Math.abs(v - ev) / ev).toBeLessThan(0.05);
    }
    const scaled = truncatedNormalData(k, 10_000, 10, 2);
    expect(scaled.every((x) => x >= 6 && x <= 14)).toBe(true);
  });

  it('reject bad arguments with clear OptionErrors', () => {
    expect(() => uniformData(k, -1)).toThrow('uniformData: count must be a non-negative integer, got -1');
    expect(() => uniformData(k, 3, 1, 0)).toThrow('uniformData: min (1) must be <= max (0)');
    expect(() => uniformData(k, 3, 0, Infinity)).toThrow(/max must be a finite number/);
    expect(() => normalData(k, 3, 0, -1)).toThrow('normalData: std must be >= 0, got -1');
    expect(() => bernoulliData(k, 3, 1.5)).toThrow('bernoulliData: p must be a probability in [0, 1], got 1.5');
    expect(() => bernoulliData(k, 3, NaN)).toThrow(OptionError);
    expect(() => categoricalData(k, new Float32Array(5), 2, 3)).toThrow(/length rows \* classes = 6, got length 5/);
    expect(() => categoricalData(k, new Float32Array(0), 0, 0)).toThrow(/classes must be >= 1/);
    expect(() => categoricalData(k, new Float32Array([0, NaN]), 1, 2)).toThrow(/finite or -Infinity/);
    expect(() => categoricalData(k, new Float32Array([-Infinity, -Infinity]), 1, 2)).toThrow(/every logit -Infinity/);
    expect(() => permutationData(k, 2.5)).toThrow('permutationData: n must be a non-negative integer, got 2.5');
    expect(() => truncatedNormalData(k, 3, 0, 1, 2, 1)).toThrow(/need lo < hi/);
    expect(() => truncatedNormalData(k, 3, 0, 1, NaN, 1)).toThrow(OptionError);
  });
});

describe('random tensors', () => {
  it('are identical on every backend for the same key', async () => {
    const nn = await import('../src/index.js');
    const { testedBackends } = await import('./support/backends.js');
    const draws = testedBackends.map((b) => nn.withBackend(b, () => [
      nn.toArray(nn.uniform(nn.key(7), [3, 5])), nn.toArray(nn.normal(nn.key(8), [4])),
      nn.toArray(nn.bernoulli(nn.key(9), 0.3, [6])), nn.toArray(nn.permutation(nn.key(10), 5)),
      nn.toArray(nn.categorical(nn.key(11), nn.tensor([0, 1000, -1000, 2, 2, 2], [2, 3]))),
    ]));
    for (const d of draws.slice(1)) expect(d).toEqual(draws[0]);
    expect(draws[0][4][0]).toBe(1); // logit 1000 always wins
  });
});
