// Sentence-classification data shipped in data/sentences/ (Kim 2014's preparation): MR, 10,662
// movie-review sentences for 10-fold cross-validation, and SST-2, the binary Stanford Sentiment
// Treebank sentences in fixed train/dev/test splits. Each row is `label<TAB>sentence`.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkCounts, dataFile } from '../graph/dataset-files.js';
import { badData, fileProblem, type DatasetProblem } from '../io/problems.js';
import { toDataError, type DataError } from './errors.js';

/** One sentence: 1 positive, 0 negative; `text` is lowercased with punctuation split off (split on ' ' for tokens). */
export interface LabelledSentence {
  readonly label: 0 | 1;
  readonly text: string;
}

export interface SentenceCounts {
  readonly sentences: number;
  readonly positive: number;
  readonly negative: number;
}

export interface Mr {
  /** In file order: the 5,331 negatives, then the 5,331 positives. */
  readonly sentences: readonly LabelledSentence[];
  readonly counts: SentenceCounts;
}

export interface Sst2 {
  readonly train: readonly LabelledSentence[];
  readonly dev: readonly LabelledSentence[];
  readonly test: readonly LabelledSentence[];
  readonly counts: { readonly train: SentenceCounts; readonly dev: SentenceCounts; readonly test: SentenceCounts };
}

/** The counts data/sentences/README.md states; the loaders refuse a file that differs. */
export const MR_COUNTS: SentenceCounts = Object.freeze({ sentences: 10662, positive: 5331, negative: 5331 });
export const SST2_COUNTS = Object.freeze({
  train: Object.freeze({ sentences: 6920, positive: 3610, negative: 3310 }),
  dev: Object.freeze({ sentences: 872, positive: 444, negative: 428 }),
  test: Object.freeze({ sentences: 1821, positive: 909, negative: 912 }),
});

/** The shipped copies, resolved from this module so they are found from examples, tests and an installed package. */
const SHIPPED_MR = new URL('../../data/sentences/mr.tsv', import.meta.url);
const SHIPPED_SST2 = new URL('../../data/sentences/sst2/', import.meta.url);
const README = 'data/sentences/README.md';

/** Line `lineNo` as a labelled sentence, or what is wrong with it. */
const row = (line: string, lineNo: number): E.Either<string, LabelledSentence> => {
  const fields = line.split('\t');
  if (fields.length !== 2) return E.left(`line ${lineNo} has ${fields.length} tab-separated fields, not 2 (label, sentence)`);
  const [l, text] = fields;
  if (l !== '0' && l !== '1') return E.left(`line ${lineNo}: label ${JSON.stringify(l.slice(0, 20))} is not 0 or 1`);
  if (text === '' || text.trim() !== text) return E.left(`line ${lineNo}: the sentence is empty or has leading or trailing whitespace`);
  return E.right({ label: l === '1' ? 1 : 0, text });
};

const countsOf = (rows: readonly LabelledSentence[]): SentenceCounts => {
  const positive = rows.reduce((n, r) => n + r.label, 0);
  return { sentences: rows.length, positive, negative: rows.length - positive };
};

/** The rows of `file`, checked, with counts that must be `want`. */
const readRows = (file: string, dataset: string, want: SentenceCounts): E.Either<DatasetProblem, LabelledSentence[]> => pipe(
  E.tryCatch(() => readFileSync(file, 'utf8'), (e) => fileProblem(file, e)),
  E.chainW((text) => (text.includes('\r')
    ? E.left(badData(file, 'holds a carriage return: the data sets have LF line endings and no CR inside a sentence'))
    : E.right(text.replace(/\n$/, '').split('\n')))),
  E.chainW((lines) => pipe(lines, E.traverseArrayWithIndex((i, line) => row(line, i + 1)), E.mapLeft((detail) => badData(file, detail)))),
  E.chainFirstW((rows) => {
    const got = countsOf(rows);
    return checkCounts(file, dataset, README, [
      { what: 'sentences', got: got.sentences, want: want.sentences },
      { what: 'positive sentences', got: got.positive, want: want.positive },
      { what: 'negative sentences', got: got.negative, want: want.negative },
    ]);
  }),
  E.map((rows) => [...rows]),
);

/** The first sentence that occurs twice in `rows` (MR has none), as BadData. */
const noDuplicates = (file: string, rows: readonly LabelledSentence[]): E.Either<DatasetProblem, void> => {
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    const before = seen.get(rows[i].text);
    if (before !== undefined) return E.left(badData(file, `lines ${before + 1} and ${i + 1} hold the same sentence, but MR has no duplicates (see ${README})`));
    seen.set(rows[i].text, i);
  }
  return E.right(undefined);
};

/**
 * MR's 10,662 sentences from data/sentences/mr.tsv in this package (or `path`): Left(DatasetProblem)
 * when the file is missing or unreadable, a line is malformed (naming it), a sentence repeats, or
 * the counts differ from data/sentences/README.md.
 */
export const loadMrEither = (path?: string | URL): E.Either<DatasetProblem, Mr> => {
  const file = dataFile('loadMr', path, SHIPPED_MR);
  return pipe(
    readRows(file, 'MR', MR_COUNTS),
    E.chainFirst((rows) => noDuplicates(file, rows)),
    E.map((sentences) => ({ sentences, counts: countsOf(sentences) })),
  );
};

/** `loadMrEither` with the DataError every data loader returns (its message names the file). */
export const loadMr = (path?: string | URL): E.Either<DataError, Mr> => pipe(loadMrEither(path), E.mapLeft(toDataError));

/** Split `name` of the SST-2 folder `path` (a path or a file: URL; default the shipped folder). */
const splitFile = (op: string, path: unknown, name: string): string => {
  if (typeof path === 'string' && path !== '') return join(path, `${name}.tsv`);
  if (path instanceof URL) return dataFile(op, new URL(`${name}.tsv`, path.href.endsWith('/') ? path : `${path.href}/`), SHIPPED_SST2);
  return dataFile(op, path ?? new URL(`${name}.tsv`, SHIPPED_SST2), SHIPPED_SST2); // anything else throws there
};

/**
 * SST-2's fixed splits from data/sentences/sst2/{train,dev,test}.tsv in this package (or the folder
 * `path` holding those three files): Left(DatasetProblem) naming the first file that is missing,
 * malformed or has other counts than data/sentences/README.md states.
 */
export const loadSst2Either = (path?: string | URL): E.Either<DatasetProblem, Sst2> => {
  const op = 'loadSst2';
  const split = (name: keyof typeof SST2_COUNTS) => readRows(splitFile(op, path, name), `SST-2 ${name}`, SST2_COUNTS[name]);
  return pipe(
    E.Do,
    E.bind('train', () => split('train')),
    E.bind('dev', () => split('dev')),
    E.bind('test', () => split('test')),
    E.map(({ train, dev, test }) => ({ train, dev, test, counts: { train: countsOf(train), dev: countsOf(dev), test: countsOf(test) } })),
  );
};

/** `loadSst2Either` with the DataError every data loader returns (its message names the file). */
export const loadSst2 = (path?: string | URL): E.Either<DataError, Sst2> => pipe(loadSst2Either(path), E.mapLeft(toDataError));
