// Reading and writing the outside world: safetensors checkpoints.
export { safetensorsError, isSafetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
export { encodeSafetensors, decodeSafetensors, type Safetensors } from './safetensors.js';
export { saveSafetensors, saveSafetensorsSync, loadSafetensors, loadSafetensorsSync, type FsOptions } from './files.js';
export { nodeSyncReadFs, nodeAsyncReadFs, type SyncReadFs, type AsyncReadFs, type FileStat } from './read.js';
export { MAX_HEADER_BYTES } from './decode.js';
export { restoreTree, type RestoreOptions } from './restore.js';
export { writeFileAtomic, writeFileAtomicSync, nodeSyncFs, nodeAsyncFs, type SyncFs, type AsyncFs } from './atomic.js';
export { HeaderC, TensorInfoC, MetadataC, type Header, type TensorInfo } from './header.js';
