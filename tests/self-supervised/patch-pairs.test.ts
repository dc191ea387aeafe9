// The relative-position pretext sampler: each patch is the image's window at its reported corner,
// the neighbour sits where its class says (give or take the jitter), classes are uniform, the draw
// is keyed and per image, and a grid that does not fit is refused.
import { describe, expect, it } from 'vitest';
import { gridPatches, patchPairs, RELATIVE_POSITIONS } from '../../src/data/patch-pairs.js';
import { ArgumentError, key, OptionError, tensor, toArray, uniform } from '../../src/index.js';

const N = 64, C = 2, H = 28, W = 28;
const images = uniform(key(1), [N, C, H, W]);
const px = toArray(images);
const window = (i: number, y0: number, x0: number, p: number) => {
  const out: number[] = [];
  for (let c = 0; c < C; c++) for (let y = 0; y < p; y++) for (let x = 0; x < p; x++) out.push(px[((i * C + c) * H + y0 + y) * W + x0 + x]);
  return out;
};
const opts = { patch: 7, gap: 2, jitter: 1 };

describe('patchPairs', () => {
  const r = patchPairs(key(2), images, opts);
  const centre = toArray(r.centre), neighbour = toArray(r.neighbour), size = C * 7 * 7;
  it('cuts each patch from its image at the reported corners, and puts the neighbour where its class says', () => {
    expect(r.centre.shape).toEqual([N, C, 7, 7]);
    for (let i = 0; i < N; i++) {
      const [cy, cx, ny, nx] = r.corners.subarray(4 * i, 4 * i + 4);
      expect(Array.from(centre.subarray(i * size, (i + 1) * size))).toEqual(window(i, cy, cx, 7));
      expect(Array.from(neighbour.subarray(i * size, (i + 1) * size))).toEqual(window(i, ny, nx, 7));
      const [dr, dc] = RELATIVE_POSITIONS[r.position[i]];
      // cell pitch 9: the offset is 9 cells' worth per grid step, give or take both patches' jitter
      expect(Math.abs(ny - cy - 9 * dr)).toBeLessThanOrEqual(2);
      expect(Math.abs(nx - cx - 9 * dc)).toBeLessThanOrEqual(2);
      for (const v of [cy, cx, ny, nx]) expect(v >= 0 && v + 7 <= 28).toBe(true);
    }
  });
  it('is keyed and per image: the same key gives the same pairs, and the first images do not depend on how many follow', () => {
    const again = patchPairs(key(2), images, opts);
    expect(Array.from(toArray(again.neighbour))).toEqual(Array.from(neighbour));
    const few = patchPairs(key(2), tensor(px.slice(0, 8 * C * H * W), [8, C, H, W]), opts);
    expect(Array.from(few.position)).toEqual(Array.from(r.position.subarray(0, 8)));
    expect(Array.from(patchPairs(key(3), images, opts).position)).not.toEqual(Array.from(r.position));
  });
  it('draws the 8 classes uniformly (chi-square over 8,000 pairs)', () => {
    const many = patchPairs(key(4), tensor(new Float32Array(8000 * 28 * 28), [8000, 1, 28, 28]), opts);
    const counts = new Array<number>(8).fill(0);
    for (const c of many.position) counts[c]++;
    const chi2 = counts.reduce((a, n) => a + (n - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(24.3); // the 0.999 quantile with 7 degrees of freedom
  });
  it('refuses a grid that does not fit, and a missing key', () => {
    expect(() => patchPairs(key(1), images, { patch: 9, gap: 1, jitter: 1 })).toThrow(OptionError);
    expect(() => patchPairs(key(1), images, { patch: 9, gap: 1, jitter: 1 })).toThrow(/spans 31 pixels, more than the image \[28, 28\]/);
    // @ts-expect-error not a key
    expect(() => patchPairs(7, images, opts)).toThrow(ArgumentError);
  });
});

describe('gridPatches', () => {
  it('gives the nine centred grid windows of each image in row-major order', () => {
    const g = toArray(gridPatches(images, opts)), size = C * 49;
    // grid span 7·3 + 2·2 + 2·1 = 27 in 28: origin 1 + 0 = 1 on both axes
    for (const i of [0, 5, 63]) for (let cell = 0; cell < 9; cell++)
      expect(Array.from(g.subarray((9 * i + cell) * size, (9 * i + cell + 1) * size))).toEqual(window(i, 1 + Math.floor(cell / 3) * 9, 1 + (cell % 3) * 9, 7));
  });
});
