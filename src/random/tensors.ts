// Random tensors from keys. The bits come from Philox on the host in integer arithmetic, so a key
// gives the same numbers on every backend; only then are they uploaded.
import { ShapeError } from '../shape/errors.js';
import { checkShape, sizeOf, type Shape } from '../shape/shape.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Key } from './key.js';
import { bernoulliData, categoricalData, normalData, permutationData, truncatedNormalData, uniformData } from './sample.js';

/** Uniform numbers in [min, max). */
export const uniform = <const S extends Shape>(k: Key, shape: S, min = 0, max = 1): Tensor<S> =>
  fromHost(uniformData(k, sizeOf(checkShape('uniform', shape)), min, max), shape);

/** Normal numbers with the given mean and standard deviation. */
export const normal = <const S extends Shape>(k: Key, shape: S, mean = 0, std = 1): Tensor<S> =>
  fromHost(normalData(k, sizeOf(checkShape('normal', shape)), mean, std), shape);

/** Normal numbers redrawn until they fall within [lo, hi] standard deviations of the mean. */
export const truncatedNormal = <const S extends Shape>(k: Key, shape: S, mean = 0, std = 1, lo = -2, hi = 2): Tensor<S> =>
  fromHost(truncatedNormalData(k, sizeOf(checkShape('truncatedNormal', shape)), mean, std, lo, hi), shape);

/** 1 with probability p, else 0. */
export const bernoulli = <const S extends Shape>(k: Key, p: number, shape: S): Tensor<S> =>
  fromHost(bernoulliData(k, sizeOf(checkShape('bernoulli', shape)), p), shape);

/** One class id per row of `logits` [rows, classes], drawn from softmax(logits row). */
export const categorical = (k: Key, logits: Tensor): Tensor<[number]> => {
  if (logits.rank !== 2) throw new ShapeError('categorical', 'logits', logits.shape, 'must be rank 2 [rows, classes]');
  const [rows, classes] = logits.shape;
  return fromHost(Float32Array.from(categoricalData(k, toArray(logits), rows, classes)), [rows]);
};

/** A random ordering of 0 … n−1. */
export const permutation = (k: Key, n: number): Tensor<[number]> => fromHost(Float32Array.from(permutationData(k, n)), [n]);
