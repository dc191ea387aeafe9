// All public differentiable operations.
export * from './elementwise.js';
export * from './reduce.js';
export * from './movement.js';
export * from './gather.js';
export * from './matmul.js';
export * from './conv.js';
export * from './pool.js';
export * from './recurrent/index.js';
export * from './sparse/index.js';
