// The discrete Fourier transform of real frames as two matrix products (cosine and sine bases),
// so it is differentiable, runs on every backend, and needs no FFT kernel. For the frame lengths
// of speech features (a few hundred samples) a matmul against a [L, K] basis is the fast path anyway.
import { neg } from '../ops/elementwise.js';
import { checkOptions } from '../shape/options.js';
import { ShapeError } from '../shape/errors.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from '../ops/launch.js';
import { alongLastAxis } from './last-axis.js';
import { intOption } from './checks.js';
import type { LastAxisReplaced } from './types.js';
import type { Shape } from '../shape/shape.js';

/** The real and imaginary parts of a spectrum, of the same shape. */
export interface Complex<S extends Shape = Shape> {
  readonly re: Tensor<S>;
  readonly im: Tensor<S>;
}

/** Bins of the one-sided spectrum of an n-point DFT: frequencies 0 … n/2 (the rest mirror them for real input). */
export const onesidedBins = (nfft: number): number => Math.floor(nfft / 2) + 1;

/**
 * The DFT basis as float64 `[length, bins]` (row-major): cos[n·bins + k] = cos(2πkn/nfft),
 * sin[n·bins + k] = sin(2πkn/nfft), for n < length ≤ nfft (the frame is zero-padded to nfft).
 * The angle is reduced modulo nfft in integers first, so large k·n loses no precision.
 */
export function dftBasisData(length: number, nfft: number, bins: number): { cos: Float64Array; sin: Float64Array } {
  const cos = new Float64Array(length * bins), sin = new Float64Array(length * bins);
  for (let n = 0; n < length; n++)
    for (let k = 0; k < bins; k++) {
      const a = (2 * Math.PI * ((k * n) % nfft)) / nfft;
      cos[n * bins + k] = Math.cos(a);
      sin[n * bins + k] = Math.sin(a);
    }
  return { cos, sin };
}

export interface DftOptions {
  /** DFT size (≥ the frame length L; default L): frames are zero-padded to it. */
  readonly nfft?: number;
  /** Keep only bins 0 … ⌊nfft/2⌋ (default true: the input is real). */
  readonly onesided?: boolean;
}

/**
 * The DFT along the last axis of real frames `[..., L]`: X[k] = Σₙ x[n]·e^(−2πikn/nfft), as
 * `{ re, im }` of shape `[..., K]` with K = ⌊nfft/2⌋ + 1 (onesided) or nfft. Unnormalised (as
 * numpy.fft.rfft), so Parseval reads Σ|x|² = (1/nfft)·Σ_full |X|². Differentiable.
 */
export function rdft<S extends Shape>(frames: Tensor<S>, options: DftOptions = {}): Complex<LastAxisReplaced<S>> {
  const op = 'rdft';
  checkTensor(op, 'frames', frames);
  checkOptions(op, options, ['nfft', 'onesided']);
  if (frames.rank < 1) throw new ShapeError(op, 'frames', frames.shape, 'must have a last axis of samples');
  const length = frames.shape[frames.rank - 1];
  const nfft = intOption(op, 'nfft', options.nfft ?? length, Math.max(1, length));
  const bins = options.onesided === false ? nfft : onesidedBins(nfft);
  const { cos, sin } = dftBasisData(length, nfft, bins);
  const c = tensor(Float32Array.from(cos), [length, bins]), s = tensor(Float32Array.from(sin), [length, bins]);
  const re = alongLastAxis(op, 'frames', frames, c), im = neg(alongLastAxis(op, 'frames', frames, s));
  return { re: re as Tensor<LastAxisReplaced<S>>, im: im as Tensor<LastAxisReplaced<S>> };
}

