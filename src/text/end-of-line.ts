// fastText's end-of-line token: fastText's reader ends every line with '</s>', a word of the
// vocabulary like any other (counted, subsampled, a centre and a context, drawn as a negative)
// but for its subwords: it has none (Dictionary::initNgrams skips it). word2vec.c reads the same
// token but only to end the sentence.
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/** The end-of-line token, fastText's and word2vec.c's `</s>`. */
export const END_OF_LINE = '</s>';

/** Each token list with `END_OF_LINE` appended, as fastText reads each line of its input. */
export function withEndOfLine(tokenSequences: readonly (readonly string[])[]): string[][] {
  if (!Array.isArray(tokenSequences)) throw new ArgumentError('withEndOfLine', 'tokenSequences', `must be an array of token arrays, got ${describe(tokenSequences)}`);
  return tokenSequences.map((s, i) => {
    if (!Array.isArray(s)) throw new ArgumentError('withEndOfLine', `tokenSequences[${i}]`, `must be an array of tokens, got ${describe(s)}`);
    return [...s, END_OF_LINE];
  });
}
