// word2vec's per-pair engine and its trainers: the negative-sampling step is an SGD step of the
// differentiable sgnsLoss (for distinct targets), and follows word2vec.c's sequential rule when a
// negative repeats; skip-gram, CBOW, PV-DBOW, PV-DM and graph2vec learn structure that is planted
// in synthetic data, deterministically for a key.
import { describe, expect, it } from 'vitest';
import {
  graph2vec, inferDoc2vec, inferGraph2vec, nearestNeighbours, sgnsBatch, sgnsLabels, sgnsLoss, trainDoc2vec, trainWord2vec, wordVectors,
  type Doc2vec, type SkipGramParams,
} from '../../src/embeddings/index.js';
import { noiseDistribution } from '../../src/embeddings/noise.js';
import { negativeSamplingStep } from '../../src/embeddings/sgns-kernel.js';
import { graph } from '../../src/graph/index.js';
import { foldIn, key, OptionError, split, tensor, toArray, valueAndGrad } from '../../src/index.js';
import { uniformData } from '../../src/random/sample.js';

const d = 4;
const X = [0.3, -0.2, 0.5, 0.1];
const OUT = [[-0.1, 0.2, 0.4, 0.3], [0.5, -0.3, 0.2, -0.2], [0.2, 0.1, -0.4, 0.6], [-0.35, 0.15, 0.3, 0.05], [0.4, 0.4, -0.1, -0.3]];
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('the negative-sampling step', () => {
  it('is −α times the gradient of sgnsLoss for one pair with distinct targets, and gives its loss', () => {
    const alpha = 0.1, target = 1, negs = [3, 0, 4];
    const out = Float32Array.from(OUT.flat());
    const e = new Float32Array(d);
    const loss = negativeSamplingStep(Float32Array.from(X), out, d, target, Int32Array.from(negs), 0, 3, alpha, e);
    // the same pair through the tensor loss: input table row 0 is X
    const params: SkipGramParams = { input: tensor([...X, 0, 0, 0, 0], [2, d]), output: tensor(OUT.flat(), [5, d]) };
    const batch = sgnsBatch(Int32Array.of(0), Int32Array.of(target), 1, Int32Array.from(negs), sgnsLabels(1, 3));
    const [l, g] = valueAndGrad((p: SkipGramParams) => sgnsLoss(p, batch))(params);
    expect(loss).toBeCloseTo(toArray(l)[0], 5);
    const gIn = toArray(g.input), gOut = toArray(g.output);
    for (let i = 0; i < d; i++) expect(e[i]).toBeCloseTo(-alpha * gIn[i], 6);
    OUT.flat().forEach((v, i) => expect(out[i] - v).toBeCloseTo(-alpha * gOut[i], 6));
  });

  it('follows word2vec.c on a repeated negative (the second sees the first update) and skips a negative equal to the target', () => {
    const alpha = 0.5, target = 2, negs = [4, 4, 2];
    const out = Float32Array.from(OUT.flat());
    const e = new Float32Array(d);
    negativeSamplingStep(Float32Array.from(X), out, d, target, Int32Array.from(negs), 0, 3, alpha, e);
    // float64 reference of the sequential rule
    const rows = OUT.map((r) => [...r]);
    const eRef = [0, 0, 0, 0];
    for (const [t, label] of [[target, 1], [4, 0], [4, 0]] as const) {
      const g = alpha * (label - sigmoid(dot(X, rows[t])));
      for (let i = 0; i < d; i++) { eRef[i] += g * rows[t][i]; rows[t][i] += g * X[i]; }
    }
    eRef.forEach((v, i) => expect(e[i]).toBeCloseTo(v, 6));
    rows.flat().forEach((v, i) => expect(out[i]).toBeCloseTo(v, 6));
  });

  it('with learnOutput false leaves the output rows and still accumulates the input error', () => {
    const out = Float32Array.from(OUT.flat());
    const e = new Float32Array(d);
    negativeSamplingStep(Float32Array.from(X), out, d, 0, Int32Array.of(1, 2), 0, 2, 0.3, e, false);
    expect(Array.from(out)).toEqual(Array.from(Float32Array.from(OUT.flat())));
    expect(e.some((v) => v !== 0)).toBe(true);
  });
});

/** Sentences over two disjoint vocabularies (ids < 10 and ≥ 10), never mixed. */
const twoTopics = (n: number): Int32Array[] => Array.from({ length: n }, (_, s) =>
  Int32Array.from({ length: 12 }, (_, i) => (s % 2) * 10 + ((s * 7 + i * 3 + (i * i) % 5) % 10)));
