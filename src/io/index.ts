// Reading and writing the outside world: safetensors checkpoints, and the boundary problems
// (problems.ts) that reading them, training checkpoints and datasets can find. On Node: the
// portable part (portable.ts) plus the file functions (node:fs, atomic saves, bounded reads).
export * from './portable.js';
export {
  saveSafetensors, saveSafetensorsSync, loadSafetensors, loadSafetensorsSync, loadSafetensorsEither, loadSafetensorsEitherSync,
  type FsOptions, type LoadProblem,
} from './files.js';
export { nodeSyncReadFs, nodeAsyncReadFs, type SyncReadFs, type AsyncReadFs, type FileStat } from './read.js';
export { writeFileAtomic, writeFileAtomicSync, nodeSyncFs, nodeAsyncFs, type SyncFs, type AsyncFs } from './atomic.js';
