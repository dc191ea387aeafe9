// StarSpace (Wu et al. 2018, "StarSpace: Embed All The Things!"): entities are bags of features
// from one embedding table, and a pair (lhs, rhs) is pulled together against negative right-hand
// entities by a margin ranking loss. Labels, documents, sentences and graph nodes are all bags, so
// text classification (a label is one feature), document similarity (two sentences of a text) and
// link prediction (a node and its neighbour) are the same trainer on different pairs.
//
// Defaults are StarSpace's (src/utils/args.cpp): dim 100, epoch 5, lr 0.01 falling linearly to
// termLr 1e-9 over the run, margin 0.05, similarity cosine, p 0.5, maxNegSamples 10 kept out of
// negSearchLimit 50 drawn, AdaGrad with one accumulator per row, rows initialised N(0, 0.001²)
// and held to norm ≤ 1, one table for both sides (shareEmb). As in its trainOne, a pair's
// negatives are the first `negatives` of `searchLimit` draws that violate the margin, and its
// update is the gradient of the mean hinge over them (none violated: no update). Differences:
// the gradient is exact (StarSpace's ignores the projections' normalisation; `update: 'starspace'`
// takes its direction instead); AdaGrad sees a row's gradient summed over the pair (StarSpace
// updates once per occurrence of a feature); negatives are drawn uniformly from `candidates`
// (StarSpace draws a random training example's rhs, the default here); and every draw is keyed,
// so a key gives the same table.
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { nonNegative, positive } from '../optim/options.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { mulhi32, randomBits } from '../random/philox.js';
import { normalData, permutationData } from '../random/sample.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';
import { fromHost, toArray } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { addPairGradient, descend, hingeGradient, project, rowGradients, similarity, starSpaceDirection, type VectorGradients } from './starspace-kernel.js';

export type StarSpaceSimilarity = 'cosine' | 'dot';

/** One training example: the left-hand entity and the right-hand one it should rank first. */
export interface StarSpacePair {
  readonly lhs: Int32Array;
  readonly rhs: Int32Array;
}

export interface StarSpaceProgress {
  readonly epoch: number;
  /** Pairs trained on so far, over all epochs. */
  readonly pairs: number;
  readonly totalPairs: number;
  /** The learning rate now. */
  readonly lr: number;
  /** Mean per pair, since the last report, of Σ max(0, margin − s⁺ + s⁻) over the negatives kept. */
  readonly loss: number;
  /** The share of those pairs that found a violating negative (and so were updated). */
  readonly violated: number;
  readonly pairsPerSecond: number;
}

export interface StarSpaceOptions {
  /** Feature ids are 0 … features − 1: the table is `[features, dim]`. */
  readonly features: number;
  /** Default 100. */
  readonly dim?: number;
  /** Passes over the pairs, each in a keyed random order. Default 5. */
  readonly epochs?: number;
  /** Starting learning rate. Default 0.01. */
  readonly lr?: number;
  /** Final learning rate, reached linearly at the last pair. Default 1e-9. */
  readonly termLr?: number;
  /** Default 0.05. */
  readonly margin?: number;
  /** The most violating negatives a pair keeps (StarSpace's maxNegSamples). Default 10. */
  readonly negatives?: number;
  /** Negatives drawn per pair in search of violators (negSearchLimit). Default 50. */
  readonly searchLimit?: number;
  /** Default 'cosine'. */
  readonly similarity?: StarSpaceSimilarity;
  /** An entity's vector is its rows' sum over |bag|^p. Default 0.5. */
  readonly p?: number;
  /** Per-row AdaGrad (default true) or plain SGD. */
  readonly adagrad?: boolean;
  /** The initial rows' standard deviation. Default 0.001. */
  readonly initSd?: number;
  /**
   * 'gradient' (default): the exact gradient of the mean hinge. 'starspace': StarSpace's own
   * direction, which holds the (unit-normalised) projections constant and gives each row of a bag
   * the whole vector (`starSpaceDirection`), for comparison.
   */
  readonly update?: 'gradient' | 'starspace';
  /** Rows are scaled back to this norm when an update passes it. Default 1. */
  readonly maxNorm?: number;
  /** The right-hand entities negatives are drawn from, uniformly. Default: every pair's rhs. */
  readonly candidates?: readonly Int32Array[];
  readonly key: Key;
  /** Called about every `progressEvery` pairs and at the end of each epoch. */
  readonly onProgress?: (p: StarSpaceProgress) => void;
  /** Default 10,000. */
  readonly progressEvery?: number;
}

