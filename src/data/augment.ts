// Keyed image augmentations on NCHW batches. Pure: the same key and input give the same output,
// bit for bit. Every image draws its own parameters from the key's stream (image i uses the
// i-th draw(s)), so the images of a batch are transformed independently, and image i's draw does
// not depend on how many images follow it. Computed on the host (toArray → tensor); not traced
// by autodiff (augmentation happens before the model).
import { isKey, split, type Key } from '../random/key.js';
import { checkTensor } from '../ops/launch.js';
import { checkOptions, describe } from '../shape/options.js';
import { bernoulliData, normalData, uniformData } from '../random/sample.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import type { Shape } from '../shape/shape.js';
import { tensor, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/** A keyed transformation of a batch: what `compose` chains. */
export type Augmentation = (k: Key, x: Tensor) => Tensor;

type Images = readonly [n: number, c: number, h: number, w: number];

/** @internal the dimensions of an NCHW batch, or a ShapeError naming `op`. */
export function imageDims(op: string, x: Tensor): Images {
  checkTensor(op, 'x', x);
  if (x.rank !== 4) throw new ShapeError(op, 'x', x.shape, 'must be a batch of images [N, C, H, W]');
  const [n, c, h, w] = x.shape;
  return [n, c, h, w];
}

/** @internal */
export function checkInt(op: string, what: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new OptionError(op, `${what} must be an integer >= ${min}, got ${String(v)}`);
  }
  return v;
}

function checkNumber(op: string, what: string, v: unknown, lo: number, hi: number): number {
  if (typeof v !== 'number' || !(v >= lo && v <= hi)) {
    throw new OptionError(op, `${what} must be a number in [${lo}, ${hi}], got ${String(v)}`);
  }
  return v;
}

/** A number or a [vertical, horizontal] pair of integers >= min. */
function pair(op: string, what: string, v: unknown, min: number): [number, number] {
  if (Array.isArray(v)) {
    if (v.length !== 2) throw new OptionError(op, `${what} must be a number or a pair [height, width], got ${JSON.stringify(v)}`);
    return [checkInt(op, `${what}[0]`, v[0], min), checkInt(op, `${what}[1]`, v[1], min)];
  }
  const s = checkInt(op, what, v, min);
  return [s, s];
}

/** The checks every random augmentation makes first: a key, and only the options it knows. */
export function checkAugment(op: string, k: unknown, options: unknown, keys: readonly string[]): void {
  if (!isKey(k)) throw new ArgumentError(op, 'k', `must be a key (from key(seed) or split), got ${describe(k)}`);
  checkOptions(op, options, keys);
}

/** Integer uniform in [lo, hi] from a uniform u in [0, 1). */
export const intIn = (u: number, lo: number, hi: number): number => lo + Math.min(hi - lo, Math.floor(u * (hi - lo + 1)));

// ---------- deterministic transforms (what the random ones apply) ----------

/**
 * Moves image i by `shifts[2i]` rows down and `shifts[2i+1]` columns right (negative: up / left),
 * filling uncovered pixels with 0: out[i, c, y, x] = x[i, c, y − dy, x − dx].
 */
export function shiftImages<S extends Shape>(x: Tensor<S>, shifts: ArrayLike<number>): Tensor<S> {
  const [n, ch, h, w] = imageDims('shiftImages', x);
  if (shifts === null || typeof shifts !== 'object' || typeof shifts.length !== 'number') throw new ArgumentError('shiftImages', 'shifts', `must be an array of numbers, got ${describe(shifts)}`);
  if (shifts.length !== 2 * n) throw new OptionError('shiftImages', `shifts must hold 2 integers per image (${2 * n}), got ${shifts.length}`);
  for (let i = 0; i < shifts.length; i++) {
    if (!Number.isSafeInteger(shifts[i])) throw new OptionError('shiftImages', `shifts[${i}] must be an integer, got ${shifts[i]}`);
  }
  const src = toArray(x);
  const out = new Float32Array(src.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const dy = shifts[2 * i], dx = shifts[2 * i + 1];
    const y0 = Math.max(0, dy), y1 = Math.min(h, h + dy), x0 = Math.max(0, dx), x1 = Math.min(w, w + dx);
    for (let c = 0; c < ch; c++) {
      const base = (i * ch + c) * plane;
      for (let y = y0; y < y1; y++) {
        const row = base + y * w, from = base + (y - dy) * w - dx;
        for (let xx = x0; xx < x1; xx++) out[row + xx] = src[from + xx];
      }
    }
  }
  return tensor(out, x.shape);
}

