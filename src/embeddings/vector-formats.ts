// word2vec's two vector formats, in memory. Text (also fastText's `.vec`): a header line
// "count dim", then per word a line "word v1 … vd". Binary (word2vec's `-binary 1`): the header line
// "count dim\n", then per word its UTF-8 bytes, a space, dim little-endian float32 and "\n" (word2vec
// C writes the newline, gensim does not; both readers, and this one, take either). Readers return
// Left(BadVectors) naming the line or byte offset of what is malformed; writers throw on bad arguments.
import * as E from 'fp-ts/lib/Either.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { float32Text } from './float32-text.js';
import { badBinaryVectors, badTextVectors, type BadVectors } from './vector-problems.js';
import { checkWordVectors, makeWordVectors, wordProblem, type WordVectors } from './vectors.js';

export interface TextFormatOptions {
  /**
   * Write each number with this many decimals (`toFixed`; word2vec's own `%lf` is 6), which loses
   * digits. Default: the shortest decimal that reads back as the same float32 (`float32Text`), so
   * that writing and reading the text is exact.
   */
  readonly decimals?: number;
}

export interface BinaryFormatOptions {
  /** End each vector with "\n" as word2vec C does. Default true; false writes gensim's layout. */
  readonly newline?: boolean;
}

/** @internal the text of `count` rows of `data` `[count, dim]` named `words`, with numbers as `number` writes them. */
export const vectorText = (words: readonly string[], data: Float32Array, dim: number, number: (v: number) => string): string => {
  const lines = [`${words.length} ${dim}`];
  const row = new Array<string>(dim + 1);
  for (let i = 0; i < words.length; i++) {
    row[0] = words[i];
    for (let j = 0; j < dim; j++) row[j + 1] = number(data[i * dim + j]);
    lines.push(row.join(' '));
  }
  return `${lines.join('\n')}\n`;
};

/** The number writer `decimals` asks for (exact by default). */
export const numberFormat = (op: string, decimals: unknown): ((v: number) => string) => {
  if (decimals === undefined) return float32Text;
  if (typeof decimals !== 'number' || !Number.isInteger(decimals) || decimals < 0 || decimals > 100)
    throw new OptionError(op, `decimals must be an integer in [0, 100] (toFixed's range), got ${describe(decimals)}`);
  return (v) => v.toFixed(decimals);
};

/** `wv` in word2vec's text format (fastText's `.vec`), exact unless `decimals` is given. */
export function writeWord2vecText(wv: WordVectors, options: TextFormatOptions = {}): string {
  const op = 'writeWord2vecText';
  checkOptions(op, options, ['decimals']);
  checkWordVectors(op, wv);
  return vectorText(wv.words, wv.vectors, wv.dim, numberFormat(op, options.decimals));
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as text; invalid UTF-8 is a Left naming its line (a newline byte is never inside a UTF-8 sequence). */
const decodeText = (bytes: Uint8Array): E.Either<BadVectors, string> => {
  try {
    return E.right(utf8.decode(bytes));
  } catch {
    let start = 0;
    for (let line = 1; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      try {
        utf8.decode(bytes.subarray(start, end < 0 ? bytes.length : end));
      } catch {
        return E.left(badTextVectors(line, 'is not valid UTF-8'));
      }
      if (end < 0) return E.left(badTextVectors(line, 'is not valid UTF-8'));
      start = end + 1;
    }
  }
};

/** A decimal number as C's strtod and Python's float() read it; no hex, no inf or nan (vectors are finite). */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const HEADER = /^(\d+)[ \t]+(\d+)[ \t\r]*$/;
const TRAILING = /[ \t\r]+$/; // word2vec C ends every value with a space; CRLF files end lines with \r
const FIELDS = /[ \t]+/;

/** The header's count and dim, or why they are not. */
const header = (line: string | undefined, what: string): E.Either<string, { count: number; dim: number }> => {
  const m = line === undefined ? null : HEADER.exec(line);
  if (!m) return E.left(`must be the header "count dim" (two integers), got ${line === undefined ? 'nothing' : JSON.stringify(line.slice(0, 40))}`);
  const count = Number(m[1]), dim = Number(m[2]);
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(dim)) return E.left(`header "${m[1]} ${m[2]}" holds a number too large`);
  if (dim < 1) return E.left(`header announces dim ${dim}; ${what} need dim ≥ 1`);
  return E.right({ count, dim });
};

