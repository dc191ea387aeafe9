// The orthonormal DCT-II as a matrix, and MFCCs: the DCT of log mel energies (a matmul, differentiable).
import { alongLastAxis } from './last-axis.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../shape/options.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkTensor } from '../ops/launch.js';
import { intOption } from './checks.js';
import type { LastAxisReplaced } from './types.js';
import type { Shape } from '../shape/shape.js';

/**
 * The orthonormal DCT-II as float64 `[n, coefficients]` (row-major, so x `[..., n]` times it gives
 * the first `coefficients` outputs): entry (i, k) = s_k·cos(πk(2i+1)/(2n)), s_0 = √(1/n),
 * s_k = √(2/n). With coefficients = n the matrix is orthogonal (scipy.fft.dct(type=2, norm='ortho')).
 */
export function dctMatrixData(n: number, coefficients = n): Float64Array {
  intOption('dct', 'n', n, 1);
  intOption('dct', 'coefficients', coefficients, 1);
  if (coefficients > n) throw new OptionError('dct', `coefficients (${coefficients}) must be at most n (${n})`);
  const c = new Float64Array(n * coefficients);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < coefficients; k++) c[i * coefficients + k] = Math.sqrt((k === 0 ? 1 : 2) / n) * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
  return c;
}

/** The DCT-II matrix as a float32 tensor `[n, coefficients]`. */
export const dctMatrix = (n: number, coefficients = n): Tensor<[number, number]> => tensor(Float32Array.from(dctMatrixData(n, coefficients)), [n, coefficients]);

/** The orthonormal DCT-II along the last axis, keeping the first `coefficients` (default all). Differentiable. */
export function dct<S extends Shape>(x: Tensor<S>, coefficients?: number): Tensor<LastAxisReplaced<S>> {
  checkTensor('dct', 'x', x);
  if (x.rank < 1) throw new ShapeError('dct', 'x', x.shape, 'must have a last axis to transform');
  const n = x.shape[x.rank - 1];
  const y: Tensor = alongLastAxis('dct', 'x', x, dctMatrix(n, coefficients ?? n));
  return y as Tensor<LastAxisReplaced<S>>;
}

export interface MfccOptions {
  /** Cepstral coefficients kept (default 13, or every mel bin when there are fewer; at most the number of mel bins). */
  readonly coefficients?: number;
}

/** MFCCs of a log-mel spectrogram `[..., melBins]`: its orthonormal DCT-II, first `coefficients` kept. */
export function mfcc<S extends Shape>(logMel: Tensor<S>, options: MfccOptions = {}): Tensor<LastAxisReplaced<S>> {
  checkOptions('mfcc', options, ['coefficients']);
  checkTensor('mfcc', 'logMel', logMel);
  if (logMel.rank < 1) throw new ShapeError('mfcc', 'logMel', logMel.shape, 'must end in an axis of mel bins');
  const m = logMel.shape[logMel.rank - 1];
  return dct(logMel, options.coefficients ?? Math.min(13, m));
}