/** Mirrors image i left↔right and/or top↔bottom as `decide(i)` says. */
function flipEach<S extends Shape>(x: Tensor<S>, decide: (i: number) => readonly [horizontal: boolean, vertical: boolean]): Tensor<S> {
  const [n, ch, h, w] = imageDims('flipImages', x);
  const src = toArray(x);
  const out = new Float32Array(src.length);
  const plane = h * w;
  for (let i = 0; i < n; i++) {
    const [fh, fv] = decide(i);
    for (let c = 0; c < ch; c++) {
      const base = (i * ch + c) * plane;
      for (let y = 0; y < h; y++) {
        const row = base + y * w, from = base + (fv ? h - 1 - y : y) * w;
        for (let xx = 0; xx < w; xx++) out[row + xx] = src[from + (fh ? w - 1 - xx : xx)];
      }
    }
  }
  return tensor(out, x.shape);
}

/** Mirrors every image left↔right (`horizontal`) and/or top↔bottom (`vertical`). */
export function flipImages<S extends Shape>(x: Tensor<S>, axes: { readonly horizontal?: boolean; readonly vertical?: boolean }): Tensor<S> {
  checkOptions('flipImages', axes, ['horizontal', 'vertical']);
  if (axes === undefined) throw new OptionError('flipImages', 'needs axes { horizontal?, vertical? }');
  const f = [axes.horizontal === true, axes.vertical === true] as const;
  return flipEach(x, () => f);
}

/**
 * Rotates image i by `degrees[i]` counter-clockwise (as displayed, row 0 at the top) about the
 * image centre ((H−1)/2, (W−1)/2), bilinear interpolation, 0 outside the source. 0° is exactly
 * the identity.
 */
export function rotateImages<S extends Shape>(x: Tensor<S>, degrees: ArrayLike<number>): Tensor<S> {
  const [n, ch, h, w] = imageDims('rotateImages', x);
  if (degrees === null || typeof degrees !== 'object' || typeof degrees.length !== 'number') throw new ArgumentError('rotateImages', 'degrees', `must be an array of numbers, got ${describe(degrees)}`);
  if (degrees.length !== n) throw new OptionError('rotateImages', `degrees must hold one angle per image (${n}), got ${degrees.length}`);
  const src = toArray(x);
  const out = new Float32Array(src.length);
  const plane = h * w, cy = (h - 1) / 2, cx = (w - 1) / 2;
  for (let i = 0; i < n; i++) {
    const d = degrees[i];
    if (!Number.isFinite(d)) throw new OptionError('rotateImages', `degrees[${i}] must be finite, got ${d}`);
    const rad = (d * Math.PI) / 180;
    const cos = d === 0 ? 1 : Math.cos(rad), sin = d === 0 ? 0 : Math.sin(rad);
    for (let y = 0; y < h; y++) {
      for (let xx = 0; xx < w; xx++) {
        // Output point (u right, v up from the centre) comes from the source point rotated back by -θ.
        const u = xx - cx, v = cy - y;
        const sx = cx + u * cos + v * sin, sy = cy + u * sin - v * cos;
        const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
        if (x0 < -1 || x0 >= w || y0 < -1 || y0 >= h) continue; // all four neighbours outside
        for (let c = 0; c < ch; c++) {
          const base = (i * ch + c) * plane;
          let acc = 0;
          if (y0 >= 0) {
            if (x0 >= 0) acc += (1 - fy) * (1 - fx) * src[base + y0 * w + x0];
            if (x0 + 1 < w && fx > 0) acc += (1 - fy) * fx * src[base + y0 * w + x0 + 1];
          }
          if (y0 + 1 < h && fy > 0) {
            if (x0 >= 0) acc += fy * (1 - fx) * src[base + (y0 + 1) * w + x0];
            if (x0 + 1 < w && fx > 0) acc += fy * fx * src[base + (y0 + 1) * w + x0 + 1];
          }
          out[base + y * w + xx] = acc;
        }
      }
    }
  }
  return tensor(out, x.shape);
}