/**
 * Word vectors from word2vec's text format (fastText's `.vec` too), a string or UTF-8 bytes: the
 * header, then exactly `count` lines of a word and `dim` decimal numbers, split on spaces or tabs
 * (trailing ones and `\r` ignored; blank lines only at the end). Left(BadVectors) naming the line
 * for a bad header, too few or too many lines, a short or long row, a bad number or one outside
 * float32's range, a bad or duplicate word. Numbers are rounded to float32.
 */
export function readWord2vecText(input: string | Uint8Array): E.Either<BadVectors, WordVectors> {
  const op = 'readWord2vecText';
  if (typeof input !== 'string' && !(input instanceof Uint8Array)) throw new ArgumentError(op, 'input', `must be a string or a Uint8Array, got ${describe(input)}`);
  const decoded = typeof input === 'string' ? E.right(input) : decodeText(input);
  if (E.isLeft(decoded)) return decoded;
  const text = decoded.right;
  let pos = 0;
  const nextLine = (): string | undefined => {
    if (pos > text.length) return undefined;
    const end = text.indexOf('\n', pos);
    const line = text.slice(pos, end < 0 ? text.length : end);
    pos = end < 0 ? text.length + 1 : end + 1;
    return line;
  };
  const h = header(nextLine(), 'word vectors');
  if (E.isLeft(h)) return E.left(badTextVectors(1, h.left));
  const { count, dim } = h.right;
  // Each row takes at least 2·(dim + 1) characters ("w 0 … 0\n"): refuse a count the text cannot hold before allocating for it.
  if (count * 2 * (dim + 1) > text.length - pos + 1)
    return E.left(badTextVectors(1, `header announces ${count.toLocaleString('en-US')} vectors of dim ${dim}, more than the ${(text.length - pos).toLocaleString('en-US')} characters after it can hold`));
  const vectors = new Float32Array(count * dim);
  const words = new Array<string>(count);
  const lineOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const lineNo = i + 2;
    const raw = nextLine();
    const line = raw?.replace(TRAILING, '');
    if (line === undefined || line === '') {
      const rest = raw === undefined ? '' : text.slice(pos);
      if (rest.trim() === '') return E.left(badTextVectors(lineNo, `the text ends after ${i} of the ${count} vectors the header announces`));
      return E.left(badTextVectors(lineNo, 'is empty'));
    }
    const fields = line.split(FIELDS);
    const word = fields[0];
    if (word === '') return E.left(badTextVectors(lineNo, 'starts with whitespace, where its word belongs'));
    const problem = wordProblem(word);
    if (problem !== undefined) return E.left(badTextVectors(lineNo, `its word ${problem}`));
    const first = lineOf.get(word);
    if (first !== undefined) return E.left(badTextVectors(lineNo, `its word ${JSON.stringify(word)} is a duplicate of line ${first}'s`));
    lineOf.set(word, lineNo);
    if (fields.length !== dim + 1) return E.left(badTextVectors(lineNo, `has ${fields.length - 1} numbers after its word ${JSON.stringify(word)} but the header's dim is ${dim}`));
    for (let j = 0; j < dim; j++) {
      const s = fields[j + 1];
      if (!DECIMAL.test(s)) return E.left(badTextVectors(lineNo, `number ${j + 1} (${JSON.stringify(s.slice(0, 40))}) is not a decimal number`));
      const v = Math.fround(Number(s));
      if (!Number.isFinite(v)) return E.left(badTextVectors(lineNo, `number ${j + 1} (${s}) is outside float32's range`));
      vectors[i * dim + j] = v;
    }
    words[i] = word;
  }
  const rest = text.slice(Math.min(pos, text.length));
  if (rest.trim() !== '') {
    const extra = rest.slice(0, rest.search(/\S/)).split('\n').length - 1; // blank lines before the first extra one
    return E.left(badTextVectors(count + 2 + extra, `is more than the ${count} vectors the header announces`));
  }
  return E.right(makeWordVectors(words, vectors, dim));
}

const encoder = new TextEncoder();

