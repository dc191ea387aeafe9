// Random tensors from keys. The bits come from Philox on the host in integer arithmetic, so a key
// gives the same numbers on every backend; only then are they uploaded.
import { checkTensorSize } from '../backend/limits.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { checkShape, sizeOf, type Shape } from '../shape/shape.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkKey, type Key } from './key.js';
import { bernoulliData, categoricalData, normalData, permutationData, truncatedNormalData, uniformData } from './sample.js';

const finite = (op: string, name: string, v: unknown): void => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new OptionError(op, `${name} must be a finite number, got ${describe(v)}`);
};

/** The size of a checked shape that may be allocated (refused before any bits are drawn), after the key and numbers are checked. */
const sized = (op: string, k: unknown, shape: unknown, numbers: Record<string, unknown> = {}, inRange = () => true): number => {
  checkKey(op, k);
  for (const [name, v] of Object.entries(numbers)) finite(op, name, v);
  if (!inRange()) throw new OptionError(op, `p must be a probability in [0, 1], got ${describe(numbers.p)}`);
  const s = checkShape(op, shape);
  checkTensorSize(op, sizeOf(s), s);
  return sizeOf(s);
};

/** Uniform numbers in [min, max). */
export const uniform = <const S extends Shape>(k: Key, shape: S, min = 0, max = 1): Tensor<S> =>
  fromHost(uniformData(k, sized('uniform', k, shape, { min, max }), min, max), shape);

/** Normal numbers with the given mean and standard deviation. */
export const normal = <const S extends Shape>(k: Key, shape: S, mean = 0, std = 1): Tensor<S> =>
  fromHost(normalData(k, sized('normal', k, shape, { mean, std }), mean, std), shape);

/** Normal numbers redrawn until they fall within [lo, hi] standard deviations of the mean. */
export const truncatedNormal = <const S extends Shape>(k: Key, shape: S, mean = 0, std = 1, lo = -2, hi = 2): Tensor<S> =>
  fromHost(truncatedNormalData(k, sized('truncatedNormal', k, shape, { mean, std, lo, hi }), mean, std, lo, hi), shape);

/** 1 with probability p, else 0. */
export const bernoulli = <const S extends Shape>(k: Key, p: number, shape: S): Tensor<S> =>
  fromHost(bernoulliData(k, sized('bernoulli', k, shape, { p }, () => p >= 0 && p <= 1), p), shape);

/** One class id per row of `logits` [rows, classes], drawn from softmax(logits row). */
export const categorical = (k: Key, logits: Tensor): Tensor<[number]> => {
  if (logits.rank !== 2) throw new ShapeError('categorical', 'logits', logits.shape, 'must be rank 2 [rows, classes]');
  const [rows, classes] = logits.shape;
  return fromHost(Float32Array.from(categoricalData(k, toArray(logits), rows, classes)), [rows]);
};

/** A random ordering of 0 … n−1. */
export const permutation = (k: Key, n: number): Tensor<[number]> => {
  checkKey('permutation', k);
  if (!Number.isSafeInteger(n) || n < 0) throw new OptionError('permutation', `n must be a non-negative integer, got ${describe(n)}`);
  checkTensorSize('permutation', n, [n]);
  return fromHost(Float32Array.from(permutationData(k, n)), [n]);
};
