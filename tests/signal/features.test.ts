import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, toArray, useBackend } from '../../src/index.js';
import { ShapeError } from '../../src/shape/errors.js';
import { dctMatrixData, hannWindow, logMelSpectrogram, melFilterbankData, mfccs, windowData } from '../../src/signal/index.js';
import { arbTensorOf, checkBackendAgreement, checkGradient, holds, rejectsLaw } from '../../laws/index.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('signal features');

const small = { sampleRate: 8000, frameLength: 16, hop: 8, window: hannWindow(16), melBins: 6, epsilon: 1e-3 };

/** The whole pipeline in float64 by the definitions: frames, Hann, |DFT|², mel bank, log(· + ε), DCT-II. */
function reference(x: Float32Array, n: number, o: { frameLength: number; hop: number; melBins: number; epsilon: number }, coefficients?: number): number[][] {
  const l = o.frameLength, k = l / 2 + 1, w = windowData('hann', l), bank = melFilterbankData({ sampleRate: 8000, nfft: l, melBins: o.melBins });
  const dctM = dctMatrixData(o.melBins, coefficients ?? o.melBins);
  const out: number[][] = [];
  for (let s = 0; s + l <= n; s += o.hop) {
    const pw = Array.from({ length: k }, (_, b) => {
      let re = 0, im = 0;
      for (let t = 0; t < l; t++) { re += x[s + t] * w[t] * Math.cos((2 * Math.PI * b * t) / l); im -= x[s + t] * w[t] * Math.sin((2 * Math.PI * b * t) / l); }
      return re * re + im * im;
    });
    const lm = Array.from({ length: o.melBins }, (_, m) => Math.log(pw.reduce((a, p, b) => a + p * bank[b * o.melBins + m], 0) + o.epsilon));
    out.push(coefficients === undefined ? lm : Array.from({ length: coefficients }, (_, c) => lm.reduce((a, v, m) => a + v * dctM[m * coefficients + c], 0)));
  }
  return out;
}

describe.each(testedBackends)('log-mel and MFCC against a float64 reference on %s', (backend) => {
  it('match frame by frame', () => {
    useBackend(backend, { strict: true });
    const n = 80, x = Float32Array.from({ length: n }, (_, i) => Math.sin(0.9 * i) + 0.5 * Math.cos(0.23 * i));
    const lm = toArray(logMelSpectrogram(tensor(x, [n]), small)), ref = reference(x, n, small);
    expect(lm.length).toBe(ref.length * 6);
    ref.forEach((r, t) => r.forEach((v, m) => expect(lm[t * 6 + m]).toBeCloseTo(v, 3)));
    const mf = toArray(mfccs(tensor(x, [1, n]), { ...small, coefficients: 4 })), mref = reference(x, n, small, 4);
    mref.forEach((r, t) => r.forEach((v, c) => expect(mf[t * 4 + c]).toBeCloseTo(v, 3)));
  });
});

describe('log-mel pipeline laws', () => {
  it('gradient law: the pullback through frame, window, DFT, power, mel bank and log agrees with finite differences', () => {
    // values in [0.5, 1] keep every mel energy away from the log's steep end
    checkGradient((x) => logMelSpectrogram(x, small), fc.tuple(arbTensorOf([2, 40], { min: 0.5, max: 1 })), { numRuns: 3, eps: 1e-2 });
    checkGradient((x) => mfccs(x, { ...small, coefficients: 3 }), fc.tuple(arbTensorOf([1, 32], { min: 0.5, max: 1 })), { numRuns: 2 });
  });
  it('shape: [B, N] → [B, frames, melBins]; a rank-3 input is refused with a ShapeError', () => {
    expect(logMelSpectrogram(tensor(new Float32Array(3 * 100), [3, 100]), small).shape).toEqual([3, 11, 6]);
    holds(rejectsLaw((x) => logMelSpectrogram(x, small), [tensor(new Float32Array(64), [2, 2, 16])]));
    expect(() => logMelSpectrogram(tensor(new Float32Array(8), [8]), small)).toThrow(ShapeError);
  });
  it(`backend agreement (${testedBackends.join(', ')}) at the example's size: 2 × 6,272 samples → 48 × 40 log-mel`, () => {
    const o = { sampleRate: 8000, frameLength: 256, hop: 128, window: hannWindow(256), melBins: 40, epsilon: 1e-4 };
    checkBackendAgreement((x) => logMelSpectrogram(x, o), fc.tuple(arbTensorOf([2, 6272])), { backends: testedBackends, numRuns: 1, atol: 1e-3, rtol: 1e-4 });
  });
});
