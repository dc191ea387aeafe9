export { key, split, foldIn, isKey, type Key } from './key.js';
export { uniform, normal, truncatedNormal, bernoulli, categorical, permutation } from './tensors.js';
export { uniformData, normalData, bernoulliData, categoricalData, permutationData, truncatedNormalData } from './sample.js';
export { gammaData, dirichletData } from './gamma.js';
