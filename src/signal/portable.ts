// nn-ts/signal anywhere (the browser entry): framing, windows, the STFT as a DFT matmul,
// spectrograms, mel filter banks, MFCCs, the pure WAV parser and encoder, and keyed audio
// augmentations. index.ts adds readWav, which reads files (Node).
export { frame, frameCount, frameLayout, type FrameOptions, type FramePadding, type FrameLayout } from './frame.js';
export { windowTensor, windowData, hannWindow, hammingWindow, type WindowKind, type WindowSymmetry, type WindowOptions } from './window.js';
export { rdft, dftBasisData, onesidedBins, type Complex, type DftOptions } from './dft.js';
export { stft, applyWindow, power, powerSpectrogram, logCompress, logSpectrogram, type StftOptions, type LogOptions } from './spectrogram.js';
export { hzToMel, melToHz, melPoints, melFilterbank, melFilterbankData, type MelOptions } from './mel.js';
export { dct, dctMatrix, dctMatrixData, mfcc, type MfccOptions } from './dct.js';
export { logMelSpectrogram, mfccs, melEnergies, type LogMelOptions } from './features.js';
export { parseWav, encodeWav, type Wav, type WavProblem } from './wav.js';
export {
  shiftSignals, randomTimeShift, mixAtSnr, additiveNoise, resampleSignals, randomSpeed, maskBands, timeMask, frequencyMask,
  type ShiftMode, type TimeShiftOptions, type NoiseOptions, type SpeedOptions, type Band, type MaskOptions,
} from './augment.js';
export type { Framed, LastAxisReplaced } from './types.js';
