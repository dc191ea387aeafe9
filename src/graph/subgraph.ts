// Induced subgraphs: the nodes kept (by pooling, or a sampled neighbourhood) and the edges among them.
import { pipe } from 'fp-ts/lib/function.js';
import { gather } from '../ops/gather.js';
import { ArgumentError } from '../shape/errors.js';
import { tensor } from '../tensor/create.js';
import { nodeIds, orThrow } from './checks.js';
import { asFeatures, checkGraph, Graph } from './graph.js';

export interface Subgraph {
  /** The induced subgraph: node i is `nodes[i]` of the original graph. */
  readonly graph: Graph;
  /** The original id of each node of `graph`. */
  readonly nodes: Int32Array;
  /** The original index of each edge of `graph` (to carry per-edge data along). */
  readonly edges: Int32Array;
}

/**
 * The subgraph induced by `nodes` (distinct ids, in the order wanted): node i of the result is
 * `nodes[i]`, and every edge of `g` between two kept nodes is kept, relabelled, in its order, with
 * its weight. Feature rows are gathered (differentiably) in the same order.
 */
export function subgraph(g: Graph, nodes: ArrayLike<number>): Subgraph {
  checkGraph('subgraph', 'g', g);
  const ids = pipe(nodeIds('nodes', nodes, g.nodeCount), orThrow('subgraph'));
  const newId = new Int32Array(g.nodeCount).fill(-1);
  ids.forEach((v, i) => {
    if (newId[v] !== -1) throw new ArgumentError('subgraph', `nodes[${i}]`, `repeats node ${v} (already nodes[${newId[v]}]); the nodes must be distinct`);
    newId[v] = i;
  });
  const kept: number[] = [];
  for (let k = 0; k < g.edgeCount; k++) if (newId[g.src[k]] !== -1 && newId[g.dst[k]] !== -1) kept.push(k);
  const { weights, features } = g;
  const rows = features && asFeatures('subgraph', gather(features, tensor(ids, [ids.length])));
  return {
    graph: new Graph(
      ids.length,
      Int32Array.from(kept, (k) => newId[g.src[k]]),
      Int32Array.from(kept, (k) => newId[g.dst[k]]),
      weights && Float32Array.from(kept, (k) => weights[k]),
      rows,
    ),
    nodes: ids,
    edges: Int32Array.from(kept),
  };
}
