// Reading and writing the outside world: safetensors checkpoints, and the boundary problems
// (problems.ts) that reading them, training checkpoints and datasets can find.
export { safetensorsError, isSafetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
export { encodeSafetensors, decodeSafetensors, decodeSafetensorsEither, type Safetensors } from './safetensors.js';
export {
  saveSafetensors, saveSafetensorsSync, loadSafetensors, loadSafetensorsSync, loadSafetensorsEither, loadSafetensorsEitherSync,
  type FsOptions, type LoadProblem,
} from './files.js';
export { nodeSyncReadFs, nodeAsyncReadFs, type SyncReadFs, type AsyncReadFs, type FileStat } from './read.js';
export { MAX_HEADER_BYTES } from './decode.js';
export { restoreTree, restoreTreeEither, type RestoreOptions } from './restore.js';
export type {
  BoundaryProblem, SafetensorsProblem, CheckpointProblem, DatasetProblem, FileProblem, ContentProblem,
  BadArgument, FileMissing, FileUnreadable, Truncated, HeaderTooLarge, BadHeader, WrongFormat, BadMetadata,
  TensorMissing, TreeMismatch, DatasetMissing, BadData,
} from './problems.js';
export { problemText } from './problem-text.js';
export { BoundaryError } from './boundary-error.js';
export { writeFileAtomic, writeFileAtomicSync, nodeSyncFs, nodeAsyncFs, type SyncFs, type AsyncFs } from './atomic.js';
export { HeaderC, TensorInfoC, MetadataC, type Header, type TensorInfo } from './header.js';
