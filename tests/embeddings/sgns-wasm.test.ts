// The negative-sampling step as a WebAssembly kernel (sgns-wasm.ts) gives the host step's bits: its
// e^x is Math.exp's, one step matches on random tables (repeated negatives, a negative equal to the
// target, frozen output rows), and every trainer on it ends with the same tables and losses as on
// the host, at the sizes the examples run (d 100, thousands of words, several epochs).
import { describe, expect, it } from 'vitest';
import { inferDoc2vec, trainDoc2vec, trainFastText, trainWord2vec } from '../../src/embeddings/index.js';
import { negativeSamplingStep } from '../../src/embeddings/sgns-kernel.js';
import { kernelExp, sgnsTables, withHostStep } from '../../src/embeddings/sgns-wasm.js';
import { key, toArray, type Tensor } from '../../src/index.js';

const native = sgnsTables([4], 4, 1).native;
console.log(`[nn-ts sgns] negative-sampling step: ${native ? 'WebAssembly SIMD kernel beside the host loop' : 'host loop only (no WebAssembly SIMD here): the kernel laws are skipped'}`);

const lcg = (seed: number) => { let s = seed >>> 0; return () => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return s / 2 ** 32; }; };
const differing = (a: Tensor<[number, number]>, b: Tensor<[number, number]>) => {
  const x = toArray(a), y = toArray(b);
  let n = 0;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) n++;
  return n;
};

describe.runIf(native)('the kernel\'s e^x', () => {
  it('is Math.exp\'s value bit for bit: edge cases, the reduction\'s branch points, and 300,000 random arguments over every range', () => {
    const exp = kernelExp();
    expect(exp).toBeDefined();
    const r = lcg(7);
    const xs = [0, -0, 1, -1, 2 ** -28, -(2 ** -28), 2 ** -30, 0.34657359, 0.3465736, 1.03972077, 1.0397208, 709.78, 709.7827128933841, 709.79,
      -708.4, -745.13, -745.1332191019411, -745.14, 1e-300, Infinity, -Infinity, NaN, 88.72, -87.33, 20, -20,
      ...Array.from({ length: 300_000 }, (_, i) => (2 * r() - 1) * [1, 8, 40, 800, 1e-7, 0.7][i % 6])];
    const bad = xs.filter((x) => !Object.is(exp!(x), Math.exp(x)));
    expect(bad).toEqual([]);
  });
});

describe.runIf(native)('one negative-sampling step', () => {
  it.each([[100, true], [100, false], [4, true], [64, true]] as const)('d %i, learnOutput %s: the same loss and bits as the host step over 20,000 steps with repeats', (d, learn) => {
    const V = 300, k = 7;
    const t = sgnsTables([V * d, V * d, d, d], d, k);
    const [syn0, syn1, h, e] = t.tables;
    const r = lcg(11);
    for (let i = 0; i < V * d; i++) { syn0[i] = r() - 0.5; syn1[i] = 0.3 * (r() - 0.5); }
    const host0 = syn0.slice(), host1 = syn1.slice(), hh = new Float32Array(d), he = new Float32Array(d);
    // few distinct ids, so negatives repeat within a step and equal the target often
    const negs = Int32Array.from({ length: 20_000 * k }, () => Math.floor(r() * (r() < 0.3 ? 4 : V)));
    for (let p = 0; p < 20_000; p++) {
      const row = p % V, target = (p * 7) % (p % 3 === 0 ? 4 : V), alpha = 0.05 * (1 - p / 20_000);
      h.set(syn0.subarray(row * d, row * d + d));
      hh.set(host0.subarray(row * d, row * d + d));
      const a = t.step(h, syn1, d, target, negs, p * k, k, alpha, e, learn);
      const b = negativeSamplingStep(hh, host1, d, target, negs, p * k, k, alpha, he, learn);
      expect(Object.is(a, b)).toBe(true);
      for (let q = 0; q < d; q++) { syn0[row * d + q] += e[q]; e[q] = 0; host0[row * d + q] += he[q]; he[q] = 0; }
    }
    expect(syn0.every((v, i) => Object.is(v, host0[i]))).toBe(true);
    expect(syn1.every((v, i) => Object.is(v, host1[i]))).toBe(true);
  });

  it('on tables past 2^24 floats (200,000 rows × d 100, fastText\'s bucket rows), the row step and the step match the host at rows across the whole table', () => {
    const V = 200_000, d = 100, k = 5;
    const t = sgnsTables([V * d, V * d, d, d], d, k);
    expect(t.native).toBe(true);
    const [syn0, syn1, h, e] = t.tables;
    const r = lcg(5);
    for (let i = 0; i < V * d; i++) { syn0[i] = r() - 0.5; syn1[i] = 0.2 * (r() - 0.5); }
    const host0 = syn0.slice(), host1 = syn1.slice(), hh = new Float32Array(d), he = new Float32Array(d);
    const negs = Int32Array.from({ length: 5000 * k }, () => Math.floor(r() * V));
    let a = 0, b = 0;
    for (let p = 0; p < 5000; p++) {
      const row = V - 1 - Math.floor(r() * V), target = Math.floor(r() * V);
      if (p % 2 === 0) {
        a += t.rowStep(syn0, row * d, syn1, d, target, negs, p * k, k, 0.025, h, e);
        b += negativeSamplingStep(hh.fill(0).map((_, q) => host0[row * d + q]), host1, d, target, negs, p * k, k, 0.025, he);
        for (let q = 0; q < d; q++) { host0[row * d + q] += he[q]; he[q] = 0; }
      } else {
        h.set(syn0.subarray(row * d, row * d + d));
        a += t.step(h, syn1, d, target, negs, p * k, k, 0.025, e, false);
        b += negativeSamplingStep(hh.fill(0).map((_, q) => host0[row * d + q]), host1, d, target, negs, p * k, k, 0.025, he, false);
        e.fill(0); he.fill(0);
      }
    }
    expect(Object.is(a, b)).toBe(true);
    let diff = 0;
    for (let i = 0; i < V * d; i++) if (!Object.is(syn0[i], host0[i]) || !Object.is(syn1[i], host1[i])) diff++;
    expect(diff).toBe(0);
  });

  it('is the host step where d is not a multiple of 4, or a row is outside the kernel\'s memory', () => {
    expect(sgnsTables([10], 10, 5).native).toBe(false);
    const t = sgnsTables([8, 8, 4, 4], 4, 2);
    const outside = new Float32Array(8).fill(0.1), x = Float32Array.of(0.1, 0.2, 0.3, 0.4), e = new Float32Array(4);
    const loss = t.step(x, outside, 4, 1, Int32Array.of(0, 0), 0, 2, 0.1, e);
    const e2 = new Float32Array(4), out2 = new Float32Array(8).fill(0.1);
    expect(loss).toBe(negativeSamplingStep(x, out2, 4, 1, Int32Array.of(0, 0), 0, 2, 0.1, e2));
    expect(Array.from(outside)).toEqual(Array.from(out2));
  });
});

