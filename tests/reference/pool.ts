// Pooling references (NCHW): max pooling with first-maximum argmax, average pooling, and gradients.
import { type Ref, zeros } from './ref.js';

export interface MaxPool2dOpts {
  size: readonly [number, number];
  stride: readonly [number, number];
  padding: readonly [readonly [number, number], readonly [number, number]];
}

export interface AvgPool2dOpts extends MaxPool2dOpts {
  countIncludePad: boolean;
}

// Output shape [N, C, OH, OW] with OH = floor((H + t + b - kh)/sh) + 1 (likewise OW).
export function poolOutShape(xShape: readonly number[], opts: MaxPool2dOpts): [number, number, number, number] {
  const [N, C, H, W] = xShape;
  const OH = Math.floor((H + opts.padding[0][0] + opts.padding[0][1] - opts.size[0]) / opts.stride[0]) + 1;
  const OW = Math.floor((W + opts.padding[1][0] + opts.padding[1][1] - opts.size[1]) / opts.stride[1]) + 1;
  if (OH < 1 || OW < 1) throw new Error(`pool: empty output ${OH}x${OW}`);
  return [N, C, OH, OW];
}

// Visits each output cell with the flat x indices of its in-range window cells in row-major (a, then b) order.
function forEachWindow(xShape: readonly number[], opts: MaxPool2dOpts, visit: (yi: number, cells: number[]) => void): void {
  const [N, C, OH, OW] = poolOutShape(xShape, opts);
  const [H, W] = [xShape[2], xShape[3]];
  const [kh, kw] = opts.size;
  const [sh, sw] = opts.stride;
  const [top, left] = [opts.padding[0][0], opts.padding[1][0]];
  for (let p = 0; p < N * C; p++)
    for (let i = 0; i < OH; i++)
      for (let j = 0; j < OW; j++) {
        const cells: number[] = [];
        for (let a = 0; a < kh; a++)
          for (let b = 0; b < kw; b++) {
            const h = i * sh - top + a;
            const w = j * sw - left + b;
            if (h >= 0 && h < H && w >= 0 && w < W) cells.push((p * H + h) * W + w);
          }
        visit((p * OH + i) * OW + j, cells);
      }
}

// y = max over in-range window cells; argmax = flat x index of the FIRST maximum (-Infinity / -1 if the window is all padding).
export function maxPool2d(x: Ref, opts: MaxPool2dOpts): { y: Ref; argmax: Int32Array } {
  const y = zeros(poolOutShape(x.shape, opts));
  const argmax = new Int32Array(y.data.length);
  forEachWindow(x.shape, opts, (yi, cells) => {
    let best = -Infinity;
    let arg = -1;
    for (const xi of cells) {
      if (arg === -1 || x.data[xi] > best) {
        best = x.data[xi];
        arg = xi;
      }
    }
    y.data[yi] = best;
    argmax[yi] = arg;
  });
  return { y, argmax };
}

// dx[argmax[k]] += gy[k] (entries with argmax -1 contribute nothing).
export function maxPool2dGrad(gy: Ref, argmax: Int32Array, xShape: readonly number[]): Ref {
  const dx = zeros(xShape);
  for (let k = 0; k < gy.data.length; k++) if (argmax[k] >= 0) dx.data[argmax[k]] += gy.data[k];
  return dx;
}

// Divisor of one window: kh*kw when counting padding, else the number of in-range cells.
function divisor(cells: number[], opts: AvgPool2dOpts): number {
  return opts.countIncludePad ? opts.size[0] * opts.size[1] : cells.length;
}

// y = (sum of in-range window cells) / divisor (0 for an all-padding window when countIncludePad is false).
export function avgPool2d(x: Ref, opts: AvgPool2dOpts): Ref {
  const y = zeros(poolOutShape(x.shape, opts));
  forEachWindow(x.shape, opts, (yi, cells) => {
    const d = divisor(cells, opts);
    let s = 0;
    for (const xi of cells) s += x.data[xi];
    y.data[yi] = d === 0 ? 0 : s / d;
  });
  return y;
}

// Adjoint of avgPool2d: each in-range window cell receives gy / divisor.
export function avgPool2dGrad(gy: Ref, xShape: readonly number[], opts: AvgPool2dOpts): Ref {
  const dx = zeros(xShape);
  forEachWindow(xShape, opts, (yi, cells) => {
    const d = divisor(cells, opts);
    if (d === 0) return;
    for (const xi of cells) dx.data[xi] += gy.data[yi] / d;
  });
  return dx;
}
