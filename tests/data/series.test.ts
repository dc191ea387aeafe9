import { describe, expect, it } from 'vitest';
import { key, toArray } from '../../src/index.js';
import { forecastWindows, seasonalNaive, seasonalSeries } from '../../src/data/index.js';
import { OptionError } from '../../src/shape/errors.js';

describe('seasonalSeries', () => {
  it('is a function of its key', () => {
    expect(seasonalSeries(key(3), { length: 500 })).toEqual(seasonalSeries(key(3), { length: 500 }));
    expect(seasonalSeries(key(3), { length: 500 })).not.toEqual(seasonalSeries(key(4), { length: 500 }));
  });
  it('without noise and drift is exactly periodic around the trend', () => {
    const y = seasonalSeries(key(1), { length: 400, periods: [24, 168], noise: 0, drift: 0, trend: 0.01, level: 5 });
    for (let t = 0; t + 168 < 400; t += 7) expect(y[t + 168] - y[t]).toBeCloseTo(0.01 * 168, 3);
    // the daily pattern alone repeats every 24 steps
    const d = seasonalSeries(key(1), { length: 100, periods: [24], amplitudes: [3], noise: 0, drift: 0, trend: 0 });
    for (let t = 0; t + 24 < 100; t++) expect(d[t + 24]).toBeCloseTo(d[t], 4);
    // amplitude bound: |a(sin + ½ sin)| ≤ 1.5a around the level
    for (const v of d) expect(Math.abs(v - 10)).toBeLessThanOrEqual(4.5 + 1e-4);
  });
  it('adds noise of the requested size', () => {
    const clean = seasonalSeries(key(2), { length: 20000, noise: 0, drift: 0 });
    const noisy = seasonalSeries(key(2), { length: 20000, noise: 0.5, drift: 0 });
    const diff = noisy.map((v, i) => v - clean[i]);
    const sd = Math.sqrt(diff.reduce((a, v) => a + v * v, 0) / diff.length);
    expect(sd).toBeGreaterThan(0.48);
    expect(sd).toBeLessThan(0.52);
  });
  it('rejects bad options', () => {
    expect(() => seasonalSeries(key(0), { length: 0 })).toThrow(OptionError);
    expect(() => seasonalSeries(key(0), { periods: [24], amplitudes: [1, 2] })).toThrow(/same length/);
    expect(() => seasonalSeries(key(0), { noise: -1 })).toThrow(OptionError);
  });
});

describe('forecastWindows', () => {
  const y = Float32Array.from({ length: 60 }, (_, t) => t * t);
  it('aligns history and targets at each origin, relative to the last observed value', () => {
    const w = forecastWindows(y, { input: 4, horizon: 3, start: 10, end: 20, stride: 5, scale: 2, calendar: [24] });
    expect(w.origins).toEqual([10, 15]);
    expect(w.x.shape).toEqual([2, 4, 3]);
    expect(w.y.shape).toEqual([2, 3]);
    expect(Array.from(w.anchors)).toEqual([81, 196]);
    const x = toArray(w.x), t = toArray(w.y);
    // origin 10: history t = 6..9, targets t = 10..12
    expect([0, 1, 2, 3].map((s) => x[s * 3])).toEqual([6, 7, 8, 9].map((u) => (u * u - 81) / 2));
    expect(Array.from(t.subarray(0, 3))).toEqual([10, 11, 12].map((u) => (u * u - 81) / 2));
    // calendar features: sin and cos of the phase of t
    expect(x[1]).toBeCloseTo(Math.sin((2 * Math.PI * 6) / 24), 6);
    expect(x[2]).toBeCloseTo(Math.cos((2 * Math.PI * 6) / 24), 6);
  });
  it('rejects windows that leave the series', () => {
    expect(() => forecastWindows(y, { input: 4, horizon: 3, start: 3, end: 10 })).toThrow(OptionError);
    expect(() => forecastWindows(y, { input: 4, horizon: 3, start: 10, end: 59 })).toThrow(/length − horizon/);
    expect(() => forecastWindows(y, { input: 4, horizon: 3, start: 10, end: 20, scale: 0 })).toThrow(OptionError);
  });
});

describe('seasonalNaive', () => {
  const y = Float32Array.from({ length: 100 }, (_, t) => t);
  it('repeats the last season', () => {
    expect(Array.from(seasonalNaive(y, 24, 50, 3))).toEqual([26, 27, 28]);
    // beyond one season it wraps to the latest observed season again
    expect(Array.from(seasonalNaive(y, 2, 50, 5))).toEqual([48, 49, 48, 49, 48]);
  });
  it('needs one season of history', () => {
    expect(() => seasonalNaive(y, 24, 10, 3)).toThrow(OptionError);
  });
});
