// nn-ts anywhere (the browser entry of 'nn-ts'): the core and the libraries built on it, with no
// Node built-in reachable. index.ts, the Node entry, is this with the Node parts of the namespaces.
export type { Shape } from './shape/shape.js';
export { NnTsError, ShapeError, OptionError, ArgumentError, LimitError } from './shape/errors.js';
export type { ShapeMismatch, Broadcast } from './shape/types.js';
export { Tensor } from './tensor/tensor.js';
export { tensor, scalar, zeros, ones, full, arange, toArray, item, toNested } from './tensor/create.js';

export type { BackendName, BackendStats } from './backend/types.js';
export { useBackend, currentBackend, availableBackends, withBackend, backendStats, onNotice, type UseBackendOptions } from './backend/select.js';

export { scoped, scopedStep } from './backend/scope.js';
export { maxTensorElements, setMaxTensorElements, EXACT_INDEX_LIMIT } from './backend/limits.js';
export { vjp, grad, valueAndGrad, valueAndGradWithAux, stopGradient, type GradOptions } from './autodiff/grad.js';
export { definePrimitive, primitives, type Primitive } from './autodiff/primitive.js';
export { evalShape, type ShapeTree } from './autodiff/abstract.js';
export { leaves, mapLeaves, flattenTree, unflattenTree, zipLeaves, keepLeaves, mergeLeaves, type Tree, type Holes, type Filled, type SparseGrads, type GradTree } from './autodiff/tree.js';
export { isSparseCotangent, type SparseCotangent, type Cotangent } from './tensor/tensor.js';

export {
  neg, exp, log, sqrt, abs, sign, tanh, sigmoid, relu, leakyRelu, softplus, square,
  add, sub, mul, div, pow, maximum, minimum,
  greater, greaterEqual, less, lessEqual, equal, notEqual, where, broadcastTo, sumTo,
} from './ops/elementwise.js';
export { sum, mean, max, min, logsumexp, softmax, logSoftmax } from './ops/reduce.js';
export { reshape, flatten, expandDims, squeeze, permute, transpose, slice, pad, concat, stack } from './ops/movement.js';
export { gather, scatterAdd, scatterRows, RowSparse, rowSparse, isRowSparse, toDense, rowBucket, type RowPart, type CoalescedRows } from './ops/gather.js';
export { matmul, type MatmulOptions } from './ops/matmul.js';
export { conv2d, conv1d, type Conv2dOptions, type Conv1dOptions } from './ops/conv.js';
export { convTranspose2d, type ConvTranspose2dOptions } from './ops/conv-transpose.js';
export { maxPool2d, avgPool2d, type Pool2dOptions } from './ops/pool.js';
export { key, split, foldIn, isKey, type Key, uniform, normal, truncatedNormal, bernoulli, categorical, permutation } from './random/index.js';

// The recurrent cells of the public contract: gates and state update fused into gpu.js kernels after
// the matmuls (forward and backward), with their reference decompositions.
export {
  rnnCell, lstmCell, gruCell, rnnCellReference, lstmCellReference, gruCellReference,
  type RnnCellParams, type LstmCellParams, type LstmState, type RnnCellOptions, type LstmCellOptions, type GruCellOptions,
} from './ops/recurrent/index.js';

// Libraries built on the core, as namespaces (also importable as nn-ts/nn, nn-ts/optim, ...).
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as losses from './losses/index.js';
export * as train from './train/portable.js';
export * as data from './data/portable.js';
export * as io from './io/portable.js';
export * as viz from './viz/portable.js';
export * as graph from './graph/portable.js';
export { csrFromCoo, transposeCsr, spmm, sddmm, segmentSum, segmentMean, segmentMax, offsetsFromBatch, type CsrStructure, type CsrMatrix, type CsrTranspose } from './ops/sparse/index.js';
export * as embeddings from './embeddings/portable.js';
export * as games from './games/portable.js';
export * as gan from './gan/index.js';
export * as signal from './signal/portable.js';
