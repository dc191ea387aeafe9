// Training checkpoint files (Node): reading one from a path. The format, encoding and decoding are
// checkpoint-codec.ts's, which runs anywhere; its names are re-exported here so imports keep working.
// readCheckpoint words a problem as a thrown BoundaryError, once.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { BoundaryError } from '../io/boundary-error.js';
import { toSafetensorsError } from '../io/errors.js';
import { loadSafetensorsEitherSync } from '../io/files.js';
import { problemText } from '../io/problem-text.js';
import type { CheckpointProblem } from '../io/problems.js';
import type { TrainState } from './step.js';
import { checkTemplate, decodeCheckpointEither, type DecodedCheckpoint } from './checkpoint-codec.js';

export {
  CHECKPOINT_FORMAT, encodeCheckpoint, decodeCheckpoint, decodeCheckpointEither, checkpointToBytes, checkpointFromBytes, checkpointFromBytesEither, checkpointFromBlob,
  type CheckpointExtra, type DecodedCheckpoint, type CheckpointContentProblem, type CheckpointBytesProblem,
} from './checkpoint-codec.js';

/** Loads and decodes the checkpoint file at `path`, the problem itself as the Left. */
export const readCheckpointEither = <T extends TrainState<unknown>>(path: string, template: T): E.Either<CheckpointProblem, DecodedCheckpoint<T>> => {
  checkTemplate('readCheckpoint', template);
  return pipe(loadSafetensorsEitherSync(path), E.chainW(({ tensors, metadata }) => decodeCheckpointEither(tensors, metadata, template)));
};

/** The message of a problem as loadSafetensorsSync or decodeCheckpoint would give it. */
const messageOf = (p: CheckpointProblem): string => {
  switch (p._tag) {
    case 'WrongFormat': case 'BadMetadata': case 'TensorMissing': case 'TreeMismatch': return `checkpoint: ${problemText(p)}`;
    default: return toSafetensorsError(p, 'load').message;
  }
};

/**
 * `readCheckpointEither`, throwing a BoundaryError "<op>: cannot resume from <path>: ..." (op names
 * the caller: fit passes 'fit') whose `problem` is the boundary problem.
 */
export const readCheckpoint = <T extends TrainState<unknown>>(path: string, template: T, op = 'readCheckpoint'): DecodedCheckpoint<T> => {
  const r = readCheckpointEither(path, template);
  if (E.isLeft(r)) throw new BoundaryError(op, `cannot resume from ${path}: ${messageOf(r.left)}`, r.left);
  return r.right;
};
