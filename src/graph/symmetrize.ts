// Undirected graphs as directed ones holding both directions: what GCN-style layers expect.
import { checkGraph, Graph, weightOf } from './graph.js';

/** `symmetrize`'s graph, and for each of its edges the index of the input edge it came from. */
export interface Symmetrized {
  readonly graph: Graph;
  /**
   * `origin[k]` is the input edge that edge k of `graph` was made from: itself (or the first of its
   * duplicates), or, for an edge added as a reverse, the edge it reverses. Gather per-edge data
   * with it (MUTAG's bond types: `labels[origin[k]]`).
   */
  readonly origin: Int32Array;
}

/**
 * The graph with every edge in both directions, sorted by (src, dst), without duplicates.
 *
 * Weights: duplicates of the same directed edge are merged and their weights summed (parallel
 * edges add up, as in a sparse matrix's coalesce); an unweighted graph stays unweighted. An edge
 * whose reverse is absent is mirrored with its weight; where both directions are present, each
 * keeps its own weight (so the weights are symmetric whenever the input's were). A symmetric graph
 * is thus only sorted and deduplicated, and `symmetrize(symmetrize(g))` equals `symmetrize(g)`.
 * Self-loops are kept, once. Node features are kept.
 */
export const symmetrize = (g: Graph): Graph => symmetrizeWithOrigin(g).graph;

/** `symmetrize`, also telling which input edge each edge of the result came from. */
export function symmetrizeWithOrigin(g: Graph): Symmetrized {
  checkGraph('symmetrize', 'g', g);
  const m = g.edgeCount;
  // Candidates 0..m-1 are the input edges, m..2m-1 their reverses. Sorting by (src, dst, candidate)
  // puts the input edges of a (src, dst) group before the reverses, each in input order.
  const srcOf = (c: number): number => (c < m ? g.src[c] : g.dst[c - m]);
  const dstOf = (c: number): number => (c < m ? g.dst[c] : g.src[c - m]);
  const order = Int32Array.from({ length: 2 * m }, (_, c) => c).sort((a, b) => srcOf(a) - srcOf(b) || dstOf(a) - dstOf(b) || a - b);
  const src: number[] = [];
  const dst: number[] = [];
  const weights: number[] = [];
  const origin: number[] = [];
  for (let i = 0; i < order.length;) {
    const first = order[i];
    const s = srcOf(first);
    const d = dstOf(first);
    const fromInput = first < m; // the group holds input edges: they alone set the weight
    let w = 0;
    for (; i < order.length && srcOf(order[i]) === s && dstOf(order[i]) === d; i++) {
      const c = order[i];
      if ((c < m) === fromInput) w += weightOf(g, c < m ? c : c - m);
    }
    src.push(s);
    dst.push(d);
    weights.push(w);
    origin.push(fromInput ? first : first - m);
  }
  return {
    graph: new Graph(g.nodeCount, Int32Array.from(src), Int32Array.from(dst), g.weights && Float32Array.from(weights), g.features),
    origin: Int32Array.from(origin),
  };
}
