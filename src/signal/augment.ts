// Keyed audio augmentations. Pure: the same key and input give the same output, bit for bit.
// Waveform ones take a batch of signals [B, N] (or one signal [N]); the SpecAugment masks take
// spectrograms [..., T, F] (time frames, then frequency bins), axis 0 being the batch when the
// rank is 3 or more. Example i draws its own parameters from the key's stream (the i-th draws), so
// examples are transformed independently. Computed on the host (toArray → tensor), before the
// model, like the image augmentations in data/augment.ts; each random one has a deterministic twin.
import { isKey, split, type Key } from '../random/key.js';
import { normalData, uniformData } from '../random/sample.js';
import { checkTensor } from '../ops/launch.js';
import { checkOptions, describe } from '../shape/options.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import type { Shape } from '../shape/shape.js';
import { tensor, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkSignal, choiceOption, intOption, numberOption } from './checks.js';

/** A batch of `count` signals of `length` samples each. */
const signalDims = (op: string, x: unknown): { count: number; length: number } => {
  checkSignal(op, 'x', x);
  return x.rank === 2 ? { count: x.shape[0], length: x.shape[1] } : { count: 1, length: x.shape[0] };
};

function checkKey(op: string, k: unknown, options: unknown, keys: readonly string[], presence: 'optional' | 'required' = 'required'): void {
  if (!isKey(k)) throw new ArgumentError(op, 'k', `must be a key (from key(seed) or split), got ${describe(k)}`);
  checkOptions(op, options, keys, presence);
}

function perExample(op: string, name: string, v: unknown, count: number): ArrayLike<number> {
  if (v === null || typeof v !== 'object' || !('length' in v) || typeof v.length !== 'number') throw new ArgumentError(op, name, `must be an array of numbers, got ${describe(v)}`);
  const a = v as ArrayLike<unknown>;
  if (a.length !== count) throw new OptionError(op, `${name} must hold one value per signal (${count}), got ${a.length}`);
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const e = a[i];
    if (typeof e !== 'number' || !Number.isFinite(e)) throw new OptionError(op, `${name}[${i}] must be a finite number, got ${String(e)}`);
    out[i] = e;
  }
  return out;
}

/** Integer uniform in [lo, hi] from a uniform u in [0, 1). */
const intIn = (u: number, lo: number, hi: number): number => lo + Math.min(hi - lo, Math.floor(u * (hi - lo + 1)));

// ---------- time shift ----------

/** 'zeros': samples moved past an end are dropped, the gap is 0; 'wrap': a circular shift (every sample kept). */
export type ShiftMode = 'zeros' | 'wrap';

/** Delays signal i by `shifts[i]` samples (negative: advances it): out[i, t] = x[i, t − s]. */
export function shiftSignals<S extends Shape>(x: Tensor<S>, shifts: ArrayLike<number>, mode: ShiftMode = 'zeros'): Tensor<S> {
  const op = 'shiftSignals';
  const { count, length } = signalDims(op, x);
  const s = perExample(op, 'shifts', shifts, count);
  choiceOption(op, 'mode', mode, ['zeros', 'wrap']);
  const src = toArray(x), out = new Float32Array(src.length);
  for (let i = 0; i < count; i++) {
    if (!Number.isSafeInteger(s[i])) throw new OptionError(op, `shifts[${i}] must be an integer, got ${s[i]}`);
    const base = i * length;
    for (let t = 0; t < length; t++) {
      const from = t - s[i];
      if (mode === 'wrap') out[base + t] = src[base + (((from % length) + length) % length)];
      else if (from >= 0 && from < length) out[base + t] = src[base + from];
    }
  }
  return tensor(out, x.shape);
}

export interface TimeShiftOptions {
  /** Largest delay or advance in samples; each signal's shift is uniform over the integers in [−maxShift, maxShift]. */
  readonly maxShift: number;
  /** Default 'zeros'. */
  readonly mode?: ShiftMode;
}

/** Shifts each signal by a random whole number of samples in [−maxShift, maxShift]. */
export function randomTimeShift<S extends Shape>(k: Key, x: Tensor<S>, options: TimeShiftOptions): Tensor<S> {
  const op = 'randomTimeShift';
  checkKey(op, k, options, ['maxShift', 'mode']);
  const { count } = signalDims(op, x);
  const m = intOption(op, 'maxShift', options.maxShift, 0);
  const u = uniformData(k, count);
  return shiftSignals(x, Array.from(u, (v) => intIn(v, -m, m)), options.mode ?? 'zeros');
}

