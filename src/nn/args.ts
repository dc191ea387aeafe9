// Argument checks shared by the layer constructors: a bad size or option is refused when the layer
// is made, naming the layer, not later inside init or apply.
import { ArgumentError, OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { AnyLayer } from './layer.js';
import { checkTensorSize } from '../backend/limits.js';
import { sizeOf } from '../shape/shape.js';

/** Throws an OptionError unless `v` is an integer ≥ `min` (a feature count, a kernel size, ...). */
export const checkSize = (op: string, name: string, v: unknown, min = 1): void => {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new OptionError(op, `${name} must be an integer ≥ ${min}, got ${describe(v)}`);
};

/** Throws an OptionError unless an option is absent or a finite number ≥ 0. */
export const checkNonNegative = (op: string, name: string, v: unknown): void => {
  if (v !== undefined && (typeof v !== 'number' || !(v >= 0 && Number.isFinite(v)))) throw new OptionError(op, `${name} must be a finite number ≥ 0, got ${describe(v)}`);
};

/** Throws an OptionError unless an option is absent or a function (an initialiser). */
export const checkFunctionOption = (op: string, name: string, v: unknown): void => {
  if (v !== undefined && typeof v !== 'function') throw new OptionError(op, `${name} must be a function, got ${describe(v)}`);
};

/** Throws a LimitError naming the layer when a parameter of `shape` could not be made (checked when the layer is, not at init). */
export const checkParamSize = (op: string, shape: readonly number[]): void => checkTensorSize(op, sizeOf(shape), shape);

export const isLayer = (u: unknown): u is AnyLayer =>
  typeof u === 'object' && u !== null && 'init' in u && 'apply' in u && typeof u.init === 'function' && typeof u.apply === 'function';

/** Throws an ArgumentError unless `u` is a layer `{ kind, init, apply }`. */
export const checkLayer = (op: string, name: string, u: unknown): void => {
  if (!isLayer(u)) throw new ArgumentError(op, name, `must be a layer { init, apply }, got ${describe(u)}`);
};
