// fastText's subwords (n-grams of '<word>', FNV-1a buckets, as fastText computes them) and its
// trainer: words of a topic cluster, and a word never seen gets a vector from its n-grams that sits
// with the words sharing them.
import { describe, expect, it } from 'vitest';
import { fastTextLookup, fnv1a, nearestNeighbours, subwordBuckets, subwordStrings, trainFastText, wordVectors } from '../../src/embeddings/index.js';
import { key, toArray } from '../../src/index.js';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('fastText subwords', () => {
  it("are the paper's n-grams of '<where>' (n = 3), and 3–6 by default", () => {
    expect(subwordStrings('where', 3, 3)).toEqual(['<wh', 'whe', 'her', 'ere', 're>']);
    expect(subwordStrings('ab', 3, 6)).toEqual(['<ab', '<ab>', 'ab>']);
    expect(subwordBuckets('where', 3, 6, 2_000_000)).toHaveLength(subwordStrings('where', 3, 6).length);
  });

  it('hash with 32-bit FNV-1a, bytes as signed chars (fastText), into buckets', () => {
    expect(fnv1a(bytes(''))).toBe(2166136261);
    expect(fnv1a(bytes('a'))).toBe(0xe40c292c);
    expect(fnv1a(bytes('foobar'))).toBe(0xbf9cf968);
    // a non-ASCII byte is sign-extended before the xor: ((h ^ 0xffffffc3) * p) for 'Ã' (0xc3 0x83)
    let h = 2166136261;
    for (const b of [0xc3, 0x83]) { h = (h ^ ((b | 0xffffff00) >>> 0)) >>> 0; h = Math.imul(h, 16777619) >>> 0; }
    expect(fnv1a(bytes('Ã'))).toBe(h);
    const strings = subwordStrings('naïve', 3, 4);
    expect(subwordBuckets('naïve', 3, 4, 1000)).toEqual(strings.map((g) => fnv1a(bytes(g)) % 1000));
  });
});

/** Two topics whose words share a prefix ('al…' and 'be…'), never mixed in a sentence. */
const words = [...Array.from({ length: 10 }, (_, i) => `alpha${'abcdefghij'[i]}`), ...Array.from({ length: 10 }, (_, i) => `beta${'klmnopqrst'[i]}`)];
const sentences = Array.from({ length: 200 }, (_, s) => Int32Array.from({ length: 12 }, (_, i) => (s % 2) * 10 + ((s * 7 + i * 3 + (i * i) % 5) % 10)));

describe('trainFastText', () => {
  it.each(['cbow', 'skipgram'] as const)('%s: words of a topic are nearest each other, and an unseen word sits with the words sharing its n-grams', (model) => {
    const m = trainFastText(sentences, words, { dim: 16, model, epochs: 5, bucket: 5000, key: key(2) });
    const wv = wordVectors(words, m.wordVectors);
    let same = 0, all = 0;
    words.forEach((w, i) => { for (const n of nearestNeighbours(wv, w, 5)) { all++; if (words.indexOf(n.word) < 10 === i < 10) same++; } });
    expect(same / all).toBeGreaterThan(0.9);
    const lookup = fastTextLookup(m);
    expect(Array.from(lookup(words[3]))).toEqual(Array.from(toArray(m.wordVectors).subarray(3 * 16, 4 * 16)).map((v) => Math.fround(v)));
    for (const [unseen, topic] of [['alphazz', 0], ['betazz', 1]] as const) {
      const near = nearestNeighbours(wv, lookup(unseen), 5).map((n) => words.indexOf(n.word));
      expect(near.filter((i) => (i < 10 ? 0 : 1) === topic).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('is deterministic for a key', () => {
    const a = trainFastText(sentences.slice(0, 20), words, { dim: 8, epochs: 1, bucket: 100, key: key(1) });
    const b = trainFastText(sentences.slice(0, 20), words, { dim: 8, epochs: 1, bucket: 100, key: key(1) });
    expect(toArray(a.input)).toEqual(toArray(b.input));
  });
});
