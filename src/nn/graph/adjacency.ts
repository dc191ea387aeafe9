// The sparse matrices graph convolutions multiply by, built on the host once per graph (graphs are
// immutable) and uploaded per call: a cached tensor could be freed by the scope it was made in.
import { addSelfLoops } from '../../graph/self-loops.js';
import { degree } from '../../graph/degree.js';
import { inNeighbours } from '../../graph/neighbours.js';
import type { Graph } from '../../graph/graph.js';
import type { CsrMatrix } from '../../ops/sparse/index.js';
import { fromHost } from '../../tensor/create.js';

/** Row i of the matrix gathers node i's in-neighbours (messages flow src → dst): y = A x. */
interface HostCsr { readonly rows: number; readonly cols: number; readonly rowPtr: Int32Array; readonly colIdx: Int32Array; readonly values: Float32Array }

export type Aggregation = 'gcn' | 'mean' | 'sum';

const caches: Record<Aggregation, WeakMap<Graph, HostCsr>> = { gcn: new WeakMap(), mean: new WeakMap(), sum: new WeakMap() };

/** Edge weights in the CSR view's order (1 where the graph is unweighted). */
const weightsOf = (g: Graph, edgeIds: Int32Array): Float32Array => Float32Array.from(edgeIds, (e) => (g.weights ? g.weights[e] : 1));

const build = (g: Graph, kind: Aggregation): HostCsr => {
  if (kind === 'gcn') {
    // Kipf & Welling: Â = D^−½ (A + I) D^−½, with D the (weighted) in-degree of A + I (PyG's gcn_norm)
    const loops = addSelfLoops(g);
    const csr = inNeighbours(loops), w = weightsOf(loops, csr.edgeIds), d = degree(loops, 'in');
    const inv = Float32Array.from(d, (v) => (v > 0 ? 1 / Math.sqrt(v) : 0));
    const values = new Float32Array(w.length);
    for (let i = 0; i < csr.rows; i++) for (let k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) values[k] = inv[i] * w[k] * inv[csr.colIdx[k]];
    return { rows: csr.rows, cols: csr.cols, rowPtr: csr.rowPtr, colIdx: csr.colIdx, values };
  }
  const csr = inNeighbours(g), w = weightsOf(g, csr.edgeIds);
  if (kind === 'mean') // GraphSAGE's mean aggregator: the (weighted) mean over in-neighbours; 0 for a node with none
    for (let i = 0; i < csr.rows; i++) {
      let total = 0;
      for (let k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) total += w[k];
      for (let k = csr.rowPtr[i]; k < csr.rowPtr[i + 1]; k++) w[k] = total > 0 ? w[k] / total : 0;
    }
  return { rows: csr.rows, cols: csr.cols, rowPtr: csr.rowPtr, colIdx: csr.colIdx, values: w };
};

/** The aggregation matrix of `g` as a sparse matrix on the current backend. */
export const adjacency = (g: Graph, kind: Aggregation): CsrMatrix => {
  let host = caches[kind].get(g);
  if (!host) { host = build(g, kind); caches[kind].set(g, host); }
  return { rows: host.rows, cols: host.cols, rowPtr: host.rowPtr, colIdx: host.colIdx, values: fromHost(host.values, [host.values.length]) };
};
