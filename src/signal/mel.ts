// The mel scale and mel filter banks. The scale is the HTK formula (O'Shaughnessy 1987):
// mel(f) = 2595·log10(1 + f/700), the one HTK, torchaudio (mel_scale='htk') and librosa (htk=True)
// use; librosa's default is the Slaney variant, linear below 1 kHz, which this is not.
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOptions } from '../shape/options.js';
import { OptionError } from '../shape/errors.js';
import { intOption, numberOption } from './checks.js';
import { onesidedBins } from './dft.js';

/** Hertz to mel, HTK: 2595·log10(1 + f/700). */
export const hzToMel = (f: number): number => 2595 * Math.log10(1 + f / 700);

/** Mel to hertz, the inverse of hzToMel: 700·(10^(m/2595) − 1). */
export const melToHz = (m: number): number => 700 * (10 ** (m / 2595) - 1);

export interface MelOptions {
  readonly sampleRate: number;
  /** The DFT size the spectrogram used: the bank has ⌊nfft/2⌋ + 1 rows, bin k at k·sampleRate/nfft Hz. */
  readonly nfft: number;
  /** Number of filters (≥ 1). */
  readonly melBins: number;
  /** Lowest edge in Hz (default 0). */
  readonly fMin?: number;
  /** Highest edge in Hz (default sampleRate / 2). */
  readonly fMax?: number;
}

/** The filters' edges and centres in Hz: melBins + 2 points equally spaced in mel from fMin to fMax. */
export function melPoints(options: MelOptions): Float64Array {
  const op = 'melFilterbank';
  checkOptions(op, options, ['sampleRate', 'nfft', 'melBins', 'fMin', 'fMax'], 'required');
  const sr = numberOption(op, 'sampleRate', options.sampleRate, Number.EPSILON, Infinity);
  intOption(op, 'nfft', options.nfft, 1);
  const m = intOption(op, 'melBins', options.melBins, 1);
  const fMin = numberOption(op, 'fMin', options.fMin ?? 0, 0, sr / 2);
  const fMax = numberOption(op, 'fMax', options.fMax ?? sr / 2, 0, sr / 2);
  if (!(fMax > fMin)) throw new OptionError(op, `fMax (${fMax} Hz) must be above fMin (${fMin} Hz)`);
  const lo = hzToMel(fMin), hi = hzToMel(fMax);
  return Float64Array.from({ length: m + 2 }, (_, i) => melToHz(lo + ((hi - lo) * i) / (m + 1)));
}

/**
 * The mel filter bank as float64 `[K, melBins]` (row-major; K = ⌊nfft/2⌋ + 1), so a power
 * spectrogram `[..., K]` times it is `[..., melBins]`. Filter m is the triangle over the
 * continuous frequency axis that rises from point m to 1 at point m+1 and falls to 0 at point
 * m+2 (`melPoints`), sampled at the bin frequencies; peak height 1 (no area normalisation). So at
 * every frequency between the first and last centre the weights of the two filters around it sum to 1.
 */
export function melFilterbankData(options: MelOptions): Float64Array {
  const pts = melPoints(options);
  const m = options.melBins, k = onesidedBins(options.nfft);
  const w = new Float64Array(k * m);
  for (let b = 0; b < k; b++) {
    const f = (b * options.sampleRate) / options.nfft;
    for (let j = 0; j < m; j++) {
      const rise = (f - pts[j]) / (pts[j + 1] - pts[j]), fall = (pts[j + 2] - f) / (pts[j + 2] - pts[j + 1]);
      w[b * m + j] = Math.max(0, Math.min(rise, fall));
    }
  }
  return w;
}

/** The mel filter bank as a float32 tensor `[⌊nfft/2⌋ + 1, melBins]` (see melFilterbankData). */
export const melFilterbank = (options: MelOptions): Tensor<[number, number]> =>
  tensor(Float32Array.from(melFilterbankData(options)), [onesidedBins(options.nfft), options.melBins]);
