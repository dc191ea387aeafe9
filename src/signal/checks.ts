// Option and argument checks the signal functions share: each names the function and the option.
import { checkTensor } from '../ops/launch.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** An integer option >= min, else an OptionError naming it. */
export function intOption(op: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new OptionError(op, `${name} must be an integer >= ${min}, got ${String(v)}`);
  return v;
}

/** A finite number option in [lo, hi], else an OptionError naming it. */
export function numberOption(op: string, name: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) throw new OptionError(op, `${name} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  return v;
}

/** One of `allowed`, else an OptionError listing them. */
export function choiceOption<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[]): T {
  const found = allowed.find((a) => a === v);
  if (found === undefined) throw new OptionError(op, `${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${JSON.stringify(v)}`);
  return found;
}

/** A signal `[N]` or a batch of signals `[B, N]`. */
export function checkSignal(op: string, arg: string, x: unknown): asserts x is Tensor {
  checkTensor(op, arg, x);
  if (x.rank !== 1 && x.rank !== 2) throw new ShapeError(op, arg, x.shape, 'must be a signal [N] or a batch of signals [B, N]');
}

/** A tensor whose last axis has `n` entries, with at least `minRank` axes. */
export function checkLastAxis(op: string, arg: string, x: unknown, n: number, what: string, minRank = 1): asserts x is Tensor {
  checkTensor(op, arg, x);
  if (x.rank < minRank || x.shape[x.rank - 1] !== n) throw new ShapeError(op, arg, x.shape, `must end in an axis of ${n} ${what}`);
}
