// word2vec's noise distribution for negative sampling (Mikolov et al. 2013): the unigram counts
// raised to the power 3/4. word2vec samples it from a 10^8-entry table; an alias table draws from
// it exactly, in O(1) per draw.
import { aliasScratch, aliasTables, drawAlias, fillAlias, type AliasTables } from '../graph/alias.js';
import type { Key } from '../random/key.js';
import { randomBits } from '../random/philox.js';
import { nonNegative } from '../optim/options.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/** word2vec's exponent. */
export const NOISE_POWER = 0.75;

export interface NoiseDistribution {
  /** P(v) = counts[v]^power / Σ counts^power. */
  readonly probabilities: Float64Array;
  readonly table: AliasTables;
}

/** The noise distribution of ids with these counts (finite, ≥ 0, not all 0). */
export function noiseDistribution(counts: ArrayLike<number>, power = NOISE_POWER): NoiseDistribution {
  const op = 'noiseDistribution';
  nonNegative(op, 'power', power);
  const n = counts.length;
  const weights = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    const c = counts[v];
    if (!(c >= 0 && Number.isFinite(c))) throw new ArgumentError(op, `counts[${v}]`, `is ${describe(c)}; expected a finite count ≥ 0`);
    weights[v] = c > 0 ? c ** power : 0; // 0^0 would make an unseen id a candidate
  }
  const total = weights.reduce((a, b) => a + b, 0);
  if (!(total > 0)) throw new ArgumentError(op, 'counts', 'are all 0: there is nothing to sample');
  const table = aliasTables(n);
  fillAlias(table, 0, weights, n, aliasScratch(n));
  return { probabilities: weights.map((w) => w / total), table };
}

/** `count` ids drawn independently from the noise distribution with `key` (two words each). */
export function sampleNoise(noise: NoiseDistribution, key: Key, count: number): Int32Array {
  const bits = randomBits(key, 2 * count);
  const n = noise.probabilities.length;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = drawAlias(noise.table, 0, n, bits[2 * i], bits[2 * i + 1]);
  return out;
}
