import { describe, expect, it } from 'vitest';
import { keepProbabilities, subsample, subsampleAll, SUBSAMPLE_THRESHOLD } from '../../src/text/index.js';
import { foldIn, key, type Key } from '../../src/random/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { chiSquare, chiSquareCritical, pooled } from '../embeddings/chi-square.js';

// t·T = 2^-7 · 1280 = 10 exactly, so several probabilities are exact binary fractions.
const counts = [40, 160, 1000, 80, 0];
const t = 2 ** -7;

describe('keepProbabilities', () => {
  it("is word2vec.c's (√(f/(t·T)) + 1)·(t·T)/f, clipped to 1, bit for bit", () => {
    const keep = keepProbabilities(counts, t);
    const s = t * 1280;
    counts.forEach((f, v) => expect(keep[v]).toBe(f === 0 ? 1 : Math.min(1, (Math.sqrt(f / s) + 1) * s / f)));
    expect(Array.from(keep.subarray(0, 2))).toEqual([0.75, 0.3125]);
    expect(keep[2]).toBeCloseTo(0.11, 15);
    expect(keepProbabilities(counts, t, 'reference')).toEqual(keep);
  });

  it("is the paper's √(t·T/f) (discard 1 − √(t/freq)) with rule 'paper'", () => {
    const keep = keepProbabilities(counts, t, 'paper');
    counts.forEach((f, v) => expect(keep[v]).toBe(f === 0 ? 1 : Math.min(1, Math.sqrt(t * 1280 / f))));
    expect(Array.from(keep.subarray(0, 3))).toEqual([0.5, 0.25, 0.1]);
  });

  it('keeps rare words always, defaults to t = 1e-3, and t = 0 turns it off', () => {
    expect(SUBSAMPLE_THRESHOLD).toBe(1e-3);
    const zipf = Array.from({ length: 2000 }, (_, r) => Math.round(1e5 / (r + 1)));
    const keep = keepProbabilities(zipf);
    const total = zipf.reduce((a, b) => a + b, 0);
    expect(zipf.filter((f, v) => f <= 2.6 * 1e-3 * total && keep[v] !== 1)).toEqual([]); // f ≤ φ²·t·T
    expect(keep[0]).toBeLessThan(0.2);
    expect(keep.every((p, v) => v === 0 || p >= keep[v - 1])).toBe(true);
    expect(Array.from(keepProbabilities(zipf, 0))).toEqual(zipf.map(() => 1));
    expect(Array.from(keepProbabilities([1, 1e9], 1e-3, 'paper'))).toEqual([1, Math.sqrt(1e-3 * (1e9 + 1) / 1e9)]);
  });

  it('refuses bad counts, thresholds and rules', () => {
    expect(() => keepProbabilities([0, 0])).toThrow(new ArgumentError('keepProbabilities', 'counts', 'are all 0: there are no frequencies'));
    expect(() => keepProbabilities([1, -1])).toThrow(/keepProbabilities: counts\[1\] is -1/);
    expect(() => keepProbabilities([1, NaN])).toThrow(ArgumentError);
    expect(() => keepProbabilities([1], -1e-3)).toThrow(OptionError);
    expect(() => keepProbabilities([1], 1e-3, 'gensim' as 'paper')).toThrow(/rule must be 'reference' or 'paper'/);
  });
});

/** Each id repeated n times, ids interleaved. */
const repeated = (ids: number, n: number): Int32Array => Int32Array.from({ length: ids * n }, (_, i) => i % ids);

const keptCounts = (kept: Int32Array, ids: number): number[] => {
  const c = new Array<number>(ids).fill(0);
  for (const v of kept) c[v]++;
  return c;
};

describe('subsample', () => {
  const keep = keepProbabilities(counts, t);
  const n = 40_000;
  const sequence = repeated(counts.length, n);

  it('keeps each token with its probability (chi-square against Binomial(n, p), fixed key)', () => {
    const kept = subsample(sequence, keep, key(7));
    const c = keptCounts(kept, counts.length);
    expect(c[4]).toBe(n); // p = 1
    const tests = [0, 1, 2, 3].map((v) => chiSquare([c[v], n - c[v]], [keep[v], 1 - keep[v]]));
    const test = pooled(tests);
    expect(test.df).toBe(4);
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
    // and the test has power: the paper's probabilities are rejected
    const paper = keepProbabilities(counts, t, 'paper');
    const wrong = pooled([0, 1, 2, 3].map((v) => chiSquare([c[v], n - c[v]], [paper[v], 1 - paper[v]])));
    expect(wrong.statistic).toBeGreaterThan(10 * chiSquareCritical(wrong.df));
  });

  it('keeps the order, all tokens at p = 1 and none at p = 0', () => {
    const kept = subsample(Int32Array.of(0, 1, 2, 0, 1, 2), Float64Array.of(1, 0, 1), key(3));
    expect(kept).toEqual(Int32Array.of(0, 2, 0, 2));
    expect(subsample(new Int32Array(0), keep, key(3))).toEqual(new Int32Array(0));
  });

  it('is a function of the key: equal keys, equal results; a prefix keeps a prefix', () => {
    const seq = repeated(counts.length, 2000);
    const a = subsample(seq, keep, key(11));
    expect(subsample(seq, keep, key(11))).toEqual(a);
    expect(subsample(seq, keep, key(12))).not.toEqual(a);
    const head = subsample(seq.subarray(0, 1000), keep, key(11));
    expect(head).toEqual(a.subarray(0, head.length));
  });

  it('subsampleAll draws sequence i with foldIn(key, i)', () => {
    const k: Key = key(5);
    const seqs = [repeated(5, 50), Int32Array.of(0, 1, 2), repeated(5, 50)];
    const all = subsampleAll(seqs, keep, k);
    expect(all).toEqual(seqs.map((s, i) => subsample(s, keep, foldIn(k, i))));
    expect(all[0]).not.toEqual(all[2]); // equal sequences, different streams
    expect(subsampleAll([], keep, k)).toEqual([]);
  });

  it('refuses ids outside the table, probabilities outside [0, 1], and what is not a key', () => {
    expect(() => subsample(Int32Array.of(0, 5), keep, key(1))).toThrow(new ArgumentError('subsample', 'sequence[1]', 'is 5; expected an id in [0, 5)'));
    expect(() => subsample([0, 1] as unknown as Int32Array, keep, key(1))).toThrow(/must be an Int32Array/);
    expect(() => subsample(Int32Array.of(0), Float64Array.of(1.5), key(1))).toThrow(/keep\[0\] is 1.5/);
    expect(() => subsample(Int32Array.of(0), [1] as unknown as Float64Array, key(1))).toThrow(ArgumentError);
    expect(() => subsample(Int32Array.of(0), keep, [1, 2, 3] as unknown as Key)).toThrow(/subsample: key must be a Key/);
    expect(() => subsampleAll([Int32Array.of(0), Int32Array.of(-1)], keep, key(1))).toThrow(/subsampleAll: sequences\[1\]\[0\] is -1/);
  });
});
