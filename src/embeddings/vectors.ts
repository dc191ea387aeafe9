// Word vectors as a plain value: the words, their vectors row-major in one Float32Array, and the
// dimension. Made once (by `wordVectors` or a reader) and never changed: the queries cache the
// word index and the row norms per value.
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { toArray } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';

export interface WordVectors {
  /** Unique, non-empty, without whitespace; row i of `vectors` is the vector of `words[i]`. */
  readonly words: readonly string[];
  /** `[words.length, dim]` row-major. Treat it as read-only: the queries cache norms per value. */
  readonly vectors: Float32Array;
  readonly dim: number;
}

/**
 * The characters word2vec and fastText files separate on (word2vec's reader splits on space, tab
 * and newline, gensim's on space). Other Unicode spaces do occur inside real vocabularies (fastText's
 * crawl vectors have words holding U+00A0) and are kept.
 */
const SEPARATOR = /[ \t\n\v\f\r]/;

/** What is wrong with `w` as a word, as the end of a sentence, or undefined when it is fine. */
export const wordProblem = (w: unknown): string | undefined => {
  if (typeof w !== 'string') return `is ${describe(w)}, not a string`;
  if (w === '') return 'is empty';
  if (SEPARATOR.test(w)) return `is ${JSON.stringify(w)}, which holds whitespace (the file formats separate on it)`;
  return undefined;
};

/** @internal a value from parts already checked (the readers check as they parse, with places). */
export const makeWordVectors = (words: readonly string[], vectors: Float32Array, dim: number): WordVectors =>
  Object.freeze({ words: Object.freeze([...words]), vectors, dim });

/**
 * Word vectors from `words` and their rows `x`: a Tensor `[count, dim]`, or a Float32Array of
 * count·dim numbers (with `dim`, needed only when there are no words). The numbers are copied.
 * Throws an ArgumentError or ShapeError naming `wordVectors` for duplicate, empty or
 * whitespace-holding words, a non-finite number or sizes that do not fit.
 */
export function wordVectors(words: readonly string[], x: Tensor | Float32Array, dim?: number): WordVectors {
  const op = 'wordVectors';
  if (!Array.isArray(words)) throw new ArgumentError(op, 'words', `must be an array of strings, got ${describe(words)}`);
  const count = words.length;
  if (dim !== undefined && !(Number.isSafeInteger(dim) && dim >= 1)) throw new ArgumentError(op, 'dim', `must be an integer ≥ 1, got ${describe(dim)}`);
  let data: Float32Array;
  let d: number;
  if (x instanceof Tensor) {
    if (x.rank !== 2 || x.shape[0] !== count) throw new ShapeError(op, 'x', x.shape, `must be [${count}, dim] (one row per word)`);
    d = x.shape[1];
    if (dim !== undefined && dim !== d) throw new ShapeError(op, 'x', x.shape, `does not have dim = ${dim} columns`);
    if (d < 1) throw new ShapeError(op, 'x', x.shape, 'must have at least one column');
    data = toArray(x); // a copy already
  } else if (x instanceof Float32Array) {
    if (dim === undefined && count === 0) throw new ArgumentError(op, 'dim', 'must be given when there are no words (it cannot be read off the rows)');
    d = dim ?? x.length / count;
    if (!Number.isInteger(d) || d < 1 || x.length !== count * d)
      throw new ArgumentError(op, 'x', `has ${x.length} numbers, which is not ${count} words × ${dim ?? 'a whole dim ≥ 1'}`);
    data = x.slice(); // the value must not change when the caller's array does
  } else {
    throw new ArgumentError(op, 'x', `must be a Tensor [count, dim] or a Float32Array, got ${describe(x)}`);
  }
  let bad = 0;
  while (bad < data.length && Number.isFinite(data[bad])) bad++; // a loop: findIndex's callback is slow over millions
  if (bad < data.length) throw new ArgumentError(op, 'x', `holds ${data[bad]} at row ${Math.floor(bad / d)}, column ${bad % d}; word vectors must be finite`);
  const seen = new Map<string, number>();
  words.forEach((w, i) => {
    const problem = wordProblem(w);
    if (problem !== undefined) throw new ArgumentError(op, `words[${i}]`, problem);
    const first = seen.get(w);
    if (first !== undefined) throw new ArgumentError(op, `words[${i}]`, `is ${JSON.stringify(w)}, already words[${first}]; words must be unique`);
    seen.set(w, i);
  });
  const wv = makeWordVectors(words, data, d);
  indexes.set(wv, seen);
  return wv;
}

/** Throws an ArgumentError naming `op` unless `wv` has the shape of a WordVectors value (contents are checked where they are used). */
export function checkWordVectors(op: string, wv: unknown): asserts wv is WordVectors {
  const ok = typeof wv === 'object' && wv !== null && 'words' in wv && 'vectors' in wv && 'dim' in wv &&
    Array.isArray(wv.words) && wv.vectors instanceof Float32Array && typeof wv.dim === 'number' &&
    Number.isSafeInteger(wv.dim) && wv.dim >= 1 && wv.vectors.length === wv.words.length * wv.dim;
  if (!ok) throw new ArgumentError(op, 'wv', `must be word vectors { words, vectors: Float32Array [words.length · dim], dim } (see wordVectors), got ${describe(wv)}`);
}

const indexes = new WeakMap<WordVectors, ReadonlyMap<string, number>>();

/** word → row, built once per value; a value made by hand with a duplicate word is refused here. */
export const wordIndex = (op: string, wv: WordVectors): ReadonlyMap<string, number> => {
  const known = indexes.get(wv);
  if (known) return known;
  const index = new Map<string, number>();
  wv.words.forEach((w, i) => {
    const first = index.get(w);
    if (first !== undefined) throw new ArgumentError(op, `wv.words[${i}]`, `is ${JSON.stringify(w)}, already wv.words[${first}]; words must be unique`);
    index.set(w, i);
  });
  indexes.set(wv, index);
  return index;
};

/** The row of `word` in `wv`, or -1 when it is not there (as Array's indexOf), in constant time. */
export function indexOf(wv: WordVectors, word: string): number {
  checkWordVectors('indexOf', wv);
  if (typeof word !== 'string') throw new ArgumentError('indexOf', 'word', `must be a string, got ${describe(word)}`);
  return wordIndex('indexOf', wv).get(word) ?? -1;
}