describe.runIf(native)('the trainers on the kernel', () => {
  const r = lcg(3);
  // a Zipf-like corpus of 2,000 words, 2,500 sentences of 5–34 words
  const sentences = Array.from({ length: 2500 }, () => Int32Array.from({ length: 5 + Math.floor(r() * 30) }, () => Math.floor(r() ** 2 * 2000)));
  const words = Array.from({ length: 2000 }, (_, i) => `w${i}x${'abcdefgh'[i % 8]}`);
  it.each(['skipgram', 'cbow'] as const)('trainWord2vec %s ends with the host\'s tables and losses', (model) => {
    const o = { dim: 100, model, epochs: 2, key: key(1), vocabSize: 2000 };
    const a = trainWord2vec(sentences, o), b = withHostStep(() => trainWord2vec(sentences, o));
    expect(differing(a.input, b.input) + differing(a.output, b.output)).toBe(0);
    expect(Array.from(a.losses)).toEqual(Array.from(b.losses));
  });
  it.each(['skipgram', 'cbow'] as const)('trainFastText %s ends with the host\'s tables', (model) => {
    const o = { dim: 48, model, epochs: 1, bucket: 5000, key: key(2) };
    const a = trainFastText(sentences.slice(0, 600), words, o), b = withHostStep(() => trainFastText(sentences.slice(0, 600), words, o));
    expect(differing(a.input, b.input) + differing(a.output, b.output)).toBe(0);
  });
  it.each([['dm', false, false], ['dm', true, false], ['dbow', false, true]] as const)('trainDoc2vec %s (dmMean %s, trainWords %s) and inferDoc2vec end with the host\'s vectors', (mode, dmMean, trainWords) => {
    const docs = Array.from({ length: 100 }, (_, i) => Int32Array.from(sentences.slice(i * 20, i * 20 + 20).flatMap((s) => Array.from(s))));
    const o = { dim: 100, mode, dmMean, trainWords, epochs: 3, vocabSize: 2000, key: key(3) };
    const a = trainDoc2vec(docs, o), b = withHostStep(() => trainDoc2vec(docs, o));
    expect(differing(a.docs, b.docs) + differing(a.words, b.words) + differing(a.output, b.output)).toBe(0);
    const ia = inferDoc2vec(a, docs.slice(0, 10), { key: key(4) }), ib = withHostStep(() => inferDoc2vec(b, docs.slice(0, 10), { key: key(4) }));
    expect(differing(ia, ib)).toBe(0);
  });
});
