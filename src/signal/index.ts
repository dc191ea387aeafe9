// nn-ts/signal on Node: everything in portable.ts, and readWav (a WAV file from disk).
export * from './portable.js';
export { readWav } from './wav-file.js';
