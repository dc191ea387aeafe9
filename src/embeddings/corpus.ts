// Integer sequences (node2vec's walks, tokenised sentences) flattened into one checked token array,
// the form the pair sampler and the noise distribution read.
import { ArgumentError, OptionError } from '../shape/errors.js';
import { describe, show } from '../shape/options.js';

/** Sequence s is `tokens[starts[s]]` … `tokens[starts[s + 1] − 1]`; every token is below `vocabSize`. */
export interface Corpus {
  readonly tokens: Int32Array;
  /** `sequenceCount + 1` offsets, from 0 to `tokens.length`. */
  readonly starts: Int32Array;
  readonly vocabSize: number;
}

/** The largest vocabulary: ids travel to `gather` as float32, exact below 2^24. */
const MAX_VOCAB = 2 ** 24;

/**
 * The sequences as a corpus over ids 0 … vocabSize − 1 (default: the largest id + 1). Each id must
 * be an integer in that range; an ArgumentError names `op` and the position `sequences[s][i]`.
 */
export function corpus(op: string, sequences: readonly ArrayLike<number>[], vocabSize?: number): Corpus {
  if (!Array.isArray(sequences)) throw new ArgumentError(op, 'sequences', `must be an array of integer sequences, got ${describe(sequences)}`);
  if (vocabSize !== undefined && (!Number.isSafeInteger(vocabSize) || vocabSize < 1 || vocabSize > MAX_VOCAB))
    throw new OptionError(op, `vocabSize must be an integer in [1, ${MAX_VOCAB}], got ${describe(vocabSize)}`);
  const starts = new Int32Array(sequences.length + 1);
  sequences.forEach((s, i) => { starts[i + 1] = starts[i] + (s?.length ?? 0); });
  const tokens = new Int32Array(starts[sequences.length]);
  const limit = vocabSize ?? MAX_VOCAB;
  let largest = -1;
  sequences.forEach((s, i) => {
    if (s === null || typeof s !== 'object' || typeof s.length !== 'number') throw new ArgumentError(op, `sequences[${i}]`, `must be an array of integer ids, got ${describe(s)}`);
    for (let j = 0; j < s.length; j++) {
      const v = s[j];
      if (!Number.isInteger(v) || v < 0 || v >= limit) throw new ArgumentError(op, `sequences[${i}][${j}]`, `is ${show(v)}; expected an integer id in [0, ${limit})`);
      tokens[starts[i] + j] = v;
      largest = Math.max(largest, v);
    }
  });
  if (vocabSize === undefined && largest < 0) throw new ArgumentError(op, 'sequences', 'hold no ids: give vocabSize, or some tokens');
  return { tokens, starts, vocabSize: vocabSize ?? largest + 1 };
}

/** How often each id occurs in the corpus. */
export function tokenCounts(c: Corpus): Float64Array {
  const counts = new Float64Array(c.vocabSize);
  for (const v of c.tokens) counts[v]++;
  return counts;
}