// ---------- additive noise at an SNR ----------

/**
 * Adds `noise` (same shape as x) to each signal scaled so that its signal-to-noise ratio is
 * `snrDb[i]` dB exactly: 10·log10(Σx² / Σ(c·n)²) = snr (computed in float64). A silent signal gets no noise.
 */
export function mixAtSnr<S extends Shape>(x: Tensor<S>, noise: Tensor, snrDb: ArrayLike<number>): Tensor<S> {
  const op = 'mixAtSnr';
  const { count, length } = signalDims(op, x);
  checkTensor(op, 'noise', noise);
  if (noise.shape.length !== x.shape.length || noise.shape.some((d, i) => d !== x.shape[i])) throw new ShapeError(op, 'noise', noise.shape, `must have the signals' shape [${x.shape.join(', ')}]`);
  const snr = perExample(op, 'snrDb', snrDb, count);
  const src = toArray(x), nz = toArray(noise), out = new Float32Array(src.length);
  for (let i = 0; i < count; i++) {
    let ps = 0, pn = 0;
    for (let t = i * length; t < (i + 1) * length; t++) { ps += src[t] * src[t]; pn += nz[t] * nz[t]; }
    const c = ps > 0 && pn > 0 ? Math.sqrt(ps / (pn * 10 ** (snr[i] / 10))) : 0;
    for (let t = i * length; t < (i + 1) * length; t++) out[t] = src[t] + c * nz[t];
  }
  return tensor(out, x.shape);
}

export interface NoiseOptions {
  /** The SNR in dB, or a range [lo, hi] each signal draws its SNR from uniformly. */
  readonly snrDb: number | readonly [number, number];
}

/** White Gaussian noise added to each signal at the given (or a random) SNR in dB. */
export function additiveNoise<S extends Shape>(k: Key, x: Tensor<S>, options: NoiseOptions): Tensor<S> {
  const op = 'additiveNoise';
  checkKey(op, k, options, ['snrDb']);
  const { count, length } = signalDims(op, x);
  const r = options.snrDb;
  const [lo, hi] = typeof r === 'number' ? [r, r] : Array.isArray(r) && r.length === 2 ? [r[0], r[1]] : [NaN, NaN];
  numberOption(op, 'snrDb (low)', lo, -200, 200);
  numberOption(op, 'snrDb (high)', hi, lo, 200);
  // The noise and the SNRs come from two independent streams of the key.
  const [kNoise, kSnr] = split(k, 2);
  const noise = normalData(kNoise, count * length);
  const snrs = lo === hi ? new Float64Array(count).fill(lo) : Float64Array.from(uniformData(kSnr, count), (u) => lo + (hi - lo) * u);
  return mixAtSnr(x, tensor(noise, x.shape), snrs);
}

// ---------- speed change (resampling) ----------

/**
 * Plays signal i at `rates[i]` times its speed (> 0; 2 is twice as fast, so half as long):
 * out[i, t] = x[i](t·rate) by linear interpolation, 0 past the signal's end; the length is kept
 * (a faster signal ends in zeros, a slower one is cut). Pitch moves with the speed, as on tape.
 */
export function resampleSignals<S extends Shape>(x: Tensor<S>, rates: ArrayLike<number>): Tensor<S> {
  const op = 'resampleSignals';
  const { count, length } = signalDims(op, x);
  const r = perExample(op, 'rates', rates, count);
  const src = toArray(x), out = new Float32Array(src.length);
  for (let i = 0; i < count; i++) {
    if (!(r[i] > 0)) throw new OptionError(op, `rates[${i}] must be > 0, got ${r[i]}`);
    const base = i * length;
    for (let t = 0; t < length; t++) {
      const p = t * r[i], j = Math.floor(p), f = p - j;
      if (j >= length) break;
      const a = src[base + j], b = j + 1 < length ? src[base + j + 1] : 0;
      out[base + t] = f === 0 ? a : a + f * (b - a);
    }
  }
  return tensor(out, x.shape);
}

export interface SpeedOptions {
  /** Each signal's rate is uniform in [minRate, maxRate] (0 < minRate ≤ maxRate), e.g. [0.9, 1.1]. */
  readonly minRate: number;
  readonly maxRate: number;
}

/** Changes each signal's speed by a random rate in [minRate, maxRate] (see resampleSignals). */
export function randomSpeed<S extends Shape>(k: Key, x: Tensor<S>, options: SpeedOptions): Tensor<S> {
  const op = 'randomSpeed';
  checkKey(op, k, options, ['minRate', 'maxRate']);
  const { count } = signalDims(op, x);
  const lo = numberOption(op, 'minRate', options.minRate, Number.EPSILON, 100);
  const hi = numberOption(op, 'maxRate', options.maxRate, lo, 100);
  return resampleSignals(x, Array.from(uniformData(k, count), (u) => lo + (hi - lo) * u));
}

