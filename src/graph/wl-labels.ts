// What Weisfeiler–Lehman refinement starts from: each node's neighbour set and its initial label
// (its degree, the argmax of its features, or a given integer), as networkx's simple graph, which
// karateclub's graph2vec reads, sees them.
import { ArgumentError, OptionError } from '../shape/errors.js';
import { describe, show } from '../shape/options.js';
import { toArray } from '../tensor/create.js';
import { isArrayLike } from './checks.js';
import type { Graph } from './graph.js';
import { inNeighbours } from './neighbours.js';

/**
 * Where the initial labels come from: `'degree'` (karateclub's default without node attributes),
 * `'argmax'` of each node's feature row (the atom type of one-hot MUTAG features), or one array of
 * integer labels per graph (MUTAG's `nodeLabels`).
 */
export type WlLabels = 'degree' | 'argmax' | readonly ArrayLike<number>[];

/** The kind of `WlLabels` a dictionary was built with: new graphs must be labelled alike. */
export type WlLabelKind = 'degree' | 'argmax' | 'given';

/** Node v's distinct neighbours, ascending, are `colIdx[rowPtr[v]]` … `colIdx[rowPtr[v + 1] − 1]`. */
export interface NeighbourSets {
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
}

/**
 * Each node's distinct in-neighbours (the sources of the edges into it; all of its neighbours in a
 * symmetric graph). Parallel edges count once, as networkx's Graph keeps one edge per pair.
 */
export function neighbourSets(g: Graph): NeighbourSets {
  const { rowPtr, colIdx } = inNeighbours(g);
  const ptr = new Int32Array(g.nodeCount + 1);
  const out = new Int32Array(colIdx.length);
  let at = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    const row = colIdx.slice(rowPtr[v], rowPtr[v + 1]).sort();
    for (let i = 0; i < row.length; i++) if (i === 0 || row[i] !== row[i - 1]) out[at++] = row[i];
    ptr[v + 1] = at;
  }
  return { rowPtr: ptr, colIdx: out.slice(0, at) };
}

/** networkx's degree: the distinct neighbours, a self-loop counting twice. */
function degrees(s: NeighbourSets): Float64Array {
  const n = s.rowPtr.length - 1;
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    out[v] = s.rowPtr[v + 1] - s.rowPtr[v];
    for (let i = s.rowPtr[v]; i < s.rowPtr[v + 1]; i++) if (s.colIdx[i] === v) out[v]++;
  }
  return out;
}

/** The index of the largest feature of each node, the first on ties (numpy's argmax). */
function argmaxes(op: string, g: Graph, i: number): Float64Array {
  if (g.features === undefined) throw new ArgumentError(op, `graphs[${i}]`, "has no node features, which labels: 'argmax' reads (see withFeatures)");
  const [n, f] = g.features.shape;
  if (f === 0) throw new ArgumentError(op, `graphs[${i}]`, "has features with no columns; labels: 'argmax' needs at least one");
  const data = toArray(g.features);
  const out = new Float64Array(n);
  for (let v = 0; v < n; v++) {
    let best = 0;
    for (let j = 0; j < f; j++) {
      const x = data[v * f + j];
      if (Number.isNaN(x)) throw new ArgumentError(op, `graphs[${i}]`, `has NaN in the features of node ${v}; labels: 'argmax' cannot rank them`);
      if (x > data[v * f + best]) best = j;
    }
    out[v] = best;
  }
  return out;
}

/** Given labels for graph i, checked to be one integer per node. */
function givenLabels(op: string, g: Graph, i: number, labels: unknown): Float64Array {
  if (!isArrayLike(labels)) throw new OptionError(op, `labels[${i}] must be an array of integer node labels, got ${describe(labels)}`);
  if (labels.length !== g.nodeCount) throw new OptionError(op, `labels[${i}] has ${labels.length} entries but graphs[${i}] has ${g.nodeCount} nodes: one label per node`);
  const out = new Float64Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) {
    const x = labels[v];
    if (typeof x !== 'number' || !Number.isSafeInteger(x)) throw new OptionError(op, `labels[${i}][${v}] is ${show(x)}; expected an integer node label`);
    out[v] = x;
  }
  return out;
}

/** The kind of a `labels` option (absent means degree), checked before any graph is read. */
export function labelKind(op: string, labels: unknown, graphCount: number): WlLabelKind {
  if (labels === undefined || labels === 'degree') return 'degree';
  if (labels === 'argmax') return 'argmax';
  if (!Array.isArray(labels))
    throw new OptionError(op, `labels must be 'degree', 'argmax' or one array of integer node labels per graph, got ${show(labels)}`);
  if (labels.length !== graphCount)
    throw new OptionError(op, `labels has ${labels.length} arrays but there are ${graphCount} graphs: one array of node labels per graph`);
  return 'given';
}

/** Each graph's initial node labels, of the kind `labels` names (already checked by `labelKind`). */
export function initialLabels(op: string, graphs: readonly Graph[], sets: readonly NeighbourSets[], labels: unknown): Float64Array[] {
  const kind = labelKind(op, labels, graphs.length);
  return graphs.map((g, i) => {
    if (kind === 'degree') return degrees(sets[i]);
    if (kind === 'argmax') return argmaxes(op, g, i);
    return givenLabels(op, g, i, Array.isArray(labels) ? labels[i] : undefined);
  });
}
