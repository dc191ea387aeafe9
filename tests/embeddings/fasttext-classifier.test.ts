// fastText's supervised classifier: one update is exactly an SGD step of the softmax cross-entropy
// of the mean of the input rows (fastText's Model::update, gradient divided by the input count),
// checked against a float64 reference; it learns a separable task and one only bigrams can solve;
// it is deterministic for a key.
import { describe, expect, it } from 'vitest';
import {
  fastTextProbabilities, predictFastText, trainFastTextClassifier, type FastTextExample,
} from '../../src/embeddings/index.js';
import {
  exampleScratch, inputRows, supervisedUpdate, type ClassifierTables,
} from '../../src/embeddings/fasttext-classifier.js';
import { hashedRows, initialRow } from '../../src/embeddings/hashed-rows.js';
import { ngramBucket } from '../../src/embeddings/word-ngrams.js';
import { ArgumentError, key, OptionError, toArray } from '../../src/index.js';
import { randomBits } from '../../src/random/philox.js';

/** Class c's sentences hold 3 of its own words (10c … 10c + 9) among 5 shared ones (30 … 49). */
const separable = (n: number, seed: number): FastTextExample[] => {
  const bits = randomBits(key(seed), n * 9);
  return Array.from({ length: n }, (_, s) => {
    const label = s % 3;
    const tokens = Int32Array.from({ length: 8 }, (_, i) => (i % 3 === 1 ? 10 * label + (bits[s * 9 + i] % 10) : 30 + (bits[s * 9 + i] % 20)));
    return { tokens, label };
  });
};

const accuracy = (m: ReturnType<typeof trainFastTextClassifier>, xs: readonly FastTextExample[]) =>
  xs.filter((x) => predictFastText(m, x.tokens) === x.label).length / xs.length;

describe('the supervised update', () => {
  it('is −lr times the gradient of the softmax cross-entropy of the mean input row (float64 reference), a repeated row counted twice', () => {
    const d = 5, classes = 3, V = 6, bucket = 50, lr = 0.7, target = 2;
    const t: ClassifierTables = { input: hashedRows(key(1), d, V), output: Float32Array.from(randomBits(key(2), classes * d), (b) => b / 2 ** 32 - 0.5) };
    const w = exampleScratch(d, classes);
    const tokens = Int32Array.of(3, 1, 3, 4); // word 3 twice, and the bigrams 3 1, 1 3, 3 4
    const n = inputRows(tokens, V, 2, bucket, w);
    expect(Array.from(w.rows.subarray(0, n))).toEqual([3, 1, 3, 4, ...[[3, 1], [1, 3], [3, 4]].map((p) => V + ngramBucket(p, 0, 2, bucket))]);
    const rows = Array.from(w.rows.subarray(0, n));
    const rowValue = (r: number): number[] => Array.from(r < V ? t.input.data.subarray(r * d, (r + 1) * d) : initialRow(key(1), r, d));
    const before = new Map(rows.map((r) => [r, rowValue(r)]));
    const W = Array.from({ length: classes }, (_, c) => Array.from(t.output.subarray(c * d, (c + 1) * d)));
    // float64: L(R, W) = −ln softmax(W·h)_y, h = mean over the listed rows
    const lossOf = (R: Map<number, number[]>, Wc: number[][]) => {
      const h = Array.from({ length: d }, (_, q) => rows.reduce((s, r) => s + R.get(r)![q], 0) / n);
      const z = Wc.map((row) => row.reduce((s, v, q) => s + v * h[q], 0));
      const mx = Math.max(...z), ez = z.map((v) => Math.exp(v - mx)), Z = ez.reduce((a, b) => a + b, 0);
      return { h, p: ez.map((v) => v / Z), loss: -Math.log(ez[target] / Z) };
    };
    const { h, p, loss } = lossOf(before, W);
    const dz = p.map((pc, c) => pc - (c === target ? 1 : 0));
    const gW = W.map((_, c) => h.map((hq) => dz[c] * hq));
    const gH = Array.from({ length: d }, (_, q) => W.reduce((s, row, c) => s + dz[c] * row[q], 0));
    const mult = (r: number) => rows.filter((x) => x === r).length;
    // the analytic gradient is the reference: check it by central differences first
    const eps = 1e-6, r0 = 3, perturbed = (delta: number) => new Map([...before].map(([r, v]) => [r, r === r0 ? v.map((x, q) => (q === 1 ? x + delta : x)) : v]));
    expect((lossOf(perturbed(eps), W).loss - lossOf(perturbed(-eps), W).loss) / (2 * eps)).toBeCloseTo((mult(r0) / n) * gH[1], 8);

    const got = supervisedUpdate(t, d, classes, n, target, lr, w);
    expect(got).toBeCloseTo(loss, 6);
    for (const r of new Set(rows)) {
      const off = r < V ? r * d : t.input.slots.get(r)! * d;
      before.get(r)!.forEach((v, q) => expect(t.input.data[off + q]).toBeCloseTo(v - lr * (mult(r) / n) * gH[q], 6));
    }
    W.forEach((row, c) => row.forEach((v, q) => expect(t.output[c * d + q]).toBeCloseTo(v - lr * gW[c][q], 6)));
  });
});

