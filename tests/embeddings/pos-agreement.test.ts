import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { majorityTags, nearestNeighbours, posAgreement, wordVectors, type WordVectors } from '../../src/embeddings/index.js';
import { key, normalData } from '../../src/random/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { loadBrownSentences, tokenize, type BrownDocument } from '../../src/text/index.js';

const words = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/** Word vectors of n keyed standard-normal rows of `dim` numbers. */
const randomVectors = (n: number, dim: number, seed: number): WordVectors => wordVectors(words(n), normalData(key(seed), n * dim), dim);

/** The agreement by brute force: nearestNeighbours over the tagged words alone. */
const bruteForce = (wv: WordVectors, tagOf: ReadonlyMap<string, string>, k: number, maxWords = wv.words.length): number => {
  const rows = wv.words.slice(0, maxWords).flatMap((w, i) => (tagOf.has(w) ? [i] : []));
  const sub = wordVectors(rows.map((i) => wv.words[i]), Float32Array.from(rows.flatMap((i) => [...wv.vectors.subarray(i * wv.dim, (i + 1) * wv.dim)])), wv.dim);
  const shares = sub.words.map((w) => {
    const nn = nearestNeighbours(sub, w, k);
    return nn.filter((n) => tagOf.get(n.word) === tagOf.get(w)).length / nn.length;
  });
  return shares.reduce((a, s) => a + s, 0) / shares.length;
};

describe('posAgreement', () => {
  it('is 1 for two tight clusters with a tag each, against a majority baseline of 1/2', () => {
    // cluster A around e0, cluster B around e1: every neighbour inside the cluster is nearer than any outside
    const noise = normalData(key(1), 40 * 4, 0, 0.05);
    const rows = Float32Array.from({ length: 40 * 4 }, (_, i) => noise[i] + (Math.floor(i / 4) < 20 ? (i % 4 === 0 ? 1 : 0) : (i % 4 === 1 ? 1 : 0)));
    const wv = wordVectors(words(40), rows, 4);
    const tagOf = new Map(wv.words.map((w, i) => [w, i < 20 ? 'NOUN' : 'VERB']));
    const r = posAgreement(wv, tagOf);
    expect(r.agreement).toBe(1);
    expect(r.words).toBe(40);
    expect(r.k).toBe(10);
    expect(r.majorityBaseline).toBe(0.5);
    expect(r.randomBaseline).toBeCloseTo(19 / 39, 15);
    expect([...r.perTag]).toEqual([['NOUN', { agreement: 1, words: 20 }], ['VERB', { agreement: 1, words: 20 }]]);
  });

  it('is near the baseline for random vectors', () => {
    const wv = randomVectors(600, 16, 2);
    const tagOf = new Map(wv.words.map((w, i) => [w, i % 2 === 0 ? 'NOUN' : 'VERB']));
    const r = posAgreement(wv, tagOf, { k: 10 });
    expect(r.majorityBaseline).toBe(0.5);
    expect(Math.abs(r.agreement - r.randomBaseline)).toBeLessThan(0.03); // sd of the mean ≈ 0.5/√6000 ≈ 0.006, neighbours overlap
    expect(Math.abs(r.agreement - r.majorityBaseline)).toBeLessThan(0.03);
  });

  it('scores a small case by hand: k = 1, three words', () => {
    // a and b are each other's nearest; c's nearest is b (tag X ≠ Y)
    const wv = wordVectors(['a', 'b', 'c'], Float32Array.from([1, 0, 0.9, 0.1, 0, 1]), 2);
    const r = posAgreement(wv, new Map([['a', 'X'], ['b', 'X'], ['c', 'Y']]), { k: 1 });
    expect(r.agreement).toBeCloseTo(2 / 3, 15);
    expect(r.majorityBaseline).toBeCloseTo(2 / 3, 15);
    expect(r.randomBaseline).toBeCloseTo(1 / 3, 15);
    expect(r.perTag.get('X')).toEqual({ agreement: 1, words: 2 });
    expect(r.perTag.get('Y')).toEqual({ agreement: 0, words: 1 });
  });

  it('matches nearestNeighbours over the tagged words, untagged words and rows past maxWords left out', () => {
    // 150 rows cross blocks of 64 and leave tails of the 4-column loop; 3 tags, every 7th word untagged
    const wv = randomVectors(150, 7, 3);
    const tagOf = new Map(wv.words.flatMap((w, i) => (i % 7 === 3 ? [] : [[w, ['NOUN', 'VERB', 'ADJ'][(i * i) % 3]] as const])));
    for (const [k, maxWords] of [[10, undefined], [3, 101], [1, 150]] as const) {
      const r = posAgreement(wv, tagOf, { k, maxWords });
      expect(r.agreement).toBeCloseTo(bruteForce(wv, tagOf, k, maxWords), 12);
      const limit = maxWords ?? 150;
      expect(r.words).toBe(wv.words.slice(0, limit).filter((w) => tagOf.has(w)).length);
    }
  });

  it('breaks ties to the earlier word, as nearestNeighbours does', () => {
    // b and c are both at cosine 1 from a; with k = 1, a takes b (tag X), not c (tag Y)
    const wv = wordVectors(['a', 'b', 'c'], Float32Array.from([1, 0, 2, 0, 3, 0]), 2);
    const r = posAgreement(wv, new Map([['a', 'X'], ['b', 'X'], ['c', 'Y']]), { k: 1 });
    expect(r.perTag.get('X')).toEqual({ agreement: 1, words: 2 });
    expect(r.perTag.get('Y')).toEqual({ agreement: 0, words: 1 });
  });

  it('uses fewer neighbours when fewer tagged words exist', () => {
    const wv = randomVectors(5, 3, 4);
    const r = posAgreement(wv, new Map(wv.words.map((w) => [w, 'NOUN'])), { k: 10 });
    expect(r.k).toBe(4);
    expect(r.agreement).toBe(1);
  });

  it('refuses bad arguments and options, naming posAgreement', () => {
    const wv = randomVectors(5, 3, 5);
    const tagOf = new Map(wv.words.map((w) => [w, 'NOUN']));
    expect(() => posAgreement(wv, tagOf, { k: 0 })).toThrow(OptionError);
    expect(() => posAgreement(wv, tagOf, { maxWords: 1.5 })).toThrow(/posAgreement: maxWords must be an integer ≥ 1/);
    // @ts-expect-error: a misspelt option
    expect(() => posAgreement(wv, tagOf, { kk: 3 })).toThrow(/unknown option 'kk'/);
    // @ts-expect-error: a plain object is not a Map
    expect(() => posAgreement(wv, { w0: 'NOUN' })).toThrow(ArgumentError);
    expect(() => posAgreement(wv, new Map([['w0', 'NOUN']]))).toThrow(/at least 2 are needed/);
    expect(() => posAgreement(wv, tagOf, { maxWords: 1 })).toThrow(/tags 1 of the 1 words/);
  });
});

