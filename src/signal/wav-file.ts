// Reading WAV files from disk (Node): the file's bytes through the pure parser in wav.ts.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { badData, fileProblem, type DatasetProblem } from '../io/problems.js';
import { parseWav, type Wav } from './wav.js';

/** The audio of the WAV file at `path`, or the problem: FileMissing / FileUnreadable, or BadData naming the file and what parseWav found. */
export const readWav = (path: string): E.Either<DatasetProblem, Wav> =>
  pipe(
    E.tryCatch(() => readFileSync(path), (e) => fileProblem(path, e)),
    E.chainW((bytes) => pipe(parseWav(bytes), E.mapLeft((p) => badData(path, p.message)))),
  );
