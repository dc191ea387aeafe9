// graph2vec (Narayanan et al. 2017) as karateclub runs it: each graph is a document whose words are
// its Weisfeiler–Lehman rooted-subtree labels of depths 0 … h, words seen fewer than `minCount`
// times dropped, and PV-DBOW trains one vector per graph. Unseen graphs get vectors by inference
// against the frozen model, their words read through the same dictionary.
import type { Graph } from '../graph/graph.js';
import { inferDocuments, wlDocuments, type WlDictionary, type WlLabels } from '../graph/weisfeiler-lehman.js';
import type { Key } from '../random/key.js';
import { checkSize } from '../nn/args.js';
import { checkOptions } from '../shape/options.js';
import { OptionError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { inferDoc2vec, trainDoc2vec, type Doc2vec } from './doc2vec.js';
import type { Word2vecProgress } from './word2vec.js';

export interface Graph2vecOptions {
  /** WL iterations h. Default 2 (karateclub's wl_iterations). */
  readonly iterations?: number;
  /** Depth-0 node labels. Default 'degree' (karateclub without attributes). */
  readonly labels?: WlLabels;
  /** Default 128 (karateclub's dimensions). */
  readonly dim?: number;
  /** Default 10. */
  readonly epochs?: number;
  /** Words seen fewer times are dropped. Default 5 (karateclub's min_count). */
  readonly minCount?: number;
  /** Default 0.025. */
  readonly alpha?: number;
  readonly negatives?: number;
  readonly key: Key;
  readonly onProgress?: (p: Word2vecProgress) => void;
}

export interface Graph2vec {
  /** `[graphs, dim]`: one vector per graph. */
  readonly embeddings: Tensor<[number, number]>;
  readonly model: Doc2vec;
  readonly dictionary: WlDictionary;
  /** Word id in the dictionary → id in the trained vocabulary (−1: dropped by minCount). */
  readonly kept: Int32Array;
  /** Distinct words kept / in all. */
  readonly vocabulary: { readonly kept: number; readonly all: number };
}

const OP = 'graph2vec';

/** The documents' words renamed to kept ids, dropped words left out. */
const renamed = (docs: readonly Int32Array[], kept: Int32Array): Int32Array[] =>
  docs.map((doc) => {
    const out: number[] = [];
    for (const w of doc) if (kept[w] >= 0) out.push(kept[w]);
    return Int32Array.from(out);
  });

/** graph2vec embeddings of `graphs`. Deterministic for a key. */
export function graph2vec(graphs: readonly Graph[], options: Graph2vecOptions): Graph2vec {
  checkOptions(OP, options, ['iterations', 'labels', 'dim', 'epochs', 'minCount', 'alpha', 'negatives', 'key', 'onProgress'], 'required');
  const minCount = options.minCount ?? 5;
  checkSize(OP, 'minCount', minCount);
  const wl = wlDocuments(graphs, { iterations: options.iterations ?? 2, labels: options.labels ?? 'degree' });
  const kept = new Int32Array(wl.vocabulary.length).fill(-1);
  let V = 0;
  wl.counts.forEach((n, w) => { if (n >= minCount) kept[w] = V++; });
  if (V === 0) throw new OptionError(OP, `no WL word occurs ${minCount} times or more: lower minCount`);
  const docs = renamed(wl.documents, kept);
  const model = trainDoc2vec(docs, {
    dim: options.dim ?? 128, mode: 'dbow', epochs: options.epochs ?? 10, alpha: options.alpha ?? 0.025,
    negatives: options.negatives ?? 5, vocabSize: V, key: options.key, onProgress: options.onProgress,
  });
  const dictionary: WlDictionary = { vocabulary: wl.vocabulary, iterations: wl.iterations, labels: wl.labels };
  return { embeddings: model.docs, model, dictionary, kept, vocabulary: { kept: V, all: wl.vocabulary.length } };
}

/** Vectors for unseen graphs: their WL words through the model's dictionary, then PV-DBOW inference. `[n, dim]`. */
export function inferGraph2vec(g: Graph2vec, graphs: readonly Graph[], options: { readonly key: Key; readonly labels?: readonly ArrayLike<number>[]; readonly epochs?: number }): Tensor<[number, number]> {
  const docs = inferDocuments(g.dictionary, graphs, options.labels ? { labels: options.labels } : {}).documents;
  return inferDoc2vec(g.model, renamed(docs, g.kept), { key: options.key, ...(options.epochs ? { epochs: options.epochs } : {}) });
}
