import { describe, expect, it } from 'vitest';
import { key, tensor, toArray, type Key, type Tensor } from '../../src/index.js';
import { ArgumentError, OptionError, ShapeError } from '../../src/shape/errors.js';
import {
  additiveNoise, frequencyMask, maskBands, mixAtSnr, randomSpeed, randomTimeShift, resampleSignals, shiftSignals, timeMask,
} from '../../src/signal/index.js';

const B = 3, N = 64;
const signals = tensor(Float32Array.from({ length: B * N }, (_, i) => Math.sin(0.3 * i) * (1 + (i % 7) / 7)), [B, N]);
const spec = tensor(Float32Array.from({ length: B * 2 * 10 * 8 }, (_, i) => 1 + (i % 13)), [B, 2, 10, 8]); // no zeros: masked cells show
const row = (a: Float32Array, i: number, n = N) => Array.from(a.subarray(i * n, (i + 1) * n));
const bits = (t: Tensor) => Array.from(toArray(t));

describe('augmentations are pure functions of the key', () => {
  const cases: [string, (k: Key) => Tensor][] = [
    ['randomTimeShift', (k) => randomTimeShift(k, signals, { maxShift: 10 })],
    ['additiveNoise', (k) => additiveNoise(k, signals, { snrDb: [5, 20] })],
    ['randomSpeed', (k) => randomSpeed(k, signals, { minRate: 0.8, maxRate: 1.2 })],
    ['timeMask', (k) => timeMask(k, spec, { maxWidth: 4, masks: 2 })],
    ['frequencyMask', (k) => frequencyMask(k, spec, { maxWidth: 3 })],
  ];
  it.each(cases)('%s: same key, same bits; another key, another result', (_name, f) => {
    expect(bits(f(key(7)))).toEqual(bits(f(key(7))));
    expect(bits(f(key(7)))).not.toEqual(bits(f(key(8))));
  });
  it('refuse a missing key and unknown options', () => {
    expect(() => randomTimeShift(7 as unknown as Key, signals, { maxShift: 1 })).toThrow(ArgumentError);
    expect(() => timeMask(key(0), spec, { maxWidth: 2, width: 3 } as { maxWidth: number })).toThrow(OptionError);
  });
});

describe('time shift', () => {
  it("'zeros' moves samples and fills the gap with 0; 'wrap' is a rotation (every sample kept)", () => {
    const x = toArray(signals);
    const z = toArray(shiftSignals(signals, [3, -2, 0]));
    expect(row(z, 0)).toEqual([0, 0, 0, ...row(x, 0).slice(0, N - 3)]);
    expect(row(z, 1)).toEqual([...row(x, 1).slice(2), 0, 0]);
    expect(row(z, 2)).toEqual(row(x, 2));
    const w = toArray(shiftSignals(signals, [3, -2, 0], 'wrap'));
    expect(row(w, 0)).toEqual([...row(x, 0).slice(N - 3), ...row(x, 0).slice(0, N - 3)]);
    for (let i = 0; i < B; i++) expect([...row(w, i)].sort()).toEqual([...row(x, i)].sort());
  });
  it('a random shift preserves the samples (as a rotation) and stays within ±maxShift', () => {
    const x = toArray(signals), y = toArray(randomTimeShift(key(3), signals, { maxShift: 5, mode: 'wrap' }));
    for (let i = 0; i < B; i++) {
      const s = [...Array(11).keys()].map((v) => v - 5).find((d) => row(toArray(shiftSignals(tensor(row(x, i), [N]), [d], 'wrap')), 0).every((v, t) => v === y[i * N + t]));
      expect(s).toBeDefined();
    }
  });
});

