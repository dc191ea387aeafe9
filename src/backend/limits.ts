// Sizes nn-ts refuses up front, before it allocates or launches anything, so that a typo in a shape
// gives a typed error instead of a process killed for memory or a kernel reading the wrong cells.
import { LimitError, OptionError } from '../shape/errors.js';
import { envVar } from './notice.js';

/**
 * Flat indices inside webasm and GL kernels are float32, exact only below 2^24. Kernels whose output
 * or inputs are larger run in gpu.js's cpu mode on those backends (JavaScript doubles), and integer
 * data stored in float32 tensors (indices, counts) must stay below it.
 */
export const EXACT_INDEX_LIMIT = 2 ** 24;

/** Default largest tensor, in elements: 2^30 float32 numbers = 4 GiB. */
export const DEFAULT_MAX_ELEMENTS = 2 ** 30;

const fromEnv = (): number => {
  const env = envVar('NN_TS_MAX_ELEMENTS');
  if (env === undefined || env === '') return DEFAULT_MAX_ELEMENTS;
  const n = Number(env);
  if (!Number.isSafeInteger(n) || n < 1) throw new OptionError('NN_TS_MAX_ELEMENTS', `must be a positive integer, got '${env}'`);
  return Math.min(n, 2 ** 32);
};

let maxElements: number | undefined;

/** The largest tensor (in elements) nn-ts will make: NN_TS_MAX_ELEMENTS, else 2^30 (4 GiB); never above 2^32 (V8's typed-array limit). */
export const maxTensorElements = (): number => (maxElements ??= fromEnv());

/** Changes the largest tensor nn-ts will make (elements); returns the previous limit. */
export const setMaxTensorElements = (n: number): number => {
  if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32)
    throw new LimitError('setMaxTensorElements', 'limit', n, 2 ** 32, 'it must be a positive integer of at most 2^32');
  const prev = maxTensorElements();
  maxElements = n;
  return prev;
};

/** Throws a LimitError naming `op` unless a tensor of `size` elements may be made. */
export const checkTensorSize = (op: string, size: number, shape?: readonly number[]): void => {
  const limit = maxTensorElements();
  if (!(size <= limit))
    throw new LimitError(op, `elements in a tensor${shape ? ` of shape [${shape.join(', ')}]` : ''}`, size, limit,
      'set NN_TS_MAX_ELEMENTS or setMaxTensorElements to allow more, memory permitting');
};
