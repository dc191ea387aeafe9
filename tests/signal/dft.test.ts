import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, toArray, useBackend } from '../../src/index.js';
import { OptionError, ShapeError } from '../../src/shape/errors.js';
import { dftBasisData, hannWindow, onesidedBins, powerSpectrogram, rdft, stft, windowData } from '../../src/signal/index.js';
import { arbTensorOf, checkBackendAgreement, checkGradient, holds, rejectsLaw } from '../../laws/index.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';

announceBackends('signal dft');

/** The full complex DFT of real x (zero-padded to n) in float64, by the definition. */
const dft64 = (x: ArrayLike<number>, n: number): { re: Float64Array; im: Float64Array } => {
  const re = new Float64Array(n), im = new Float64Array(n);
  for (let k = 0; k < n; k++)
    for (let t = 0; t < x.length; t++) {
      re[k] += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      im[k] -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
  return { re, im };
};

const signal = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i * seed + seed) * Math.cos(0.11 * i));

describe.each(testedBackends)('rdft on %s', (backend) => {
  it('matches the float64 DFT (onesided and full, nfft > frame length)', () => {
    useBackend(backend, { strict: true });
    const x = signal(12, 3);
    for (const [nfft, onesided] of [[12, true], [16, true], [16, false], [13, true]] as const) {
      const { re, im } = rdft(tensor(x, [12]), { nfft, onesided });
      const ref = dft64(x, nfft), bins = onesided ? onesidedBins(nfft) : nfft;
      expect(re.shape).toEqual([bins]);
      const r = toArray(re), i = toArray(im);
      for (let k = 0; k < bins; k++) {
        expect(Math.abs(r[k] - ref.re[k])).toBeLessThan(1e-4);
        expect(Math.abs(i[k] - ref.im[k])).toBeLessThan(1e-4);
      }
    }
  });

  it("Parseval: Σx² = (1/n)·Σ|X|² over the full spectrum, and over the one-sided bins counted twice but DC and Nyquist", () => {
    useBackend(backend, { strict: true });
    for (const n of [16, 15]) {
      const x = signal(n, 5);
      const energy = x.reduce((a, v) => a + v * v, 0);
      const full = powerFromRdft(x, n, false), one = powerFromRdft(x, n, true);
      expect(full.reduce((a, v) => a + v, 0) / n).toBeCloseTo(energy, 4);
      const twice = one.reduce((a, v, k) => a + (k === 0 || (n % 2 === 0 && k === n / 2) ? v : 2 * v), 0);
      expect(twice / n).toBeCloseTo(energy, 4);
    }
  });

  it('a pure tone on bin k peaks in bin k (and a Hann-windowed one leaks only to its neighbours)', () => {
    useBackend(backend, { strict: true });
    const n = 64;
    for (const k of [1, 5, 17, 31]) {
      const x = Float32Array.from({ length: n }, (_, t) => Math.cos((2 * Math.PI * k * t) / n + 0.3));
      const p = toArray(powerSpectrogram(tensor(x, [n]), { frameLength: n, hop: n })); // one frame
      const peak = p.indexOf(Math.max(...p));
      expect(peak).toBe(k);
      expect(p[k]).toBeCloseTo((n / 2) ** 2, 0); // |X[k]| = n/2 for a unit cosine
      const w = toArray(powerSpectrogram(tensor(x, [n]), { frameLength: n, hop: n, window: hannWindow(n) }));
      w.forEach((v, b) => { if (Math.abs(b - k) > 1) expect(v).toBeLessThan(1e-6 * w[k]); });
    }
  });
});

const powerFromRdft = (x: Float32Array, n: number, onesided: boolean): number[] => {
  const { re, im } = rdft(tensor(x, [n]), { onesided });
  const r = toArray(re), i = toArray(im);
  return Array.from(r, (v, k) => v * v + i[k] * i[k]);
};

describe('dft basis', () => {
  it('reduces the angle modulo nfft, so entries stay exact for large k·n', () => {
    const { cos, sin } = dftBasisData(400, 400, 201);
    // k·n = 200·399 ≡ 200 (mod 400): angle π
    expect(cos[399 * 201 + 200]).toBeCloseTo(-1, 14);
    expect(Math.abs(sin[399 * 201 + 200])).toBeLessThan(1e-14);
  });
  it('rejects nfft shorter than the frame and a rank-0 input', () => {
    expect(() => rdft(tensor(signal(8, 1), [8]), { nfft: 4 })).toThrow(OptionError);
    holds(rejectsLaw((x) => rdft(x).re, [tensor([1], [])]));
  });
});

describe('stft laws', () => {
  const opts = { frameLength: 8, hop: 3, padding: 'center' as const, window: hannWindow(8) };
  it('shape: [B, N] → [B, 1 + ⌊N/hop⌋, nfft/2 + 1] with center padding; a rank-3 input is refused', () => {
    const { re } = stft(tensor(new Float32Array(2 * 20), [2, 20]), { ...opts, nfft: 10 });
    expect(re.shape).toEqual([2, 7, 6]);
    expect(() => stft(tensor(new Float32Array(8), [2, 2, 2]), opts)).toThrow(ShapeError);
    expect(() => stft(tensor(new Float32Array(20), [20]), { ...opts, window: hannWindow(6) })).toThrow(/window has shape \[6\]/);
  });
  it('gradient: the pullback of the power spectrogram agrees with finite differences', () => {
    checkGradient((x) => powerSpectrogram(x, opts), fc.tuple(arbTensorOf([2, 19])), { numRuns: 3 });
  });
  it(`backend agreement (${testedBackends.join(', ')}) at a realistic size: 4 signals of 6,272 samples, 256-point frames`, () => {
    const big = { frameLength: 256, hop: 128, window: hannWindow(256) };
    checkBackendAgreement((x) => powerSpectrogram(x, big), fc.tuple(arbTensorOf([4, 6272])), { backends: testedBackends, numRuns: 1, ...tol('webasm', 256) , rtol: 1e-4 });
  });
});

describe('windows', () => {
  it('Hann and Hamming, periodic and symmetric, against their formulas', () => {
    const n = 8;
    const hp = windowData('hann', n), hs = windowData('hann', n, { symmetry: 'symmetric' });
    const mp = windowData('hamming', n), ms = windowData('hamming', n, { symmetry: 'symmetric' });
    for (let i = 0; i < n; i++) {
      expect(hp[i]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n), 14);
      expect(hs[i]).toBeCloseTo(0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1)), 14);
      expect(mp[i]).toBeCloseTo(0.54 - 0.46 * Math.cos((2 * Math.PI * i) / n), 14);
      expect(ms[i]).toBeCloseTo(0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (n - 1)), 14);
    }
    expect(hs[0]).toBe(hs[n - 1]);
    // the periodic window of n is the symmetric window of n + 1 without its last point
    expect(Array.from(hp)).toEqual(Array.from(windowData('hann', n + 1, { symmetry: 'symmetric' }).subarray(0, n)));
    expect(Array.from(windowData('hann', 1, { symmetry: 'symmetric' }))).toEqual([1]);
  });
  it('rejects an unknown symmetry and a length below 1', () => {
    expect(() => windowData('hann', 8, { symmetry: 'even' as 'periodic' })).toThrow(/symmetry must be one of 'periodic', 'symmetric'/);
    expect(() => hannWindow(0)).toThrow(OptionError);
  });
});
