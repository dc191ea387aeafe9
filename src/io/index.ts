// Reading and writing the outside world: safetensors checkpoints.
export { safetensorsError, isSafetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
export {
  encodeSafetensors, decodeSafetensors,
  saveSafetensors, saveSafetensorsSync, loadSafetensors, loadSafetensorsSync,
  type Safetensors, type FsOptions,
} from './safetensors.js';
export { restoreTree, type RestoreOptions } from './restore.js';
export { writeFileAtomic, writeFileAtomicSync, nodeSyncFs, nodeAsyncFs, type SyncFs, type AsyncFs } from './atomic.js';
export { HeaderC, TensorInfoC, MetadataC, type Header, type TensorInfo } from './header.js';
