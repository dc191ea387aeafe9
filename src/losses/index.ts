// nn-ts losses: pure functions of tensors returning a tensor (scalar unless `reduction: 'none'`).
export { type Reduction, type LossOptions } from './reduction.js';
export { softmaxCrossEntropy, binaryCrossEntropyWithLogits, type SoftmaxCrossEntropyOptions } from './classification.js';
export { mse } from './regression.js';
export { accuracy } from './metrics.js';
