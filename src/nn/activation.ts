import { leakyRelu as leakyReluOp, relu as reluOp, sigmoid as sigmoidOp, softmax as softmaxOp, softplus as softplusOp, tanh as tanhOp } from '../ops/index.js';
import type { Shape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { statelessLayer, type Layer } from './layer.js';

/** Any elementwise function as a layer (shape kept). */
export const activation = <S extends Shape = Shape>(kind: string, fn: (x: Tensor) => Tensor): Layer<S, S> => statelessLayer(kind, fn, (s) => s);

export const relu = <S extends Shape = Shape>() => activation<S>('relu', reluOp);
export const tanh = <S extends Shape = Shape>() => activation<S>('tanh', tanhOp);
export const sigmoid = <S extends Shape = Shape>() => activation<S>('sigmoid', sigmoidOp);
export const softplus = <S extends Shape = Shape>() => activation<S>('softplus', softplusOp);
export const leakyRelu = <S extends Shape = Shape>(alpha = 0.01) => activation<S>('leakyRelu', (x) => leakyReluOp(x, alpha));
export const softmax = <S extends Shape = Shape>(axis = -1) => activation<S>('softmax', (x) => softmaxOp(x, axis));
/** The identity layer (the unit of `sequential`). */
export const identity = <S extends Shape = Shape>() => activation<S>('identity', (x) => x);