describe('trainFastTextClassifier', () => {
  it('reaches 100% on unseen sentences of a separable task, and its loss falls', () => {
    const m = trainFastTextClassifier(separable(300, 1), { classes: 3, epochs: 10, bucket: 10_000, key: key(3), progressEvery: 500 }) // 300 short sentences: 5 epochs at lr 0.1 underfit (85%);
    expect(accuracy(m, separable(150, 2))).toBeGreaterThanOrEqual(0.99);
    expect(m.losses[m.losses.length - 1]).toBeLessThan(m.losses[0]);
    expect(m.words.shape).toEqual([50, 10]);
    expect(m.output.shape).toEqual([3, 10]);
    const p = fastTextProbabilities(m, separable(1, 9)[0].tokens);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('solves with bigrams a task that words alone cannot (the order of the same two words)', () => {
    // label 1 when 0 comes right before 1, label 0 when 1 comes before 0; the other words are noise
    const make = (n: number, seed: number) => {
      const bits = randomBits(key(seed), n * 4);
      return Array.from({ length: n }, (_, s) => {
        const label = s % 2;
        const a = 2 + (bits[4 * s] % 8), b = 2 + (bits[4 * s + 1] % 8);
        return { tokens: Int32Array.from(label ? [a, 0, 1, b] : [a, 1, 0, b]), label };
      });
    };
    const train = make(400, 4), test = make(200, 5);
    const bigrams = trainFastTextClassifier(train, { classes: 2, epochs: 20, lr: 0.5, bucket: 100_000, key: key(6) });
    const words = trainFastTextClassifier(train, { classes: 2, epochs: 20, lr: 0.5, wordNgrams: 1, key: key(6) });
    expect(accuracy(bigrams, test)).toBeGreaterThanOrEqual(0.99);
    expect(accuracy(words, test)).toBeLessThan(0.7);
    expect(bigrams.ngramRows).toBeGreaterThan(0);
    expect(words.ngramRows).toBe(0);
  });

  it('is deterministic for a key and differs for another', () => {
    const xs = separable(60, 7);
    const a = toArray(trainFastTextClassifier(xs, { classes: 3, epochs: 1, key: key(1) }).words);
    const b = toArray(trainFastTextClassifier(xs, { classes: 3, epochs: 1, key: key(1) }).words);
    const c = toArray(trainFastTextClassifier(xs, { classes: 3, epochs: 1, key: key(2) }).words);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('refuses bad examples and options with the culprit named', () => {
    const xs = separable(6, 1);
    expect(() => trainFastTextClassifier(xs, { classes: 2, key: key(1) })).toThrow(/examples\[2\]\.label/);
    expect(() => trainFastTextClassifier([{ tokens: [1, 2] as unknown as Int32Array, label: 0 }], { classes: 2, key: key(1) })).toThrow(ArgumentError);
    expect(() => trainFastTextClassifier(xs, { classes: 3, vocabSize: 40, key: key(1) })).toThrow(/tokens\[\d\] is \d+; expected an id in \[0, 40\)/);
    expect(() => trainFastTextClassifier(xs, { classes: 3, dim: 0, key: key(1) })).toThrow(OptionError);
    expect(() => trainFastTextClassifier(xs, { classes: 3, lr: -1, key: key(1) })).toThrow(/lr/);
    expect(() => trainFastTextClassifier(xs, { classes: 3, buckets: 9, key: key(1) } as never)).toThrow(/buckets/);
    const m = trainFastTextClassifier(xs, { classes: 3, epochs: 1, key: key(1) });
    expect(() => predictFastText(m, Int32Array.of(1, 99))).toThrow(/tokens\[1\]/);
  });
});
