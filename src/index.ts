// nn-ts public entry point on Node: everything of portable.ts (the core and the libraries, which
// run anywhere), with the namespaces that have Node parts (files, data packages) in full.
export * from './portable.js';
export * as train from './train/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as viz from './viz/index.js';
export * as graph from './graph/index.js';
export * as embeddings from './embeddings/index.js';
export * as games from './games/index.js';
export * as signal from './signal/index.js';
