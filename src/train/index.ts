// nn-ts/train on Node: the portable training API (portable.ts) with checkpoint files (fit's
// `checkpoint` option, readCheckpoint).
export * from './portable.js';
export { fit, nodeCheckpointFiles } from './fit.js';
export { readCheckpoint, readCheckpointEither } from './checkpoint.js';
