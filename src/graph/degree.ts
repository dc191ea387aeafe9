// Node degrees, on the host: GCN's normalisation D^-1/2 and mean aggregation divide by them.
import { OptionError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import { checkGraph, weightOf, type Graph } from './graph.js';

/** Which end of an edge counts: `in` counts edges into a node (at dst), `out` edges out of it (at src). */
export type Direction = 'in' | 'out';

/**
 * Each node's degree: the number of its incoming (`in`, the default) or outgoing (`out`) edges, or
 * their weight sum when the graph is weighted. Self-loops count once; a symmetric graph's in- and
 * out-degrees agree.
 */
export function degree(g: Graph, direction: Direction = 'in'): Float32Array {
  checkGraph('degree', 'g', g);
  if (direction !== 'in' && direction !== 'out') throw new OptionError('degree', `direction must be 'in' or 'out', got ${show(direction)}`);
  const end = direction === 'in' ? g.dst : g.src;
  const out = new Float32Array(g.nodeCount);
  for (let k = 0; k < g.edgeCount; k++) out[end[k]] += weightOf(g, k);
  return out;
}
