// Link prediction, the evaluation of the node2vec paper (section 4.4) and of VGAE: hide a share of
// a graph's undirected edges, embed what is left, and score the hidden edges against as many node
// pairs that are not edges; the ROC-AUC says how often a hidden edge outscores a non-edge.
import { checkGraph, graph, type Graph } from '../graph/graph.js';
import { outNeighbours } from '../graph/neighbours.js';
import { symmetrize } from '../graph/symmetrize.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { mulhi32, randomBits } from '../random/philox.js';
import { permutationData } from '../random/sample.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { toArray } from '../tensor/create.js';
import { inverseRowNorms } from './row-norms.js';
import type { Tensor } from '../tensor/tensor.js';

/** Node pairs: pair i is (`u[i]`, `v[i]`) with u < v. */
export interface NodePairs {
  readonly u: Int32Array;
  readonly v: Int32Array;
}

export interface EdgeSplit {
  /** The graph without the held-out edges (both directions removed), symmetric and sorted. */
  readonly train: Graph;
  /** The held-out undirected edges. */
  readonly edges: NodePairs;
  /** As many distinct pairs u < v that are not edges of the input graph (nor self-loops). */
  readonly nonEdges: NodePairs;
  /**
   * With `validation`: a second set of held-out edges (also missing from `train`) and as many
   * non-edges of the input graph, distinct from `nonEdges`, for choosing settings without the test pairs.
   */
  readonly validation?: { readonly edges: NodePairs; readonly nonEdges: NodePairs };
}

export interface HoldOutOptions {
  /** The share of the undirected edges held out (rounded to a count). */
  readonly fraction: number;
  /** A further share held out for validation (VGAE's 85/5/10 split is fraction 0.1, validation 0.05). Default 0. */
  readonly validation?: number;
  readonly key: Key;
}

const OP = 'holdOutEdges';

