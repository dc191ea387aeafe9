// nn-ts/viz on Node: the portable part (portable.ts) and PNG files.
export * from './portable.js';
export { writePng } from './png-file.js';