describe('majorityTags', () => {
  const doc = (sentences: [string[], string[]][]): BrownDocument => ({ id: 'ca01', category: 'ca', genre: 'news', sentences: sentences.map(([w, t]) => ({ words: w, tags: t })) });
  const docs = [
    doc([[['The', 'run', 'ended', '.'], ['at', 'nn', 'vbd', '.']]]),
    doc([[['They', 'run', 'home', 'e.g.'], ['pps', 'vb', 'nr', 'rb']], [['A', 'run', 'Run'], ['at', 'nn', 'nn-tl']]]),
  ];

  it('maps each token to its most frequent coarse tag, skipping words that are not one token', () => {
    const tags = majorityTags(docs, (w) => tokenize(w));
    // 'run' is nn three times (one 'Run' titled), vb once; 'e.g.' is two tokens, '.' none
    expect(Object.fromEntries(tags)).toEqual({ the: 'DET', run: 'NOUN', ended: 'VERB', they: 'PRON', home: 'NOUN', a: 'DET' });
  });

  it('counts base tags with coarse: false, ties to the tag first in code-unit order', () => {
    const tied = [doc([[['go', 'go'], ['vb', 'nn']]])];
    expect(majorityTags(tied, (w) => [w], { coarse: false }).get('go')).toBe('nn');
    expect(majorityTags(tied, (w) => [w]).get('go')).toBe('NOUN');
    expect(majorityTags(docs, (w) => tokenize(w), { coarse: false }).get('run')).toBe('nn');
  });

  it('refuses a bad tokenizer, document or option', () => {
    // @ts-expect-error: a tokenizer returning a string
    expect(() => majorityTags(docs, (w: string) => w)).toThrow(/majorityTags: tokenizer returned a string/);
    // @ts-expect-error: not documents
    expect(() => majorityTags([{ words: [] }], tokenize)).toThrow(ArgumentError);
    // @ts-expect-error: a misspelt option
    expect(() => majorityTags(docs, tokenize, { coarsen: true })).toThrow(OptionError);
  });

  it('gives the expected tags on Brown news', () => {
    const news = loadBrownSentences({ categories: ['ca'] });
    if (E.isLeft(news)) throw new Error(news.left.message);
    const tags = majorityTags(news.right, (w) => tokenize(w));
    expect([tags.get('the'), tags.get('said'), tags.get('city'), tags.get('new'), tags.get('he'), tags.get('of')]).toEqual(['DET', 'VERB', 'NOUN', 'ADJ', 'PRON', 'ADP']);
  });
});
