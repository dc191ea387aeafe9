import { describe, expect, it } from 'vitest';
import { corpus, noiseDistribution, sampleNoise, tokenCounts } from '../../src/embeddings/index.js';
import { key } from '../../src/random/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { chiSquare, chiSquareCritical } from './chi-square.js';

describe('noiseDistribution', () => {
  const counts = [0, 1, 5, 20, 100, 3, 60];

  it('is the unigram distribution to the power 3/4', () => {
    const total = counts.reduce((a, c) => a + c ** 0.75, 0);
    const { probabilities } = noiseDistribution(counts);
    probabilities.forEach((p, v) => expect(p).toBeCloseTo(counts[v] ** 0.75 / total, 12));
    expect(noiseDistribution(counts, 1).probabilities[4]).toBeCloseTo(100 / 189, 12);
  });

  it('is sampled with those probabilities (chi-square, fixed key), never an unseen id', () => {
    const noise = noiseDistribution(counts);
    const draws = sampleNoise(noise, key(21), 200_000);
    const observed = new Array<number>(counts.length).fill(0);
    for (const v of draws) observed[v]++;
    expect(observed[0]).toBe(0);
    const test = chiSquare(observed, noise.probabilities);
    expect(test.df).toBe(5);
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
    // and the test has power: plain unigram frequencies are rejected
    const unigram = chiSquare(observed, counts.map((c) => c / 189));
    expect(unigram.statistic).toBeGreaterThan(10 * chiSquareCritical(unigram.df));
    expect(sampleNoise(noise, key(21), 100)).toEqual(draws.slice(0, 100));
  });

  it('counts the tokens of a corpus', () => {
    expect(Array.from(tokenCounts(corpus('test', [[0, 2, 2], Int32Array.of(2, 3)], 5)))).toEqual([1, 0, 3, 1, 0]);
  });

  it('refuses counts it cannot sample from', () => {
    expect(() => noiseDistribution([0, 0])).toThrow(new ArgumentError('noiseDistribution', 'counts', 'are all 0: there is nothing to sample'));
    expect(() => noiseDistribution([1, -1])).toThrow(/noiseDistribution: counts\[1\] is -1/);
    expect(() => noiseDistribution([1], -0.5)).toThrow(OptionError);
  });
});
