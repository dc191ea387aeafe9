// Word vector files (node only): save in word2vec's text or binary format, atomically and making
// the directory first; load back as an Either whose Left names the file and the place in it.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { writeFileAtomicSync } from '../io/atomic.js';
import { describeCause } from '../io/cause.js';
import { fileProblem } from '../io/problems.js';
import { ArgumentError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { readWord2vecBinary, readWord2vecText, writeWord2vecBinary, writeWord2vecText, type BinaryFormatOptions, type TextFormatOptions } from './vector-formats.js';
import { fileUnwritable, type FileUnwritable, type LoadVectorsProblem, type VectorFormat } from './vector-problems.js';
import { checkWordVectors, type WordVectors } from './vectors.js';

/** `decimals` applies to 'text', `newline` to 'binary'. */
export type SaveVectorsOptions = TextFormatOptions & BinaryFormatOptions;

const checkArguments = (op: string, path: unknown, format: unknown): void => {
  if (typeof path !== 'string' || path === '') throw new ArgumentError(op, 'path', `must be a file path, got ${describe(path)}`);
  if (format !== 'text' && format !== 'binary') throw new ArgumentError(op, 'format', `must be 'text' (word2vec text, fastText .vec) or 'binary' (word2vec binary), got ${describe(format)}`);
};

/**
 * Writes `wv` to `path` in `format` (text: exact unless `decimals`), creating its directory.
 * Atomic: a failed save leaves any old file untouched. Left(FileUnwritable) says what failed.
 * Throws an ArgumentError for a bad path, format or value.
 */
export function saveWordVectors(path: string, wv: WordVectors, format: VectorFormat, options: SaveVectorsOptions = {}): E.Either<FileUnwritable, void> {
  const op = 'saveWordVectors';
  checkArguments(op, path, format);
  checkOptions(op, options, format === 'text' ? ['decimals'] : ['newline']);
  checkWordVectors(op, wv);
  const bytes = format === 'text' ? new TextEncoder().encode(writeWord2vecText(wv, options)) : writeWord2vecBinary(wv, options);
  return pipe(
    E.tryCatch(() => { mkdirSync(dirname(path), { recursive: true }); }, (e) => fileUnwritable(path, `cannot save '${path}': cannot make its directory (${describeCause(e)})`)),
    E.chain(() => pipe(writeFileAtomicSync(path, bytes), E.mapLeft((message) => fileUnwritable(path, message)))),
  );
}

/**
 * Word vectors from the file at `path` in `format` ('text' also reads fastText's `.vec`).
 * Left(FileMissing | FileUnreadable) when it cannot be read, Left(BadVectors) with `file` set and
 * the line or byte offset when it is malformed. Throws an ArgumentError for a bad path or format.
 */
export function loadWordVectors(path: string, format: VectorFormat): E.Either<LoadVectorsProblem, WordVectors> {
  checkArguments('loadWordVectors', path, format);
  return pipe(
    E.tryCatch((): Uint8Array => readFileSync(path), (e) => fileProblem(path, e)),
    E.chainW((bytes) => pipe(format === 'text' ? readWord2vecText(bytes) : readWord2vecBinary(bytes), E.mapLeft((p) => ({ ...p, file: path })))),
  );
}