const sameTopicShare = (input: ReturnType<typeof trainWord2vec>['input']) => {
  const wv = wordVectors(Array.from({ length: 20 }, (_, i) => `w${i}`), input);
  let same = 0, all = 0;
  for (let w = 0; w < 20; w++) for (const n of nearestNeighbours(wv, `w${w}`, 5)) { all++; if ((Number(n.word.slice(1)) < 10) === (w < 10)) same++; }
  return same / all;
};

describe('trainWord2vec', () => {
  it.each(['skipgram', 'cbow'] as const)('%s puts words of the same topic nearest each other', (model) => {
    const r = trainWord2vec(twoTopics(200), { dim: 16, model, epochs: 5, key: key(3) });
    expect(sameTopicShare(r.input)).toBeGreaterThan(0.95);
    expect(r.losses[r.losses.length - 1]).toBeLessThan(r.losses[0]);
  });

  it('is deterministic for a key and differs for another', () => {
    const a = toArray(trainWord2vec(twoTopics(20), { dim: 8, epochs: 1, key: key(1) }).input);
    const b = toArray(trainWord2vec(twoTopics(20), { dim: 8, epochs: 1, key: key(1) }).input);
    const c = toArray(trainWord2vec(twoTopics(20), { dim: 8, epochs: 1, key: key(2) }).input);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('never trains the input row of a word that subsampling always drops; the rate falls linearly to minAlpha', () => {
    const seqs = twoTopics(40);
    const keep = new Float64Array(20).fill(1);
    keep[3] = 0;
    const alphas: number[] = [];
    const init = toArray(trainWord2vec(seqs, { dim: 8, epochs: 1, alpha: 1e-30, minAlpha: 0, key: key(5) }).input); // (nearly) untrained
    const r = trainWord2vec(seqs, { dim: 8, epochs: 3, keep, key: key(5), progressEvery: 100, onProgress: (p) => alphas.push(p.alpha) });
    expect(Array.from(toArray(r.input).subarray(3 * 8, 4 * 8))).toEqual(Array.from(init.subarray(3 * 8, 4 * 8)));
    for (let i = 1; i < alphas.length; i++) expect(alphas[i]).toBeLessThanOrEqual(alphas[i - 1]);
    expect(alphas[alphas.length - 1]).toBeLessThan(0.025 * 0.05);
  });

  it('draws negatives by count^0.75 unless noisePower says otherwise (fastText: 0.5)', () => {
    const run = (noisePower?: number) => toArray(trainWord2vec(twoTopics(20), { dim: 8, epochs: 1, key: key(1), ...(noisePower === undefined ? {} : { noisePower }) }).input);
    // twoTopics' words have different counts, so the power moves the draws
    expect(run(0.75)).toEqual(run());
    expect(run(0.5)).not.toEqual(run());
    expect(() => run(-1)).toThrow(/noisePower/);
  });

  it('refuses bad options with the option named', () => {
    expect(() => trainWord2vec(twoTopics(4), { dim: 8, model: 'glove' as 'cbow', key: key(1) })).toThrow(OptionError);
    expect(() => trainWord2vec(twoTopics(4), { dim: 8, keep: [1, 2], key: key(1) })).toThrow(/keep/);
    expect(() => trainWord2vec(twoTopics(4), { dim: 8, alpha: 0.01, minAlpha: 0.1, key: key(1) })).toThrow(/minAlpha/);
  });
});

describe('trainDoc2vec and inferDoc2vec', () => {
  // dbow's vectors, and dm's with the summed input (each row taking error / count), need more passes
  // than dm's mean, whose document row takes the whole error at every step
  it.each([['dbow', false, 40], ['dm', false, 40], ['dm', true, 10]] as const)('%s (dmMean %s, %i epochs): documents of the same topic get close vectors, and inference places an unseen document with its topic', (mode, dmMean, epochs) => {
    const docs = twoTopics(60);
    const m = trainDoc2vec(docs, { dim: 16, mode, dmMean, epochs, key: key(4) });
    const dv = wordVectors(docs.map((_, i) => `d${i}`), m.docs);
    let same = 0, all = 0;
    for (let i = 0; i < 60; i++) for (const n of nearestNeighbours(dv, `d${i}`, 5)) { all++; if (Number(n.word.slice(1)) % 2 === i % 2) same++; }
    expect(same / all).toBeGreaterThan(0.9);
    const unseen = [Int32Array.of(1, 4, 7, 2, 5, 8, 0, 3), Int32Array.of(11, 14, 17, 12, 15, 18, 10, 13)];
    const v = toArray(inferDoc2vec(m, unseen, { key: key(8) }));
    const all16 = toArray(m.docs);
    const meanCos = (row: Float32Array, parity: number) => {
      let s = 0, n = 0;
      for (let i = parity; i < 60; i += 2) {
        const o = all16.subarray(16 * i, 16 * i + 16);
        s += dot(Array.from(row), Array.from(o)) / Math.sqrt(dot(Array.from(row), Array.from(row)) * dot(Array.from(o), Array.from(o))); n++;
      }
      return s / n;
    };
    expect(meanCos(v.subarray(0, 16), 0)).toBeGreaterThan(meanCos(v.subarray(0, 16), 1));
    expect(meanCos(v.subarray(16, 32), 1)).toBeGreaterThan(meanCos(v.subarray(16, 32), 0));
  });
});

describe('PV-DM\'s input: the sum (gensim\'s dm_mean=0) or the mean of the document and context vectors', () => {
  // Inference on a two-word document [0, 1] with reach 1 and no negatives: word 1 is word 0's
  // context and then the reverse, each step one target, against fixed word and output tables.
  const words = [[0.3, -0.2, 0.5, 0.1], [-0.4, 0.25, 0.1, 0.35]], output = [[0.2, 0.6, -0.3, 0.1], [-0.5, 0.2, 0.4, -0.1]];
  const one: [number, number] = [1, d], two: [number, number] = [2, d];
  const model = (dmMean: boolean): Doc2vec => ({
    docs: tensor([[0, 0, 0, 0]], one), words: tensor(words, two), output: tensor(output, two), mode: 'dm', dmMean,
    window: 1, negatives: 0, epochs: 1, alpha: 0.5, minAlpha: 0.5, noise: noiseDistribution([1, 1]), keep: undefined, losses: new Float64Array(0), seconds: 0,
  });
  it.each([false, true])('dmMean %s: the inferred vector is the float64 rule\'s, step by step', (dmMean) => {
    const doc = Array.from(uniformData(split(foldIn(key(5), 0))[0], d, -0.5 / d, 0.5 / d));
    for (const [centre, context] of [[0, 1], [1, 0]]) {
      const h = doc.map((v, q) => (dmMean ? (v + words[context][q]) / 2 : v + words[context][q]));
      const g = 0.5 * (1 - sigmoid(dot(h, output[centre])));
      for (let q = 0; q < d; q++) doc[q] += (g * output[centre][q]) / (dmMean ? 1 : 2); // the sum's error is shared by its two rows
    }
    const v = toArray(inferDoc2vec(model(dmMean), [Int32Array.of(0, 1)], { key: key(5) }));
    v.forEach((x, q) => expect(x).toBeCloseTo(doc[q], 6));
  });
  it('defaults to the sum and refuses a non-boolean', () => {
    expect(trainDoc2vec(twoTopics(4), { dim: 4, epochs: 1, key: key(1) }).dmMean).toBe(false);
    expect(() => trainDoc2vec(twoTopics(4), { dim: 4, dmMean: 1 as unknown as boolean, key: key(1) })).toThrow(/dmMean/);
  });
});

describe('graph2vec', () => {
  const cycle = (n: number) => graph({ nodeCount: n, edges: Array.from({ length: n }, (_, i) => [i, (i + 1) % n]).flatMap(([a, b]): [number, number][] => [[a, b], [b, a]]) });
  const star = (n: number) => graph({ nodeCount: n, edges: Array.from({ length: n - 1 }, (_, i): [number, number][] => [[0, i + 1], [i + 1, 0]]).flat() });
  it('separates cycles from stars, and infers vectors for unseen graphs near their kind', () => {
    const graphs = [...Array.from({ length: 20 }, (_, i) => cycle(5 + (i % 6))), ...Array.from({ length: 20 }, (_, i) => star(5 + (i % 6)))];
    const g = graph2vec(graphs, { dim: 16, epochs: 20, minCount: 2, key: key(6) });
    expect(g.embeddings.shape).toEqual([40, 16]);
    const gv = wordVectors(graphs.map((_, i) => `g${i}`), g.embeddings);
    let same = 0, all = 0;
    for (let i = 0; i < 40; i++) for (const n of nearestNeighbours(gv, `g${i}`, 5)) { all++; if ((Number(n.word.slice(1)) < 20) === (i < 20)) same++; }
    expect(same / all).toBeGreaterThan(0.9);
    const inferred = toArray(inferGraph2vec(g, [cycle(7), star(7)], { key: key(2) }));
    const nearest = (row: Float32Array) => nearestNeighbours(gv, row, 3).map((n) => Number(n.word.slice(1)));
    expect(nearest(inferred.subarray(0, 16)).every((i) => i < 20)).toBe(true);
    expect(nearest(inferred.subarray(16, 32)).every((i) => i >= 20)).toBe(true);
  });
});
