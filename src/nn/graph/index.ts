// Graph layers: convolutions over a vertex's neighbourhood, readouts, and tensor layers on node features.
export { gcnConv, sageConv, ginConv, type GraphConvOptions, type GinOptions, type GinParams, type SageParams } from './conv.js';
export { gatConv, type GatOptions, type GatParams } from './gat.js';
export { globalPool, type Readout } from './readout.js';
export { onNodes } from './nodes.js';
export { nodeOffsets, NodeOffsets, type GraphData, type SparseGraphData } from './input.js';
export { featureDropout } from './feature-dropout.js';
export { sparseFeatures, SparseFeatures } from './sparse-features.js';
export { topKPool, sagPool, type TopKParams, type SagPoolParams } from './pool.js';
