// sent2vec: the context of a target is the sentence with a placeholder at the target, its unigrams
// and the n-grams that reach no dropped position; one update is the reference's (mean of the
// context rows, negative sampling with a draw equal to the target redrawn, the input gradient
// divided by the context size), checked in float64; sentences of two topics get apart vectors.
import { describe, expect, it } from 'vitest';
import { nearestNeighbours, sentenceVector, sentenceVectors, trainSent2vec, wordVectors } from '../../src/embeddings/index.js';
import { initialRow } from '../../src/embeddings/hashed-rows.js';
import { contextRows } from '../../src/embeddings/sent2vec.js';
import { ngramBucket } from '../../src/embeddings/word-ngrams.js';
import { key, OptionError, split, toArray } from '../../src/index.js';

/** Sentences over two disjoint vocabularies (ids < 10 and ≥ 10), never mixed (as the word2vec tests). */
const twoTopics = (n: number): Int32Array[] => Array.from({ length: n }, (_, s) =>
  Int32Array.from({ length: 12 }, (_, i) => (s % 2) * 10 + ((s * 7 + i * 3 + (i * i) % 5) % 10)));

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('sent2vec contexts', () => {
  it('hold every unigram and the n-grams that reach no dropped position, in the reference order', () => {
    const ctx = Int32Array.of(5, 7, 9, 4, 6), B = 1000, base = 11;
    const bi = (a: number, b: number) => base + ngramBucket([a, b], 0, 2, B);
    const tri = (a: number, b: number, c: number) => base + ngramBucket([a, b, c], 0, 3, B);
    const rows = new Int32Array(15);
    const none = contextRows(ctx, 5, new Uint8Array(5), 2, B, base, rows);
    expect(Array.from(rows.subarray(0, none))).toEqual([5, 7, 9, 4, 6, bi(5, 7), bi(7, 9), bi(9, 4), bi(4, 6)]);
    const m = contextRows(ctx, 5, Uint8Array.of(0, 0, 1, 0, 0), 3, B, base, rows); // position 2 dropped
    expect(Array.from(rows.subarray(0, m))).toEqual([5, 7, 9, 4, 6, bi(5, 7), bi(4, 6)]);
    const all = contextRows(ctx, 4, new Uint8Array(4), 3, B, base, rows);
    expect(Array.from(rows.subarray(0, all))).toEqual([5, 7, 9, 4, bi(5, 7), tri(5, 7, 9), bi(7, 9), tri(7, 9, 4), bi(9, 4)]);
  });
});

describe('trainSent2vec', () => {
  it('makes the reference update for one target (float64): placeholder context, redrawn negatives, gradient / context size', () => {
    // Two words, one sentence "0 1"; keep = [1, 0]: the only target is word 0, its context the
    // placeholder (row 2), word 1 and the bigram (placeholder, 1); the only noise word besides 0 is 1.
    const d = 4, k = 3, lr = 0.2, B = 1000, V = 2;
    const m = trainSent2vec([Int32Array.of(0, 1)], { dim: d, negatives: k, epochs: 1, lr, bucket: B, keep: [1, 0], key: key(7) });
    expect(m.targets).toBe(1);
    const inputKey = split(key(7))[0];
    const bigramRow = V + 1 + ngramBucket([V, 1], 0, 2, B);
    const ctxRows = [V, 1, bigramRow].map((r) => Array.from(initialRow(inputKey, r, d)));
    const h = ctxRows[0].map((_, q) => (ctxRows[0][q] + ctxRows[1][q] + ctxRows[2][q]) / 3);
    const out = [new Array<number>(d).fill(0), new Array<number>(d).fill(0)];
    const e = new Array<number>(d).fill(0);
    for (const [t, label] of [[0, 1], [1, 0], [1, 0], [1, 0]] as const) {
      const g = lr * (label - sigmoid(out[t].reduce((s, v, q) => s + v * h[q], 0)));
      for (let q = 0; q < d; q++) { e[q] += g * out[t][q]; out[t][q] += g * h[q]; }
    }
    const words = toArray(m.words), output = toArray(m.output);
    out.flat().forEach((v, i) => expect(output[i]).toBeCloseTo(v, 6));
    Array.from(initialRow(inputKey, 0, d)).forEach((v, q) => expect(words[q]).toBe(v)); // the target's own row is not in its context
    ctxRows[1].forEach((v, q) => expect(words[d + q]).toBeCloseTo(v + e[q] / 3, 7));
    const ph = m.tables.input.data.subarray(V * d, V * d + d);
    ctxRows[0].forEach((v, q) => expect(ph[q]).toBeCloseTo(v + e[q] / 3, 7));
    expect(m.ngramRows).toBe(1);
  });

  it('gives sentences of the same topic the nearest vectors, and places an unseen sentence with its topic', () => {
    const sentences = twoTopics(80);
    const m = trainSent2vec(sentences, { dim: 16, epochs: 10, bucket: 10_000, key: key(4) });
    const sv = wordVectors(sentences.map((_, i) => `s${i}`), sentenceVectors(m, sentences));
    let same = 0, all = 0;
    for (let i = 0; i < 80; i++) for (const n of nearestNeighbours(sv, `s${i}`, 5)) { all++; if (Number(n.word.slice(1)) % 2 === i % 2) same++; }
    expect(same / all).toBeGreaterThan(0.9);
    const cos = (a: Float32Array, b: Float32Array) => { let ab = 0, aa = 0, bb = 0; a.forEach((v, q) => { ab += v * b[q]; aa += v * v; bb += b[q] * b[q]; }); return ab / Math.sqrt(aa * bb); };
    const unseen = sentenceVector(m, [11, 14, 17, 12, 15, 18, 10, 13]);
    const meanCos = (parity: number) => sentences.filter((_, i) => i % 2 === parity).reduce((s, x) => s + cos(unseen, sentenceVector(m, x)), 0) / 40;
    expect(meanCos(1)).toBeGreaterThan(meanCos(0));
    expect(m.losses[m.losses.length - 1]).toBeLessThan(m.losses[0]);
  });

  it('is deterministic for a key and differs for another; an empty sentence has the zero vector', () => {
    const s = twoTopics(20);
    const a = trainSent2vec(s, { dim: 8, epochs: 1, bucket: 1000, key: key(1) });
    const b = trainSent2vec(s, { dim: 8, epochs: 1, bucket: 1000, key: key(1) });
    const c = trainSent2vec(s, { dim: 8, epochs: 1, bucket: 1000, key: key(2) });
    expect(toArray(a.words)).toEqual(toArray(b.words));
    expect(toArray(a.words)).not.toEqual(toArray(c.words));
    expect(Array.from(sentenceVector(a, []))).toEqual(new Array(8).fill(0));
  });

  it('refuses bad options with the option named', () => {
    const s = twoTopics(4);
    expect(() => trainSent2vec(s, { dim: 8, negatives: 0, key: key(1) })).toThrow(OptionError);
    expect(() => trainSent2vec(s, { dim: 8, keep: [1, 2], key: key(1) })).toThrow(/keep/);
    expect(() => trainSent2vec(s, { dim: 8, dropout: 2, key: key(1) } as never)).toThrow(/dropout/);
    const m = trainSent2vec(s, { dim: 8, epochs: 1, bucket: 100, key: key(1) });
    expect(() => sentenceVector(m, [1, 20])).toThrow(/tokens\[1\]/);
  });
});
