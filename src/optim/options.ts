// Option checks shared by the optimisers and schedules: every bad value is an OptionError naming
// the optimiser and the option.
import { OptionError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import type { Schedule } from './types.js';

/** @internal rejects a non-object and unknown keys. */
export const checkKeys = (op: string, options: unknown, known: readonly string[]): void => {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw new OptionError(op, `options must be an object, got ${options === null ? 'null' : Array.isArray(options) ? 'an array' : typeof options}`);
  for (const k of Object.keys(options))
    if (!known.includes(k)) throw new OptionError(op, `unknown option '${k}' (known: ${known.join(', ')})`);
};


/** @internal a finite number ≥ 0. */
export const nonNegative = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new OptionError(op, `${name} must be a finite number ≥ 0, got ${show(v)}`);
  return v;
};

/** @internal a finite number > 0. */
export const positive = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new OptionError(op, `${name} must be a finite number > 0, got ${show(v)}`);
  return v;
};

/** @internal a number in [0, 1) (betas, decay rates, momentum). */
export const unitInterval = (op: string, name: string, v: unknown): number => {
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) throw new OptionError(op, `${name} must be in [0, 1), got ${show(v)}`);
  return v;
};

/** @internal a boolean. */
export const bool = (op: string, name: string, v: unknown): boolean => {
  if (typeof v !== 'boolean') throw new OptionError(op, `${name} must be true or false, got ${show(v)}`);
  return v;
};

/** @internal the learning rate as a schedule (a number must be finite and ≥ 0; `lr` is required). */
export const readLr = (op: string, lr: unknown): Schedule => {
  if (lr === undefined) throw new OptionError(op, 'lr is required (a number ≥ 0 or a schedule (step) => number)');
  if (typeof lr === 'function') return lr as Schedule;
  const v = nonNegative(op, 'lr', lr);
  return () => v;
};

/** @internal the schedule's value at update `t`, checked (a schedule that gives NaN or a negative rate is an error). */
export const lrAt = (op: string, lr: Schedule, t: number): number => {
  const v = lr(t);
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new OptionError(op, `the lr schedule gave ${show(v)} at step ${t}; it must give a finite number ≥ 0`);
  return v;
};

