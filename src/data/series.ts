// Synthetic multi-seasonal time series (hourly data with daily and weekly cycles), forecasting
// windows over them, and the naive seasonal forecast every model must beat.
import { OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { split, type Key } from '../random/key.js';
import { normalData, uniformData } from '../random/sample.js';

export interface SeasonalSeriesOptions {
  /** Number of steps (default 24·7·20: twenty weeks of hourly data). */
  readonly length?: number;
  /** Season lengths in steps (default [24, 168]: a day and a week of hours). */
  readonly periods?: readonly number[];
  /** Amplitude of each season's fundamental (default [3, 2]); its second harmonic has half of it. */
  readonly amplitudes?: readonly number[];
  /** Level at t = 0 (default 10) and linear trend per step (default 0.002). */
  readonly level?: number;
  readonly trend?: number;
  /** Standard deviation of each step of the level's random walk (default 0.05). */
  readonly drift?: number;
  /** Standard deviation of the observation noise (default 0.5). */
  readonly noise?: number;
}

const positiveInt = (op: string, name: string, v: number, min = 1) => {
  if (!Number.isInteger(v) || v < min) throw new OptionError(op, `${name} must be an integer ≥ ${min}, got ${v}`);
};

/**
 * y_t = level + trend·t + w_t + Σ_k a_k·(sin(2πt/P_k + φ_k) + ½·sin(4πt/P_k + ψ_k)) + ε_t, with
 * the random walk w_t = w_{t−1} + N(0, drift²) (w_0 = 0), phases φ_k, ψ_k ~ U(0, 2π) and noise
 * ε_t ~ N(0, noise²), all drawn from `k`. With drift = noise = 0 the series is exactly the
 * seasonal pattern plus the trend.
 */
export const seasonalSeries = (k: Key, o: SeasonalSeriesOptions = {}): Float32Array => {
  checkOptions('seasonalSeries', o, ['length', 'periods', 'amplitudes', 'level', 'trend', 'drift', 'noise']);
  const n = o.length ?? 24 * 7 * 20, periods = o.periods ?? [24, 168], amps = o.amplitudes ?? [3, 2];
  positiveInt('seasonalSeries', 'length', n);
  if (periods.length !== amps.length) throw new OptionError('seasonalSeries', `periods (${periods.length}) and amplitudes (${amps.length}) must have the same length`);
  for (const p of periods) if (!(p > 0)) throw new OptionError('seasonalSeries', `periods must be positive, got ${p}`);
  const noise = o.noise ?? 0.5, drift = o.drift ?? 0.05;
  if (!(noise >= 0) || !(drift >= 0)) throw new OptionError('seasonalSeries', `noise and drift must be ≥ 0, got ${noise} and ${drift}`);
  const [kp, kw, ke] = split(k, 3);
  const phases = uniformData(kp, 2 * periods.length, 0, 2 * Math.PI);
  const steps = normalData(kw, n, 0, drift), eps = normalData(ke, n, 0, noise);
  const y = new Float32Array(n);
  let walk = 0;
  for (let t = 0; t < n; t++) {
    if (t > 0) walk += steps[t];
    let v = (o.level ?? 10) + (o.trend ?? 0.002) * t + walk + eps[t];
    periods.forEach((P, i) => { v += amps[i] * (Math.sin((2 * Math.PI * t) / P + phases[2 * i]) + 0.5 * Math.sin((4 * Math.PI * t) / P + phases[2 * i + 1])); });
    y[t] = v;
  }
  return y;
};

export interface ForecastWindowOptions {
  /** Steps of history the model sees. */
  readonly input: number;
  /** Steps to forecast. */
  readonly horizon: number;
  /** Forecast origins o (the first forecast step) run over [start, end) by `stride` (default 1). */
  readonly start: number;
  readonly end: number;
  readonly stride?: number;
  /**
   * Season lengths whose phase (sin, cos of 2πt/P) is added as features: calendar covariates
   * known in advance, as an hour-of-day and a day-of-week column would be (default none).
   */
  readonly calendar?: readonly number[];
}

/**
 * Windows for direct multi-step forecasting, scaled relative to the last observed value so a model
 * sees shapes, not levels: x [n, input, 1 + 2·calendar] holds (y_t − y_{o−1}) / scale and the
 * calendar features for t = o − input … o − 1; y [n, horizon] holds (y_{o+h} − y_{o−1}) / scale for
 * h = 0 … horizon − 1. `origins` and `anchors` (y_{o−1}) turn predictions back into values:
 * ŷ = anchor + scale · prediction.
 */
export const forecastWindows = (series: Float32Array, o: ForecastWindowOptions & { readonly scale?: number }) => {
  checkOptions('forecastWindows', o, ['input', 'horizon', 'start', 'end', 'stride', 'calendar', 'scale']);
  if (o === undefined) throw new OptionError('forecastWindows', 'needs options { input, horizon, start, end, ... }');
  const { input, horizon, start, end } = o, stride = o.stride ?? 1, cal = o.calendar ?? [], scale = o.scale ?? 1;
  positiveInt('forecastWindows', 'input', input);
  positiveInt('forecastWindows', 'horizon', horizon);
  positiveInt('forecastWindows', 'stride', stride);
  if (!(scale > 0)) throw new OptionError('forecastWindows', `scale must be positive, got ${scale}`);
  if (!Number.isInteger(start) || start < input || !Number.isInteger(end) || end > series.length - horizon + 1 || end <= start)
    throw new OptionError('forecastWindows', `origins [${start}, ${end}) must satisfy input (${input}) ≤ start < end ≤ length − horizon + 1 (${series.length - horizon + 1})`);
  const origins: number[] = [];
  for (let t = start; t < end; t += stride) origins.push(t);
  const F = 1 + 2 * cal.length, n = origins.length;
  const x = new Float32Array(n * input * F), y = new Float32Array(n * horizon), anchors = new Float32Array(n);
  origins.forEach((org, i) => {
    const a = series[org - 1];
    anchors[i] = a;
    for (let s = 0; s < input; s++) {
      const t = org - input + s, base = (i * input + s) * F;
      x[base] = (series[t] - a) / scale;
      cal.forEach((P, c) => { x[base + 1 + 2 * c] = Math.sin((2 * Math.PI * t) / P); x[base + 2 + 2 * c] = Math.cos((2 * Math.PI * t) / P); });
    }
    for (let h = 0; h < horizon; h++) y[i * horizon + h] = (series[org + h] - a) / scale;
  });
  return { x: fromHost(x, [n, input, F]) as Tensor, y: fromHost(y, [n, horizon]) as Tensor, origins, anchors };
};

/** The naive seasonal forecast from origin o: ŷ_{o+h} = y_{o+h−P·⌈(h+1)/P⌉}, the latest value one season back. */
export const seasonalNaive = (series: Float32Array, period: number, origin: number, horizon: number): Float32Array => {
  positiveInt('seasonalNaive', 'period', period);
  positiveInt('seasonalNaive', 'horizon', horizon);
  if (!Number.isInteger(origin) || origin < period || origin > series.length)
    throw new OptionError('seasonalNaive', `origin must be an integer in [period (${period}), length (${series.length})], got ${origin}`);
  return Float32Array.from({ length: horizon }, (_, h) => series[origin + h - period * Math.ceil((h + 1) / period)]);
};