describe('additive noise', () => {
  it('mixes at the SNR asked for, exactly (10·log10(Σx²/Σnoise²)), and leaves a silent signal silent', () => {
    const withSilence = tensor([...toArray(signals).subarray(0, 2 * N), ...new Float32Array(N)], [B, N]);
    const y = toArray(additiveNoise(key(1), withSilence, { snrDb: 12 })), x = toArray(withSilence);
    for (let i = 0; i < 2; i++) {
      let ps = 0, pn = 0;
      for (let t = i * N; t < (i + 1) * N; t++) { ps += x[t] ** 2; pn += (y[t] - x[t]) ** 2; }
      expect(10 * Math.log10(ps / pn)).toBeCloseTo(12, 3);
    }
    expect(row(y, 2).every((v) => v === 0)).toBe(true);
  });
  it('mixAtSnr refuses noise of another shape', () => {
    expect(() => mixAtSnr(signals, tensor(new Float32Array(N), [1, N]), [0, 0, 0])).toThrow(ShapeError);
  });
});

describe('speed change', () => {
  it('rate 1 is the identity, rate 2 keeps every other sample, rate 0.5 interpolates between them', () => {
    const x = toArray(signals);
    expect(bits(resampleSignals(signals, [1, 1, 1]))).toEqual(Array.from(x));
    const y = toArray(resampleSignals(signals, [2, 0.5, 1]));
    expect(row(y, 0).slice(0, N / 2)).toEqual(row(x, 0).filter((_, t) => t % 2 === 0));
    expect(row(y, 0).slice(N / 2).every((v) => v === 0)).toBe(true);
    for (let t = 0; t < N - 1; t++) expect(y[N + t]).toBeCloseTo(t % 2 === 0 ? x[N + t / 2] : (x[N + (t - 1) / 2] + x[N + (t + 1) / 2]) / 2, 6);
    expect(() => resampleSignals(signals, [1, 0, 1])).toThrow(/rates\[1\] must be > 0/);
  });
});

describe('SpecAugment masks', () => {
  it('maskBands zeroes exactly the masked band, in every channel, and nothing else', () => {
    const x = toArray(spec);
    const y = toArray(maskBands(spec, 'time', [[{ start: 2, width: 3 }], [], [{ start: 9, width: 1 }]]));
    const f = toArray(maskBands(spec, 'frequency', [[{ start: 0, width: 2 }], [{ start: 7, width: 1 }], []]));
    for (let i = 0; i < B; i++) for (let c = 0; c < 2; c++) for (let t = 0; t < 10; t++) for (let m = 0; m < 8; m++) {
      const at = ((i * 2 + c) * 10 + t) * 8 + m;
      const inTime = (i === 0 && t >= 2 && t < 5) || (i === 2 && t === 9), inFreq = (i === 0 && m < 2) || (i === 1 && m === 7);
      expect(y[at]).toBe(inTime ? 0 : x[at]);
      expect(f[at]).toBe(inFreq ? 0 : x[at]);
    }
    expect(() => maskBands(spec, 'time', [[{ start: 8, width: 3 }], [], []])).toThrow(/must lie inside the 10 frames/);
  });
  it('random masks: every changed cell is 0 and lies in ≤ masks contiguous bands of ≤ maxWidth, across all channels', () => {
    const x = toArray(spec), y = toArray(timeMask(key(11), spec, { maxWidth: 3, masks: 2 }));
    for (let i = 0; i < B; i++) {
      const masked = [...Array(10).keys()].filter((t) => y[((i * 2) * 10 + t) * 8] === 0);
      for (let c = 0; c < 2; c++) for (let t = 0; t < 10; t++) for (let m = 0; m < 8; m++) {
        const at = ((i * 2 + c) * 10 + t) * 8 + m;
        expect(y[at]).toBe(masked.includes(t) ? 0 : x[at]);
      }
      expect(masked.length).toBeLessThanOrEqual(6);
    }
    const fy = toArray(frequencyMask(key(4), spec, { maxWidth: 8, masks: 1 }));
    for (let i = 0; i < B; i++) {
      const bins = [...Array(8).keys()].filter((m) => fy[(i * 20) * 8 + m] === 0);
      if (bins.length > 0) expect(bins[bins.length - 1] - bins[0] + 1).toBe(bins.length); // one contiguous band
    }
  });
});
