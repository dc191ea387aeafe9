import { checkTensorSize } from '../backend/limits.js';
import type { Storage } from '../backend/types.js';
import { activeBackend } from '../backend/select.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { Shape } from '../shape/shape.js';
import { fromStorage, scalar } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';

/** @internal runs one kernel on untraced inputs and wraps its result as a tensor of `shape`. */
export const launch = <S extends Shape>(name: string, source: string, inputs: readonly Tensor[], shape: S, work = 1): Tensor<S> => {
  const backend = activeBackend();
  const size = shape.reduce((a, b) => a * b, 1);
  checkTensorSize(name, size, shape); // before the backend allocates the output
  const storage = backend.run({ name, source, inputs: inputs.map((x) => x.storage!), size, work });
  return fromStorage(shape, storage);
};

/**
 * @internal the backend's native result as a tensor of `shape` when it gave one (its engine ran the
 * op), else the gpu.js kernel: `source` is only generated when the kernel is launched.
 */
export const nativeOrLaunch = <S extends Shape>(native: Storage | undefined, name: string, source: () => string, inputs: readonly Tensor[], shape: S, work = 1): Tensor<S> =>
  native ? fromStorage(shape, native) : launch(name, source(), inputs, shape, work);

/** A tensor, or a plain number standing for a scalar tensor. */
export type TensorLike<S extends Shape = Shape> = Tensor<S> | number;

export const asTensor = <S extends Shape>(x: TensorLike<S>, op: string, arg: string): Tensor<S> => {
  if (x instanceof Tensor) return x;
  if (typeof x === 'number') return scalar(x) as unknown as Tensor<S>;
  throw new ArgumentError(op, arg, `must be a Tensor or a number, got ${x === null ? 'null' : typeof x}`);
};

/** Throws an ArgumentError naming `op` and `arg` unless `x` is a Tensor (the check at the top of every op). */
export function checkTensor(op: string, arg: string, x: unknown): asserts x is Tensor {
  if (!(x instanceof Tensor)) throw new ArgumentError(op, arg, `must be a Tensor, got ${describe(x)}`);
}
