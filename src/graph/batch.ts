// Many small graphs as one block-diagonal graph, so a layer processes a minibatch of molecules in
// one pass; `batch` tells graph-level pooling which nodes belong together.
import { concat, slice } from '../ops/movement.js';
import { ArgumentError, LimitError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { asFeatures, checkGraph, Graph, weightOf, type NodeFeatures } from './graph.js';
import { MAX_NODES } from './checks.js';

export interface Batched {
  /** The graphs side by side: graph i's nodes are renumbered from `offsets[i]`; no edge joins two graphs. */
  readonly graph: Graph;
  /** The graph each node belongs to: sorted, `batch[v] = i` for `offsets[i] <= v < offsets[i + 1]`. */
  readonly batch: Int32Array;
  /** G + 1 node offsets, from 0 to the total node count. */
  readonly offsets: Int32Array;
  /** G + 1 edge offsets: graph i's edges are `edgeOffsets[i]` … `edgeOffsets[i + 1] − 1`, in their order (split per-edge data with it). */
  readonly edgeOffsets: Int32Array;
}

/**
 * One graph holding `graphs` as disconnected blocks, in order. Edges keep their order within each
 * graph. Weights: if any graph is weighted, the unweighted ones get weight 1 (what unweighted
 * means). Features: all graphs need them (with the same width) or none may have them.
 */
export function batchGraphs(graphs: readonly Graph[]): Batched {
  if (!Array.isArray(graphs)) throw new ArgumentError('batchGraphs', 'graphs', `must be an array of Graphs, got ${describe(graphs)}`);
  graphs.forEach((g: unknown, i) => checkGraph('batchGraphs', `graphs[${i}]`, g));
  const offsets = new Int32Array(graphs.length + 1);
  const edgeOffsets = new Int32Array(graphs.length + 1);
  let nodes = 0;
  let edges = 0;
  graphs.forEach((g, i) => {
    nodes += g.nodeCount;
    edges += g.edgeCount;
    if (nodes > MAX_NODES) throw new LimitError('batchGraphs', 'total node count', nodes, MAX_NODES, 'node ids are int32');
    offsets[i + 1] = nodes;
    edgeOffsets[i + 1] = edges;
  });
  const src = new Int32Array(edges);
  const dst = new Int32Array(edges);
  const batch = new Int32Array(nodes);
  graphs.forEach((g, i) => {
    const [o, e] = [offsets[i], edgeOffsets[i]];
    for (let k = 0; k < g.edgeCount; k++) {
      src[e + k] = g.src[k] + o;
      dst[e + k] = g.dst[k] + o;
    }
    batch.fill(i, o, offsets[i + 1]);
  });
  const weighted = graphs.some((g) => g.weights !== undefined);
  const weights = weighted ? new Float32Array(edges) : undefined;
  if (weights) graphs.forEach((g, i) => { for (let k = 0; k < g.edgeCount; k++) weights[edgeOffsets[i] + k] = weightOf(g, k); });
  return { graph: new Graph(nodes, src, dst, weights, batchedFeatures(graphs)), batch, offsets, edgeOffsets };
}

function batchedFeatures(graphs: readonly Graph[]): NodeFeatures | undefined {
  const first = graphs[0]?.features;
  const feats: NodeFeatures[] = [];
  graphs.forEach((g, i) => {
    const f = g.features;
    if ((f === undefined) !== (first === undefined))
      throw new ArgumentError('batchGraphs', `graphs[${i}]`, `${f ? 'has' : 'has no'} node features but graphs[0] ${first ? 'has' : 'has none'}: give all graphs features or none`);
    if (f && first && f.shape[1] !== first.shape[1])
      throw new ShapeError('batchGraphs', `graphs[${i}].features`, f.shape, `must have ${first.shape[1]} columns, as graphs[0].features`);
    if (f) feats.push(f);
  });
  if (feats.length === 0) return undefined;
  return asFeatures('batchGraphs', concat(feats, 0));
}

/** Checked G + 1 offsets for a graph of `nodeCount` nodes. */
function checkOffsets(offsets: unknown, nodeCount: number): Int32Array {
  if (!(offsets instanceof Int32Array) || offsets.length === 0)
    throw new ArgumentError('unbatch', 'offsets', `must be a non-empty Int32Array (batchGraphs' offsets), got ${describe(offsets)}`);
  if (offsets[0] !== 0) throw new ArgumentError('unbatch', 'offsets', `must start at 0, got ${offsets[0]}`);
  for (let i = 1; i < offsets.length; i++)
    if (offsets[i] < offsets[i - 1]) throw new ArgumentError('unbatch', `offsets[${i}]`, `is ${offsets[i]}, below offsets[${i - 1}] = ${offsets[i - 1]}: offsets must not decrease`);
  const last = offsets[offsets.length - 1];
  if (last !== nodeCount) throw new ArgumentError('unbatch', 'offsets', `end at ${last} but the graph has ${nodeCount} nodes`);
  return offsets;
}

/**
 * The graphs of a block-diagonal graph, split at `offsets` and renumbered from 0: the inverse of
 * `batchGraphs`. The batched graph may have been transformed since (self-loops added, say) as long
 * as no edge joins two blocks; each edge goes to its block, in the batched graph's order.
 */
export function unbatch(batched: { readonly graph: Graph; readonly offsets: Int32Array }): Graph[] {
  const g = checkGraph('unbatch', 'graph', batched?.graph);
  const offsets = checkOffsets(batched.offsets, g.nodeCount);
  const count = offsets.length - 1;
  const blockOf = new Int32Array(g.nodeCount);
  for (let i = 0; i < count; i++) blockOf.fill(i, offsets[i], offsets[i + 1]);
  const edgesOf: number[][] = Array.from({ length: count }, () => []);
  for (let k = 0; k < g.edgeCount; k++) {
    const [bs, bd] = [blockOf[g.src[k]], blockOf[g.dst[k]]];
    if (bs !== bd) throw new ArgumentError('unbatch', 'graph', `edge ${k} (${g.src[k]} → ${g.dst[k]}) joins graph ${bs} to graph ${bd}; a batched graph has no such edges`);
    edgesOf[bs].push(k);
  }
  const { weights, features } = g;
  return edgesOf.map((ks, i) => {
    const o = offsets[i];
    const n = offsets[i + 1] - o;
    const rows = features && asFeatures('unbatch', slice(features, [o, 0], [n, features.shape[1]]));
    return new Graph(
      n,
      Int32Array.from(ks, (k) => g.src[k] - o),
      Int32Array.from(ks, (k) => g.dst[k] - o),
      weights && Float32Array.from(ks, (k) => weights[k]),
      rows,
    );
  });
}
