// fit on Node: the training loop of fit-loop.ts with its checkpoint in a file (atomic safetensors
// saves, resume when the file exists).
import * as E from 'fp-ts/lib/Either.js';
import { existsSync } from 'node:fs';
import { saveSafetensorsSync } from '../io/files.js';
import { readCheckpoint } from './checkpoint.js';
import { fitWith, type CheckpointFiles } from './fit-loop.js';

export {
  evaluate, epochOrder, fitWith,
  type FitOptions, type FitResult, type EpochRecord, type Metric, type CheckpointFiles,
} from './fit-loop.js';

/** Node's checkpoint files: node:fs for existence, readCheckpoint to resume, atomic safetensors saves. */
export const nodeCheckpointFiles: CheckpointFiles = {
  exists: (path) => existsSync(path),
  read: (path, template, op) => readCheckpoint(path, template, op),
  save: (path, tensors, metadata) => {
    const r = saveSafetensorsSync(path, tensors, metadata);
    if (E.isLeft(r)) throw new Error(`fit: saving the checkpoint failed: ${r.left.message}`);
  },
};

/**
 * Trains `model` for `epochs` over shuffled batches, with validation metrics, early stopping and,
 * given `checkpoint`, a checkpoint file saved after each epoch (and every `everySteps` steps) that
 * a later run resumes from.
 */
export const fit = fitWith(nodeCheckpointFiles);
