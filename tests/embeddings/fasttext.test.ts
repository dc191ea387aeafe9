// fastText's subwords (n-grams of '<word>', FNV-1a buckets, as fastText computes them) and its
// trainer: words of a topic cluster, and a word never seen gets a vector from its n-grams that sits
// with the words sharing them.
import { describe, expect, it } from 'vitest';
import { fastTextLookup, fnv1a, nearestNeighbours, subwordBuckets, subwordStrings, trainFastText, wordVectors } from '../../src/embeddings/index.js';
import { key, toArray } from '../../src/index.js';
import { noiseDistribution, sampleNoise } from '../../src/embeddings/index.js';
import { redrawTargetNegatives } from '../../src/embeddings/fasttext.js';
import { END_OF_LINE, withEndOfLine } from '../../src/text/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { chiSquare, chiSquareCritical } from './chi-square.js';

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

describe("fastText's own rules", () => {
  it("redraws a negative equal to its target from the noise left over (fastText's getNegative; chi-square, fixed key)", () => {
    const counts = [50, 20, 5, 0, 25];
    const noise = noiseDistribution(counts, 0.5);
    const k = 5, targets = 40_000, target = 0;
    const drawn = sampleNoise(noise, key(3), targets * k);
    const negatives = Int32Array.from(drawn);
    const state = { n: 0 };
    for (let t = 0; t < targets; t++) redrawTargetNegatives(noise, negatives, t * k, k, target, key(4), state);
    const observed = [0, 0, 0, 0, 0];
    let changed = 0;
    for (let i = 0; i < negatives.length; i++) {
      if (drawn[i] !== target) changed += negatives[i] === drawn[i] ? 0 : 1;
      else observed[negatives[i]]++;
    }
    expect(changed).toBe(0); // a negative that differs from the target is kept
    expect(observed[target]).toBe(0);
    expect(state.n).toBeGreaterThanOrEqual(drawn.filter((v) => v === target).length);
    // the redrawn ones follow the noise conditioned on "not the target"
    const rest = 1 - noise.probabilities[target];
    const test = chiSquare(observed, Array.from(noise.probabilities, (p, v) => (v === target ? 0 : p / rest)));
    expect(test.df).toBe(2);
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
    // a target that is the whole distribution keeps its draws (there is nothing else to take)
    const only = noiseDistribution([0, 7]), same = Int32Array.of(1, 1, 1);
    redrawTargetNegatives(only, same, 0, 3, 1, key(5), { n: 0 });
    expect(Array.from(same)).toEqual([1, 1, 1]);
  });

  it("'redraw' trains bit for bit as 'skip' where no negative can be its target, and differently where one can", () => {
    // ids 20 and 21 are in the vocabulary but never in a sentence: noise on them alone never meets a target
    const vocab = [...words, 'unusedx', 'unusedy'];
    const counts = [...new Array<number>(20).fill(0), 3, 1];
    const opts = { dim: 8, model: 'skipgram' as const, epochs: 1, bucket: 200, key: key(6) };
    const skip = trainFastText(sentences.slice(0, 30), vocab, { ...opts, counts });
    const redraw = trainFastText(sentences.slice(0, 30), vocab, { ...opts, counts, targetNegatives: 'redraw' });
    expect(toArray(redraw.input)).toEqual(toArray(skip.input));
    const a = trainFastText(sentences.slice(0, 30), words, { ...opts, noisePower: 0.5 });
    const b = trainFastText(sentences.slice(0, 30), words, { ...opts, noisePower: 0.5, targetNegatives: 'redraw' });
    expect(toArray(b.input)).not.toEqual(toArray(a.input));
    expect(() => trainFastText(sentences, words, { ...opts, targetNegatives: 'resample' as 'skip' })).toThrow(OptionError);
  });

  it('ends each line with </s>, a word without n-grams: its vector is its own row', () => {
    expect(withEndOfLine([['a', 'b'], []])).toEqual([['a', 'b', END_OF_LINE], [END_OF_LINE]]);
    expect(() => withEndOfLine([['a'], 'b' as unknown as string[]])).toThrow(ArgumentError);
    const vocab = [...words, END_OF_LINE];
    const lines = sentences.slice(0, 40).map((s) => Int32Array.from([...s, 20]));
    const m = trainFastText(lines, vocab, { dim: 8, model: 'skipgram', epochs: 1, bucket: 300, key: key(7) });
    const own = toArray(m.input).subarray(20 * 8, 21 * 8);
    expect(Array.from(toArray(m.wordVectors).subarray(20 * 8, 21 * 8))).toEqual(Array.from(own));
    expect(Array.from(fastTextLookup(m)(END_OF_LINE))).toEqual(Array.from(own));
  });
});
