// Self-loops: GCN adds one per node (Â = A + I); other layers want none.
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';
import { checkGraph, Graph, weightOf } from './graph.js';

export interface AddSelfLoopsOptions {
  /** The weight of each added loop (default 1; "improved" GCN uses 2). */
  readonly weight?: number;
}

/**
 * The graph with a self-loop (i → i) on every node that has none, appended after the existing
 * edges in node order, so edge k of `g` is still edge k. Existing loops are kept as they are (no
 * node gets a second one). Added loops weigh `weight`; an unweighted graph stays unweighted when
 * that is 1, and otherwise gets weight 1 on its existing edges.
 */
export function addSelfLoops(g: Graph, options: AddSelfLoopsOptions = {}): Graph {
  checkGraph('addSelfLoops', 'g', g);
  checkOptions('addSelfLoops', options, ['weight']);
  const weight = options.weight ?? 1;
  if (typeof weight !== 'number' || !Number.isFinite(weight)) throw new OptionError('addSelfLoops', `weight must be a finite number, got ${show(weight)}`);
  const hasLoop = new Uint8Array(g.nodeCount);
  for (let k = 0; k < g.edgeCount; k++) if (g.src[k] === g.dst[k]) hasLoop[g.src[k]] = 1;
  const missing: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) if (hasLoop[v] === 0) missing.push(v);
  const m = g.edgeCount;
  const src = new Int32Array(m + missing.length);
  const dst = new Int32Array(m + missing.length);
  src.set(g.src);
  dst.set(g.dst);
  src.set(missing, m);
  dst.set(missing, m);
  const weighted = g.weights !== undefined || weight !== 1;
  const weights = weighted ? Float32Array.from({ length: src.length }, (_, k) => (k < m ? weightOf(g, k) : weight)) : undefined;
  return new Graph(g.nodeCount, src, dst, weights, g.features);
}

/** How many edges are self-loops (i → i). */
export function selfLoopCount(g: Graph): number {
  let n = 0;
  for (let k = 0; k < g.edgeCount; k++) if (g.src[k] === g.dst[k]) n++;
  return n;
}

/** The graph without its self-loops; the other edges keep their order and weights. */
export function removeSelfLoops(g: Graph): Graph {
  checkGraph('removeSelfLoops', 'g', g);
  const keep: number[] = [];
  for (let k = 0; k < g.edgeCount; k++) if (g.src[k] !== g.dst[k]) keep.push(k);
  const { weights } = g;
  return new Graph(g.nodeCount, Int32Array.from(keep, (k) => g.src[k]), Int32Array.from(keep, (k) => g.dst[k]), weights && Float32Array.from(keep, (k) => weights[k]), g.features);
}