// ---------- random augmentations ----------

export interface RandomShiftOptions {
  /** Largest shift in pixels, for both axes or as [rows, columns]; each image draws dy, dx uniformly in [−max, max]. */
  readonly maxShift: number | readonly [number, number];
}

/** Shifts each image by its own random integer offset (zero fill), same offset for all its channels. */
export function randomShift<S extends Shape>(k: Key, x: Tensor<S>, options: RandomShiftOptions): Tensor<S> {
  checkAugment('randomShift', k, options, ['maxShift']);
  const [n] = imageDims('randomShift', x);
  const [my, mx] = pair('randomShift', 'maxShift', options?.maxShift, 0);
  const u = uniformData(k, 2 * n);
  const shifts = new Int32Array(2 * n);
  for (let i = 0; i < n; i++) {
    shifts[2 * i] = intIn(u[2 * i], -my, my);
    shifts[2 * i + 1] = intIn(u[2 * i + 1], -mx, mx);
  }
  return shiftImages(x, shifts);
}

export interface RandomCropOptions {
  /** Output height and width (a number for square crops). */
  readonly size: number | readonly [number, number];
  /** Zeros added on every side before cropping (default 0). */
  readonly padding?: number;
}

/**
 * Pads each image with `padding` zeros on every side and cuts a `size` window at a random
 * position (top-left drawn uniformly per image). Output `[N, C, size_h, size_w]`.
 */
export function randomCrop(k: Key, x: Tensor, options: RandomCropOptions): Tensor<[number, number, number, number]> {
  checkAugment('randomCrop', k, options, ['size', 'padding']);
  const [n, ch, h, w] = imageDims('randomCrop', x);
  const [sh, sw] = pair('randomCrop', 'size', options?.size, 1);
  const p = checkInt('randomCrop', 'padding', options?.padding ?? 0);
  if (sh > h + 2 * p || sw > w + 2 * p) {
    throw new OptionError('randomCrop', `size [${sh}, ${sw}] does not fit in the padded image [${h + 2 * p}, ${w + 2 * p}] (input [${h}, ${w}], padding ${p})`);
  }
  const u = uniformData(k, 2 * n);
  const src = toArray(x);
  const out = new Float32Array(n * ch * sh * sw);
  for (let i = 0; i < n; i++) {
    // Window top-left in input coordinates (may be negative: inside the padding).
    const oy = intIn(u[2 * i], 0, h + 2 * p - sh) - p, ox = intIn(u[2 * i + 1], 0, w + 2 * p - sw) - p;
    for (let c = 0; c < ch; c++) {
      const sBase = (i * ch + c) * h * w, oBase = (i * ch + c) * sh * sw;
      for (let y = 0; y < sh; y++) {
        const yy = y + oy;
        if (yy < 0 || yy >= h) continue;
        for (let xx = 0; xx < sw; xx++) {
          const xs = xx + ox;
          if (xs >= 0 && xs < w) out[oBase + y * sw + xx] = src[sBase + yy * w + xs];
        }
      }
    }
  }
  return tensor(out, [n, ch, sh, sw]);
}

export interface RandomFlipOptions {
  /** Mirror left↔right (default true). */
  readonly horizontal?: boolean;
  /** Mirror top↔bottom (default false). */
  readonly vertical?: boolean;
  /** Probability of each enabled flip, drawn independently per image and axis (default 0.5). */
  readonly p?: number;
}

/**
 * Mirrors each image with probability `p` per enabled axis. Image i's decisions are the key's
 * draws 2i (horizontal) and 2i+1 (vertical), so applying it twice with the same key is the identity.
 */
