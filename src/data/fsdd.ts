// The Free Spoken Digit Dataset (Jackson et al. 2016), shipped in data/fsdd/: 3,000 recordings of
// the digits 0–9 spoken in English by 6 speakers, 50 times each, as 8 kHz mono 16-bit WAV files
// listed in data/fsdd/metadata.tsv. Every file is decoded with the pure WAV parser and checked
// against its metadata row and the counts data/fsdd/README.md states.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { checkCounts, dataFile } from '../graph/dataset-files.js';
import { badData, fileProblem, type DatasetProblem } from '../io/problems.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { readWav } from '../signal/wav-file.js';
import { toDataError, type DataError } from './errors.js';

/** The speakers, in the metadata's (alphabetical) order. */
export const FSDD_SPEAKERS = Object.freeze(['george', 'jackson', 'lucas', 'nicolas', 'theo', 'yweweler'] as const);
export type FsddSpeaker = (typeof FSDD_SPEAKERS)[number];

/** The counts data/fsdd/README.md states: 6 speakers × 10 digits × 50 recordings; indices 0–4 are the test split. */
export const FSDD_COUNTS = Object.freeze({ recordings: 3000, speakers: 6, digits: 10, perSpeakerDigit: 50, test: 300, train: 2700, sampleRate: 8000 });

export interface FsddRecording {
  /** Path relative to data/fsdd/, e.g. `recordings/7_jackson_32.wav`. */
  readonly file: string;
  readonly digit: number;
  readonly speaker: FsddSpeaker;
  /** 0–49: the take. */
  readonly index: number;
  /** The official split: 'test' for index 0–4. */
  readonly split: 'train' | 'test';
  /** Mono samples scaled to [−1, 1) (16-bit PCM / 32768). */
  readonly samples: Float32Array;
}

export interface Fsdd {
  readonly sampleRate: number;
  /** Sorted by speaker, digit and index, as in metadata.tsv. */
  readonly recordings: readonly FsddRecording[];
}

const SHIPPED = new URL('../../data/fsdd/', import.meta.url);
const HEADER = 'file\tdigit\tspeaker\tindex\tsplit\tnumSamples';
const README = 'data/fsdd/README.md';

interface Row { readonly file: string; readonly digit: number; readonly speaker: FsddSpeaker; readonly index: number; readonly split: 'train' | 'test'; readonly numSamples: number }

const isSpeaker = (s: string): s is FsddSpeaker => FSDD_SPEAKERS.some((v) => v === s);
const intField = (s: string, lo: number, hi: number): number | undefined => (/^\d+$/.test(s) && Number(s) >= lo && Number(s) <= hi ? Number(s) : undefined);

/** One metadata row (line `lineNo`), checked: fields in range, the file name and split consistent with them. */
function row(line: string, lineNo: number): E.Either<string, Row> {
  const f = line.split('\t');
  if (f.length !== 6) return E.left(`line ${lineNo} has ${f.length} tab-separated fields, not 6 (${HEADER.replaceAll('\t', ', ')})`);
  const [file, d, speaker, i, split, n] = f;
  const digit = intField(d, 0, 9), index = intField(i, 0, 49), numSamples = intField(n, 1, Number.MAX_SAFE_INTEGER);
  if (digit === undefined) return E.left(`line ${lineNo}: digit ${JSON.stringify(d)} is not an integer in [0, 9]`);
  if (!isSpeaker(speaker)) return E.left(`line ${lineNo}: speaker ${JSON.stringify(speaker)} is not one of ${FSDD_SPEAKERS.join(', ')}`);
  if (index === undefined) return E.left(`line ${lineNo}: index ${JSON.stringify(i)} is not an integer in [0, 49]`);
  if (numSamples === undefined) return E.left(`line ${lineNo}: numSamples ${JSON.stringify(n)} is not a positive integer`);
  const want = `recordings/${digit}_${speaker}_${index}.wav`;
  if (file !== want) return E.left(`line ${lineNo}: file ${JSON.stringify(file)} does not match its digit, speaker and index (${want})`);
  const official = index < 5 ? 'test' : 'train';
  if (split !== official) return E.left(`line ${lineNo}: split ${JSON.stringify(split)} but index ${index} is in the official ${official} split`);
  return E.right({ file, digit, speaker, index, split: official, numSamples });
}

function rows(file: string, text: string): E.Either<DatasetProblem, readonly Row[]> {
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines[0] !== HEADER) return E.left(badData(file, `line 1 is ${JSON.stringify(lines[0].slice(0, 60))}, not the header "${HEADER.replaceAll('\t', '<TAB>')}"`));
  return pipe(lines.slice(1), E.traverseArrayWithIndex((i, l) => row(l, i + 2)), E.mapLeft((d) => badData(file, d)));
}

