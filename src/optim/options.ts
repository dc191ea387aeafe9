// Value checks shared by the optimisers and schedules: every bad value is an OptionError naming
// the optimiser and the option (unknown keys are refused by shape/options.ts's checkOptions).
import { OptionError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import type { Schedule } from './types.js';

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

