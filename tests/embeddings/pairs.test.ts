import { describe, expect, it } from 'vitest';
import { batchCount, corpus, pairBatches, planPairs, type Corpus } from '../../src/embeddings/index.js';
import { key } from '../../src/random/index.js';
import { ArgumentError } from '../../src/shape/errors.js';
import { chiSquare, chiSquareCritical } from './chi-square.js';

/** Every real pair of the planned batches. */
const allPairs = (c: Corpus, window: number, epochs: number, batchSize: number, seed = 31) => {
  const plan = planPairs(c, { window, epochs, batchSize, key: key(seed) });
  const pairs: [number, number][] = [];
  let batches = 0;
  for (const b of pairBatches(c, plan)) {
    batches++;
    for (let i = 0; i < b.count; i++) pairs.push([b.centres[i], b.contexts[i]]);
    for (let i = b.count; i < batchSize; i++) expect([b.centres[i], b.contexts[i]]).toEqual([0, 0]);
  }
  expect(batches).toBe(batchCount(plan));
  expect(pairs).toHaveLength(plan.pairs);
  return pairs;
};

describe('skip-gram pairs', () => {
  it('draw each reach uniformly from 1 … window: a context at distance δ has probability (W − δ + 1)/W', () => {
    // ids equal positions, so a pair's distance is |centre − context|
    const L = 4000, W = 5;
    const c = corpus('test', [Int32Array.from({ length: L }, (_, i) => i)]);
    const observed = new Array<number>(W).fill(0);
    for (const [u, w] of allPairs(c, W, 1, 512)) {
      const delta = Math.abs(u - w);
      expect(delta).toBeGreaterThanOrEqual(1);
      expect(delta).toBeLessThanOrEqual(W);
      if (u >= W && u < L - W) observed[delta - 1]++;
    }
    const weights = Array.from({ length: W }, (_, i) => W - i);
    const total = weights.reduce((a, b) => a + b, 0);
    const test = chiSquare(observed, weights.map((w) => w / total));
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
  });

  it('stay inside their sequence, pair each centre with both sides, and visit every centre once per epoch', () => {
    // sequence s holds ids 10s … 10s + 9: a pair's ids must share their tens
    const c = corpus('test', [0, 1, 2].map((s) => Int32Array.from({ length: 10 }, (_, i) => 10 * s + i)));
    const pairs = allPairs(c, 3, 2, 64);
    for (const [u, w] of pairs) expect(Math.floor(u / 10)).toBe(Math.floor(w / 10));
    const centresSeen = new Map<number, number>();
    for (const [u, w] of pairs) if (Math.abs(u - w) === 1) centresSeen.set(u, (centresSeen.get(u) ?? 0) + 1);
    // distance 1 is always within reach: each centre has its 1 or 2 neighbours, in each of 2 epochs
    for (let v = 0; v < 30; v++) expect(centresSeen.get(v)).toBe(v % 10 === 0 || v % 10 === 9 ? 2 : 4);
  });

  it('train on a share of the centres for a fractional epoch, and are a pure function of the key', () => {
    const c = corpus('test', [Int32Array.from({ length: 1000 }, (_, i) => i % 37)]);
    const full = planPairs(c, { window: 4, epochs: 1, batchSize: 100, key: key(32) });
    const half = planPairs(c, { window: 4, epochs: 1.5, batchSize: 100, key: key(32) });
    expect(half.epochs.map((e) => e.order.length)).toEqual([1000, 500]);
    expect(half.pairs).toBeGreaterThan(full.pairs * 1.4);
    expect(half.pairs).toBeLessThan(full.pairs * 1.6);
    expect(allPairs(c, 4, 1, 100, 33)).toEqual(allPairs(c, 4, 1, 100, 33));
    expect(allPairs(c, 4, 1, 100, 33)).not.toEqual(allPairs(c, 4, 1, 100, 34));
  });

  it('come from a corpus of checked ids', () => {
    expect(() => corpus('trainSkipGram', [[0, 1], [2, -1]])).toThrow(new ArgumentError('trainSkipGram', 'sequences[1][1]', 'is -1; expected an integer id in [0, 16777216)'));
    expect(() => corpus('trainSkipGram', [[0, 5]], 3)).toThrow(/sequences\[0\]\[1\] is 5; expected an integer id in \[0, 3\)/);
    expect(() => corpus('trainSkipGram', [[]])).toThrow(ArgumentError);
    expect(corpus('trainSkipGram', [[4], [1, 2]]).vocabSize).toBe(5);
  });
});
