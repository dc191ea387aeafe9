// The relative-position pretext task of Doersch, Gupta & Efros (2015): a centre patch and one of its
// eight neighbours from a 3 × 3 grid laid over an image; the class is which neighbour (0 … 7).
// A gap between grid cells and a random jitter of each patch stop the network from solving the
// task by matching edges or lines across the border; the grid's origin moves too. Keyed and on
// the host, like the augmentations.
import type { Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';
import { OptionError } from '../shape/errors.js';
import { tensor, toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkAugment, checkInt, imageDims, intIn } from './augment.js';

/** Class c's neighbour, as [row, column] offsets in grid cells from the centre: row-major, the centre left out. */
export const RELATIVE_POSITIONS: readonly (readonly [number, number])[] = [[-1, -1], [-1, 0], [-1, 1], [0, -1], [0, 1], [1, -1], [1, 0], [1, 1]];

export interface PatchGridOptions {
  /** Side of each (square) patch, in pixels. */
  readonly patch: number;
  /** Pixels between neighbouring grid cells. Default 0. */
  readonly gap?: number;
  /** Largest shift of each patch on each axis, in pixels (uniform in [−jitter, jitter]). Default 0. */
  readonly jitter?: number;
}

export interface PatchPairs {
  /** The centre patches, [N, C, patch, patch]. */
  readonly centre: Tensor<[number, number, number, number]>;
  /** The neighbour patches, [N, C, patch, patch]. */
  readonly neighbour: Tensor<[number, number, number, number]>;
  /** Which neighbour each pair shows (the class, 0 … 7; RELATIVE_POSITIONS[c] is its offset). */
  readonly position: Int32Array;
  /** Top-left corners, [centre row, centre column, neighbour row, neighbour column] per image. */
  readonly corners: Int32Array;
}

const grid = (op: string, h: number, w: number, o: PatchGridOptions) => {
  const patch = checkInt(op, 'patch', o.patch, 1), gap = checkInt(op, 'gap', o.gap ?? 0), jitter = checkInt(op, 'jitter', o.jitter ?? 0);
  const span = 3 * patch + 2 * gap + 2 * jitter;
  if (span > h || span > w)
    throw new OptionError(op, `a 3 x 3 grid of ${patch}-pixel patches with gap ${gap} and jitter ${jitter} spans ${span} pixels, more than the image [${h}, ${w}]`);
  return { patch, gap, jitter, cell: patch + gap, slackY: h - span, slackX: w - span };
};

/** Copies image i's p × p window at (y0, x0), every channel, to out[at …]. */
const cut = (src: Float32Array, i: number, ch: number, h: number, w: number, p: number, y0: number, x0: number, out: Float32Array, at: number): void => {
  for (let c = 0; c < ch; c++) {
    const s = (i * ch + c) * h * w, d = at + c * p * p;
    for (let y = 0; y < p; y++) out.set(src.subarray(s + (y0 + y) * w + x0, s + (y0 + y) * w + x0 + p), d + y * p);
  }
};

/**
 * One centre/neighbour pair per image of `x` [N, C, H, W]: the class uniform over the 8
 * neighbours, the grid's origin uniform over the room the image leaves, each patch shifted by its
 * own jitter. The same key gives the same pairs, bit for bit; image i's draws do not depend on N.
 */
export function patchPairs(k: Key, x: Tensor, options: PatchGridOptions): PatchPairs {
  const op = 'patchPairs';
  checkAugment(op, k, options, ['patch', 'gap', 'jitter']);
  const [n, ch, h, w] = imageDims(op, x);
  const g = grid(op, h, w, options), p = g.patch;
  const u = uniformData(k, 7 * n), src = toArray(x);
  const centre = new Float32Array(n * ch * p * p), neighbour = new Float32Array(n * ch * p * p);
  const position = new Int32Array(n), corners = new Int32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const r = u.subarray(7 * i, 7 * i + 7);
    const c = intIn(r[0], 0, 7), [dr, dc] = RELATIVE_POSITIONS[c];
    // grid origin, then each patch's own jitter
    const oy = g.jitter + intIn(r[1], 0, g.slackY), ox = g.jitter + intIn(r[2], 0, g.slackX);
    const jit = (v: number) => intIn(v, -g.jitter, g.jitter);
    const cy = oy + g.cell + jit(r[3]), cx = ox + g.cell + jit(r[4]);
    const ny = oy + (1 + dr) * g.cell + jit(r[5]), nx = ox + (1 + dc) * g.cell + jit(r[6]);
    cut(src, i, ch, h, w, p, cy, cx, centre, i * ch * p * p);
    cut(src, i, ch, h, w, p, ny, nx, neighbour, i * ch * p * p);
    position[i] = c;
    corners.set([cy, cx, ny, nx], 4 * i);
  }
  return { centre: tensor(centre, [n, ch, p, p]), neighbour: tensor(neighbour, [n, ch, p, p]), position, corners };
}

/**
 * The nine grid patches of each image, without jitter, the grid centred: [N · 9, C, patch, patch]
 * with image i's patches at rows 9i … 9i + 8 in row-major grid order. What a patch encoder trained on
 * the pretext task sees of a whole image downstream.
 */
export function gridPatches(x: Tensor, options: PatchGridOptions): Tensor<[number, number, number, number]> {
  const op = 'gridPatches';
  const [n, ch, h, w] = imageDims(op, x);
  const g = grid(op, h, w, { patch: options.patch, gap: options.gap ?? 0, jitter: options.jitter ?? 0 }), p = g.patch;
  const oy = g.jitter + (g.slackY >> 1), ox = g.jitter + (g.slackX >> 1);
  const src = toArray(x), out = new Float32Array(n * 9 * ch * p * p);
  for (let i = 0; i < n; i++)
    for (let cell = 0; cell < 9; cell++)
      cut(src, i, ch, h, w, p, oy + Math.floor(cell / 3) * g.cell, ox + (cell % 3) * g.cell, out, (9 * i + cell) * ch * p * p);
  return tensor(out, [n * 9, ch, p, p]);
}
