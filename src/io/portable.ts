// nn-ts/io where there are no files (the browser entry): safetensors to and from bytes and Blobs,
// restoring trees, and the boundary problems. index.ts adds the file functions (Node).
export { safetensorsError, isSafetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
export { encodeSafetensors, decodeSafetensors, decodeSafetensorsEither, type Safetensors } from './safetensors.js';
export { safetensorsBlob, decodeSafetensorsBlob } from './blob.js';
export { MAX_HEADER_BYTES } from './decode.js';
export { restoreTree, restoreTreeEither, restoreModel, restoreModelEither, type RestoreOptions } from './restore.js';
export { fromTorchNames, type FromTorch } from './torch-names.js';
export type {
  BoundaryProblem, SafetensorsProblem, CheckpointProblem, DatasetProblem, FileProblem, ContentProblem,
  BadArgument, FileMissing, FileUnreadable, Truncated, HeaderTooLarge, BadHeader, WrongFormat, BadMetadata,
  TensorMissing, TreeMismatch, DatasetMissing, BadData,
} from './problems.js';
export { problemText } from './problem-text.js';
export { BoundaryError } from './boundary-error.js';
export { HeaderC, TensorInfoC, MetadataC, type Header, type TensorInfo } from './header.js';
export { transferParams, type TransferOptions, type Transferred } from './transfer.js';
