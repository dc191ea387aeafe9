// Line charts and image grids rendered to RGBA images.
import { drawText, textWidth } from './font.js';
import { blank, setPixel, type Image } from './png.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';

export interface Series { readonly name: string; readonly values: readonly number[]; readonly rgb?: readonly [number, number, number] }

/** The colours given to series without their own `rgb`, in order, and their names (for legends in text). */
export const PALETTE: readonly (readonly [number, number, number])[] = [[31, 119, 180], [214, 39, 40], [44, 160, 44], [255, 127, 14], [148, 103, 189], [140, 86, 75]];
export const PALETTE_NAMES: readonly string[] = ['blue', 'red', 'green', 'orange', 'purple', 'brown'];

const line = (img: Image, x0: number, y0: number, x1: number, y1: number, rgb: readonly [number, number, number]) => {
  const n = Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0), 1);
  for (let i = 0; i <= n; i++) {
    const x = x0 + ((x1 - x0) * i) / n, y = y0 + ((y1 - y0) * i) / n;
    setPixel(img, x, y, rgb);
    setPixel(img, x, y + 1, rgb);
  }
};

/** Image sides nn-ts draws: positive integers up to 32,768 pixels (a typo must not allocate gigabytes). */
const checkSide = (op: string, name: string, v: unknown): void => {
  if (v !== undefined && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 && v <= 32768))
    throw new OptionError(op, `${name} must be an integer in [1, 32768], got ${describe(v)}`);
};

const tick = (v: number): string => (Math.abs(v) >= 100 || v === 0 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/**
 * Line chart of one or more series against their index (x from 1), with y-axis ticks and x-axis
 * labels. With `logY`, values below `logFloor` (default 1e-12; zeros included) are drawn at it.
 */
export const lineChart = (series: readonly Series[], o: { width?: number; height?: number; logY?: boolean; logFloor?: number } = {}): Image => {
  checkOptions('lineChart', o, ['width', 'height', 'logY', 'logFloor']);
  checkSide('lineChart', 'width', o.width);
  checkSide('lineChart', 'height', o.height);
  checkBoolean('lineChart', 'logY', o.logY);
  if (!Array.isArray(series) || !series.every((s: unknown) => s !== null && typeof s === 'object' && 'values' in s && Array.isArray(s.values)))
    throw new ArgumentError('lineChart', 'series', `must be an array of { name, values: number[] }, got ${describe(series)}`);
  const W = o.width ?? 640, H = o.height ?? 400, L = 70, R = 20, T = 20, B = 40;
  const floor = o.logFloor ?? 1e-12;
  if (typeof floor !== 'number' || !(floor > 0)) throw new OptionError('lineChart', `logFloor must be positive, got ${describe(floor)}`);
  const img = blank(W, H);
  const tf = (v: number) => (o.logY ? Math.log10(Math.max(v, floor)) : v);
  const all = series.flatMap((s) => s.values.filter(Number.isFinite).map(tf));
  const lo = Math.min(...all), hi = Math.max(...all), span = hi - lo || 1;
  const n = Math.max(...series.map((s) => s.values.length), 2);
  const px = (i: number) => L + ((W - L - R) * i) / (n - 1), py = (v: number) => H - B - ((H - T - B) * (tf(v) - lo)) / span;
  const grey: [number, number, number] = [200, 200, 200];
  for (let k = 0; k <= 4; k++) {
    const y = T + ((H - T - B) * k) / 4;
    line(img, L, y, W - R, y, grey);
    const v = hi - (span * k) / 4;
    const label = tick(o.logY ? 10 ** v : v);
    drawText(img, label, L - 8 - textWidth(label), y - 5);
  }
  line(img, L, T, L, H - B, [0, 0, 0]);
  line(img, L, H - B, W - R, H - B, [0, 0, 0]);
  for (const i of [0, Math.floor((n - 1) / 2), n - 1]) {
    const label = String(i + 1), w = textWidth(label);
    drawText(img, label, Math.min(Math.max(px(i) - w / 2, 0), W - w - 2), H - B + 10);
  }
  series.forEach((s, si) => {
    const rgb = s.rgb ?? PALETTE[si % PALETTE.length];
    for (let i = 1; i < s.values.length; i++)
      if (Number.isFinite(s.values[i - 1]) && Number.isFinite(s.values[i])) line(img, px(i - 1), py(s.values[i - 1]), px(i), py(s.values[i]), rgb);
  });
  return img;
};

/**
 * Tiles k images of h×w (values in `data`, row-major [k, h, w]) into a grid, each scaled by `zoom`
 * and normalised to its own min..max, blue (negative) to white to red (positive) when `diverging`.
 */
export const imageGrid = (data: Float32Array, k: number, h: number, w: number, o: { cols?: number; zoom?: number; diverging?: boolean } = {}): Image => {
  checkOptions('imageGrid', o, ['cols', 'zoom', 'diverging']);
  checkSide('imageGrid', 'cols', o.cols);
  checkSide('imageGrid', 'zoom', o.zoom);
  checkBoolean('imageGrid', 'diverging', o.diverging);
  if (!(data instanceof Float32Array)) throw new ArgumentError('imageGrid', 'data', `must be a Float32Array, got ${describe(data)}`);
  for (const [name, v] of [['k', k], ['h', h], ['w', w]] as const) checkSide('imageGrid', name, v);
  if (data.length !== k * h * w) throw new ArgumentError('imageGrid', 'data', `has ${data.length} numbers but k·h·w = ${k * h * w}`);
  const cols = o.cols ?? Math.ceil(Math.sqrt(k)), rows = Math.ceil(k / cols), z = o.zoom ?? 8, gap = 2;
  const side = (n: number, d: number) => n * (d * z + gap) + gap;
  if (side(cols, w) > 32768 || side(rows, h) > 32768) throw new OptionError('imageGrid', `the grid would be ${side(cols, w)}×${side(rows, h)} pixels, over 32,768 on a side (fewer images, or a smaller zoom)`);
  const img = blank(cols * (w * z + gap) + gap, rows * (h * z + gap) + gap, [90, 90, 90]);
  for (let t = 0; t < k; t++) {
    const cell = data.subarray(t * h * w, (t + 1) * h * w);
    let lo = Infinity, hi = -Infinity;
    for (const v of cell) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
    const ox = gap + (t % cols) * (w * z + gap), oy = gap + Math.floor(t / cols) * (h * z + gap);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) {
      const v = cell[y * w + x];
      let rgb: [number, number, number];
      if (o.diverging ?? true) {
        const a = Math.min(1, Math.abs(v) / m);
        rgb = v >= 0 ? [255, Math.round(255 * (1 - a)), Math.round(255 * (1 - a))] : [Math.round(255 * (1 - a)), Math.round(255 * (1 - a)), 255];
      } else {
        const g = Math.round((255 * (v - lo)) / (hi - lo || 1));
        rgb = [g, g, g];
      }
      for (let dy = 0; dy < z; dy++) for (let dx = 0; dx < z; dx++) setPixel(img, ox + x * z + dx, oy + y * z + dy, rgb);
    }
  }
  return img;
};