export interface StarSpace {
  /** `[features, d]`: the one table both sides read. */
  readonly embeddings: Tensor<[number, number]>;
  readonly similarity: StarSpaceSimilarity;
  readonly p: number;
  /** The mean pair loss of each progress report. */
  readonly losses: Float64Array;
  /** Pairs trained on (pairs × epochs), and how many of them found a violating negative. */
  readonly pairs: number;
  readonly updates: number;
  readonly seconds: number;
}

const OP = 'trainStarSpace';

/** The host rows of trained models, so that embed and rank do not read the table back each call. */
const hostTables = new WeakMap<StarSpace, Float32Array>();
const tableOf = (m: StarSpace): Float32Array => hostTables.get(m) ?? toArray(m.embeddings);

/** Throws an ArgumentError naming `op` and `name` unless `bag` is a non-empty Int32Array of ids below `features`. */
const checkBag = (op: string, name: string, bag: unknown, features: number): Int32Array => {
  if (!(bag instanceof Int32Array)) throw new ArgumentError(op, name, `must be an Int32Array of feature ids, got ${describe(bag)}`);
  if (bag.length === 0) throw new ArgumentError(op, name, 'is empty: an entity needs at least one feature');
  for (let i = 0; i < bag.length; i++) if (!(bag[i] >= 0 && bag[i] < features)) throw new ArgumentError(op, `${name}[${i}]`, `is ${bag[i]}; expected a feature id in [0, ${features})`);
  return bag;
};

const checkPairs = (pairs: unknown, features: number): readonly StarSpacePair[] => {
  if (!Array.isArray(pairs) || pairs.length === 0) throw new ArgumentError(OP, 'pairs', `must be a non-empty array of { lhs, rhs } bags, got ${describe(pairs)}`);
  const list: readonly unknown[] = pairs;
  return list.map((u, i) => {
    if (typeof u !== 'object' || u === null || !('lhs' in u) || !('rhs' in u)) throw new ArgumentError(OP, `pairs[${i}]`, `must be { lhs, rhs }, got ${describe(u)}`);
    return { lhs: checkBag(OP, `pairs[${i}].lhs`, u.lhs, features), rhs: checkBag(OP, `pairs[${i}].rhs`, u.rhs, features) };
  });
};

const sameBag = (a: Int32Array, b: Int32Array): boolean => a === b || (a.length === b.length && a.every((v, i) => v === b[i]));

/**
 * A StarSpace table for `pairs`: each epoch visits the pairs in a keyed random order and, for each,
 * draws `searchLimit` candidates (skipping any equal to its rhs), keeps the first `negatives` whose
 * hinge margin − s(lhs, rhs) + s(lhs, neg) is positive, and takes one AdaGrad step on the mean of
 * those hinges. Epoch e's order comes from foldIn(key, e); its pair i's draws from foldIn of that.
 */
