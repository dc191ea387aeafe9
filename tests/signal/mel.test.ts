import { describe, expect, it } from 'vitest';
import { OptionError } from '../../src/shape/errors.js';
import { hzToMel, melFilterbank, melFilterbankData, melPoints, melToHz } from '../../src/signal/index.js';

describe('mel scale (HTK)', () => {
  it('is 2595·log10(1 + f/700): 1000 Hz ≈ 1000 mel, 700 Hz = 2595·log10 2', () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(700)).toBeCloseTo(2595 * Math.log10(2), 10);
    expect(hzToMel(1000)).toBeCloseTo(999.9855, 3);
    expect(hzToMel(4000)).toBeCloseTo(2595 * Math.log10(1 + 4000 / 700), 10);
  });
  it('melToHz inverts hzToMel (both ways) and is increasing', () => {
    for (const f of [0, 1, 50, 300, 1000, 3999, 8000, 22050]) expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
    for (const m of [0, 10, 500, 2146, 3000]) expect(hzToMel(melToHz(m))).toBeCloseTo(m, 8);
    for (let f = 0; f < 8000; f += 250) expect(hzToMel(f + 1)).toBeGreaterThan(hzToMel(f));
  });
});

describe('mel filter bank', () => {
  const o = { sampleRate: 8000, nfft: 256, melBins: 40 };
  const k = 129, m = 40;
  const w = melFilterbankData(o), pts = melPoints(o);

  it('has [nfft/2 + 1, melBins] weights in [0, 1], filter centres equally spaced in mel from fMin to fMax', () => {
    expect(melFilterbank(o).shape).toEqual([k, m]);
    expect(w.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(pts[0]).toBe(0);
    expect(pts[m + 1]).toBeCloseTo(4000, 9);
    const mels = Array.from(pts, hzToMel);
    for (let i = 1; i < mels.length; i++) expect(mels[i] - mels[i - 1]).toBeCloseTo(mels[1] - mels[0], 9);
  });

  it('partition of unity: between the first and the last centre the weights at every bin sum to 1', () => {
    for (let b = 0; b < k; b++) {
      const f = (b * 8000) / 256;
      const s = Array.from({ length: m }, (_, j) => w[b * m + j]).reduce((a, v) => a + v, 0);
      if (f >= pts[1] && f <= pts[m]) expect(s).toBeCloseTo(1, 12);
      else expect(s).toBeLessThanOrEqual(1 + 1e-12);
    }
  });

  it('each filter is a triangle: 0 outside its edges, rising then falling, at most two filters overlap at a bin', () => {
    for (let j = 0; j < m; j++)
      for (let b = 0; b < k; b++) {
        const f = (b * 8000) / 256, v = w[b * m + j];
        if (f <= pts[j] || f >= pts[j + 2]) expect(v).toBe(0);
        else if (f <= pts[j + 1]) expect(v).toBeCloseTo((f - pts[j]) / (pts[j + 1] - pts[j]), 12);
        else expect(v).toBeCloseTo((pts[j + 2] - f) / (pts[j + 2] - pts[j + 1]), 12);
      }
    for (let b = 0; b < k; b++) expect(Array.from({ length: m }, (_, j) => w[b * m + j]).filter((v) => v > 0).length).toBeLessThanOrEqual(2);
  });

  it('rejects fMax above Nyquist, fMax ≤ fMin, unknown options', () => {
    expect(() => melFilterbankData({ ...o, fMax: 5000 })).toThrow(/fMax must be a number in \[0, 4000\]/);
    expect(() => melFilterbankData({ ...o, fMin: 300, fMax: 300 })).toThrow(OptionError);
    expect(() => melFilterbankData({ ...o, htk: false } as typeof o)).toThrow(OptionError);
  });
});
