// nn-ts/train where there are no files (the browser entry): everything of index.ts but reading
// checkpoint files; fit refuses `checkpoint` here, and checkpoints travel as bytes or Blobs.
export { makeTrainStep, initTrain, type TrainState, type OptimizerLike, type Batch, type LossFn, type GradTransform } from './step.js';
export { fit, fitWith, evaluate, epochOrder, type FitOptions, type FitResult, type EpochRecord, type Metric, type CheckpointFiles } from './fit-loop.js';
export { tensorDataset, type Dataset } from './dataset.js';
export {
  encodeCheckpoint, decodeCheckpoint, decodeCheckpointEither, checkpointToBytes, checkpointFromBytes, checkpointFromBytesEither, checkpointFromBlob,
  CHECKPOINT_FORMAT, type DecodedCheckpoint, type CheckpointContentProblem, type CheckpointBytesProblem, type CheckpointExtra,
} from './checkpoint-codec.js';
export { progress, type Progress, type ProgressOptions, type ProgressStream } from './progress.js';