/** Whether v is among the (sorted) out-neighbours of u. */
const adjacent = (rowPtr: Int32Array, colIdx: Int32Array, u: number, v: number): boolean => {
  let lo = rowPtr[u], hi = rowPtr[u + 1];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (colIdx[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo < rowPtr[u + 1] && colIdx[lo] === v;
};

/**
 * Holds out a keyed random `fraction` of the undirected edges {u, v} (u ≠ v; a pair counts once
 * whatever directions `g` holds it in) and draws as many non-edges uniformly among the pairs that
 * are not edges. The rest, symmetrized, is `train` (its nodes keep their ids; some may be left
 * without edges). Weights and features are kept.
 */
export function holdOutEdges(g: Graph, options: HoldOutOptions): EdgeSplit {
  checkGraph(OP, 'g', g);
  checkOptions(OP, options, ['fraction', 'validation', 'key'], 'required');
  const { fraction, validation = 0 } = options;
  if (typeof fraction !== 'number' || !(fraction >= 0 && fraction <= 1)) throw new OptionError(OP, `fraction must be a number in [0, 1], got ${describe(fraction)}`);
  if (typeof validation !== 'number' || !(validation >= 0 && fraction + validation <= 1)) throw new OptionError(OP, `validation must be a number ≥ 0 with fraction + validation ≤ 1, got ${describe(validation)}`);
  checkKey(OP, options.key);
  const [edgeKey, pairKey] = split(options.key);
  const s = symmetrize(g);
  const undirected = Int32Array.from({ length: s.edgeCount }, (_, k) => k).filter((k) => s.src[k] < s.dst[k]);
  const m = Math.round(fraction * undirected.length), mv = Math.round(validation * undirected.length);
  const n = g.nodeCount;
  if (m + mv > (n * (n - 1)) / 2 - undirected.length) throw new ArgumentError(OP, 'g', `has too few non-edges (${(n * (n - 1)) / 2 - undirected.length}) to match ${m + mv} held-out edges`);
  // the first m of a keyed order are the test edges, the next mv the validation edges
  const order = permutationData(edgeKey, undirected.length);
  const held = new Uint8Array(s.edgeCount);
  for (let i = 0; i < m + mv; i++) held[undirected[order[i]]] = 1;
  const pairsAt = (from: number, to: number): NodePairs => ({ u: Int32Array.from(order.subarray(from, to), (i) => s.src[undirected[i]]), v: Int32Array.from(order.subarray(from, to), (i) => s.dst[undirected[i]]) });
  const edges = pairsAt(0, m);
  const kept = undirected.filter((k) => !held[k]);
  const w = s.weights;
  const train = symmetrize(graph({
    nodeCount: n,
    src: Int32Array.from(kept, (k) => s.src[k]),
    dst: Int32Array.from(kept, (k) => s.dst[k]),
    ...(w ? { weights: Float32Array.from(kept, (k) => w[k]) } : {}),
    ...(s.features ? { features: s.features } : {}),
  }));
  // one draw of m + mv distinct non-edges: the first m for the test, the rest for validation
  const drawn = nonEdges(s, m + mv, pairKey);
  const cut = (p: NodePairs, from: number, to: number): NodePairs => ({ u: p.u.slice(from, to), v: p.v.slice(from, to) });
  return {
    train, edges, nonEdges: cut(drawn, 0, m),
    ...(options.validation !== undefined ? { validation: { edges: pairsAt(m, m + mv), nonEdges: cut(drawn, m, m + mv) } } : {}),
  };
}

/** m distinct uniform pairs u < v that are not edges of the symmetric, sorted graph s (rejection, in keyed rounds). */
function nonEdges(s: Graph, m: number, key: Key): NodePairs {
  const { rowPtr, colIdx } = outNeighbours(s);
  const n = s.nodeCount;
  const u = new Int32Array(m), v = new Int32Array(m);
  const chosen = new Map<number, Set<number>>();
  let found = 0;
  for (let round = 0; found < m; round++) {
    const bits = randomBits(foldIn(key, round), 2 * (m - found) + 64);
    for (let i = 0; i + 1 < bits.length && found < m; i += 2) {
      const a = mulhi32(bits[i], n), b = mulhi32(bits[i + 1], n);
      if (a === b) continue;
      const lo = Math.min(a, b), hi = Math.max(a, b);
      if (adjacent(rowPtr, colIdx, lo, hi) || chosen.get(lo)?.has(hi)) continue;
      chosen.set(lo, (chosen.get(lo) ?? new Set<number>()).add(hi));
      u[found] = lo;
      v[found++] = hi;
    }
  }
  return { u, v };
}

/** The rows of `x` `[nodeCount, d]` on the host, after checking that every pair names two of them. */
const pairRows = (op: string, name: string, x: Tensor, pairs: NodePairs): { data: Float32Array; d: number } => {
  if (x.rank !== 2) throw new ShapeError(op, name, x.shape, 'must be [nodeCount, d]');
  const [rows, d] = x.shape;
  for (let i = 0; i < pairs.u.length; i++) {
    const a = pairs.u[i], b = pairs.v[i];
    if (!(a >= 0 && a < rows && b >= 0 && b < rows)) throw new ArgumentError(op, 'pairs', `hold (${a}, ${b}) at ${i}, outside the rows [0, ${rows}) of ${name}`);
  }
  return { data: toArray(x), d };
};

const dot = (x: Float32Array, a: number, y: Float32Array, b: number, d: number): number => {
  let s = 0;
  for (let j = 0; j < d; j++) s += x[a * d + j] * y[b * d + j];
  return s;
};

/** ⟨x_u, x_v⟩ for each pair, from embeddings `[nodeCount, d]`. */
export function dotScores(x: Tensor, pairs: NodePairs): Float64Array {
  const { data, d } = pairRows('dotScores', 'x', x, pairs);
  return Float64Array.from(pairs.u, (a, i) => dot(data, a, data, pairs.v[i], d));
}

/**
 * cos∠(x_u, x_v) for each pair, from embeddings `[nodeCount, d]`: the dot product without the
 * rows' lengths, which in skip-gram embeddings grow with a node's degree. With `context` (the
 * skip-gram's output table, the same shape), ½(cos∠(x_u, c_v) + cos∠(x_v, c_u)): what the model
 * was trained to make large for nodes that occur together, symmetric as the edges are. A zero row's
 * cosines are 0.
 */
export function cosineScores(x: Tensor, pairs: NodePairs, context?: Tensor): Float64Array {
  const op = 'cosineScores';
  const { data, d } = pairRows(op, 'x', x, pairs);
  if (context && (context.rank !== 2 || context.shape[0] !== x.shape[0] || context.shape[1] !== d)) throw new ShapeError(op, 'context', context.shape, `must match x [${x.shape.join(', ')}]`);
  const rows = x.shape[0];
  const c = context ? toArray(context) : data;
  // each table's row norms once, not once per pair
  const invX = inverseRowNorms(data, rows, d), invC = context ? inverseRowNorms(c, rows, d) : invX;
  const cos = (a: number, b: number) => dot(data, a, c, b, d) * invX[a] * invC[b];
  return Float64Array.from(pairs.u, (a, i) => {
    const b = pairs.v[i];
    return context ? (cos(a, b) + cos(b, a)) / 2 : cos(a, b);
  });
}

/**
 * The ROC-AUC of scores for positives against negatives: the probability that a random positive
 * outscores a random negative, ties counting one half (the Mann–Whitney U over |pos|·|neg|).
 */
export function rocAuc(positive: ArrayLike<number>, negative: ArrayLike<number>): number {
  if (positive.length === 0 || negative.length === 0) throw new ArgumentError('rocAuc', positive.length === 0 ? 'positive' : 'negative', 'is empty: the AUC needs scores of both kinds');
  for (const [name, scores] of [['positive', positive], ['negative', negative]] as const)
    for (let i = 0; i < scores.length; i++) if (!Number.isFinite(scores[i])) throw new ArgumentError('rocAuc', name, `holds ${scores[i]} at ${i}; scores must be finite`);
  const all = [...Array.from(positive, (s) => ({ s, pos: true })), ...Array.from(negative, (s) => ({ s, pos: false }))].sort((a, b) => a.s - b.s);
  // Mid-ranks of tied runs; the positives' rank sum gives U.
  let rankSum = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j].s === all[i].s) j++;
    const mid = (i + 1 + j) / 2;
    for (let t = i; t < j; t++) if (all[t].pos) rankSum += mid;
    i = j;
  }
  const p = positive.length, q = negative.length;
  return (rankSum - (p * (p + 1)) / 2) / (p * q);
}
