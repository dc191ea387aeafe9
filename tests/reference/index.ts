// Float64 reference implementations used to check the tensor kernels.
export * from './ref.js';
export * from './elementwise.js';
export * from './reduce.js';
export * from './matmul.js';
export * from './movement.js';
export * from './conv.js';
export * from './pool.js';
