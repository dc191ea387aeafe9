import { activeBackend } from '../backend/select.js';
import type { Shape } from '../shape/shape.js';
import { fromStorage, scalar } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';

/** @internal runs one kernel on untraced inputs and wraps its result as a tensor of `shape`. */
export const launch = <S extends Shape>(name: string, source: string, inputs: readonly Tensor[], shape: S, work = 1): Tensor<S> => {
  const backend = activeBackend();
  const size = shape.reduce((a, b) => a * b, 1);
  const storage = backend.run({ name, source, inputs: inputs.map((x) => x.storage!), size, work });
  return fromStorage(shape, storage);
};

/** A tensor, or a plain number standing for a scalar tensor. */
export type TensorLike<S extends Shape = Shape> = Tensor<S> | number;

export const asTensor = <S extends Shape>(x: TensorLike<S>, op: string, arg: string): Tensor<S> => {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return scalar(x) as unknown as Tensor<S>;
  throw new TypeError(`${op}: ${arg} must be a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
};
