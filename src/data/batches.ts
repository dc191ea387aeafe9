// Minibatching: index plans (shuffled by an explicit key, or in order) and row selection.
import { gather } from '../ops/gather.js';
import type { Key } from '../random/key.js';
import { permutationData } from '../random/sample.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { checkTensor } from '../ops/launch.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

function checkCount(op: string, what: string, n: number, min = 0): void {
  if (!Number.isSafeInteger(n) || n < min) {
    throw new OptionError(op, `${what} must be an integer >= ${min}, got ${String(n)}`);
  }
}

/** A uniformly random permutation of 0 … n−1, a pure function of (k, n). */
export function shuffledIndices(k: Key, n: number): Int32Array {
  checkCount('shuffledIndices', 'n', n);
  return permutationData(k, n);
}

export interface BatchIndicesOptions {
  /** Shuffle with this key (one epoch's order); without it, batches are 0 … n−1 in order. */
  readonly key?: Key;
  /** Drop a last batch smaller than `batchSize` (default false: keep it). */
  readonly dropLast?: boolean;
}

/**
 * One epoch's batches of row indices: consecutive chunks of `batchSize` from a permutation of
 * 0 … n−1 (from `key`) or from 0 … n−1 in order. Every index appears exactly once, unless
 * `dropLast` drops the final n mod batchSize. Use `foldIn(key, epoch)` for a new order per epoch.
 */
export function batchIndices(n: number, batchSize: number, options: BatchIndicesOptions = {}): Int32Array[] {
  checkCount('batchIndices', 'n', n);
  checkCount('batchIndices', 'batchSize', batchSize, 1);
  checkOptions('batchIndices', options, ['key', 'dropLast']);
  checkBoolean('batchIndices', 'dropLast', options.dropLast);
  const order = options.key === undefined ? Int32Array.from({ length: n }, (_, i) => i) : permutationData(options.key, n);
  const end = options.dropLast === true ? n - (n % batchSize) : n;
  const out: Int32Array[] = [];
  for (let s = 0; s < end; s += batchSize) out.push(order.slice(s, Math.min(s + batchSize, end)));
  return out;
}

export interface Batch {
  /** The selected rows of `images`: `[b, ...images.shape[1:]]`. */
  readonly x: Tensor<number[]>;
  /** The selected labels as a float32 tensor `[b]`. */
  readonly y: Tensor<[number]>;
  /** The selected labels as integers. */
  readonly labels: Int32Array;
}

/** Rows `idx` of `images` (via `gather`) and of `labels` (one label per row of `images`). */
export function takeRows(images: Tensor, labels: Int32Array, idx: Int32Array): Batch {
  checkTensor('takeRows', 'images', images);
  if (!(labels instanceof Int32Array)) throw new ArgumentError('takeRows', 'labels', `must be an Int32Array, got ${describe(labels)}`);
  if (!(idx instanceof Int32Array)) throw new ArgumentError('takeRows', 'idx', `must be an Int32Array, got ${describe(idx)}`);
  if (images.rank < 1) throw new ShapeError('takeRows', 'images', images.shape, 'must have rank >= 1 (rows on axis 0)');
  const rows = images.shape[0];
  if (labels.length !== rows) {
    throw new ShapeError('takeRows', 'labels', [labels.length], `must hold one label per row of images ${`[${images.shape.join(', ')}]`}`);
  }
  const picked = new Int32Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    const r = idx[i];
    if (r < 0 || r >= rows) throw new OptionError('takeRows', `index ${r} at position ${i} is not a row in [0, ${rows})`);
    picked[i] = labels[r];
  }
  return {
    x: gather(images, tensor(idx, [idx.length])),
    y: tensor(picked, [picked.length]),
    labels: picked,
  };
}

/** `[n, classes]` float32 rows with a 1 at each label's column, 0 elsewhere. */
export function oneHot(labels: Int32Array, classes: number): Tensor<[number, number]> {
  checkCount('oneHot', 'classes', classes, 1);
  if (!(labels instanceof Int32Array)) throw new ArgumentError('oneHot', 'labels', `must be an Int32Array, got ${describe(labels)}`);
  const out = new Float32Array(labels.length * classes);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (c < 0 || c >= classes) throw new OptionError('oneHot', `label ${c} at position ${i} is not a class in [0, ${classes})`);
    out[i * classes + c] = 1;
  }
  return tensor(out, [labels.length, classes]);
}
