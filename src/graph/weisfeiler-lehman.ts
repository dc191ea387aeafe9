// The Weisfeiler–Lehman rooted-subtree "documents" graph2vec (Narayanan et al. 2017) trains PV-DBOW
// on: a graph is the bag of its nodes' WL labels at depths 0 … h. Labels go through one dictionary
// shared by all graphs (graph2vec_tf's compressed labels; karateclub hashes with md5 instead), so
// equal rooted subtrees get the same word id in every graph, and the ids go straight to a trainer.
import { checkSize } from '../nn/args.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions, describe, show } from '../shape/options.js';
import { checkGraph, type Graph } from './graph.js';
import { initialLabels, labelKind, neighbourSets, type NeighbourSets, type WlLabelKind, type WlLabels } from './wl-labels.js';

export type { WlLabels, WlLabelKind } from './wl-labels.js';

export interface WlDocumentsOptions {
  /** WL iterations h (karateclub's wl_iterations): words of depths 0 … h. Default 2. */
  readonly iterations?: number;
  /** The depth-0 labels. Default `'degree'`. */
  readonly labels?: WlLabels;
}

/** What `inferDocuments` needs of a `wlDocuments` result: plain data, so it may be saved as JSON. */
export interface WlDictionary {
  /**
   * Word i's canonical string. Depth 0: the initial label (`'3'`, karateclub's `str(label)`).
   * Depth k ≥ 1: `own(n1,n2,…)`, the depth-(k − 1) word ids of the node and of its neighbours, the
   * latter ascending. The parentheses keep depth-0 strings apart from deeper ones, and deeper ids
   * name words of the previous depth, so no string arises at two depths.
   */
  readonly vocabulary: readonly string[];
  readonly iterations: number;
  readonly labels: WlLabelKind;
}

export interface WlDocuments extends WlDictionary {
  /**
   * Per graph, its words, node-major as karateclub's `get_graph_features` lists them: node v's
   * words of depths 0 … h are at v·(h + 1) … v·(h + 1) + h.
   */
  readonly documents: readonly Int32Array[];
  /** The depth of each word. Ids are numbered depth by depth, so this is non-decreasing. */
  readonly depths: Int32Array;
  /** How often each word occurs in `documents` (for a trainer's min count; karateclub passes gensim min_count 5). */
  readonly counts: Int32Array;
}

export interface WlInferOptions {
  /** One array of integer node labels per graph: required when the dictionary was built from given labels, refused otherwise. */
  readonly labels?: readonly ArrayLike<number>[];
}

export interface WlInferred {
  /** Per graph, the ids of its words that the dictionary holds, in the layout of `WlDocuments.documents` less the dropped ones. */
  readonly documents: readonly Int32Array[];
  /** Per graph, how many of its n·(h + 1) words were not in the dictionary and were dropped. */
  readonly unknown: Int32Array;
}

/** A word the dictionary does not hold (inference only). */
const UNKNOWN = -1;

/** The id of a canonical string at a depth, or UNKNOWN. */
type Lookup = (word: string, depth: number) => number;

/** One WL iteration: each node's next word from its word and its neighbours' words. */
function refine(prev: Int32Array, s: NeighbourSets, depth: number, lookup: Lookup): Int32Array {
  const next = new Int32Array(prev.length);
  for (let v = 0; v < prev.length; v++) {
    const around = Int32Array.from(s.colIdx.subarray(s.rowPtr[v], s.rowPtr[v + 1]), (u) => prev[u]);
    // A subtree holding an unseen subtree is unseen too: no training word names an unknown id.
    next[v] = prev[v] === UNKNOWN || around.includes(UNKNOWN) ? UNKNOWN : lookup(`${prev[v]}(${around.sort().join(',')})`, depth);
  }
  return next;
}

/** Each graph's word ids per depth, `[graph][depth][node]`, depth by depth over all graphs (so ids group by depth). */
function wordIds(sets: readonly NeighbourSets[], labels: readonly Float64Array[], iterations: number, lookup: Lookup): Int32Array[][] {
  const ids: Int32Array[][] = labels.map((l) => [Int32Array.from(l, (x) => lookup(String(x), 0))]);
  for (let depth = 1; depth <= iterations; depth++)
    ids.forEach((perDepth, i) => perDepth.push(refine(perDepth[depth - 1], sets[i], depth, lookup)));
  return ids;
}

/** A graph's document, node-major, and how many of its words were unknown. */
function documentOf(perDepth: readonly Int32Array[]): { words: Int32Array; unknown: number } {
  const n = perDepth[0].length, h1 = perDepth.length;
  const words = new Int32Array(n * h1);
  let at = 0;
  for (let v = 0; v < n; v++)
    for (let k = 0; k < h1; k++) if (perDepth[k][v] !== UNKNOWN) words[at++] = perDepth[k][v];
  return { words: at === words.length ? words : words.slice(0, at), unknown: words.length - at };
}

const checkGraphs = (op: string, graphs: unknown): readonly Graph[] => {
  if (!Array.isArray(graphs)) throw new ArgumentError(op, 'graphs', `must be an array of Graphs, got ${describe(graphs)}`);
  return graphs.map((g, i) => checkGraph(op, `graphs[${i}]`, g));
};

