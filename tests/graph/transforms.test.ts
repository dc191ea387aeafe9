import { describe, expect, it } from 'vitest';
import { addSelfLoops, degree, graph, removeSelfLoops, symmetrize, symmetrizeWithOrigin, type Graph } from '../../src/graph/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { tensor } from '../../src/tensor/create.js';

const edges = (g: Graph): [number, number][] => Array.from(g.src, (s, k) => [s, g.dst[k]]);
const weights = (g: Graph): number[] | undefined => g.weights && Array.from(g.weights);

describe('self-loops', () => {
  it('addSelfLoops appends one loop per node that has none, after the edges', () => {
    const g = graph({ nodeCount: 3, edges: [[0, 1], [1, 1], [2, 0]] });
    const l = addSelfLoops(g);
    expect(edges(l)).toEqual([[0, 1], [1, 1], [2, 0], [0, 0], [2, 2]]);
    expect(l.weights).toBeUndefined();
    expect(edges(addSelfLoops(l))).toEqual(edges(l)); // no node gets a second loop
    expect(g.edgeCount).toBe(3); // g is unchanged
  });

  it('weights the added loops', () => {
    const g = graph({ nodeCount: 2, edges: [[0, 1]], weights: [0.5] });
    expect(weights(addSelfLoops(g))).toEqual([0.5, 1, 1]);
    expect(weights(addSelfLoops(g, { weight: 2 }))).toEqual([0.5, 2, 2]);
    expect(weights(addSelfLoops(graph({ nodeCount: 2, edges: [[0, 1]] }), { weight: 2 }))).toEqual([1, 2, 2]);
    expect(() => addSelfLoops(g, { weight: Number.NaN })).toThrow(OptionError);
    expect(() => addSelfLoops(g, { wieght: 2 } as never)).toThrow(/unknown option 'wieght'/);
  });

  it('removeSelfLoops keeps the other edges in order, with their weights', () => {
    const g = graph({ nodeCount: 3, edges: [[0, 0], [0, 1], [2, 2], [1, 2], [1, 1]], weights: [1, 2, 3, 4, 5] });
    const r = removeSelfLoops(g);
    expect(edges(r)).toEqual([[0, 1], [1, 2]]);
    expect(weights(r)).toEqual([2, 4]);
    expect(edges(removeSelfLoops(addSelfLoops(r)))).toEqual(edges(r));
  });

  it('keeps the features', () => {
    const f = tensor([1, 2], [2, 1]);
    const g = graph({ nodeCount: 2, edges: [[0, 1]], features: f });
    expect(addSelfLoops(g).features).toBe(f);
    expect(removeSelfLoops(g).features).toBe(f);
    expect(symmetrize(g).features).toBe(f);
  });
});

describe('symmetrize', () => {
  it('adds the reverse of every edge, sorted by (src, dst), duplicates merged', () => {
    const g = graph({ nodeCount: 4, edges: [[2, 0], [0, 1], [1, 0], [0, 1], [3, 3]] });
    const s = symmetrize(g);
    expect(edges(s)).toEqual([[0, 1], [0, 2], [1, 0], [2, 0], [3, 3]]);
    expect(s.weights).toBeUndefined();
    expect(edges(symmetrize(s))).toEqual(edges(s));
  });

  it('sums the weights of duplicates, mirrors a missing reverse, keeps a present one', () => {
    const g = graph({ nodeCount: 3, edges: [[0, 1], [0, 1], [1, 0], [1, 2]], weights: [1, 2, 5, 7] });
    const s = symmetrize(g);
    expect(edges(s)).toEqual([[0, 1], [1, 0], [1, 2], [2, 1]]);
    expect(weights(s)).toEqual([3, 5, 7, 7]);
    expect(weights(symmetrize(s))).toEqual(weights(s));
  });

  it('tells where each edge came from', () => {
    const g = graph({ nodeCount: 3, edges: [[1, 2], [0, 1], [0, 1]] });
    const { graph: s, origin } = symmetrizeWithOrigin(g);
    expect(edges(s)).toEqual([[0, 1], [1, 0], [1, 2], [2, 1]]);
    expect(Array.from(origin)).toEqual([1, 1, 0, 0]);
  });

  it('refuses what is not a graph', () => {
    expect(() => symmetrize({ nodeCount: 1 } as never)).toThrow(ArgumentError);
  });
});

describe('degree', () => {
  const g = graph({ nodeCount: 4, edges: [[0, 1], [0, 2], [2, 1], [1, 1]] });

  it('counts incoming (default) or outgoing edges; a self-loop counts once', () => {
    expect(Array.from(degree(g))).toEqual([0, 3, 1, 0]);
    expect(Array.from(degree(g, 'in'))).toEqual([0, 3, 1, 0]);
    expect(Array.from(degree(g, 'out'))).toEqual([2, 1, 1, 0]);
    const s = symmetrize(g);
    expect(Array.from(degree(s, 'in'))).toEqual(Array.from(degree(s, 'out')));
  });

  it('sums the weights of a weighted graph', () => {
    const w = graph({ nodeCount: 3, edges: [[0, 1], [2, 1]], weights: [0.25, 2] });
    expect(Array.from(degree(w))).toEqual([0, 2.25, 0]);
    expect(Array.from(degree(w, 'out'))).toEqual([0.25, 0, 2]);
  });

  it('refuses an unknown direction', () => {
    expect(() => degree(g, 'both' as never)).toThrow(/direction must be 'in' or 'out', got "both"/);
  });
});
