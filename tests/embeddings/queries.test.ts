import { describe, expect, it } from 'vitest';
import { analogy, nearestNeighbours, wordSimilarity, wordVectors, type WordVectors } from '../../src/embeddings/index.js';
import { tensor } from '../../src/index.js';
import { key, normalData } from '../../src/random/index.js';
import { ArgumentError, OptionError, ShapeError } from '../../src/shape/errors.js';

// Axes r (royal), m (male), f (female), p (person), q (fruit), s (young). king − man + woman = queen
// exactly, and all four have norm √2, so the unit vectors obey it too.
const rows: Record<string, number[]> = {
  king: [1, 1, 0, 0, 0, 0],
  queen: [1, 0, 1, 0, 0, 0],
  man: [0, 1, 0, 1, 0, 0],
  woman: [0, 0, 1, 1, 0, 0],
  princess: [1, 0, 1, 0, 0, 0.5],
  apple: [0, 0, 0, 0, 1, 0],
  pear: [0, 0, 0, 0, 1, 1],
  nothing: [0, 0, 0, 0, 0, 0],
};
const words = Object.keys(rows);
const wv = wordVectors(words, Float32Array.from(words.flatMap((w) => rows[w])), 6);

const SQRT2 = Math.SQRT2;

describe('wordSimilarity and nearestNeighbours', () => {
  it('computes cosines, 0 for a zero vector', () => {
    expect(wordSimilarity(wv, 'king', 'queen')).toBeCloseTo(0.5, 15);
    expect(wordSimilarity(wv, 'queen', 'princess')).toBeCloseTo(2 / (SQRT2 * 1.5), 15);
    expect(wordSimilarity(wv, 'apple', 'apple')).toBe(1);
    expect(wordSimilarity(wv, 'nothing', 'king')).toBe(0);
    expect(() => wordSimilarity(wv, 'king', 'duke')).toThrow(/wordSimilarity: b is "duke", which is not one of the 8 words/);
  });

  it('ranks by cosine, leaving out the query word, ties to the earlier word', () => {
    const nn = nearestNeighbours(wv, 'queen', 4);
    expect(nn.map((n) => n.word)).toEqual(['princess', 'king', 'woman', 'man']);
    expect(nn[0].similarity).toBeCloseTo(2 / (SQRT2 * 1.5), 15);
    expect(nn[1].similarity).toBeCloseTo(0.5, 15);
    expect(nn[2].similarity).toBeCloseTo(0.5, 15);
    expect(nn[3].similarity).toBe(0);
  });

  it('takes a vector (or Tensor) query, in which the word itself is a candidate', () => {
    const q = [1, 0, 1, 0, 0, 0];
    expect(nearestNeighbours(wv, q, 2)).toEqual([{ word: 'queen', similarity: expect.closeTo(1, 15) }, { word: 'princess', similarity: expect.closeTo(2 / (SQRT2 * 1.5), 15) }]);
    expect(nearestNeighbours(wv, tensor(q, [6]), 1)[0].word).toBe('queen');
    expect(nearestNeighbours(wv, Float32Array.from(q), 1, { exclude: ['queen', 'unknown'] })[0].word).toBe('princess');
    expect(nearestNeighbours(wv, [0, 0, 0, 0, 0, 0], 2).map((n) => n.similarity)).toEqual([0, 0]);
  });

  it('returns every candidate when k is larger, and honours exclude', () => {
    expect(nearestNeighbours(wv, 'apple', 100)).toHaveLength(7);
    expect(nearestNeighbours(wv, 'apple', 100, { exclude: ['pear', 'king'] }).map((n) => n.word)).not.toContain('pear');
    expect(nearestNeighbours(wv, 'apple', 100, { exclude: ['pear', 'king'] })).toHaveLength(5);
    expect(nearestNeighbours(wv, 'apple', 1)[0]).toEqual({ word: 'pear', similarity: expect.closeTo(1 / SQRT2, 15) });
  });

  it('refuses unknown words, wrong lengths, bad k and options', () => {
    expect(() => nearestNeighbours(wv, 'duke', 1)).toThrow(ArgumentError);
    expect(() => nearestNeighbours(wv, [1, 2], 1)).toThrow(/query has 2 numbers but the words' vectors have 6/);
    expect(() => nearestNeighbours(wv, tensor([1, 2], [2]), 1)).toThrow(ShapeError);
    expect(() => nearestNeighbours(wv, [1, 0, 0, 0, 0, NaN], 1)).toThrow(/query\[5\]/);
    expect(() => nearestNeighbours(wv, 'king', 0)).toThrow(/k must be an integer ≥ 1/);
    expect(() => nearestNeighbours(wv, 'king', 1, { exclude: 'queen' as never })).toThrow(OptionError);
    expect(() => nearestNeighbours(wv, 'king', 1, { k: 3 } as never)).toThrow(/unknown option 'k'/);
    expect(() => nearestNeighbours({ words: ['a'], vectors: new Float32Array(3), dim: 2 }, 'a', 1)).toThrow(/nearestNeighbours: wv must be word vectors/);
  });
});

describe('analogy', () => {
  it('3CosAdd: man : king :: woman : queen, scored by cos(d, b̂ − â + ĉ)', () => {
    const answers = analogy(wv, 'man', 'king', 'woman', { k: 2 });
    expect(answers[0]).toEqual({ word: 'queen', score: expect.closeTo(1, 15) });
    expect(answers[1]).toEqual({ word: 'princess', score: expect.closeTo(2 / (SQRT2 * 1.5), 15) });
    expect(analogy(wv, 'man', 'king', 'woman')).toHaveLength(1); // k defaults to 1, method to 3CosAdd
  });

  it('3CosMul: cos′(d, b)·cos′(d, c) / (cos′(d, a) + ε) with cos′ = (cos + 1) / 2', () => {
    const answers = analogy(wv, 'man', 'king', 'woman', { method: '3CosMul', k: 2 });
    expect(answers[0]).toEqual({ word: 'queen', score: expect.closeTo((0.75 * 0.75) / (0.5 + 0.001), 14) });
    const c = (1 / (SQRT2 * 1.5) + 1) / 2; // cos′ of princess with king and with woman; with man it is 1/2
    expect(answers[1]).toEqual({ word: 'princess', score: expect.closeTo((c * c) / (0.5 + 0.001), 14) });
    expect(analogy(wv, 'man', 'king', 'woman', { method: '3CosMul', epsilon: 1e-6 })[0].score).toBeCloseTo(0.5625 / 0.500001, 12);
  });

  it('never answers a, b or c, and honours exclude', () => {
    for (const method of ['3CosAdd', '3CosMul'] as const) {
      const all = analogy(wv, 'man', 'king', 'woman', { method, k: 10 }).map((a) => a.word);
      expect(all).toHaveLength(5);
      for (const w of ['man', 'king', 'woman']) expect(all).not.toContain(w);
      expect(analogy(wv, 'man', 'king', 'woman', { method, exclude: ['queen'] })[0].word).toBe('princess');
      // With b = c the nearest word to b would win, but it is excluded.
      expect(analogy(wv, 'apple', 'queen', 'queen', { method })[0].word).toBe('princess');
    }
  });

  it('refuses unknown words and bad options', () => {
    expect(() => analogy(wv, 'man', 'duke', 'woman')).toThrow(/analogy: b is "duke"/);
    expect(() => analogy(wv, 'man', 'king', 'woman', { method: '3CosSub' as never })).toThrow(OptionError);
    expect(() => analogy(wv, 'man', 'king', 'woman', { k: 0 })).toThrow(OptionError);
    expect(() => analogy(wv, 'man', 'king', 'woman', { epsilon: 0 })).toThrow(OptionError);
  });
});

describe('queries against a direct computation', () => {
  // Random vectors: every score recomputed from the definitions, plainly, for every word.
  const n = 300, d = 16;
  const data = normalData(key(7), n * d);
  const big: WordVectors = wordVectors(Array.from({ length: n }, (_, i) => `w${i}`), data, d);
  const row = (i: number) => Array.from(data.subarray(i * d, (i + 1) * d));
  const norm = (v: number[]) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
  const cos = (u: number[], v: number[]) => u.reduce((s, x, j) => s + x * v[j], 0) / (norm(u) * norm(v));
  const ranked = (score: (i: number) => number, skip: number[]) =>
    Array.from({ length: n }, (_, i) => i).filter((i) => !skip.includes(i)).sort((i, j) => score(j) - score(i) || i - j).slice(0, 5);

  it('nearestNeighbours', () => {
    const got = nearestNeighbours(big, 'w3', 5);
    const want = ranked((i) => cos(row(i), row(3)), [3]);
    expect(got.map((g) => g.word)).toEqual(want.map((i) => `w${i}`));
    got.forEach((g, t) => expect(g.similarity).toBeCloseTo(cos(row(want[t]), row(3)), 12));
  });

  it('3CosAdd and 3CosMul', () => {
    const [a, b, c] = [row(1), row(2), row(3)];
    const unit = (v: number[]) => v.map((x) => x / norm(v));
    const t = unit(b).map((x, j) => x - unit(a)[j] + unit(c)[j]);
    const add = (i: number) => cos(row(i), t);
    const shift = (u: number[], v: number[]) => (cos(u, v) + 1) / 2;
    const mul = (i: number) => (shift(row(i), b) * shift(row(i), c)) / (shift(row(i), a) + 0.001);
    for (const [method, score] of [['3CosAdd', add], ['3CosMul', mul]] as const) {
      const got = analogy(big, 'w1', 'w2', 'w3', { method, k: 5 });
      const want = ranked(score, [1, 2, 3]);
      expect(got.map((g) => g.word)).toEqual(want.map((i) => `w${i}`));
      got.forEach((g, k) => expect(g.score).toBeCloseTo(score(want[k]), 12));
    }
  });
});