export function trainStarSpace(pairs: readonly StarSpacePair[], options: StarSpaceOptions): StarSpace {
  checkOptions(OP, options, ['features', 'dim', 'epochs', 'lr', 'termLr', 'margin', 'negatives', 'searchLimit', 'similarity', 'p', 'adagrad',
    'initSd', 'update', 'maxNorm', 'candidates', 'key', 'onProgress', 'progressEvery'], 'required');
  const { features: F, dim: d = 100, epochs = 5, negatives: k = 10, searchLimit = 50, similarity: sim = 'cosine', progressEvery = 10_000 } = options;
  checkSize(OP, 'features', F);
  checkSize(OP, 'dim', d);
  checkSize(OP, 'epochs', epochs);
  checkSize(OP, 'negatives', k);
  checkSize(OP, 'searchLimit', searchLimit);
  checkSize(OP, 'progressEvery', progressEvery);
  if (sim !== 'cosine' && sim !== 'dot') throw new OptionError(OP, `similarity must be 'cosine' or 'dot', got ${show(sim)}`);
  checkBoolean(OP, 'adagrad', options.adagrad);
  const { update = 'gradient' } = options;
  if (update !== 'gradient' && update !== 'starspace') throw new OptionError(OP, `update must be 'gradient' or 'starspace', got ${show(update)}`);
  const shortcut = update === 'starspace';
  const lr = positive(OP, 'lr', options.lr ?? 0.01);
  const termLr = nonNegative(OP, 'termLr', options.termLr ?? 1e-9);
  if (termLr > lr) throw new OptionError(OP, `termLr (${termLr}) must not exceed lr (${lr})`);
  const margin = nonNegative(OP, 'margin', options.margin ?? 0.05);
  const p = nonNegative(OP, 'p', options.p ?? 0.5);
  const initSd = positive(OP, 'initSd', options.initSd ?? 0.001);
  const maxNorm = options.maxNorm === Infinity ? Infinity : positive(OP, 'maxNorm', options.maxNorm ?? 1);
  checkFunctionOption(OP, 'onProgress', options.onProgress);
  checkKey(OP, options.key);
  const list = checkPairs(pairs, F);
  const { candidates: given } = options;
  if (given !== undefined && (!Array.isArray(given) || given.length === 0)) throw new OptionError(OP, `candidates must be a non-empty array of bags, got ${describe(given)}`);
  const candidates = given ? given.map((b, i) => checkBag(OP, `candidates[${i}]`, b, F)) : list.map((q) => q.rhs);

  const cosine = sim === 'cosine';
  const [initKey, trainKey] = split(options.key);
  const table = normalData(initKey, F * d, 0, initSd);
  const accum = (options.adagrad ?? true) ? new Float64Array(F) : undefined;
  const rows = rowGradients(F);
  const a = new Float64Array(d), b = new Float64Array(d), negs = new Float64Array(k * d);
  const g: VectorGradients = { lhs: new Float64Array(d), rhs: new Float64Array(d), negatives: new Float64Array(k * d) };
  const kept: Int32Array[] = [];

  const P = list.length, total = epochs * P, C = candidates.length;
  const losses: number[] = [];
  const started = performance.now();
  let done = 0, updates = 0, lossSum = 0, lossPairs = 0, violatedPairs = 0, next = progressEvery, rate = lr;
  const report = (epoch: number) => {
    losses.push(lossSum / lossPairs);
    options.onProgress?.({ epoch, pairs: done, totalPairs: total, lr: rate, loss: lossSum / lossPairs, violated: violatedPairs / lossPairs, pairsPerSecond: done / ((performance.now() - started) / 1000) });
    lossSum = 0; lossPairs = 0; violatedPairs = 0;
  };
  for (let e = 0; e < epochs; e++) {
    const [orderKey, drawKey] = split(foldIn(trainKey, e));
    const order = permutationData(orderKey, P);
    for (let i = 0; i < P; i++) {
      rate = lr - (lr - termLr) * (done / total);
      const { lhs, rhs } = list[order[i]];
      project(table, d, lhs, p, a);
      project(table, d, rhs, p, b);
      const pos = similarity(a, 0, b, 0, d, cosine);
      const bits = randomBits(foldIn(drawKey, i), searchLimit);
      kept.length = 0;
      for (let t = 0; t < searchLimit && kept.length < k; t++) {
        const neg = candidates[mulhi32(bits[t], C)];
        if (sameBag(neg, rhs)) continue; // not a negative (StarSpace redraws it; here it spends a draw)
        const at = kept.length * d;
        project(table, d, neg, p, negs, at);
        if (margin - pos + similarity(a, 0, negs, at, d, cosine) > 0) kept.push(neg);
      }
      if (kept.length > 0) {
        const loss = (shortcut ? starSpaceDirection : hingeGradient)(a, b, negs, kept.length, d, margin, cosine, g);
        addPairGradient(rows, d, shortcut ? 0 : p, lhs, rhs, kept, g, 1 / kept.length);
        descend(table, accum, d, rows, rate, maxNorm);
        lossSum += loss; violatedPairs++; updates++;
      }
      lossPairs++; done++;
      if (done >= next) { report(e + 1); next += progressEvery; }
    }
    if (lossPairs > 0) report(e + 1);
  }
  const model: StarSpace = {
    embeddings: fromHost(table, [F, d]), similarity: sim, p, losses: Float64Array.from(losses),
    pairs: done, updates, seconds: (performance.now() - started) / 1000,
  };
  hostTables.set(model, table); // never written again
  return model;
}