function counts(file: string, rs: readonly Row[]): E.Either<DatasetProblem, void> {
  const per = (key: (r: Row) => string) => { const m = new Map<string, number>(); rs.forEach((r) => m.set(key(r), (m.get(key(r)) ?? 0) + 1)); return m; };
  const cells = per((r) => `${r.speaker}/${r.digit}`);
  const uneven = [...cells].find(([, c]) => c !== FSDD_COUNTS.perSpeakerDigit);
  const distinct = new Set(rs.map((r) => r.file)).size;
  return pipe(
    checkCounts(file, 'FSDD', README, [
      { what: 'recordings', got: rs.length, want: FSDD_COUNTS.recordings },
      { what: 'distinct files', got: distinct, want: FSDD_COUNTS.recordings },
      { what: 'speakers', got: per((r) => r.speaker).size, want: FSDD_COUNTS.speakers },
      { what: '(speaker, digit) cells', got: cells.size, want: FSDD_COUNTS.speakers * FSDD_COUNTS.digits },
      { what: 'test recordings', got: rs.filter((r) => r.split === 'test').length, want: FSDD_COUNTS.test },
    ]),
    E.chain(() => (uneven === undefined ? E.right(undefined) : E.left(badData(file, `speaker/digit ${uneven[0]} has ${uneven[1]} recordings, not ${FSDD_COUNTS.perSpeakerDigit} (see ${README})`)))),
  );
}

/** Decodes one recording and checks it against its row: 8 kHz, mono, 16-bit, numSamples samples. */
function recording(dir: string, r: Row): E.Either<DatasetProblem, FsddRecording> {
  const path = join(dir, r.file);
  return pipe(
    readWav(path),
    E.chainW((w) => {
      if (w.sampleRate !== FSDD_COUNTS.sampleRate) return E.left(badData(path, `sample rate ${w.sampleRate} Hz, not ${FSDD_COUNTS.sampleRate}`));
      if (w.channels.length !== 1) return E.left(badData(path, `${w.channels.length} channels, not 1 (mono)`));
      if (w.bitsPerSample !== 16) return E.left(badData(path, `${w.bitsPerSample}-bit samples, not 16`));
      if (w.channels[0].length !== r.numSamples) return E.left(badData(path, `${w.channels[0].length} samples but metadata.tsv says ${r.numSamples}`));
      return E.right({ file: r.file, digit: r.digit, speaker: r.speaker, index: r.index, split: r.split, samples: w.channels[0] });
    }),
  );
}

/**
 * All 3,000 FSDD recordings from data/fsdd/ in this package (or the folder `dir` laid out the same
 * way), checked against metadata.tsv and the verified counts: Left(DatasetProblem) naming the file
 * (and line) when a file is missing, unreadable, malformed, or disagrees with its metadata.
 */
export const loadFsddEither = (dir?: string | URL): E.Either<DatasetProblem, Fsdd> => {
  const root = dataFile('loadFsdd', dir, SHIPPED);
  const meta = join(root, 'metadata.tsv');
  return pipe(
    E.tryCatch(() => readFileSync(meta, 'utf8'), (e) => fileProblem(meta, e)),
    E.chainW((text) => rows(meta, text)),
    E.chainFirstW((rs) => counts(meta, rs)),
    E.chainW((rs) => pipe(rs, E.traverseArray((r) => recording(root, r)))),
    E.map((recordings) => ({ sampleRate: FSDD_COUNTS.sampleRate, recordings })),
  );
};

/** `loadFsddEither` with the DataError every data loader returns (its message names the file). */
export const loadFsdd = (dir?: string | URL): E.Either<DataError, Fsdd> => pipe(loadFsddEither(dir), E.mapLeft(toDataError));

/** A train/test division of recordings. */
export interface FsddSplit {
  readonly train: readonly FsddRecording[];
  readonly test: readonly FsddRecording[];
}

/** The official split of the source README: takes 0–4 of every speaker and digit are test (300), the rest train (2,700). */
export const fsddOfficialSplit = (recordings: readonly FsddRecording[]): FsddSplit =>
  ({ train: recordings.filter((r) => r.split === 'train'), test: recordings.filter((r) => r.split === 'test') });

/** Leave-one-speaker-out: every recording of `speaker` is test, those of the other speakers train (speaker-independent evaluation). */
export function leaveOneSpeakerOut(recordings: readonly FsddRecording[], speaker: FsddSpeaker): FsddSplit {
  if (!isSpeaker(speaker)) throw new ArgumentError('leaveOneSpeakerOut', 'speaker', `must be one of ${FSDD_SPEAKERS.join(', ')}, got ${describe(speaker)}`);
  return { train: recordings.filter((r) => r.speaker !== speaker), test: recordings.filter((r) => r.speaker === speaker) };
}
