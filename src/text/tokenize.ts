// Word tokens and sentences from raw text, for the word-embedding pipeline. One fixed, documented
// rule set (no locale, no dictionary), so the same text gives the same tokens on every machine.
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';

export interface TokenizeOptions {
  /** Lower-case every token (`String.prototype.toLowerCase`, locale-independent). Default true. */
  readonly lowercase?: boolean;
  /** 'drop' (default) leaves out every character that is neither a word nor white space; 'keep' makes each one a token. */
  readonly punctuation?: 'drop' | 'keep';
}

// A word is a run of letters, combining marks and digits (any script). Runs joined by one
// apostrophe or hyphen stay one word ("don't", "term-end"), and so do digits joined by one '.' or
// ',' ("7.5", "1,119"); a connector at either end of a word, or doubled, is not part of it.
const CHAR = String.raw`[\p{L}\p{M}\p{N}]`;
const JOIN = String.raw`(?:['\u2019\-\u2010\u2011]|(?<=\p{N})[.,](?=\p{N}))`;
const WORD = `${CHAR}+(?:${JOIN}${CHAR}+)*`;
const WORDS = new RegExp(WORD, 'gu');
/** With 'keep', any other non-space code point is a token of its own ("..." is three). */
const WORDS_AND_MARKS = new RegExp(`${WORD}|[^\\s\\p{L}\\p{M}\\p{N}]`, 'gu');

/** The typographic apostrophe and the Unicode hyphens inside a word, written as `'` and `-`, so "don’t" is "don't". */
const plainConnectors = (w: string): string => w.replace(/\u2019/g, "'").replace(/[\u2010\u2011]/g, '-');

/**
 * The word tokens of `text`, in order. The text is lower-cased (unless `lowercase: false`) and put
 * in Unicode NFC form (so composed and decomposed accents give the same token); then:
 * - a word is a maximal run of letters, marks and digits of any script, where a single `'`, `’`,
 *   `-`, `‐` or `‑` between two such characters, or a single `.` or `,` between two digits, joins
 *   the runs on either side: "Don't", "term-end", "1,119" and "7.5" are one token each, while
 *   "e.g." is "e", "g" and "--" between words splits them;
 * - inside a word, `’` becomes `'` and the Unicode hyphens become `-`;
 * - everything else (punctuation, symbols, emoji, a leading or trailing apostrophe) is dropped, or,
 *   with `punctuation: 'keep'`, is a token of one code point each.
 */
export function tokenize(text: string, options: TokenizeOptions = {}): string[] {
  const op = 'tokenize';
  if (typeof text !== 'string') throw new ArgumentError(op, 'text', `must be a string, got ${describe(text)}`);
  checkOptions(op, options, ['lowercase', 'punctuation']);
  checkBoolean(op, 'lowercase', options.lowercase);
  const { punctuation = 'drop', lowercase = true } = options;
  if (punctuation !== 'drop' && punctuation !== 'keep') throw new OptionError(op, `punctuation must be 'drop' or 'keep', got ${show(punctuation)}`);
  const source = (lowercase ? text.toLowerCase() : text).normalize('NFC'); // lower-casing can decompose ('İ')
  const found = source.match(punctuation === 'keep' ? WORDS_AND_MARKS : WORDS) ?? [];
  return found.map(plainConnectors);
}

/**
 * The sentences of `text`, trimmed, empty ones left out. A sentence ends at every line break and
 * after a run of `.`, `!` or `?` (with any closing quotes or brackets right after it) that white
 * space follows. A deliberately simple rule: "Mr. Smith" is two sentences, and a sentence wrapped
 * over two lines is two. Corpora that come one sentence per line (Brown) need only the line rule.
 */
export function sentences(text: string): string[] {
  if (typeof text !== 'string') throw new ArgumentError('sentences', 'text', `must be a string, got ${describe(text)}`);
  return text.split(/\r\n|[\n\r\u2028\u2029]/)
    .flatMap((line) => line.split(/(?<=[.!?]+["'\u201d\u2019)\]]*)\s+/u))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