/** `wv` in word2vec's binary format (float32 little-endian, exact). */
export function writeWord2vecBinary(wv: WordVectors, options: BinaryFormatOptions = {}): Uint8Array {
  const op = 'writeWord2vecBinary';
  checkOptions(op, options, ['newline']);
  checkBoolean(op, 'newline', options.newline);
  checkWordVectors(op, wv);
  const newline = options.newline ?? true;
  const { words, vectors, dim } = wv;
  const head = encoder.encode(`${words.length} ${dim}\n`);
  const encoded = words.map((w) => encoder.encode(w));
  const rowBytes = 1 + 4 * dim + (newline ? 1 : 0);
  const out = new Uint8Array(encoded.reduce((n, w) => n + w.length + rowBytes, head.length));
  const view = new DataView(out.buffer);
  out.set(head);
  let at = head.length;
  encoded.forEach((w, i) => {
    out.set(w, at);
    at += w.length;
    out[at++] = 0x20;
    for (let j = 0; j < dim; j++, at += 4) view.setFloat32(at, vectors[i * dim + j], true);
    if (newline) out[at++] = 0x0a;
  });
  return out;
}

/** The longest header line read; a longer one is not a header. */
const MAX_HEADER = 64;

/**
 * Word vectors from word2vec's binary format: the header line, then `count` entries of a word, a
 * space and `dim` little-endian float32, each optionally preceded by the "\n" that ends the previous
 * one (and the last optionally followed by one). Left(BadVectors) naming the byte offset for a bad
 * header, bytes too few or too many for the count, a word that is not UTF-8, empty, holds whitespace
 * or repeats an earlier one, a row cut short, or a number that is not finite.
 */
export function readWord2vecBinary(bytes: Uint8Array): E.Either<BadVectors, WordVectors> {
  const op = 'readWord2vecBinary';
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(op, 'bytes', `must be a Uint8Array, got ${describe(bytes)}`);
  const end = bytes.subarray(0, MAX_HEADER).indexOf(0x0a);
  const h = header(end < 0 ? undefined : String.fromCharCode(...bytes.subarray(0, end)), 'word vectors');
  if (E.isLeft(h)) return E.left(badBinaryVectors(0, h.left));
  const { count, dim } = h.right;
  const rowBytes = 4 * dim;
  let at = end + 1;
  // Each entry takes at least a 1-byte word, the space and its numbers.
  if (count * (rowBytes + 2) > bytes.length - at)
    return E.left(badBinaryVectors(0, `header announces ${count.toLocaleString('en-US')} vectors of dim ${dim}, at least ${(count * (rowBytes + 2)).toLocaleString('en-US')} bytes, but ${(bytes.length - at).toLocaleString('en-US')} follow it`));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const vectors = new Float32Array(count * dim);
  const words = new Array<string>(count);
  const entryOf = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    if (i > 0 && bytes[at] === 0x0a) at++;
    const space = bytes.indexOf(0x20, at);
    if (space < 0) return E.left(badBinaryVectors(at, `the bytes end inside the word of vector ${i + 1} of ${count} (no space after it)`));
    let word: string;
    try {
      word = utf8.decode(bytes.subarray(at, space));
    } catch {
      return E.left(badBinaryVectors(at, `the word of vector ${i + 1} is not valid UTF-8`));
    }
    const problem = wordProblem(word);
    if (problem !== undefined) return E.left(badBinaryVectors(at, `the word of vector ${i + 1} ${problem}`));
    const first = entryOf.get(word);
    if (first !== undefined) return E.left(badBinaryVectors(at, `the word ${JSON.stringify(word)} of vector ${i + 1} is a duplicate of vector ${first}'s`));
    entryOf.set(word, i + 1);
    at = space + 1;
    if (at + rowBytes > bytes.length)
      return E.left(badBinaryVectors(at, `vector ${i + 1} (${JSON.stringify(word)}) needs ${rowBytes} bytes but only ${bytes.length - at} are left`));
    for (let j = 0; j < dim; j++, at += 4) {
      const v = view.getFloat32(at, true);
      if (!Number.isFinite(v)) return E.left(badBinaryVectors(at, `number ${j + 1} of vector ${i + 1} (${JSON.stringify(word)}) is ${v}; word vectors must be finite`));
      vectors[i * dim + j] = v;
    }
    words[i] = word;
  }
  if (bytes[at] === 0x0a) at++;
  if (at !== bytes.length) return E.left(badBinaryVectors(at, `${bytes.length - at} bytes follow the ${count} vectors the header announces`));
  return E.right(makeWordVectors(words, vectors, dim));
}

/** fastText's `.vec` files are word2vec's text format. */
export const writeFastTextVec = writeWord2vecText;
/** fastText's `.vec` files are word2vec's text format. */
export const readFastTextVec = readWord2vecText;
