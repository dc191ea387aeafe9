import { describe, expect, it } from 'vitest';
import { graph, randomWalks, symmetrize, type Graph } from '../../src/graph/index.js';
import { key, split } from '../../src/random/index.js';
import { ArgumentError, LimitError, OptionError } from '../../src/shape/errors.js';
import { chiSquare, chiSquareCritical, pooled } from '../embeddings/chi-square.js';

// Two weighted triangles {0, 1, 2} and {3, 4, 5} joined by the edge 2 – 3.
const EDGES: readonly (readonly [number, number, number])[] = [[0, 1, 1], [0, 2, 2], [1, 2, 1], [2, 3, 3], [3, 4, 1], [3, 5, 0.5], [4, 5, 2]];
const twoTriangles = (weighted: boolean): Graph => symmetrize(graph({
  nodeCount: 6,
  edges: EDGES.map(([u, v]) => [u, v] as const),
  ...(weighted ? { weights: EDGES.map(([, , w]) => w) } : {}),
}));

/** w(v, x) from the edge list, 0 when there is no edge. */
const weightBetween = (g: Graph, v: number, x: number): number => {
  let w = 0;
  for (let e = 0; e < g.edgeCount; e++) if (g.src[e] === v && g.dst[e] === x) w += g.weights ? g.weights[e] : 1;
  return w;
};

/** node2vec's unnormalised transition weight to x after t → v, straight from the paper's formula. */
const node2vecWeight = (g: Graph, t: number, v: number, x: number, p: number, q: number): number => {
  const w = weightBetween(g, v, x);
  if (w === 0) return 0;
  const alpha = x === t ? 1 / p : weightBetween(g, x, t) > 0 ? 1 : 1 / q;
  return alpha * w;
};

const normalised = (w: number[]): number[] => { const s = w.reduce((a, b) => a + b, 0); return w.map((x) => x / s); };

/** Counts of x after each (t, v) in the walks, from the second step on. */
const secondOrderCounts = (walks: Int32Array[], n: number): Map<string, number[]> => {
  const counts = new Map<string, number[]>();
  for (const w of walks)
    for (let i = 2; i < w.length; i++) {
      const id = `${w[i - 2]},${w[i - 1]}`;
      const row = counts.get(id) ?? new Array<number>(n).fill(0);
      row[w[i]]++;
      counts.set(id, row);
    }
  return counts;
};

/** The pooled chi-square of the walks' second-order transitions against `expected(t, v, x)`. */
const transitionTest = (walks: Int32Array[], n: number, expected: (t: number, v: number, x: number) => number) =>
  pooled([...secondOrderCounts(walks, n)].map(([id, observed]) => {
    const [t, v] = id.split(',').map(Number);
    return chiSquare(observed, normalised(Array.from({ length: n }, (_, x) => expected(t, v, x))));
  }));

