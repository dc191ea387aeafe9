export type { Layer, AnyLayer, Params, Empty, ApplyContext, Initialized, ParamsOf, StateOf, InputOf, OutputOf, ShapeKeeping } from './layer.js';
export { statelessLayer, keepingShape, parameterCount } from './layer.js';
export type { Spec, SpecOf, Domain } from './spec.js';
export { withShape } from './typed.js';
export { dense, type DenseOptions, type DenseParams, type DenseLayer } from './dense.js';
export { conv2d, conv1d, type ConvLayerOptions, type Conv1dLayerOptions, type ConvParams, type Conv2dLayer, type Conv1dLayer } from './conv.js';
export { convTranspose2d, type ConvTransposeLayerOptions, type ConvTransposeParams, type ConvTranspose2dLayer } from './conv-transpose.js';
export { maxPool2d, avgPool2d, flatten } from './shaping.js';
export { activation, relu, tanh, sigmoid, softplus, leakyRelu, softmax, identity } from './activation.js';
export { dropout } from './dropout.js';
export { batchNorm, layerNorm, type BatchNormOptions, type BatchNormParams, type BatchNormState, type LayerNormParams } from './norm.js';
export { embedding, type EmbeddingParams } from './embedding.js';
export { each, concatenate } from './inputs.js';
export { sequential, parallel, residual, freeze, partition, combine, type ChainCheck } from './combinators.js';
export { inferenceMode } from './inference-mode.js';
export { shared } from './shared.js';
export { overItems } from './over-items.js';
export { heNormal, heUniform, glorotUniform, glorotNormal, lecunUniform, orthogonal, zerosInit, constantInit, fans, type Initializer } from './init.js';
export { scan, type ScanOptions, type ScanResult } from './scan.js';
export { rnnCell, lstmCell, gruCell, rnnCellReference, lstmCellReference, gruCellReference, type RnnCellParams, type LstmCellParams, type LstmState, type GruVariant } from './cells.js';
export {
  recurrent, lstm, gru, rnn, type RecurrentOptions, type CellKind, type RecurrentParams, type DirectionParams, type CellCarry, type RecurrentCarry,
  type RecurrentInput, type RecurrentOutput, type SequenceLayer, type StatefulLayer,
} from './recurrent.js';
export * from './graph/index.js';
export { maskedMaxOverTime, maskedMaxPool, type MaskedSequence } from './masked-pool.js';
export { maxNorm, clipRowNorms, type MaxNormOptions } from './max-norm.js';
export { embeddingFrom } from './pretrained-embedding.js';
export { wordVectorTable, matchedScale, type WordVectorTable, type WordVectorTableOptions } from './word-vector-init.js';
export { textCnn, convOverTime, windowMask, isFrozenTextCnnParam, TEXT_CNN_CLASSIFIER_WEIGHT, type TextCnnOptions, type TextBatch, type EmbeddingMode } from './text-cnn.js';