export function randomFlip<S extends Shape>(k: Key, x: Tensor<S>, options: RandomFlipOptions = {}): Tensor<S> {
  checkAugment('randomFlip', k, options, ['horizontal', 'vertical', 'p']);
  const [n] = imageDims('randomFlip', x);
  const horizontal = options.horizontal ?? true, vertical = options.vertical ?? false;
  if (typeof horizontal !== 'boolean' || typeof vertical !== 'boolean') throw new OptionError('randomFlip', 'horizontal and vertical must be booleans');
  if (!horizontal && !vertical) throw new OptionError('randomFlip', 'nothing to flip: set horizontal or vertical to true');
  const p = checkNumber('randomFlip', 'p', options.p ?? 0.5, 0, 1);
  const draw = bernoulliData(k, 2 * n, p);
  return flipEach(x, (i) => [horizontal && draw[2 * i] === 1, vertical && draw[2 * i + 1] === 1]);
}

export interface RandomRotateOptions {
  /** Each image turns by an angle drawn uniformly in [−maxDegrees, maxDegrees] (0 … 180). */
  readonly maxDegrees: number;
}

/** Rotates each image by its own random angle (bilinear, zero fill); see `rotateImages`. */
export function randomRotate<S extends Shape>(k: Key, x: Tensor<S>, options: RandomRotateOptions): Tensor<S> {
  checkAugment('randomRotate', k, options, ['maxDegrees']);
  const [n] = imageDims('randomRotate', x);
  const m = checkNumber('randomRotate', 'maxDegrees', options?.maxDegrees, 0, 180);
  return rotateImages(x, uniformData(k, n, -m, m));
}

export interface GaussianNoiseOptions {
  /** Standard deviation of the added noise (>= 0). */
  readonly std: number;
  /** Clamp the result to [lo, hi] (e.g. [0, 1] for pixel values); default: no clamp. */
  readonly clip?: readonly [number, number];
}

/** Adds independent N(0, std²) noise to every value (any shape, not only images). */
export function gaussianNoise<S extends Shape>(k: Key, x: Tensor<S>, options: GaussianNoiseOptions): Tensor<S> {
  checkAugment('gaussianNoise', k, options, ['std', 'clip']);
  checkTensor('gaussianNoise', 'x', x);
  const std = checkNumber('gaussianNoise', 'std', options?.std, 0, Number.MAX_VALUE);
  const clip = options?.clip;
  if (clip !== undefined && !(Array.isArray(clip) && clip.length === 2 && clip[0] <= clip[1])) {
    throw new OptionError('gaussianNoise', `clip must be a pair [lo, hi] with lo <= hi, got ${JSON.stringify(clip)}`);
  }
  const src = toArray(x);
  const noise = normalData(k, src.length, 0, std);
  const [lo, hi] = clip ?? [-Infinity, Infinity];
  for (let i = 0; i < src.length; i++) src[i] = Math.min(hi, Math.max(lo, src[i] + noise[i]));
  return tensor(src, x.shape);
}

// ---------- composition ----------

/** An augmentation with its options fixed: `withOptions(randomShift, { maxShift: 2 })`. */
export function withOptions<O>(f: (k: Key, x: Tensor, options: O) => Tensor, options: O): Augmentation {
  if (typeof f !== 'function') throw new ArgumentError('withOptions', 'f', `must be an augmentation (k, x, options) => Tensor, got ${describe(f)}`);
  return (k, x) => f(k, x, options);
}

/**
 * One augmentation that runs `augs` left to right; stage i gets key `split(k, augs.length)[i]`.
 * No stages: the identity.
 */
export function compose(...augs: readonly Augmentation[]): Augmentation {
  augs.forEach((a, i) => {
    if (typeof a !== 'function') throw new OptionError('compose', `stage ${i} is not a function (k, x) => Tensor`);
  });
  return (k, x) => {
    if (augs.length === 0) return x;
    const keys = split(k, augs.length);
    return augs.reduce((acc, a, i) => a(keys[i], acc), x);
  };
}
