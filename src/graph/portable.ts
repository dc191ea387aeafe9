// nn-ts/graph anywhere (the browser entry): an immutable graph value (edge index src → dst, optional
// weights and node features), the structural transforms layers need, batching, JSON decoding,
// random walks and Weisfeiler-Lehman documents. index.ts adds the Cora, MUTAG and karate files (Node).
export { Graph, graph, withFeatures, isGraph, type GraphSpec, type GraphInit, type NodeFeatures } from './graph.js';
export { addSelfLoops, removeSelfLoops, type AddSelfLoopsOptions } from './self-loops.js';
export { symmetrize, symmetrizeWithOrigin, type Symmetrized } from './symmetrize.js';
export { degree, type Direction } from './degree.js';
export { inNeighbours, outNeighbours, type Csr } from './neighbours.js';
export { batchGraphs, unbatch, type Batched } from './batch.js';
export { subgraph, type Subgraph } from './subgraph.js';
export { decodeGraph, GraphJsonC, type GraphJson } from './decode.js';
export { rowNormalize } from './features.js';
export { randomWalks, type RandomWalkOptions } from './walks.js';
export { wlDocuments, inferDocuments, type WlDocuments, type WlDocumentsOptions, type WlDictionary, type WlInferOptions, type WlInferred, type WlLabels, type WlLabelKind } from './weisfeiler-lehman.js';