describe('randomWalks', () => {
  it('draws second-order transitions with probability ∝ α(t, x)·w(v, x) (chi-square, fixed key)', () => {
    const g = twoTriangles(true);
    for (const [p, q] of [[0.5, 2], [4, 0.25]]) {
      const walks = randomWalks(g, { walkLength: 6, walksPerNode: 400, p, q, key: key(11) });
      const test = transitionTest(walks, 6, (t, v, x) => node2vecWeight(g, t, v, x, p, q));
      expect(test.df).toBe(20); // Σ over the 16 edges t → v of deg(v) − 1
      expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
      // the test has power: the same counts reject the formula with p and q swapped
      const swapped = transitionTest(walks, 6, (t, v, x) => node2vecWeight(g, t, v, x, q, p));
      expect(swapped.statistic).toBeGreaterThan(5 * chiSquareCritical(swapped.df));
    }
  });

  it('takes the first step with probability ∝ w(v, x)', () => {
    const g = twoTriangles(true);
    const walks = randomWalks(g, { walkLength: 2, walksPerNode: 3000, p: 0.5, q: 2, key: key(12) });
    const test = pooled(Array.from({ length: 6 }, (_, v) => {
      const observed = new Array<number>(6).fill(0);
      for (const w of walks) if (w[0] === v) observed[w[1]]++;
      return chiSquare(observed, normalised(Array.from({ length: 6 }, (_, x) => weightBetween(g, v, x))));
    }));
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
  });

  it('with p = q = 1 is DeepWalk: uniform over the neighbours, whatever the previous node', () => {
    const g = twoTriangles(false);
    const walks = randomWalks(g, { walkLength: 8, walksPerNode: 300, key: key(13) });
    const test = transitionTest(walks, 6, (_t, v, x) => weightBetween(g, v, x));
    expect(test.statistic).toBeLessThan(chiSquareCritical(test.df));
    expect(randomWalks(g, { walkLength: 8, walksPerNode: 3, p: 1, q: 1, key: key(13) })).toEqual(randomWalks(g, { walkLength: 8, walksPerNode: 3, key: key(13) }));
  });

  it('only follows edges, never a zero-weight one, and ends at a node without out-edges', () => {
    // directed: 0 → 1 → 2 → 0 and 1 → 3 (a sink); 2 → 3 weighs 0
    const g = graph({ nodeCount: 4, edges: [[0, 1], [1, 2], [2, 0], [1, 3], [2, 3]], weights: [1, 1, 1, 1, 0] });
    const walks = randomWalks(g, { walkLength: 10, walksPerNode: 50, p: 0.5, q: 3, key: key(14) });
    const edges = new Set(['0,1', '1,2', '2,0', '1,3']);
    expect(walks).toHaveLength(200);
    walks.forEach((w, i) => {
      expect(w[0]).toBe(i % 4);
      for (let j = 1; j < w.length; j++) expect(edges.has(`${w[j - 1]},${w[j]}`)).toBe(true);
      if (w.length < 10) expect(w[w.length - 1]).toBe(3);
    });
    expect(walks.filter((w) => w[0] === 3).every((w) => w.length === 1)).toBe(true);
  });

  it('is a pure function of the key', () => {
    const g = twoTriangles(true);
    const o = { walkLength: 20, walksPerNode: 5, p: 2, q: 0.5 };
    const [k1, k2] = split(key(15));
    expect(randomWalks(g, { ...o, key: k1 })).toEqual(randomWalks(g, { ...o, key: k1 }));
    expect(randomWalks(g, { ...o, key: k1 })).not.toEqual(randomWalks(g, { ...o, key: k2 }));
    // walk i depends only on (key, i): more walks per node keep the first ones
    expect(randomWalks(g, { ...o, walksPerNode: 8, key: k1 }).slice(0, 30)).toEqual(randomWalks(g, { ...o, key: k1 }));
  });

  it('refuses bad arguments, naming randomWalks', () => {
    const g = twoTriangles(false);
    const o = { walkLength: 5, walksPerNode: 2, key: key(1) };
    expect(() => randomWalks(g, { ...o, p: 0 })).toThrow(new OptionError('randomWalks', 'p must be a finite number > 0, got 0'));
    expect(() => randomWalks(g, { ...o, q: Infinity })).toThrow(OptionError);
    expect(() => randomWalks(g, { ...o, walkLength: 0 })).toThrow(/randomWalks: walkLength must be an integer ≥ 1/);
    expect(() => randomWalks(g, { ...o, walksPerNode: 1.5 })).toThrow(OptionError);
    expect(() => randomWalks(g, { ...o, key: [1, 2, 3] as never })).toThrow(ArgumentError);
    expect(() => randomWalks({} as never, o)).toThrow(/randomWalks: g must be a Graph/);
    expect(() => randomWalks(graph({ nodeCount: 2, edges: [[0, 1]], weights: [-1] }), o)).toThrow(new ArgumentError('randomWalks', 'g', 'has weight -1 on edge 0; walks need weights ≥ 0'));
  });

  it('refuses second-order tables over the limit before building them, and needs none for DeepWalk', () => {
    // a star with 8,200 leaves: every leaf → centre edge needs a table over the centre's 8,200 edges
    const star = symmetrize(graph({ nodeCount: 8201, src: Array.from({ length: 8200 }, () => 0), dst: Array.from({ length: 8200 }, (_, i) => i + 1) }));
    expect(() => randomWalks(star, { walkLength: 3, walksPerNode: 1, q: 2, key: key(1) })).toThrow(LimitError);
    expect(randomWalks(star, { walkLength: 3, walksPerNode: 1, key: key(1) })).toHaveLength(8201);
  });
});
