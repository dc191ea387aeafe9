// Reading the built-in data sets (data/ at the package root): the file, its JSON, and the verified
// counts it must match. Every failure is a boundary problem (io/problems.ts) naming the file.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describeCause } from '../io/cause.js';
import { badData, fileProblem, type BadData, type DatasetProblem } from '../io/problems.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/**
 * The file a loader reads: `path` (a path or a file: URL), or the copy shipped in the package.
 * A path of the wrong kind is a programmer's mistake and throws.
 */
export function dataFile(op: string, path: unknown, shipped: URL): string {
  const p = path ?? shipped;
  if (p instanceof URL) {
    if (p.protocol !== 'file:') throw new ArgumentError(op, 'path', `must be a file path or a file: URL, got the URL ${p.href}`);
    return fileURLToPath(p);
  }
  if (typeof p !== 'string' || p === '') throw new ArgumentError(op, 'path', `must be a file path or a file: URL, got ${describe(p)}`);
  return p;
}

/** The parsed JSON of `file`. */
export const readJsonFile = (file: string): E.Either<DatasetProblem, unknown> =>
  pipe(
    E.tryCatch(() => readFileSync(file, 'utf8'), (e) => fileProblem(file, e)),
    E.chainW((text) => E.tryCatch((): unknown => JSON.parse(text), (e) => badData(file, `not valid JSON: ${describeCause(e)}`))),
  );

/** `values` as an Int32Array when each is below `limit`; else BadData naming the first that is not (`labels[3] is 9, not a class in [0, 7)`). */
export function below(file: string, field: string, values: readonly number[], limit: number, what: string): E.Either<BadData, Int32Array> {
  const bad = values.findIndex((v) => v >= limit);
  return bad < 0 ? E.right(Int32Array.from(values)) : E.left(badData(file, `${field}[${bad}] is ${values[bad]}, not ${what} in [0, ${limit})`));
}

/** A count the data set's README states, and what the file holds. */
export interface Count {
  readonly what: string;
  readonly got: number;
  readonly want: number;
}

/** Right when every count matches; else the first that does not, as BadData of `file`. */
export function checkCounts(file: string, dataset: string, readme: string, counts: readonly Count[]): E.Either<BadData, void> {
  const off = counts.find((c) => c.got !== c.want);
  return off === undefined
    ? E.right(undefined)
    : E.left(badData(file, `has ${off.got.toLocaleString('en-US')} ${off.what} but ${dataset} has ${off.want.toLocaleString('en-US')} (see ${readme})`));
}
