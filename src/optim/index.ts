// nn-ts optimisers (optax style): pure `init` / `step` over immutable parameter and state trees,
// learning-rate schedules, and gradient transforms.
export type { Optimizer, Schedule, LearningRate } from './types.js';
export { sgd, type SgdOptions, type SgdState } from './sgd.js';
export { adagrad, type AdagradOptions, type AdagradState } from './adagrad.js';
export { rmsprop, type RmspropOptions, type RmspropState } from './rmsprop.js';
export { adam, adamw, type AdamOptions, type AdamState } from './adam.js';
export { constantLr, stepDecay, exponentialDecay, cosineDecay, warmup } from './schedules.js';
export { clipByGlobalNorm, globalNorm } from './clip.js';
export { frozen, multiTransform, type Labeller, type MultiTransformState, type StateOfOptimizer } from './multi-transform.js';
