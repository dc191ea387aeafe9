import { describe, expect, it } from 'vitest';
import { cosineSimilarities, trainSkipGram } from '../../src/embeddings/index.js';
import { graph, randomWalks, symmetrize } from '../../src/graph/index.js';
import { toArray } from '../../src/index.js';
import { sgd } from '../../src/optim/index.js';
import { key } from '../../src/random/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';

// Two 6-cliques {0 … 5} and {6 … 11} joined by the one edge 5 – 6.
const clique = (from: number, size: number): [number, number][] =>
  Array.from({ length: size }, (_, i) => Array.from({ length: size - i - 1 }, (_, j): [number, number] => [from + i, from + i + j + 1])).flat();
const barbell = symmetrize(graph({ nodeCount: 12, edges: [...clique(0, 6), ...clique(6, 6), [5, 6]] }));
const side = (v: number) => (v < 6 ? 0 : 1);

describe('trainSkipGram', () => {
  const walks = randomWalks(barbell, { walkLength: 20, walksPerNode: 10, key: key(41) });
  const model = trainSkipGram(walks, { dim: 8, epochs: 2, batchSize: 256, key: key(42) });

  it('puts nodes of the same clique closer (cosine) than nodes of different cliques', () => {
    const sim = toArray(cosineSimilarities(model.input));
    let within = 0, across = 0, nWithin = 0, nAcross = 0;
    for (let a = 0; a < 12; a++)
      for (let b = a + 1; b < 12; b++) {
        if (side(a) === side(b)) { within += sim[a * 12 + b]; nWithin++; } else { across += sim[a * 12 + b]; nAcross++; }
      }
    expect(within / nWithin).toBeGreaterThan(across / nAcross + 0.3);
    // and every node's nearest other node is in its own clique
    for (let a = 0; a < 12; a++) {
      let best = -1;
      for (let b = 0; b < 12; b++) if (b !== a && (best < 0 || sim[a * 12 + b] > sim[a * 12 + best])) best = b;
      expect(side(best)).toBe(side(a));
    }
  });

  it('lowers the loss, trains on every planned pair, and is a pure function of the key', () => {
    const { losses } = model;
    const mean = (v: Float64Array) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(losses[0]).toBeCloseTo(6 * Math.log(2), 4); // output vectors start at 0: every logit is 0
    expect(mean(losses.slice(-5))).toBeLessThan(losses[0] - 1);
    expect(model.pairs).toBeGreaterThan(256 * (losses.length - 1));
    const again = trainSkipGram(walks, { dim: 8, epochs: 2, batchSize: 256, key: key(42) });
    expect(toArray(again.input)).toEqual(toArray(model.input));
    expect(toArray(trainSkipGram(walks, { dim: 8, batchSize: 256, key: key(43) }).input)).not.toEqual(toArray(model.input));
  });

  it('takes its optimiser from a factory told the number of steps', () => {
    let told = 0;
    const m = trainSkipGram(walks.slice(0, 12), { dim: 4, batchSize: 64, key: key(44), optimizer: (steps) => { told = steps; return sgd({ lr: 0.5 }); } });
    expect(told).toBe(m.losses.length);
  });

  it('refuses bad options, naming trainSkipGram', () => {
    const o = { dim: 4, key: key(1) };
    expect(() => trainSkipGram(walks, { ...o, dim: 0 })).toThrow(new OptionError('trainSkipGram', 'dim must be an integer ≥ 1, got 0'));
    expect(() => trainSkipGram(walks, { ...o, epochs: 0 })).toThrow(/trainSkipGram: epochs must be a finite number > 0/);
    expect(() => trainSkipGram(walks, { ...o, window: 1.5 })).toThrow(OptionError);
    expect(() => trainSkipGram(walks, { ...o, optimizer: 3 as never })).toThrow(/optimizer must be a function/);
    expect(() => trainSkipGram([[0], [1]], o)).toThrow(/make no \(centre, context\) pairs/);
    expect(() => trainSkipGram([[0, 1.5]], o)).toThrow(new ArgumentError('trainSkipGram', 'sequences[0][1]', 'is 1.5; expected an integer id in [0, 16777216)'));
    expect(() => trainSkipGram(walks, { ...o, batch: 3 } as never)).toThrow(OptionError);
  });
});
