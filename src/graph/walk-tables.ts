// node2vec's transition tables (Grover & Leskovec 2016, section 3.2), built as the reference
// implementation builds them: one alias table per node for the first step, and one per edge
// (t → v) for every later step, whose weights are the node2vec biases times the edge weights.
import { LimitError } from '../shape/errors.js';
import { aliasScratch, aliasTables, fillAlias, type AliasTables } from './alias.js';
import { weightOf, type Graph } from './graph.js';
import { inNeighbours, outNeighbours, type Csr } from './neighbours.js';

/** The most second-order entries (Σ over edges t → v of v's out-degree) built: 12 bytes each. */
export const MAX_EDGE_TABLE_ENTRIES = 2 ** 26;

export interface WalkTables {
  /** The out-edges of each node; a walk at v moves along edge `rowPtr[v] + i` for a drawn i. */
  readonly csr: Csr;
  /** Node v's first-order table (weights of its out-edges) at offset `rowPtr[v]`. */
  readonly first: AliasTables;
  /**
   * The second-order table of the grouped edge j (t → v) at `edgeOffset[j]`, over v's out-edges;
   * absent when p = q = 1, where every bias is 1 and each such table equals v's first-order one.
   */
  readonly second?: AliasTables & { readonly edgeOffset: Float64Array };
  /** Whether a node's out-edges weigh more than 0 in total (else a walk that reaches it ends there). */
  readonly live: Uint8Array;
}

/**
 * The unnormalised bias of moving on to x after t → v: 1/p back to t (distance 0), 1 to a node
 * with an edge x → t (distance 1; the reference's `has_edge(x, t)`), 1/q further away (distance 2).
 */
const bias = (x: number, t: number, nearT: Int32Array, p: number, q: number): number =>
  x === t ? 1 / p : nearT[x] === t ? 1 : 1 / q;

/** The tables for walks on `g` with return parameter p and in-out parameter q (weights checked ≥ 0 by the caller). */
export function walkTables(g: Graph, p: number, q: number): WalkTables {
  const csr = outNeighbours(g);
  const { rowPtr, colIdx, edgeIds } = csr;
  const n = g.nodeCount;
  const degreeOf = (v: number) => rowPtr[v + 1] - rowPtr[v];
  let maxDegree = 0;
  for (let v = 0; v < n; v++) maxDegree = Math.max(maxDegree, degreeOf(v));
  const scratch = aliasScratch(maxDegree);
  const w = new Float64Array(maxDegree);
  const live = new Uint8Array(n);
  const first = aliasTables(colIdx.length);
  for (let v = 0; v < n; v++) {
    let total = 0;
    for (let i = 0; i < degreeOf(v); i++) total += (w[i] = weightOf(g, edgeIds[rowPtr[v] + i]));
    if (total > 0) { live[v] = 1; fillAlias(first, rowPtr[v], w, degreeOf(v), scratch); }
  }
  if (p === 1 && q === 1) return { csr, first, live };

  const edgeOffset = new Float64Array(colIdx.length + 1);
  for (let j = 0; j < colIdx.length; j++) edgeOffset[j + 1] = edgeOffset[j] + degreeOf(colIdx[j]);
  const size = edgeOffset[colIdx.length];
  if (size > MAX_EDGE_TABLE_ENTRIES)
    throw new LimitError('randomWalks', 'second-order alias entries (Σ over edges t → v of the out-degree of v)', size, MAX_EDGE_TABLE_ENTRIES, 'p = q = 1 (DeepWalk) needs none');
  const second = { ...aliasTables(size), edgeOffset };
  // nearT[x] === t marks the sources x of the edges into t, for the distance-1 test
  const into = inNeighbours(g);
  const nearT = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    for (let e = into.rowPtr[t]; e < into.rowPtr[t + 1]; e++) nearT[into.colIdx[e]] = t;
    for (let j = rowPtr[t]; j < rowPtr[t + 1]; j++) {
      const v = colIdx[j];
      if (!live[v]) continue;
      for (let i = 0; i < degreeOf(v); i++) w[i] = weightOf(g, edgeIds[rowPtr[v] + i]) * bias(colIdx[rowPtr[v] + i], t, nearT, p, q);
      fillAlias(second, edgeOffset[j], w, degreeOf(v), scratch);
    }
  }
  return { csr, first, second, live };
}
