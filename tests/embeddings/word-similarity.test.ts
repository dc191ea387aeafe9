import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { loadWordSim353, loadWordSim353Either, WORDSIM353_COUNTS } from '../../src/data/index.js';
import { averageRanks, evaluateWordPairs, pearson, spearman, wordSimilarity, wordVectors, type WordPair } from '../../src/embeddings/index.js';
import { key, normalData } from '../../src/random/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';

const right = <L, A>(e: E.Either<L, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${String(e.left)}`);
  return e.right;
};
const left = <L, A>(e: E.Either<L, A>): L => {
  if (E.isRight(e)) throw new Error('expected Left');
  return e.left;
};

describe('averageRanks, spearman and pearson', () => {
  it('gives tied values the mean of their ranks', () => {
    expect(Array.from(averageRanks([10, 20, 20, 30]))).toEqual([1, 2.5, 2.5, 4]);
    expect(Array.from(averageRanks([3, 1, 3, 3, 2]))).toEqual([4, 1, 4, 4, 2]);
    expect(Array.from(averageRanks([-0, 0]))).toEqual([1.5, 1.5]);
  });

  it('matches hand-computed values', () => {
    // No ties: 1 − 6·Σd² / (n(n² − 1)) with d = (1, 1, 1, 1, 0): 1 − 24/120.
    expect(spearman([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])).toBeCloseTo(0.8, 15);
    // Ties in b: ranks (1, 2, 3.5, 5, 3.5); Pearson of the ranks is 8 / √(10 · 9.5).
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(8 / Math.sqrt(95), 15);
    // Ties on both sides: ranks (1.5, 1.5, 3, 4) and (1, 2.5, 2.5, 4), both of mean 2.5: 3.75 / √(4.5 · 4.5).
    expect(spearman([1, 1, 2, 3], [1, 2, 2, 3])).toBeCloseTo(3.75 / 4.5, 15);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBe(-1);
    expect(spearman([1, 2, 3], [1, 10, 100])).toBe(1); // monotone, not linear
    expect(pearson([1, 2, 3], [1, 2, 4])).toBeCloseTo(3 / Math.sqrt(2 * 42 / 9), 15);
  });

  it('is NaN for fewer than 2 values or a constant side, and refuses bad input', () => {
    expect(spearman([1], [2])).toBeNaN();
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(pearson([], [])).toBeNaN();
    expect(() => spearman([1, 2], [1])).toThrow(/spearman: b has 1 numbers but a has 2/);
    expect(() => spearman([1, NaN], [1, 2])).toThrow(/a\[1\] is NaN/);
    expect(() => pearson('12' as never, [1, 2])).toThrow(ArgumentError);
  });
});

describe('evaluateWordPairs', () => {
  // Axis-aligned vectors make the cosines easy: 1, 1/√2, 0; tiger leans off an axis by t.
  const t = Math.fround(0.1);
  const wv = wordVectors(['Cat', 'cat', 'dog', 'car', 'tiger'], Float32Array.of(
    1, 0, 0,
    0, 0, 1,
    1, 1, 0,
    0, 1, 0,
    1, 0, 0.1,
  ), 3);
  const pairs: WordPair[] = [
    { a: 'cat', b: 'dog', score: 8 },
    { a: 'cat', b: 'car', score: 1 },
    { a: 'tiger', b: 'cat', score: 9 },
    { a: 'cat', b: 'unicorn', score: 5 },
  ];

  it('matches case-insensitively by default (the first word of a form wins), skipping OOV pairs', () => {
    const r = evaluateWordPairs(wv, pairs);
    // 'cat' is 'Cat' (row 0): cosines 1/√2, 0, cos(tiger, Cat) = 1/√(1 + t²) against scores 8, 1, 9.
    const model = [1 / Math.SQRT2, 0, 1 / Math.sqrt(1 + t * t)];
    expect(r).toEqual({ spearman: 1, pearson: expect.closeTo(pearson(model, [8, 1, 9]), 12), pairsUsed: 3, oovPairs: 1, oovShare: 0.25 });
    expect(wordSimilarity(wv, 'tiger', 'Cat')).toBeCloseTo(model[2], 12);
  });

  it('matches exactly with lowercase: false, and can restrict the vocabulary', () => {
    const exact = evaluateWordPairs(wv, [...pairs, { a: 'Cat', b: 'dog', score: 2 }], { lowercase: false });
    // 'cat' is row 1 now: cosines 0, 0, t/√(1 + t²), and Cat–dog 1/√2.
    expect(exact.pairsUsed).toBe(4);
    expect(exact.spearman).toBeCloseTo(spearman([0, 0, t / Math.sqrt(1 + t * t), 1 / Math.SQRT2], [8, 1, 9, 2]), 12);
    const restricted = evaluateWordPairs(wv, pairs, { restrictVocab: 3 }); // Cat, cat, dog: car and tiger out
    expect(restricted).toMatchObject({ pairsUsed: 1, oovPairs: 3, oovShare: 0.75 });
    expect(restricted.spearman).toBeNaN();
  });

  it('refuses bad pairs and options', () => {
    expect(() => evaluateWordPairs(wv, [{ a: 'cat', b: 'dog' }] as never)).toThrow(/evaluateWordPairs: pairs\[0\] must be/);
    expect(() => evaluateWordPairs(wv, pairs, { lowercase: 'yes' } as never)).toThrow(OptionError);
    expect(() => evaluateWordPairs(wv, pairs, { restrictVocab: 0 })).toThrow(OptionError);
    expect(() => evaluateWordPairs(wv, pairs, { dummy4unknown: true } as never)).toThrow(/unknown option/);
  });
});

describe('loadWordSim353', () => {
  const ws = right(loadWordSim353());

  it('has the counts of data/wordsim353/README.md', () => {
    expect(ws).toHaveLength(353);
    expect(WORDSIM353_COUNTS).toEqual({ pairs: 353, words: 437 });
    expect(new Set(ws.flatMap((p) => [p.a, p.b])).size).toBe(437);
    expect(new Set(ws.map((p) => `${p.a} ${p.b}`)).size).toBe(352);
    expect(ws[0]).toEqual({ a: 'love', b: 'sex', score: 6.77 });
    expect(ws.filter((p) => p.a === 'money' && p.b === 'cash').map((p) => p.score)).toEqual([9.15, 9.08]);
    expect(ws.find((p) => p.a === 'tiger' && p.b === 'tiger')?.score).toBe(10);
    const scores = ws.map((p) => p.score);
    expect([Math.min(...scores), Math.max(...scores)]).toEqual([0.23, 10]);
    expect(ws.flatMap((p) => [p.a, p.b]).filter((w) => w !== w.toLowerCase()).filter((w, i, all) => all.indexOf(w) === i)).toHaveLength(18);
  });

  it('is the shared copy, unchanged', () => {
    const shipped = readFileSync(new URL('../../data/wordsim353/wordsim353.tsv', import.meta.url), 'utf8');
    expect(shipped.split('\n')[0]).toBe('word1\tword2\tscore');
    expect(shipped.trimEnd().split('\n')).toHaveLength(354);
  });

  it('evaluates vectors, counting the pairs out of the vocabulary', () => {
    const words = [...new Set(ws.flatMap((p) => [p.a.toLowerCase(), p.b.toLowerCase()]))].slice(0, 300);
    const wv = wordVectors(words, normalData(key(3), words.length * 8), 8);
    const known = new Set(words);
    const oov = ws.filter((p) => !known.has(p.a.toLowerCase()) || !known.has(p.b.toLowerCase())).length;
    const r = evaluateWordPairs(wv, ws);
    expect(r.pairsUsed).toBe(353 - oov);
    expect(r.oovShare).toBeCloseTo(oov / 353, 15);
    expect(Math.abs(r.spearman)).toBeLessThan(0.3); // random vectors know nothing
  });

  it('returns a DataError naming the file and line for a malformed or missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nnts-ws353-'));
    const file = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };
    const good = readFileSync(new URL('../../data/wordsim353/wordsim353.tsv', import.meta.url), 'utf8');
    expect(left(loadWordSim353(join(dir, 'none.tsv')))).toBeInstanceOf(DataError);
    expect(left(loadWordSim353Either(join(dir, 'none.tsv')))).toMatchObject({ _tag: 'FileMissing' });
    expect(left(loadWordSim353(file('header.tsv', good.replace('word1', 'Word 1')))).message).toMatch(/line 1 is .* not the header/);
    expect(left(loadWordSim353(file('row.tsv', good.replace('tiger\tcat\t7.35', 'tiger cat\t7.35')))).message).toMatch(/line 3 has 2 tab-separated fields/);
    expect(left(loadWordSim353(file('score.tsv', good.replace('7.35', '73.5')))).message).toMatch(/line 3: score "73.5" is not a decimal number in \[0, 10\]/);
    expect(left(loadWordSim353(file('short.tsv', good.split('\n').slice(0, 300).join('\n')))).message).toMatch(/has 299 pairs but WordSim-353 has 353/);
    expect(right(loadWordSim353(file('crlf.tsv', good.replace(/\n/g, '\r\n'))))).toEqual(ws);
  });
});
