// Short-time Fourier transform and the spectrograms built on it: framing (a gather), a window
// (a product) and the DFT (two matmuls), all differentiable ops, so features can sit inside a model.
import { add, log, mul } from '../ops/elementwise.js';
import { checkTensor } from '../ops/launch.js';
import { checkOptions } from '../shape/options.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { rdft, type Complex, type DftOptions } from './dft.js';
import { frame, FRAME_OPTIONS, type FrameOptions } from './frame.js';
import type { Framed } from './types.js';
import type { Shape } from '../shape/shape.js';

export interface StftOptions extends FrameOptions, DftOptions {
  /** A window `[frameLength]` (e.g. hannWindow(frameLength)); default none (rectangular). */
  readonly window?: Tensor;
}

const STFT_OPTIONS = [...FRAME_OPTIONS, 'nfft', 'onesided', 'window'];

/** Applies `w` `[L]` to every frame `[..., L]` (a broadcast product). */
export function applyWindow<S extends Shape>(frames: Tensor<S>, w: Tensor): Tensor<S> {
  checkTensor('applyWindow', 'frames', frames);
  checkTensor('applyWindow', 'window', w);
  const length = frames.shape[frames.rank - 1];
  if (w.rank !== 1 || w.shape[0] !== length) throw new ShapeError('applyWindow', 'window', w.shape, `must be [${length}], one weight per sample of a frame`);
  const f: Tensor = frames;
  const y: Tensor = mul(f, w);
  return y as Tensor<S>;
}

/**
 * The short-time Fourier transform of a signal `[N]` → `{ re, im }` `[frames, K]`, or of a batch
 * `[B, N]` → `[B, frames, K]`: frame (see `frame`), multiply by the window, DFT each frame
 * (K = ⌊nfft/2⌋ + 1 one-sided bins; nfft defaults to frameLength). Differentiable.
 */
export function stft<S extends Shape>(x: Tensor<S>, options: StftOptions): Complex<Framed<S>> {
  checkOptions('stft', options, STFT_OPTIONS, 'required');
  const { window: w, nfft, onesided, ...framing } = options;
  const frames: Tensor = frame(x, framing);
  const windowed = w === undefined ? frames : applyWindow(frames, w);
  const dftOptions: DftOptions = { ...(nfft === undefined ? {} : { nfft }), ...(onesided === undefined ? {} : { onesided }) };
  const { re, im }: Complex = rdft(windowed, dftOptions);
  return { re: re as Tensor<Framed<S>>, im: im as Tensor<Framed<S>> };
}

/** |X|² = re² + im², elementwise. */
export const power = <S extends Shape>(z: Complex<S>): Tensor<S> => {
  const re: Tensor = z.re, im: Tensor = z.im;
  const p: Tensor = add(mul(re, re), mul(im, im));
  return p as Tensor<S>;
};

/** The power spectrogram |STFT(x)|² (`[frames, K]` or `[B, frames, K]`). */
export const powerSpectrogram = <S extends Shape>(x: Tensor<S>, options: StftOptions): Tensor<Framed<S>> => power(stft(x, options));

export interface LogOptions {
  /** Added before the logarithm so silence stays finite and the gradient bounded: log(p + epsilon). Default 1e-6. */
  readonly epsilon?: number;
}

/** log(p + epsilon), natural logarithm, elementwise (epsilon > 0). Differentiable. */
export function logCompress<S extends Shape>(p: Tensor<S>, options: LogOptions = {}): Tensor<S> {
  checkTensor('logCompress', 'p', p);
  checkOptions('logCompress', options, ['epsilon']);
  const eps = options.epsilon ?? 1e-6;
  if (typeof eps !== 'number' || !(eps > 0) || !Number.isFinite(eps)) throw new OptionError('logCompress', `epsilon must be a finite number > 0, got ${String(eps)}`);
  const y: Tensor = log(add(p, eps));
  return y as Tensor<S>;
}

/** The log power spectrogram log(|STFT(x)|² + epsilon). */
export const logSpectrogram = <S extends Shape>(x: Tensor<S>, options: StftOptions & LogOptions): Tensor<Framed<S>> => {
  const { epsilon, ...rest } = options;
  return logCompress(powerSpectrogram(x, rest), epsilon === undefined ? {} : { epsilon });
};
