export { makeTrainStep, initTrain, type TrainState, type OptimizerLike, type Batch, type LossFn, type GradTransform } from './step.js';
export { fit, evaluate, epochOrder, type FitOptions, type FitResult, type EpochRecord, type Metric } from './fit.js';
export { tensorDataset, type Dataset } from './dataset.js';
export {
  encodeCheckpoint, decodeCheckpoint, decodeCheckpointEither, readCheckpoint, readCheckpointEither, CHECKPOINT_FORMAT,
  type DecodedCheckpoint, type CheckpointContentProblem,
} from './checkpoint.js';
export { progress, type Progress, type ProgressOptions } from './progress.js';
