import { describe, expect, it } from 'vitest';
import { cosineScores, cosineSimilarities, dotScores, fitLinearProbe, holdOutEdges, rocAuc, word2vecText } from '../../src/embeddings/index.js';
import { graph, symmetrize } from '../../src/graph/index.js';
import { tensor, toArray } from '../../src/index.js';
import { key, normalData } from '../../src/random/index.js';
import { ArgumentError, OptionError, ShapeError } from '../../src/shape/errors.js';

describe('holdOutEdges', () => {
  // a ring of 30 nodes with chords, weighted, given once per pair in either direction
  const pairs: [number, number][] = [...Array.from({ length: 30 }, (_, i): [number, number] => [(i + 1) % 30, i]), ...Array.from({ length: 10 }, (_, i): [number, number] => [i, i + 15])];
  const g = graph({ nodeCount: 30, edges: pairs, weights: pairs.map((_, i) => i + 1) });
  const split = holdOutEdges(g, { fraction: 0.2, key: key(51) });
  const code = (u: number, v: number) => `${Math.min(u, v)},${Math.max(u, v)}`;
  const all = new Set(pairs.map(([u, v]) => code(u, v)));

  it('removes a share of the undirected edges, both directions, and keeps the rest with their weights', () => {
    expect(split.edges.u).toHaveLength(8); // 20% of 40
    const held = new Set(Array.from(split.edges.u, (u, i) => code(u, split.edges.v[i])));
    expect(held.size).toBe(8);
    for (const e of held) expect(all.has(e)).toBe(true);
    const { train } = split;
    expect(train.edgeCount).toBe(2 * 32);
    for (let k = 0; k < train.edgeCount; k++) {
      const e = code(train.src[k], train.dst[k]);
      expect(held.has(e)).toBe(false);
      expect(all.has(e)).toBe(true);
      const original = pairs.findIndex(([u, v]) => code(u, v) === e);
      expect(train.weights?.[k]).toBe(original + 1);
    }
    Array.from(split.edges.u).forEach((u, i) => expect(u).toBeLessThan(split.edges.v[i]));
  });

  it('draws as many distinct non-edges, and is a pure function of the key', () => {
    const { nonEdges } = split;
    expect(nonEdges.u).toHaveLength(8);
    const seen = new Set(Array.from(nonEdges.u, (u, i) => code(u, nonEdges.v[i])));
    expect(seen.size).toBe(8);
    for (const e of seen) expect(all.has(e)).toBe(false);
    Array.from(nonEdges.u).forEach((u, i) => expect(u).toBeLessThan(nonEdges.v[i]));
    expect(holdOutEdges(g, { fraction: 0.2, key: key(51) })).toEqual(split);
    expect(holdOutEdges(g, { fraction: 0.2, key: key(52) }).edges).not.toEqual(split.edges);
  });

  it('holds out a validation share too: its edges missing from train and disjoint from the test edges, its non-edges true non-edges distinct from the test ones', () => {
    const three = holdOutEdges(g, { fraction: 0.2, validation: 0.1, key: key(51) });
    expect(three.edges).toEqual(split.edges); // the same test edges as without validation
    const v = three.validation;
    if (!v) throw new Error('no validation split');
    expect(v.edges.u).toHaveLength(4);
    expect(v.nonEdges.u).toHaveLength(4);
    const codes = (p: { u: Int32Array; v: Int32Array }) => Array.from(p.u, (u, i) => code(u, p.v[i]));
    const test = new Set(codes(three.edges)), val = codes(v.edges);
    for (const e of val) { expect(all.has(e)).toBe(true); expect(test.has(e)).toBe(false); }
    const trainPairs = new Set(Array.from(three.train.src, (u, k) => code(u, three.train.dst[k])));
    for (const e of [...test, ...val]) expect(trainPairs.has(e)).toBe(false);
    expect(trainPairs.size).toBe(40 - 8 - 4);
    const testNon = new Set(codes(three.nonEdges));
    for (const e of codes(v.nonEdges)) { expect(all.has(e)).toBe(false); expect(testNon.has(e)).toBe(false); }
    expect(() => holdOutEdges(g, { fraction: 0.8, validation: 0.3, key: key(1) })).toThrow(/validation must be a number ≥ 0 with fraction \+ validation ≤ 1, got 0.3/);
  });

  it('refuses a bad fraction, or a graph with too few non-edges', () => {
    expect(() => holdOutEdges(g, { fraction: 1.5, key: key(1) })).toThrow(new OptionError('holdOutEdges', 'fraction must be a number in [0, 1], got 1.5'));
    const triangle = symmetrize(graph({ nodeCount: 3, edges: [[0, 1], [1, 2], [0, 2]] }));
    expect(() => holdOutEdges(triangle, { fraction: 0.5, key: key(1) })).toThrow(ArgumentError);
  });
});

