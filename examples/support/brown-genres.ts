// Brown's 500 texts as documents with their genres and fixed stratified folds, and the genre probe
// (logistic regression, k-fold) that scores document vectors: shared by examples/doc2vec.ts and
// bench/doc2vec-peers.ts so that nn-ts's vectors and the peers' are scored by the same code.
import * as E from 'fp-ts/lib/Either.js';
import { gather, key, tensor, type Tensor } from '../../src/index.js';
import { fitLinearProbe } from '../../src/embeddings/index.js';
import { buildVocabulary, loadBrownSentences, tokenize, type BrownDocument, type Vocabulary } from '../../src/text/index.js';
import { stratifiedFolds } from './folds.js';

export interface BrownGenres {
  readonly texts: readonly BrownDocument[];
  /** each text's tokens, lower-cased, before the vocabulary */
  readonly tokens: readonly (readonly string[])[];
  /** min count 5 */
  readonly vocab: Vocabulary;
  readonly docs: readonly Int32Array[];
  readonly genres: readonly string[];
  readonly labels: Int32Array;
  readonly folds: number;
  /** fold[i]: the fold of text i (stratified by genre, key 11) */
  readonly foldOf: Int32Array;
  /** the share of the most frequent genre */
  readonly majority: number;
}

/** Loads Brown and builds the documents, labels and folds; exits with the loader's message when the data is missing. */
export function brownGenres(folds = 5): BrownGenres {
  const loaded = loadBrownSentences();
  if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
  const texts = loaded.right;
  const tokens = texts.map((t) => t.sentences.flatMap((s) => s.words.flatMap((w) => tokenize(w))));
  const vocab = buildVocabulary(tokens, { minCount: 5 });
  const genres = [...new Set(texts.map((t) => t.genre))].sort();
  const labels = Int32Array.from(texts, (t) => genres.indexOf(t.genre));
  const majority = Math.max(...genres.map((_, g) => labels.filter((l) => l === g).length)) / texts.length;
  return { texts, tokens, vocab, docs: tokens.map((t) => vocab.encode(t)), genres, labels, folds, foldOf: stratifiedFolds(labels, genres.length, folds, key(11)), majority };
}

/** Text ids whose fold satisfies `f`. */
export const textsWhere = (b: BrownGenres, f: (fold: number) => boolean): number[] => Array.from(b.labels.keys()).filter((i) => f(b.foldOf[i]));

/** Rows `ids` of x. */
export const rowsAt = (x: Tensor, ids: readonly number[]): Tensor => gather(x, tensor(ids, [ids.length]));

/** The genre probe's test accuracy on each fold, the probe fitted on the other folds' rows of `vectors` ([texts, d]). */
export function genreAccuracies(b: BrownGenres, vectors: Tensor): number[] {
  return Array.from({ length: b.folds }, (_, f) => {
    const train = textsWhere(b, (g) => g !== f), test = textsWhere(b, (g) => g === f);
    const probe = fitLinearProbe(rowsAt(vectors, train), Int32Array.from(train, (i) => b.labels[i]), b.genres.length);
    return probe.accuracy(rowsAt(vectors, test), Int32Array.from(test, (i) => b.labels[i]));
  });
}
