// What graph layers take and give: node features and the graph they live on, and for a batch of
// graphs (one block-diagonal graph) the node offsets of each graph, which readouts and pooling read.
import type { Graph, GraphSpec } from '../../graph/graph.js';
import { isGraph } from '../../graph/graph.js';
import { ArgumentError, ShapeError } from '../../shape/errors.js';
import { withShape } from '../typed.js';
import { describe } from '../../shape/options.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Domain } from '../spec.js';
import { SparseFeatures } from './sparse-features.js';

/** Node offsets of a batch of graphs: graph g owns nodes `offsets[g]` … `offsets[g + 1] − 1`. */
export class NodeOffsets implements Domain<GraphSpec> {
  declare readonly '~spec': GraphSpec;
  constructor(readonly offsets: Int32Array) { Object.freeze(this); }
  get graphCount(): number { return this.offsets.length - 1; }
}

/** Node features [N, F] on `graph` (N nodes), and which graph each node is in when it is a batch. */
export type GraphData<F extends number = number> = {
  readonly x: Tensor<readonly [number, F]>;
  readonly graph: Graph;
  /** A batch of graphs' node offsets (`batchGraphs(...).offsets`); absent: one graph. */
  readonly batch?: NodeOffsets;
};

/** The same with sparse node features (what gcnConv and featureDropout also take, for a first layer). */
export type SparseGraphData<F extends number = number> = Omit<GraphData<F>, 'x'> & { readonly x: SparseFeatures<F> };

/** A layer's graph input, its entries checked (layers take loose inputs: shapes are checked when they run). */
export const graphInput = (op: string, u: unknown): { x: Tensor | SparseFeatures; graph: Graph; batch: NodeOffsets | undefined } => {
  if (u === null || typeof u !== 'object' || u instanceof Tensor) throw new ArgumentError(op, 'x', `must be { x, graph, batch? } (node features and their graph), got ${describe(u)}`);
  const entries: { readonly x?: unknown; readonly graph?: unknown; readonly batch?: unknown } = u;
  const { x, graph, batch } = entries;
  if (!(x instanceof SparseFeatures) && (!(x instanceof Tensor) || x.rank !== 2)) throw new ArgumentError(op, 'x.x', `must be node features [N, F] (a tensor or sparseFeatures), got ${x instanceof Tensor ? `shape [${x.shape.join(', ')}]` : describe(x)}`);
  if (!isGraph(graph)) throw new ArgumentError(op, 'x.graph', `must be a Graph (nn-ts/graph), got ${describe(graph)}`);
  const rows = x instanceof SparseFeatures ? x.nodeCount : x.shape[0];
  if (rows !== graph.nodeCount) throw new ArgumentError(op, 'x.x', `has ${rows} rows but the graph has ${graph.nodeCount} nodes`);
  if (batch !== undefined && !(batch instanceof NodeOffsets)) throw new ArgumentError(op, 'x.batch', `must be NodeOffsets (nodeOffsets(batchGraphs(...).offsets)), got ${describe(batch)}`);
  if (batch && batch.offsets[batch.offsets.length - 1] !== graph.nodeCount) throw new ArgumentError(op, 'x.batch', `ends at node ${batch.offsets[batch.offsets.length - 1]} but the graph has ${graph.nodeCount} nodes`);
  return { x, graph, batch };
};

/** Node offsets as a layer input (from `batchGraphs`). */
export const nodeOffsets = (offsets: Int32Array): NodeOffsets => new NodeOffsets(offsets);

/** `t` as node features [N, F] of a graph with `nodes` nodes (a ShapeError naming `op` otherwise). */
export const nodeFeatures = (op: string, t: Tensor, nodes: number): Tensor<readonly [number, number]> => {
  if (t.rank !== 2 || t.shape[0] !== nodes) throw new ShapeError(op, 'output', t.shape, `must be node features [${nodes}, F]`);
  return withShape(op, t, [nodes, t.shape[1]]);
};

/** Dense node features, or an ArgumentError naming `op` for sparse ones (which only some layers take). */
export const denseFeatures = (op: string, x: Tensor | SparseFeatures): Tensor => {
  if (x instanceof Tensor) return x;
  throw new ArgumentError(op, 'x.x', 'is sparse: gcnConv and featureDropout take sparse features; densify them (or put gcnConv first) for this layer');
};