// ---------- SpecAugment masks ----------

/** One masked band per entry: `start` and `width` along the masked axis, per example. */
export interface Band { readonly start: number; readonly width: number }

type MaskAxis = 'time' | 'frequency';

const spectrogramDims = (op: string, x: unknown): { count: number; rest: number; frames: number; bins: number } => {
  checkTensor(op, 'x', x);
  if (x.rank < 2) throw new ShapeError(op, 'x', x.shape, 'must be a spectrogram [T, F] or a batch [B, ..., T, F]');
  const frames = x.shape[x.rank - 2], bins = x.shape[x.rank - 1];
  const count = x.rank === 2 ? 1 : x.shape[0];
  const rest = x.rank === 2 ? 1 : x.shape.slice(1, -2).reduce((a, b) => a * b, 1);
  return { count, rest, frames, bins };
};

/** Sets `value` on the bands of example i (`bands[i]`, along `axis`), in every channel; the rest is unchanged. */
export function maskBands<S extends Shape>(x: Tensor<S>, axis: MaskAxis, bands: readonly (readonly Band[])[], value = 0): Tensor<S> {
  const op = 'maskBands';
  const { count, rest, frames, bins } = spectrogramDims(op, x);
  choiceOption(op, 'axis', axis, ['time', 'frequency']);
  if (!Array.isArray(bands) || bands.length !== count) throw new OptionError(op, `bands must hold one list of bands per example (${count}), got ${describe(bands)}`);
  const size = axis === 'time' ? frames : bins;
  const src = toArray(x), out = Float32Array.from(src);
  const perBand: readonly (readonly Band[])[] = bands;
  perBand.forEach((list, i) => list.forEach(({ start, width }, j) => {
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(width) || start < 0 || width < 0 || start + width > size)
      throw new OptionError(op, `bands[${i}][${j}] = { start: ${start}, width: ${width} } must lie inside the ${size} ${axis === 'time' ? 'frames' : 'bins'}`);
    for (let c = 0; c < rest; c++) {
      const base = (i * rest + c) * frames * bins;
      for (let b = start; b < start + width; b++)
        if (axis === 'time') out.fill(value, base + b * bins, base + (b + 1) * bins);
        else for (let t = 0; t < frames; t++) out[base + t * bins + b] = value;
    }
  }));
  return tensor(out, x.shape);
}

export interface MaskOptions {
  /** Largest band width; each band's width is uniform over the integers in [0, maxWidth] (at most the axis length). */
  readonly maxWidth: number;
  /** Bands per example (default 1). */
  readonly masks?: number;
  /** What masked cells become (default 0: the mean of normalised features). */
  readonly value?: number;
}

function randomMask<S extends Shape>(op: string, axis: MaskAxis, k: Key, x: Tensor<S>, options: MaskOptions): Tensor<S> {
  checkKey(op, k, options, ['maxWidth', 'masks', 'value']);
  const { count, frames, bins } = spectrogramDims(op, x);
  const size = axis === 'time' ? frames : bins;
  const w = Math.min(intOption(op, 'maxWidth', options.maxWidth, 0), size);
  const masks = intOption(op, 'masks', options.masks ?? 1, 0);
  const value = numberOption(op, 'value', options.value ?? 0, -Infinity, Infinity);
  const u = uniformData(k, 2 * masks * count);
  const bands = Array.from({ length: count }, (_, i) => Array.from({ length: masks }, (_, j) => {
    const at = 2 * (i * masks + j), width = intIn(u[at], 0, w);
    return { start: intIn(u[at + 1], 0, size - width), width };
  }));
  return maskBands(x, axis, bands, value);
}

/** SpecAugment time masking: `masks` bands of random width ≤ maxWidth frames, at random places, set to `value`. */
export const timeMask = <S extends Shape>(k: Key, x: Tensor<S>, options: MaskOptions): Tensor<S> => randomMask('timeMask', 'time', k, x, options);

/** SpecAugment frequency masking: `masks` bands of random width ≤ maxWidth bins, at random places, set to `value`. */
export const frequencyMask = <S extends Shape>(k: Key, x: Tensor<S>, options: MaskOptions): Tensor<S> => randomMask('frequencyMask', 'frequency', k, x, options);
