// Analysis windows, computed in float64. A periodic window of length L is the first L points of the
// symmetric window of length L + 1: the form spectral analysis uses (its DFT is exact on L bins,
// as numpy's scipy.signal.get_window(..., fftbins=True) and torch.hann_window(periodic=True)).
// A symmetric window (endpoints equal) is the filter-design form (numpy.hanning).
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../shape/options.js';
import { choiceOption, intOption } from './checks.js';

export type WindowKind = 'hann' | 'hamming' | 'rectangular';
export type WindowSymmetry = 'periodic' | 'symmetric';

export interface WindowOptions {
  /** 'periodic' (default; for STFTs) or 'symmetric' (w[0] = w[L−1]). */
  readonly symmetry?: WindowSymmetry;
}

const KINDS: readonly WindowKind[] = ['hann', 'hamming', 'rectangular'];

/** Raised-cosine windows a − (1 − a)·cos(2πn/D): Hann a = 0.5, Hamming a = 0.54. */
const COSINE_A: Readonly<Record<WindowKind, number>> = { hann: 0.5, hamming: 0.54, rectangular: 1 };

/**
 * The window of `length` points as float64: w[n] = a − (1 − a)·cos(2πn / D), with D = length
 * (periodic) or length − 1 (symmetric); a = 0.5 (Hann), 0.54 (Hamming), 1 (rectangular).
 */
export function windowData(kind: WindowKind, length: number, options: WindowOptions = {}): Float64Array {
  const op = 'window';
  choiceOption(op, 'kind', kind, KINDS);
  intOption(op, 'length', length, 1);
  checkOptions(op, options, ['symmetry']);
  const symmetry = choiceOption(op, 'symmetry', options.symmetry ?? 'periodic', ['periodic', 'symmetric']);
  const d = symmetry === 'periodic' ? length : length - 1;
  const a = COSINE_A[kind];
  // A symmetric window of one point is [1] (its denominator would be 0).
  return Float64Array.from({ length }, (_, n) => (d === 0 ? 1 : a - (1 - a) * Math.cos((2 * Math.PI * n) / d)));
}

/** The window as a float32 tensor `[length]`. */
export const windowTensor = (kind: WindowKind, length: number, options: WindowOptions = {}): Tensor<[number]> =>
  tensor(Float32Array.from(windowData(kind, length, options)), [length]);

/** The periodic or symmetric Hann window (a = 0.5) `[length]`. */
export const hannWindow = (length: number, options: WindowOptions = {}): Tensor<[number]> => windowTensor('hann', length, options);

/** The periodic or symmetric Hamming window (a = 0.54) `[length]`. */
export const hammingWindow = (length: number, options: WindowOptions = {}): Tensor<[number]> => windowTensor('hamming', length, options);
