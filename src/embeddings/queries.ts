// Queries on word vectors, on the host: cosine similarity, nearest neighbours and analogies
// (a : b :: c : ?) by 3CosAdd and 3CosMul (Levy & Goldberg, "Linguistic regularities in sparse and
// explicit word representations", CoNLL 2014). Cosines are dot products accumulated in float64,
// scaled by 1/‖row‖, which is computed once per WordVectors value: one pass over the rows per query.
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { toArray } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { inverseRowNorms, TINY_NORM as TINY } from './row-norms.js';
import { topK } from './top-k.js';
import { checkWordVectors, wordIndex, type WordVectors } from './vectors.js';

export interface Neighbour { readonly word: string; readonly similarity: number }

export interface NeighbourOptions {
  /** Words never to return (those not in the vocabulary are ignored). A query word is always excluded. */
  readonly exclude?: readonly string[];
}

export type AnalogyMethod = '3CosAdd' | '3CosMul';

export interface AnalogyOptions {
  /**
   * '3CosAdd' (default): argmax_d cos(d, b̂ − â + ĉ), gensim's `most_similar(positive=[b, c],
   * negative=[a])`; the score is that cosine. '3CosMul': argmax_d cos′(d, b)·cos′(d, c) / (cos′(d, a) + ε)
   * with cos′ = (cos + 1) / 2 in [0, 1]; the score is that ratio.
   */
  readonly method?: AnalogyMethod;
  /** How many answers, best first. Default 1. */
  readonly k?: number;
  /** 3CosMul's ε. Default 0.001, Levy & Goldberg's (gensim's `most_similar_cosmul` uses 1e-6). */
  readonly epsilon?: number;
  /** Words never to answer, besides a, b and c (which never are, as in gensim). */
  readonly exclude?: readonly string[];
}

export interface AnalogyAnswer { readonly word: string; readonly score: number }

const norms = new WeakMap<WordVectors, Float64Array>();

/** @internal 1/‖row‖ for each row (0 for a zero row), in float64, once per value. */
export const inverseNorms = (wv: WordVectors): Float64Array => {
  const known = norms.get(wv);
  if (known) return known;
  const inv = inverseRowNorms(wv.vectors, wv.words.length, wv.dim);
  norms.set(wv, inv);
  return inv;
};

/** The row of `word`, or an ArgumentError naming it. */
const rowOf = (op: string, wv: WordVectors, argument: string, word: unknown): number => {
  if (typeof word !== 'string') throw new ArgumentError(op, argument, `must be a word (a string), got ${describe(word)}`);
  const i = wordIndex(op, wv).get(word);
  if (i === undefined) throw new ArgumentError(op, argument, `is ${JSON.stringify(word)}, which is not one of the ${wv.words.length} words`);
  return i;
};

/** Row i scaled to unit length, in float64 (zeros for a zero row). */
const unitRow = (wv: WordVectors, i: number): Float64Array => {
  const inv = inverseNorms(wv)[i];
  return Float64Array.from(wv.vectors.subarray(i * wv.dim, (i + 1) * wv.dim), (v) => v * inv);
};

/** `q` scaled to unit length (zeros when it is zero). */
const unit = (q: Float64Array): Float64Array => {
  let s = 0;
  for (const v of q) s += v * v;
  const n = Math.sqrt(s);
  return n < TINY ? new Float64Array(q.length) : q.map((v) => v / n);
};

/** cos(row i, q) for every row, for a unit (or zero) `q`. */
const cosines = (wv: WordVectors, q: Float64Array): Float64Array => {
  const { vectors: x, dim } = wv;
  const inv = inverseNorms(wv);
  const out = new Float64Array(wv.words.length);
  for (let i = 0, o = 0; i < out.length; i++, o += dim) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += x[o + j] * q[j];
    out[i] = s * inv[i];
  }
  return out;
};

/** Rows of the words of `exclude` (an option), ignoring words not in `wv`. */
const excludedRows = (op: string, wv: WordVectors, exclude: unknown): Set<number> => {
  if (exclude === undefined) return new Set();
  if (!Array.isArray(exclude) || !exclude.every((w) => typeof w === 'string')) throw new OptionError(op, `exclude must be an array of words, got ${describe(exclude)}`);
  const index = wordIndex(op, wv);
  return new Set(exclude.flatMap((w: string) => index.get(w) ?? []));
};

const checkK = (op: string, argument: string, k: unknown): number => {
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) throw new ArgumentError(op, argument, `must be an integer ≥ 1, got ${describe(k)}`);
  return k;
};

