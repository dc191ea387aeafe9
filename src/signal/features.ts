// The usual speech features in one call each: log-mel spectrograms and MFCCs of signals.
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../shape/options.js';
import { OptionError } from '../shape/errors.js';
import { alongLastAxis } from './last-axis.js';
import { melFilterbank, type MelOptions } from './mel.js';
import { mfcc } from './dct.js';
import { logCompress, powerSpectrogram, type StftOptions } from './spectrogram.js';
import type { Framed, LastAxisReplaced } from './types.js';
import type { Shape } from '../shape/shape.js';

export interface LogMelOptions extends StftOptions, Omit<MelOptions, 'nfft'> {
  /** log(mel energy + epsilon); default 1e-6. */
  readonly epsilon?: number;
}

const LOG_MEL_OPTIONS = ['frameLength', 'hop', 'padding', 'nfft', 'onesided', 'window', 'sampleRate', 'melBins', 'fMin', 'fMax', 'epsilon'];

/** The mel energies of a power spectrogram `[..., K]` → `[..., melBins]`. */
export const melEnergies = <S extends Shape>(power: Tensor<S>, bank: Tensor<[number, number]>): Tensor<LastAxisReplaced<S>> => {
  const y: Tensor = alongLastAxis('melEnergies', 'power', power, bank);
  return y as Tensor<LastAxisReplaced<S>>;
};

/**
 * log(mel filter bank · |STFT(x)|² + epsilon) of a signal `[N]` → `[frames, melBins]` or a batch
 * `[B, N]` → `[B, frames, melBins]`. Differentiable (natural logarithm; HTK mel scale).
 */
export function logMelSpectrogram<S extends Shape>(x: Tensor<S>, options: LogMelOptions): Tensor<Framed<S>> {
  checkOptions('logMelSpectrogram', options, LOG_MEL_OPTIONS, 'required');
  const { sampleRate, melBins, fMin, fMax, epsilon, ...stftOptions } = options;
  if (stftOptions.onesided === false) throw new OptionError('logMelSpectrogram', 'onesided must be true (the mel bank covers bins 0 … nfft/2)');
  const nfft = stftOptions.nfft ?? stftOptions.frameLength;
  const bank = melFilterbank({ sampleRate, nfft, melBins, ...(fMin === undefined ? {} : { fMin }), ...(fMax === undefined ? {} : { fMax }) });
  const power: Tensor = powerSpectrogram(x, stftOptions);
  const y: Tensor = logCompress(melEnergies(power, bank), epsilon === undefined ? {} : { epsilon });
  return y as Tensor<Framed<S>>;
}

/** MFCCs of signals: the first `coefficients` (default 13) orthonormal DCT-II outputs of the log-mel spectrogram. */
export function mfccs<S extends Shape>(x: Tensor<S>, options: LogMelOptions & { readonly coefficients?: number }): Tensor<Framed<S>> {
  const { coefficients, ...rest } = options;
  const logMel: Tensor = logMelSpectrogram(x, rest);
  const y: Tensor = mfcc(logMel, coefficients === undefined ? {} : { coefficients });
  return y as Tensor<Framed<S>>;
}
