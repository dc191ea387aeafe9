import { leakyRelu as leakyReluOp, relu as reluOp, sigmoid as sigmoidOp, softmax as softmaxOp, softplus as softplusOp, tanh as tanhOp } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { keepingShape } from './layer.js';

/** Any elementwise function as a layer (the output must keep the input's shape: checked). */
export const activation = (kind: string, fn: (x: Tensor) => Tensor) => keepingShape(kind, fn);

export const relu = () => activation('relu', reluOp);
export const tanh = () => activation('tanh', tanhOp);
export const sigmoid = () => activation('sigmoid', sigmoidOp);
export const softplus = () => activation('softplus', softplusOp);
export const leakyRelu = (alpha = 0.01) => activation('leakyRelu', (x) => leakyReluOp(x, alpha));
export const softmax = (axis = -1) => activation('softmax', (x) => softmaxOp(x, axis));
/** The identity layer (the unit of `sequential`). */
export const identity = () => activation('identity', (x) => x);