/**
 * The WL documents of `graphs` for graph2vec, as karateclub's WeisfeilerLehmanHashing builds them:
 * node v's depth-0 word is its label, and its depth-k word (k = 1 … h) names the pair (its
 * depth-(k − 1) word, the sorted multiset of its neighbours' depth-(k − 1) words), that is the
 * rooted subtree of height k at v. Neighbours are the distinct in-neighbours (give an undirected
 * graph both directions: `symmetrize`); degree is networkx's, a self-loop counting twice.
 *
 * karateclub's Graph2Vec.fit first adds a self-loop to every node (Estimator._check_graph), making
 * each degree 2 more and each node its own neighbour. Both are one-to-one on labels, so on graphs
 * without self-loops the nodes share words exactly as here (the documents agree up to renaming word
 * ids, to which PV-DBOW is blind); none are added here.
 */
export function wlDocuments(graphs: readonly Graph[], options?: WlDocumentsOptions): WlDocuments {
  const op = 'wlDocuments';
  const gs = checkGraphs(op, graphs);
  checkOptions(op, options, ['iterations', 'labels']);
  const iterations = options?.iterations ?? 2;
  checkSize(op, 'iterations', iterations, 0);
  const labels = labelKind(op, options?.labels, gs.length);
  const index = new Map<string, number>();
  const vocabulary: string[] = [], depthOf: number[] = [];
  const lookup: Lookup = (word, depth) => {
    const hit = index.get(word);
    if (hit !== undefined) return hit;
    index.set(word, vocabulary.length);
    depthOf.push(depth);
    return vocabulary.push(word) - 1;
  };
  const sets = gs.map(neighbourSets);
  const ids = wordIds(sets, initialLabels(op, gs, sets, options?.labels), iterations, lookup);
  const documents = ids.map((perDepth) => documentOf(perDepth).words);
  const counts = new Int32Array(vocabulary.length);
  for (const d of documents) for (const w of d) counts[w]++;
  Object.freeze(vocabulary);
  indexCache.set(vocabulary, index);
  return Object.freeze({ documents: Object.freeze(documents), vocabulary, depths: Int32Array.from(depthOf), counts, iterations, labels });
}

/** Each vocabulary's string → id map, kept for the results `wlDocuments` made (and rebuilt for others). */
const indexCache = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

const indexOf = (vocabulary: readonly string[]): ReadonlyMap<string, number> => {
  const hit = indexCache.get(vocabulary);
  if (hit) return hit;
  const index = new Map(vocabulary.map((w, i) => [w, i]));
  indexCache.set(vocabulary, index);
  return index;
};

const LABEL_KINDS: readonly string[] = ['degree', 'argmax', 'given'];

function checkDictionary(op: string, model: unknown): WlDictionary {
  const bad = (what: string) => new ArgumentError(op, 'model', `must be what wlDocuments returned (${what})`);
  if (typeof model !== 'object' || model === null) throw bad(`got ${describe(model)}`);
  const vocabulary = 'vocabulary' in model ? model.vocabulary : undefined;
  const iterations = 'iterations' in model ? model.iterations : undefined;
  const labels = 'labels' in model ? model.labels : undefined;
  if (!Array.isArray(vocabulary) || !vocabulary.every((w) => typeof w === 'string')) throw bad('its vocabulary is not an array of strings');
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 0) throw bad(`its iterations is ${show(iterations)}`);
  if (labels !== 'degree' && labels !== 'argmax' && labels !== 'given') throw bad(`its labels is ${show(labels)}, not one of ${LABEL_KINDS.join(', ')}`);
  return { vocabulary, iterations, labels };
}

/**
 * The documents of `graphs` in the words of `model` (a `wlDocuments` result), labelled as it was
 * (its iterations, its kind of labels): graph2vec's `infer`. Words the dictionary lacks (rooted
 * subtrees no training graph had) are dropped and counted; the dictionary never grows. On the
 * training graphs it gives back their documents, with nothing unknown.
 */
export function inferDocuments(model: WlDictionary, graphs: readonly Graph[], options?: WlInferOptions): WlInferred {
  const op = 'inferDocuments';
  const dict = checkDictionary(op, model);
  const gs = checkGraphs(op, graphs);
  checkOptions(op, options, ['labels']);
  const given = options?.labels;
  if (dict.labels === 'given' && given === undefined)
    throw new OptionError(op, 'labels is needed: the dictionary was built from given node labels, so give one array per graph alike');
  if (dict.labels !== 'given' && given !== undefined)
    throw new OptionError(op, `labels must be left out: the dictionary was built from labels '${dict.labels}', which new graphs get the same way`);
  const index = indexOf(dict.vocabulary);
  const sets = gs.map(neighbourSets);
  const ids = wordIds(sets, initialLabels(op, gs, sets, given ?? dict.labels), dict.iterations, (word) => index.get(word) ?? UNKNOWN);
  const docs = ids.map(documentOf);
  return Object.freeze({ documents: Object.freeze(docs.map((d) => d.words)), unknown: Int32Array.from(docs, (d) => d.unknown) });
}
