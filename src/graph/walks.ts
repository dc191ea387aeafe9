// node2vec's second-order biased random walks (Grover & Leskovec 2016); p = q = 1 is DeepWalk's
// walk (Perozzi et al. 2014), weighted by the edge weights. Keyed: walk i reads only the words of
// foldIn(key, i), so a key gives the same walks whatever else is drawn and in any order.
import { foldIn, checkKey, type Key } from '../random/key.js';
import { randomBits } from '../random/philox.js';
import { checkSize } from '../nn/args.js';
import { positive } from '../optim/options.js';
import { ArgumentError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { drawAlias } from './alias.js';
import { checkGraph, type Graph } from './graph.js';
import { walkTables, type WalkTables } from './walk-tables.js';

export interface RandomWalkOptions {
  /** Nodes per walk, the start included (a walk that reaches a node without out-edges ends there). */
  readonly walkLength: number;
  /** Walks started from every node. */
  readonly walksPerNode: number;
  /** The return parameter: the bias of stepping back to the previous node is 1/p. Default 1. */
  readonly p?: number;
  /** The in-out parameter: the bias of stepping to a node not adjacent to the previous one is 1/q. Default 1. */
  readonly q?: number;
  readonly key: Key;
}

const OP = 'randomWalks';

/** One walk from `start` into `out` (length walkLength), driven by the words `bits`; its length. */
function walk(t: WalkTables, start: number, bits: Uint32Array, out: Int32Array): number {
  const { rowPtr, colIdx } = t.csr;
  out[0] = start;
  if (out.length === 1 || !t.live[start]) return 1;
  let edge = rowPtr[start] + drawAlias(t.first, rowPtr[start], rowPtr[start + 1] - rowPtr[start], bits[0], bits[1]);
  let at = colIdx[edge];
  out[1] = at;
  let len = 2;
  for (; len < out.length && t.live[at]; len++) {
    const degree = rowPtr[at + 1] - rowPtr[at], w = 2 * (len - 1);
    const i = t.second
      ? drawAlias(t.second, t.second.edgeOffset[edge], degree, bits[w], bits[w + 1])
      : drawAlias(t.first, rowPtr[at], degree, bits[w], bits[w + 1]);
    edge = rowPtr[at] + i;
    at = colIdx[edge];
    out[len] = at;
  }
  return len;
}

/**
 * `walksPerNode` walks from every node of `g`, along its directed edges (an undirected graph holds
 * both directions: `symmetrize`). The first step from v goes to x with probability ∝ w(v, x); after
 * t → v, the next goes to x with probability ∝ α(t, x)·w(v, x), where α is 1/p for x = t, 1 when
 * x has an edge to t, and 1/q otherwise. Row `r·nodeCount + v` is walk r from node v (the reference
 * shuffles the starts of each round; skip-gram training shuffles its pairs, so order is immaterial).
 * Edge weights must be ≥ 0; a node whose out-edges weigh 0 in total ends a walk.
 */
export function randomWalks(g: Graph, options: RandomWalkOptions): Int32Array[] {
  checkGraph(OP, 'g', g);
  checkOptions(OP, options, ['walkLength', 'walksPerNode', 'p', 'q', 'key'], 'required');
  const { walkLength, walksPerNode } = options;
  checkSize(OP, 'walkLength', walkLength, 1);
  checkSize(OP, 'walksPerNode', walksPerNode, 0);
  const p = positive(OP, 'p', options.p ?? 1), q = positive(OP, 'q', options.q ?? 1);
  checkKey(OP, options.key);
  if (g.weights) {
    const k = g.weights.findIndex((w) => !(w >= 0));
    if (k >= 0) throw new ArgumentError(OP, 'g', `has weight ${g.weights[k]} on edge ${k}; walks need weights ≥ 0`);
  }
  const tables = walkTables(g, p, q);
  const n = g.nodeCount;
  const buffer = new Int32Array(walkLength);
  const walks: Int32Array[] = [];
  for (let i = 0; i < walksPerNode * n; i++) {
    const len = walk(tables, i % n, randomBits(foldIn(options.key, i), 2 * (walkLength - 1)), buffer);
    walks.push(buffer.slice(0, len));
  }
  return walks;
}
