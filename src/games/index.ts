// nn-ts/games on Node: the portable part (portable.ts) plus what writes files: replay buffers on
// disk and the self-play loop with its checkpoints.
export * from './portable.js';
export { saveReplay, loadReplay, REPLAY_FORMAT } from './replay-file.js';
export { alphaZero, type AlphaZeroOptions, type AlphaZeroResult, type GenerationRecord } from './loop.js';