describe('rocAuc', () => {
  it('is the probability that a positive outscores a negative, ties counting half', () => {
    expect(rocAuc([3, 4], [1, 2])).toBe(1);
    expect(rocAuc([1, 2], [3, 4])).toBe(0);
    expect(rocAuc([1, 1], [1, 1])).toBe(0.5);
    const pos = normalData(key(53), 200, 0.5), neg = normalData(key(54), 150);
    let wins = 0;
    for (const p of pos) for (const n of neg) wins += p > n ? 1 : p === n ? 0.5 : 0;
    expect(rocAuc(pos, neg)).toBeCloseTo(wins / (200 * 150), 12);
    expect(() => rocAuc([], [1])).toThrow(ArgumentError);
    expect(() => rocAuc([NaN], [1])).toThrow(/rocAuc: positive holds NaN at 0/);
  });

  it('scores pairs by the dot product of their rows', () => {
    const x = tensor([1, 2, 3, 4, 5, 6], [3, 2]);
    expect(Array.from(dotScores(x, { u: Int32Array.of(0, 1), v: Int32Array.of(2, 2) }))).toEqual([17, 39]);
    expect(() => dotScores(x, { u: Int32Array.of(3), v: Int32Array.of(0) })).toThrow(ArgumentError);
  });

  it('scores pairs by the cosine of their rows, or symmetrically against a context table, as float64 references do', () => {
    const x = tensor([3, 4, 0, 0, 1, 0], [3, 2]), c = tensor([0, 1, 2, 0, 1, 1], [3, 2]);
    const both = { u: Int32Array.of(0, 0), v: Int32Array.of(1, 2) };
    // (0, 1): row 1 is zero, so 0 rather than NaN; (0, 2): cos∠((3, 4), (1, 0)) = 0.6
    expect(Array.from(cosineScores(x, both))).toEqual([0, expect.closeTo(0.6, 12)]);
    // (0, 2) against c: ½(cos∠((3, 4), (1, 1)) + cos∠((1, 0), (0, 1))) = ½ · 7 / (5√2)
    expect(cosineScores(x, { u: Int32Array.of(0), v: Int32Array.of(2) }, c)[0]).toBeCloseTo(7 / (10 * Math.SQRT2), 7);
    // a 2,000 × 64 table, 5,000 pairs, against a float64 loop; and the order of a pair does not matter
    const n = 2000, d = 64, m = 5000;
    const xs = normalData(key(56), n * d), cs = normalData(key(57), n * d);
    const ids = Array.from(normalData(key(58), 2 * m), (z) => Math.floor(Math.abs(z) * 1e6) % n);
    const pairs = { u: Int32Array.from({ length: m }, (_, i) => ids[2 * i]), v: Int32Array.from({ length: m }, (_, i) => ids[2 * i + 1]) };
    const ref = (a: Float32Array, i: number, b: Float32Array, j: number) => {
      let s = 0, na = 0, nb = 0;
      for (let k = 0; k < d; k++) { s += a[i * d + k] * b[j * d + k]; na += a[i * d + k] ** 2; nb += b[j * d + k] ** 2; }
      return s / (Math.sqrt(na) * Math.sqrt(nb));
    };
    const X = tensor(xs, [n, d]), C = tensor(cs, [n, d]);
    const plain = cosineScores(X, pairs), against = cosineScores(X, pairs, C), swapped = cosineScores(X, { u: pairs.v, v: pairs.u }, C);
    for (let i = 0; i < m; i++) {
      const [u, v] = [pairs.u[i], pairs.v[i]];
      expect(plain[i]).toBeCloseTo(ref(xs, u, xs, v), 12);
      expect(against[i]).toBeCloseTo((ref(xs, u, cs, v) + ref(xs, v, cs, u)) / 2, 12);
      expect(swapped[i]).toBeCloseTo(against[i], 14);
    }
    expect(() => cosineScores(x, { u: Int32Array.of(0), v: Int32Array.of(3) })).toThrow(/cosineScores: pairs hold \(0, 3\) at 0, outside the rows \[0, 3\) of x/);
    expect(() => cosineScores(x, both, tensor([1, 2], [1, 2]))).toThrow(ShapeError);
  });
});

describe('fitLinearProbe', () => {
  it('separates separable classes and refuses mismatched labels', () => {
    // three clusters in 2-D around (3, 0), (−3, 0), (0, 3)
    const centres = [[3, 0], [-3, 0], [0, 3]];
    const noise = normalData(key(55), 120, 0, 0.5);
    const labels = Int32Array.from({ length: 60 }, (_, i) => i % 3);
    const x = tensor(Array.from(labels).flatMap((c, i) => [centres[c][0] + noise[2 * i], centres[c][1] + noise[2 * i + 1]]), [60, 2]);
    const probe = fitLinearProbe(x, labels, 3, { steps: 200 });
    expect(probe.accuracy(x, labels)).toBe(1);
    expect(probe.logits(x).shape).toEqual([60, 3]);
    expect(() => fitLinearProbe(x, labels.slice(1), 3)).toThrow(/fitLinearProbe: labels must be an Int32Array of 60 class ids/);
    expect(() => fitLinearProbe(tensor([1, 2], [2]), Int32Array.of(0, 1), 2)).toThrow(ShapeError);
  });
});

describe('cosineSimilarities and word2vecText', () => {
  it('compare rows by angle, a zero row with nothing', () => {
    const sim = toArray(cosineSimilarities(tensor([1, 0, 1, 1, 0, 0, -2, 0], [4, 2])));
    const expected = [1, Math.SQRT1_2, 0, -1, Math.SQRT1_2, 1, 0, -Math.SQRT1_2, 0, 0, 0, 0, -1, -Math.SQRT1_2, 0, 1];
    Array.from(sim).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
  });

  it('writes the header "count dim" and one named row per line', () => {
    const x = tensor([0.5, -1.25, 2, 1 / 3], [2, 2]);
    expect(word2vecText(x)).toBe('2 2\n0 0.500000 -1.250000\n1 2.000000 0.333333\n');
    expect(word2vecText(x, ['a', 'b'])).toBe('2 2\na 0.500000 -1.250000\nb 2.000000 0.333333\n');
    expect(() => word2vecText(x, ['a b', 'c'])).toThrow(ArgumentError);
    expect(() => word2vecText(x, ['a'])).toThrow(/word2vecText: names has 1 entries but x has 2 rows/);
  });
});
