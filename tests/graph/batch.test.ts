import { describe, expect, it } from 'vitest';
import { addSelfLoops, batchGraphs, graph, subgraph, unbatch, type Graph } from '../../src/graph/index.js';
import { ArgumentError, ShapeError } from '../../src/shape/errors.js';
import { tensor, toArray, toNested } from '../../src/tensor/create.js';

const edges = (g: Graph): [number, number][] => Array.from(g.src, (s, k) => [s, g.dst[k]]);

const a = graph({ nodeCount: 2, edges: [[0, 1], [1, 0]], features: tensor([1, 2, 3, 4], [2, 2]) });
const b = graph({ nodeCount: 3, edges: [[2, 0], [1, 2]], features: tensor([5, 6, 7, 8, 9, 10], [3, 2]) });
const c = graph({ nodeCount: 1, edges: [], features: tensor([11, 12], [1, 2]) });

describe('batchGraphs', () => {
  it('puts the graphs side by side, renumbering nodes from each offset', () => {
    const { graph: g, batch, offsets, edgeOffsets } = batchGraphs([a, b, c]);
    expect(g.nodeCount).toBe(6);
    expect(edges(g)).toEqual([[0, 1], [1, 0], [4, 2], [3, 4]]);
    expect(Array.from(batch)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(Array.from(offsets)).toEqual([0, 2, 5, 6]);
    expect(Array.from(edgeOffsets)).toEqual([0, 2, 4, 4]);
    expect(toArray(g.features!)).toEqual(Float32Array.from({ length: 12 }, (_, i) => i + 1));
    expect(g.weights).toBeUndefined();
  });

  it('gives unweighted graphs weight 1 next to weighted ones', () => {
    const w = graph({ nodeCount: 2, edges: [[0, 1]], weights: [0.5] });
    const u = graph({ nodeCount: 2, edges: [[1, 0]] });
    expect(Array.from(batchGraphs([u, w]).graph.weights!)).toEqual([1, 0.5]);
  });

  it('needs features on all graphs or none, of one width', () => {
    const bare = graph({ nodeCount: 1, edges: [] });
    expect(() => batchGraphs([a, bare])).toThrow(/graphs\[1\] has no node features but graphs\[0\] has/);
    expect(() => batchGraphs([a, graph({ nodeCount: 1, edges: [], features: tensor([1], [1, 1]) })])).toThrow(ShapeError);
    expect(batchGraphs([bare, bare]).graph.features).toBeUndefined();
    expect(() => batchGraphs([a, {} as never])).toThrow(/graphs\[1\] must be a Graph/);
  });

  it('batches no graphs into the empty graph', () => {
    const { graph: g, offsets } = batchGraphs([]);
    expect(g.nodeCount).toBe(0);
    expect(Array.from(offsets)).toEqual([0]);
    expect(unbatch(batchGraphs([]))).toEqual([]);
  });
});

describe('unbatch', () => {
  it('inverts batchGraphs', () => {
    const back = unbatch(batchGraphs([a, b, c]));
    expect(back).toHaveLength(3);
    back.forEach((g, i) => {
      const want = [a, b, c][i];
      expect(g.nodeCount).toBe(want.nodeCount);
      expect(edges(g)).toEqual(edges(want));
      expect(toNested(g.features!)).toEqual(toNested(want.features!));
    });
  });

  it('accepts a batched graph transformed since, as long as no edge crosses blocks', () => {
    const batched = batchGraphs([a, b]);
    const back = unbatch({ ...batched, graph: addSelfLoops(batched.graph) });
    expect(edges(back[0])).toEqual([[0, 1], [1, 0], [0, 0], [1, 1]]);
    expect(edges(back[1])).toEqual([[2, 0], [1, 2], [0, 0], [1, 1], [2, 2]]);
    const crossing = graph({ nodeCount: 5, edges: [[0, 3]] });
    expect(() => unbatch({ graph: crossing, offsets: batched.offsets })).toThrow(/edge 0 \(0 → 3\) joins graph 0 to graph 1/);
  });

  it('checks the offsets', () => {
    const { graph: g } = batchGraphs([a, b]);
    expect(() => unbatch({ graph: g, offsets: Int32Array.of(0, 2) })).toThrow(/end at 2 but the graph has 5 nodes/);
    expect(() => unbatch({ graph: g, offsets: Int32Array.of(0, 3, 2, 5) })).toThrow(/offsets\[2\] is 2, below offsets\[1\] = 3/);
    expect(() => unbatch({ graph: g, offsets: [0, 5] as never })).toThrow(ArgumentError);
  });
});

describe('subgraph', () => {
  const g = graph({
    nodeCount: 5,
    edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 0], [3, 1]],
    weights: [1, 2, 3, 4, 5, 6],
    features: tensor([0, 10, 20, 30, 40], [5, 1]),
  });

  it('keeps the edges among the nodes, relabelled in the order given', () => {
    const s = subgraph(g, [3, 1, 2]);
    expect(s.graph.nodeCount).toBe(3);
    expect(Array.from(s.nodes)).toEqual([3, 1, 2]);
    // kept: 1→2 (edge 1), 2→3 (edge 2), 3→1 (edge 5); new ids 3→0, 1→1, 2→2
    expect(edges(s.graph)).toEqual([[1, 2], [2, 0], [0, 1]]);
    expect(Array.from(s.edges)).toEqual([1, 2, 5]);
    expect(Array.from(s.graph.weights!)).toEqual([2, 3, 6]);
    expect(toArray(s.graph.features!)).toEqual(Float32Array.of(30, 10, 20));
  });

  it('refuses repeated or unknown nodes', () => {
    expect(() => subgraph(g, [1, 1])).toThrow(/nodes\[1\] repeats node 1 \(already nodes\[0\]\)/);
    expect(() => subgraph(g, [5])).toThrow(/nodes\[0\] is 5, outside the node ids \[0, 5\)/);
  });

  it('may keep nothing', () => {
    const s = subgraph(g, []);
    expect(s.graph.nodeCount).toBe(0);
    expect(s.graph.edgeCount).toBe(0);
    expect(s.graph.features?.shape).toEqual([0, 1]);
  });
});
