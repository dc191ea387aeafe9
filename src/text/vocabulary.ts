// A word2vec-style vocabulary: the words seen at least `minCount` times, most frequent first, each
// with its count, and the encoding of token lists as ids into it (unknown words dropped, as
// word2vec drops them, rather than mapped to an <unk> id that would take part in training).
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkOptions, describe, show } from '../shape/options.js';

export interface VocabularyOptions {
  /** Words seen fewer times are left out (word2vec's `min-count`, gensim's `min_count`). Default 5. */
  readonly minCount?: number;
  /** At most this many words: the most frequent, after the sort. Default: no limit. */
  readonly maxSize?: number;
}

export interface Vocabulary {
  /** The words by descending count, ties in code-unit order of the word; a word's id is its index. */
  readonly words: readonly string[];
  /** counts[id]: how often words[id] occurs in the sequences the vocabulary was built from. */
  readonly counts: Float64Array;
  /** The tokens the vocabulary keeps: the sum of `counts`. */
  readonly total: number;
  /** The id of a word, or undefined for a word left out. */
  idOf(word: string): number | undefined;
  /** The ids of the tokens in the vocabulary, in order; the others are dropped. */
  encode(tokens: readonly string[]): Int32Array;
  /** `encode`, and how many tokens it dropped. */
  encodeCounted(tokens: readonly string[]): { readonly ids: Int32Array; readonly dropped: number };
}

const positiveInteger = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw new OptionError(op, `${name} must be an integer ≥ 1, got ${show(v)}`);
  return v;
};

/** Throws an ArgumentError naming `op` unless `tokens` is an array of non-empty strings; `at` names it in the message. */
const checkTokens = (op: string, at: string, tokens: unknown): readonly string[] => {
  if (!Array.isArray(tokens)) throw new ArgumentError(op, at, `must be an array of string tokens, got ${describe(tokens)}`);
  const list: readonly unknown[] = tokens;
  list.forEach((t, j) => {
    if (typeof t !== 'string' || t.length === 0) throw new ArgumentError(op, `${at}[${j}]`, `is ${describe(t)}; expected a non-empty string`);
  });
  return tokens;
};

/**
 * The vocabulary of the token sequences (e.g. `tokenize`d sentences): the words with count ≥
 * `minCount`, sorted by descending count and then by word (comparing UTF-16 code units, not a
 * locale, so the order is the same everywhere), cut to the first `maxSize`. Deterministic: equal
 * input gives equal ids. Tokens must be non-empty strings; an ArgumentError names the position.
 * A vocabulary can be empty (no word reaches `minCount`).
 */
export function buildVocabulary(tokenSequences: readonly (readonly string[])[], options: VocabularyOptions = {}): Vocabulary {
  const op = 'buildVocabulary';
  checkOptions(op, options, ['minCount', 'maxSize']);
  const minCount = positiveInteger(op, 'minCount', options.minCount ?? 5);
  const maxSize = options.maxSize === undefined ? Infinity : positiveInteger(op, 'maxSize', options.maxSize);
  if (!Array.isArray(tokenSequences)) throw new ArgumentError(op, 'tokenSequences', `must be an array of token arrays, got ${describe(tokenSequences)}`);
  const seen = new Map<string, number>();
  tokenSequences.forEach((s, i) => {
    for (const t of checkTokens(op, `tokenSequences[${i}]`, s)) seen.set(t, (seen.get(t) ?? 0) + 1);
  });
  const kept = [...seen].filter(([, c]) => c >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, maxSize);
  return vocabularyOf(kept.map(([w]) => w), Float64Array.from(kept, ([, c]) => c));
}

const vocabularyOf = (words: readonly string[], counts: Float64Array): Vocabulary => {
  const ids = new Map(words.map((w, i) => [w, i]));
  const encodeCounted = (tokens: readonly string[]): { ids: Int32Array; dropped: number } => {
    checkTokens('encode', 'tokens', tokens);
    const out = new Int32Array(tokens.length);
    let n = 0;
    for (const t of tokens) {
      const id = ids.get(t);
      if (id !== undefined) out[n++] = id;
    }
    return { ids: out.slice(0, n), dropped: tokens.length - n };
  };
  return Object.freeze({
    words: Object.freeze([...words]),
    counts,
    total: counts.reduce((a, c) => a + c, 0),
    idOf: (word: string) => ids.get(word),
    encode: (tokens: readonly string[]) => encodeCounted(tokens).ids,
    encodeCounted,
  });
};
