// The CSR (compressed sparse row) views that sparse kernels consume: the edges grouped by the
// node they end at (or start from). Pure and host-side; cached per graph, as graphs are immutable.
import { checkGraph, type Graph } from './graph.js';

/**
 * Edges grouped by node: those of node v are positions `rowPtr[v]` … `rowPtr[v + 1] − 1`, in the
 * order they have in the graph (a stable grouping). The adjacency matrix in CSR form (row = the
 * grouping node), shaped like the sparse ops' CSR structure: add `values` (the weights, in
 * `edgeIds` order) for a sparse matrix. Shared by every caller: do not modify.
 */
export interface Csr {
  /** nodeCount. */
  readonly rows: number;
  /** nodeCount. */
  readonly cols: number;
  /** `nodeCount + 1` offsets, from 0 to `edgeCount`. */
  readonly rowPtr: Int32Array;
  /** The node at the other end of each grouped edge (the source, in `inNeighbours`). */
  readonly colIdx: Int32Array;
  /** The graph's index of each grouped edge, to read its weight or edge features. */
  readonly edgeIds: Int32Array;
}

const inCache = new WeakMap<Graph, Csr>();
const outCache = new WeakMap<Graph, Csr>();

/** A counting sort of the edges by `key` (dst or src): stable, O(nodes + edges). */
function group(nodeCount: number, key: Int32Array, other: Int32Array): Csr {
  const rowPtr = new Int32Array(nodeCount + 1);
  for (const v of key) rowPtr[v + 1]++;
  for (let v = 0; v < nodeCount; v++) rowPtr[v + 1] += rowPtr[v];
  const next = rowPtr.slice(0, nodeCount);
  const colIdx = new Int32Array(key.length);
  const edgeIds = new Int32Array(key.length);
  for (let k = 0; k < key.length; k++) {
    const at = next[key[k]]++;
    colIdx[at] = other[k];
    edgeIds[at] = k;
  }
  return Object.freeze({ rows: nodeCount, cols: nodeCount, rowPtr, colIdx, edgeIds });
}

const cached = (cache: WeakMap<Graph, Csr>, g: Graph, make: () => Csr): Csr => {
  const hit = cache.get(g);
  if (hit) return hit;
  const csr = make();
  cache.set(g, csr);
  return csr;
};

/** The edges grouped by destination: for node v, the sources of its incoming edges (what v aggregates). */
export const inNeighbours = (g: Graph): Csr =>
  cached(inCache, checkGraph('inNeighbours', 'g', g), () => group(g.nodeCount, g.dst, g.src));

/** The edges grouped by source: for node v, the destinations of its outgoing edges (the transpose of `inNeighbours`). */
export const outNeighbours = (g: Graph): Csr =>
  cached(outCache, checkGraph('outNeighbours', 'g', g), () => group(g.nodeCount, g.src, g.dst));