/** The vectors of `bags` as float64 rows, `[n·d]`. */
const project64 = (op: string, m: StarSpace, bags: readonly Int32Array[]): Float64Array => {
  const [F, d] = m.embeddings.shape;
  const table = tableOf(m);
  const out = new Float64Array(bags.length * d);
  bags.forEach((bag, i) => project(table, d, checkBag(op, `bags[${i}]`, bag, F), m.p, out, i * d));
  return out;
};

/** An entity's vector: the sum of its features' rows over |bag|^p, `[d]`. */
export function embed(model: StarSpace, bag: Int32Array): Tensor<[number]> {
  return fromHost(Float32Array.from(project64('embed', model, [bag])), [model.embeddings.shape[1]]);
}

/** The vectors of many entities, `[n, d]` (one read of the table). */
export function embedBags(model: StarSpace, bags: readonly Int32Array[]): Tensor<[number, number]> {
  if (!Array.isArray(bags)) throw new ArgumentError('embedBags', 'bags', `must be an array of Int32Array bags, got ${describe(bags)}`);
  return fromHost(Float32Array.from(project64('embedBags', model, bags)), [bags.length, model.embeddings.shape[1]]);
}

export interface Ranking {
  /** Candidate indices, most similar first (ties by index). */
  readonly order: Int32Array;
  /** scores[i]: the similarity of the lhs to candidate i (the model's: cosine or dot). */
  readonly scores: Float64Array;
}

/**
 * The candidates ranked by their similarity to the lhs entity, as StarSpace predicts (a label, a
 * document, a node). Candidates are bags, or their vectors as rows of a `[n, d]` tensor from
 * `embedBags` (to rank many queries against one set without projecting it each time).
 */
export function rank(model: StarSpace, lhs: Int32Array, candidates: readonly Int32Array[] | Tensor<[number, number]>): Ranking {
  const op = 'rank';
  const d = model.embeddings.shape[1];
  const a = project64(op, model, [lhs]);
  let rows: Float64Array;
  if (candidates instanceof Tensor) {
    if (candidates.rank !== 2 || candidates.shape[1] !== d) throw new ShapeError(op, 'candidates', candidates.shape, `must be [n, ${d}] (one vector per candidate)`);
    rows = Float64Array.from(toArray(candidates));
  } else {
    if (!Array.isArray(candidates)) throw new ArgumentError(op, 'candidates', `must be an array of bags or a [n, d] tensor, got ${describe(candidates)}`);
    rows = project64(op, model, candidates);
  }
  const n = rows.length / d, cosine = model.similarity === 'cosine';
  const scores = Float64Array.from({ length: n }, (_, i) => similarity(a, 0, rows, i * d, d, cosine));
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((x, y) => scores[y] - scores[x] || x - y);
  return { order, scores };
}
