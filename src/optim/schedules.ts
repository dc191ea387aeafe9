// Learning-rate schedules: plain functions from the update count t (0 for the first update) to a rate.
import { OptionError } from '../shape/errors.js';
import { nonNegative, positive } from './options.js';
import type { Schedule } from './types.js';

const positiveInteger = (op: string, name: string, v: number): number => {
  if (!Number.isInteger(v) || v <= 0) throw new OptionError(op, `${name} must be a positive integer, got ${v}`);
  return v;
};

/** `lr` at every step. */
export const constantLr = (lr: number): Schedule => {
  nonNegative('constantLr', 'lr', lr);
  return () => lr;
};

/** `lr · factor^⌊t / every⌋` (PyTorch StepLR: gamma = factor, step_size = every). */
export const stepDecay = (lr: number, every: number, factor: number): Schedule => {
  const op = 'stepDecay';
  nonNegative(op, 'lr', lr);
  positiveInteger(op, 'every', every);
  nonNegative(op, 'factor', factor);
  return (t) => lr * factor ** Math.floor(t / every);
};

/** `lr · rate^(t / steps)`, decaying smoothly (TensorFlow / optax exponential decay, not staircased). */
export const exponentialDecay = (lr: number, rate: number, steps: number): Schedule => {
  const op = 'exponentialDecay';
  nonNegative(op, 'lr', lr);
  positive(op, 'rate', rate);
  positive(op, 'steps', steps);
  return (t) => lr * rate ** (t / steps);
};

/**
 * `minLr + (lr − minLr) · (1 + cos(π · min(t, totalSteps) / totalSteps)) / 2`: from `lr` at t = 0 to
 * `minLr` at t = totalSteps, then held at `minLr` (PyTorch CosineAnnealingLR's closed form, with
 * T_max = totalSteps and eta_min = minLr, clamped after T_max instead of rising again).
 */
export const cosineDecay = (lr: number, totalSteps: number, minLr = 0): Schedule => {
  const op = 'cosineDecay';
  nonNegative(op, 'lr', lr);
  positiveInteger(op, 'totalSteps', totalSteps);
  nonNegative(op, 'minLr', minLr);
  if (minLr > lr) throw new OptionError(op, `minLr (${minLr}) must not exceed lr (${lr})`);
  return (t) => minLr + ((lr - minLr) * (1 + Math.cos((Math.PI * Math.min(Math.max(t, 0), totalSteps)) / totalSteps))) / 2;
};

/**
 * Linear warm-up in front of `schedule`: for t < steps the rate is `schedule(0) · (t + 1) / steps`
 * (so the first update already moves and t = steps − 1 reaches the full rate); from t = steps on it
 * is `schedule(t − steps)`, so the wrapped schedule starts where the warm-up ends.
 */
export const warmup = (schedule: Schedule, steps: number): Schedule => {
  const op = 'warmup';
  if (typeof schedule !== 'function') throw new OptionError(op, `schedule must be a function (step) => number, got ${typeof schedule}`);
  positiveInteger(op, 'steps', steps);
  return (t) => (t < steps ? (schedule(0) * (t + 1)) / steps : schedule(t - steps));
};
