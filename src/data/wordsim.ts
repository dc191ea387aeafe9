// WordSim-353 (Finkelstein et al. 2002), shipped in data/wordsim353/wordsim353.tsv: 353 English word
// pairs with the mean human judgement of their similarity or relatedness, on a 0–10 scale.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { WordPair } from '../embeddings/word-similarity.js';
import { checkCounts, dataFile } from '../graph/dataset-files.js';
import { badData, fileProblem, type DatasetProblem } from '../io/problems.js';
import { toDataError, type DataError } from './errors.js';

/** The counts data/wordsim353/README.md states (`money cash` is there twice, as in the source). */
export const WORDSIM353_COUNTS = Object.freeze({ pairs: 353, words: 437 });

/** The shipped copy, resolved from this module so it is found from examples, tests and an installed package. */
const SHIPPED = new URL('../../data/wordsim353/wordsim353.tsv', import.meta.url);

const HEADER = 'word1\tword2\tscore';
const SCORE = /^\d+(?:\.\d+)?$/;

/** One row `word1<TAB>word2<TAB>score` (line `lineNo`) as a pair, or what is wrong with it. */
const row = (line: string, lineNo: number): E.Either<string, WordPair> => {
  const fields = line.split('\t');
  if (fields.length !== 3) return E.left(`line ${lineNo} has ${fields.length} tab-separated fields, not 3 (word1, word2, score)`);
  const [a, b, s] = fields;
  const badWord = [a, b].findIndex((w) => w === '' || /\s/.test(w));
  if (badWord >= 0) return E.left(`line ${lineNo}: word${badWord + 1} ${JSON.stringify(fields[badWord])} is not a word (empty or holding whitespace)`);
  const score = Number(s);
  if (!SCORE.test(s) || score > 10) return E.left(`line ${lineNo}: score ${JSON.stringify(s)} is not a decimal number in [0, 10]`);
  return E.right({ a, b, score });
};

const parse = (file: string, text: string): E.Either<DatasetProblem, WordPair[]> => {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines[0] !== HEADER) return E.left(badData(file, `line 1 is ${JSON.stringify(lines[0].slice(0, 40))}, not the header "word1<TAB>word2<TAB>score"`));
  return pipe(
    lines.slice(1),
    E.traverseArrayWithIndex((i, line) => row(line, i + 2)),
    E.mapLeft((detail) => badData(file, detail)),
    E.chainFirstW((pairs) => checkCounts(file, 'WordSim-353', 'data/wordsim353/README.md', [{ what: 'pairs', got: pairs.length, want: WORDSIM353_COUNTS.pairs }])),
    E.map((pairs) => [...pairs]),
  );
};

/**
 * The 353 WordSim-353 pairs in file order, words with their case as in the source, from
 * data/wordsim353/wordsim353.tsv in this package (or `path`): Left(DatasetProblem) when the file
 * is missing, unreadable, has not the header or 353 well-formed rows (naming the file and line).
 */
export const loadWordSim353Either = (path?: string | URL): E.Either<DatasetProblem, WordPair[]> => {
  const file = dataFile('loadWordSim353', path, SHIPPED);
  return pipe(
    E.tryCatch(() => readFileSync(file, 'utf8'), (e) => fileProblem(file, e)),
    E.chainW((text) => parse(file, text)),
  );
};

/** `loadWordSim353Either` with the DataError every data loader returns (its message names the file). */
export const loadWordSim353 = (path?: string | URL): E.Either<DataError, WordPair[]> => pipe(loadWordSim353Either(path), E.mapLeft(toDataError));