/** The query as a float64 vector of `wv.dim` finite numbers. */
const queryVector = (op: string, wv: WordVectors, query: ArrayLike<number> | Tensor): Float64Array => {
  if (query instanceof Tensor) {
    if (query.rank !== 1 || query.shape[0] !== wv.dim) throw new ShapeError(op, 'query', query.shape, `must be [${wv.dim}] (one vector of the words' dim)`);
    return Float64Array.from(toArray(query));
  }
  if (typeof query !== 'object' || query === null || typeof query.length !== 'number') throw new ArgumentError(op, 'query', `must be a word, an array of numbers or a Tensor, got ${describe(query)}`);
  if (query.length !== wv.dim) throw new ArgumentError(op, 'query', `has ${query.length} numbers but the words' vectors have ${wv.dim}`);
  const q = Float64Array.from({ length: query.length }, (_, j) => query[j]);
  const bad = q.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new ArgumentError(op, `query[${bad}]`, `is ${describe(query[bad])}, not a finite number`);
  return q;
};

/** cos∠(a, b) of two words' vectors (0 when one is zero), accumulated in float64. */
export function wordSimilarity(wv: WordVectors, a: string, b: string): number {
  const op = 'wordSimilarity';
  checkWordVectors(op, wv);
  const ua = unitRow(wv, rowOf(op, wv, 'a', a)), ub = unitRow(wv, rowOf(op, wv, 'b', b));
  let s = 0;
  for (let j = 0; j < wv.dim; j++) s += ua[j] * ub[j];
  return s;
}

/**
 * The k words of highest cosine similarity to `query` — a word (itself excluded) or a vector of
 * `wv.dim` numbers — best first, ties to the earlier word; fewer when fewer words are left.
 * Throws an ArgumentError for a word not in `wv`, a vector of the wrong length, a k below 1.
 */
export function nearestNeighbours(wv: WordVectors, query: string | ArrayLike<number> | Tensor, k: number, options: NeighbourOptions = {}): Neighbour[] {
  const op = 'nearestNeighbours';
  checkOptions(op, options, ['exclude']);
  checkWordVectors(op, wv);
  checkK(op, 'k', k);
  const excluded = excludedRows(op, wv, options.exclude);
  let q: Float64Array;
  if (typeof query === 'string') {
    const row = rowOf(op, wv, 'query', query);
    excluded.add(row);
    q = unitRow(wv, row);
  } else {
    q = unit(queryVector(op, wv, query));
  }
  const sims = cosines(wv, q);
  return topK(sims, k, (i) => !excluded.has(i)).map((i) => ({ word: wv.words[i], similarity: sims[i] }));
}

/**
 * Answers to a : b :: c : ? (`analogy(wv, 'man', 'king', 'woman')` → queen), best first, over unit
 * rows by `method` (see AnalogyOptions); a, b and c are never answers. Throws an ArgumentError for
 * a word not in `wv`, an OptionError for a bad option.
 */
export function analogy(wv: WordVectors, a: string, b: string, c: string, options: AnalogyOptions = {}): AnalogyAnswer[] {
  const op = 'analogy';
  checkOptions(op, options, ['method', 'k', 'epsilon', 'exclude']);
  checkWordVectors(op, wv);
  const { method = '3CosAdd', k = 1, epsilon = 0.001 } = options;
  if (method !== '3CosAdd' && method !== '3CosMul') throw new OptionError(op, `method must be '3CosAdd' or '3CosMul', got ${describe(method)}`);
  if (typeof k !== 'number' || !Number.isSafeInteger(k) || k < 1) throw new OptionError(op, `k must be an integer ≥ 1, got ${describe(k)}`);
  if (typeof epsilon !== 'number' || !(epsilon > 0 && Number.isFinite(epsilon))) throw new OptionError(op, `epsilon must be a finite number > 0, got ${describe(epsilon)}`);
  const rows = [rowOf(op, wv, 'a', a), rowOf(op, wv, 'b', b), rowOf(op, wv, 'c', c)];
  const excluded = excludedRows(op, wv, options.exclude);
  for (const r of rows) excluded.add(r);
  const [ua, ub, uc] = rows.map((r) => unitRow(wv, r));
  let scores: Float64Array;
  if (method === '3CosAdd') {
    scores = cosines(wv, unit(ub.map((v, j) => v - ua[j] + uc[j])));
  } else {
    const [ca, cb, cc] = [ua, ub, uc].map((u) => cosines(wv, u));
    scores = ca.map((x, i) => (((cb[i] + 1) / 2) * ((cc[i] + 1) / 2)) / ((x + 1) / 2 + epsilon));
  }
  return topK(scores, k, (i) => !excluded.has(i)).map((i) => ({ word: wv.words[i], score: scores[i] }));
}
