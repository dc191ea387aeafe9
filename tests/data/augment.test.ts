import { describe, expect, it } from 'vitest';
import {
  compose, flipImages, gaussianNoise, randomCrop, randomFlip, randomRotate, randomShift, rotateImages,
  shiftImages, withOptions, type Augmentation,
} from '../../src/data/index.js';
import { key, split } from '../../src/random/key.js';
import { uniformData } from '../../src/random/sample.js';
import { OptionError, ShapeError } from '../../src/shape/errors.js';
import { tensor, toArray } from '../../src/tensor/create.js';
import type { Tensor } from '../../src/tensor/tensor.js';

const N = 6, C = 2, H = 8, W = 8, PLANE = H * W, IMG = C * PLANE;
const x = tensor(uniformData(key(99), N * IMG), [N, C, H, W]);
const xs = toArray(x);
/** N copies of image 0: any difference between outputs comes from per-image draws. */
const same = tensor(Float32Array.from({ length: N * IMG }, (_, i) => xs[i % IMG]), [N, C, H, W]);

const arr = (t: Tensor): number[] => Array.from(toArray(t));
const image = (a: Float32Array, i: number): number[] => Array.from(a.subarray(i * IMG, (i + 1) * IMG));
const distinctImages = (t: Tensor): number => {
  const a = toArray(t);
  return new Set(Array.from({ length: t.shape[0] }, (_, i) => image(a, i).join(','))).size;
};

/** The shared contract of a keyed augmentation. */
function contract(name: string, aug: Augmentation, outShape: readonly number[] = [N, C, H, W]): void {
  describe(`${name}: keyed contract`, () => {
    it('keeps the shape, same key gives the same bits, another key differs', () => {
      const a = aug(key(1), x);
      expect(a.shape).toEqual(outShape);
      expect(toArray(aug(key(1), x))).toEqual(toArray(a));
      expect(arr(aug(key(2), x))).not.toEqual(arr(a));
      expect(toArray(x)).toEqual(xs); // the input is untouched
    });
    it('draws independently per image', () => {
      expect(distinctImages(aug(key(3), same))).toBeGreaterThan(1);
    });
  });
}

contract('randomShift', withOptions(randomShift, { maxShift: 2 }));
contract('randomCrop', withOptions(randomCrop, { size: 6, padding: 1 }), [N, C, 6, 6]);
contract('randomFlip', withOptions(randomFlip, { horizontal: true, vertical: true }));
contract('randomRotate', withOptions(randomRotate, { maxDegrees: 30 }));
contract('gaussianNoise', withOptions(gaussianNoise, { std: 0.1 }));
contract('compose', compose(withOptions(randomShift, { maxShift: 1 }), withOptions(randomFlip, {}), withOptions(gaussianNoise, { std: 0.05 })));

describe('shifts', () => {
  it('a shift by +1 row, +1 column moves a known pixel down-right, zero fill', () => {
    const one = new Float32Array(PLANE);
    one[2 * W + 3] = 5;
    const s = toArray(shiftImages(tensor(one, [1, 1, H, W]), [1, 1]));
    expect(s[3 * W + 4]).toBe(5);
    expect(s.reduce((a, b) => a + b, 0)).toBe(5);
    const back = toArray(shiftImages(tensor(one, [1, 1, H, W]), [-2, -3]));
    expect(back[0]).toBe(5);
    const out = toArray(shiftImages(x, new Int32Array(2 * N).fill(1)));
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) {
      const b = i * IMG + c * PLANE;
      expect(out[b]).toBe(0); // the uncovered first row and column
      expect(out[b + (H - 1) * W + (W - 1)]).toBe(xs[b + (H - 2) * W + (W - 2)]);
    }
    expect(toArray(shiftImages(x, new Int32Array(2 * N)))).toEqual(xs);
  });

  it('randomShift applies an integer shift within maxShift to each image (all channels alike)', () => {
    const out = toArray(randomShift(key(5), x, { maxShift: 2 }));
    for (let i = 0; i < N; i++) {
      const img = tensor(xs.subarray(i * IMG, (i + 1) * IMG), [1, C, H, W]);
      const matches: string[] = [];
      for (let dy = -2; dy <= 2; dy++) for (let dx = -2; dx <= 2; dx++) {
        if (image(toArray(shiftImages(img, [dy, dx])), 0).join() === image(out, i).join()) matches.push(`${dy},${dx}`);
      }
      expect(matches.length).toBe(1);
    }
    expect(toArray(randomShift(key(5), x, { maxShift: 0 }))).toEqual(xs);
    expect(randomShift(key(5), x, { maxShift: [0, 3] }).shape).toEqual([N, C, H, W]);
  });
});

describe('randomCrop', () => {
  it('size = H without padding is the identity; with padding it is a bounded shift', () => {
    expect(toArray(randomCrop(key(1), x, { size: H }))).toEqual(xs);
    const out = toArray(randomCrop(key(4), x, { size: [H, W], padding: 2 }));
    for (let i = 0; i < N; i++) {
      const img = tensor(xs.subarray(i * IMG, (i + 1) * IMG), [1, C, H, W]);
      let found = false;
      for (let dy = -2; dy <= 2 && !found; dy++) for (let dx = -2; dx <= 2 && !found; dx++) {
        found = image(toArray(shiftImages(img, [dy, dx])), 0).join() === image(out, i).join();
      }
      expect(found).toBe(true);
    }
  });

  it('a smaller crop without padding is a window of the input', () => {
    const out = toArray(randomCrop(key(6), x, { size: [3, 5] }));
    for (let i = 0; i < N; i++) {
      let found = false;
      for (let oy = 0; oy <= H - 3 && !found; oy++) for (let ox = 0; ox <= W - 5 && !found; ox++) {
        let ok = true;
        for (let c = 0; c < C && ok; c++) for (let y = 0; y < 3 && ok; y++) for (let q = 0; q < 5 && ok; q++) {
          ok = out[((i * C + c) * 3 + y) * 5 + q] === xs[i * IMG + c * PLANE + (y + oy) * W + q + ox];
        }
        found = ok;
      }
      expect(found).toBe(true);
    }
  });
});

describe('flips', () => {
  it('flipping twice is the identity; p = 1 mirrors every image', () => {
    const h = flipImages(x, { horizontal: true });
    expect(toArray(flipImages(h, { horizontal: true }))).toEqual(xs);
    const hv = flipImages(x, { horizontal: true, vertical: true });
    expect(toArray(flipImages(hv, { horizontal: true, vertical: true }))).toEqual(xs);
    const hs = toArray(h);
    expect(hs[0]).toBe(xs[W - 1]);
    expect(hs[3 * W + 1]).toBe(xs[3 * W + W - 2]);
    const vs = toArray(flipImages(x, { vertical: true }));
    expect(vs[0]).toBe(xs[(H - 1) * W]);
    expect(toArray(randomFlip(key(1), x, { p: 1 }))).toEqual(hs);
    expect(toArray(randomFlip(key(1), x, { p: 0 }))).toEqual(xs);
  });

  it('randomFlip twice with the same key is the identity', () => {
    for (const k of split(key(8), 4)) {
      const once = randomFlip(k, x, { horizontal: true, vertical: true });
      expect(toArray(randomFlip(k, once, { horizontal: true, vertical: true }))).toEqual(xs);
    }
  });
});

describe('rotations', () => {
  it('rotation by 0 is exactly the identity (and maxDegrees 0 too)', () => {
    expect(toArray(rotateImages(x, new Float32Array(N)))).toEqual(xs);
    expect(toArray(randomRotate(key(1), x, { maxDegrees: 0 }))).toEqual(xs);
  });

  it('90° counter-clockwise moves the top-right pixel to the top-left; 4 × 90° is back', () => {
    const one = new Float32Array(PLANE);
    one[W - 1] = 1;
    const r = toArray(rotateImages(tensor(one, [1, 1, H, W]), [90]));
    expect(r[0]).toBeCloseTo(1, 6);
    expect(r.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    let t: Tensor = x;
    for (let i = 0; i < 4; i++) t = rotateImages(t, new Float32Array(N).fill(90));
    toArray(t).forEach((v, i) => expect(v).toBeCloseTo(xs[i], 5));
  });

  it('randomRotate uses the angles uniformData draws from the key', () => {
    const angles = uniformData(key(2), N, -20, 20);
    expect(toArray(randomRotate(key(2), x, { maxDegrees: 20 }))).toEqual(toArray(rotateImages(x, angles)));
  });
});

describe('gaussianNoise', () => {
  it('adds noise with the requested std (and mean 0)', () => {
    const z = tensor(new Float32Array(20000), [2, 1, 100, 100]);
    const n = toArray(gaussianNoise(key(11), z, { std: 0.25 }));
    const mean = n.reduce((a, b) => a + b, 0) / n.length;
    const std = Math.sqrt(n.reduce((a, b) => a + (b - mean) ** 2, 0) / (n.length - 1));
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 0.25)).toBeLessThan(0.01);
    expect(toArray(gaussianNoise(key(11), x, { std: 0 }))).toEqual(xs);
  });

  it('clip keeps values in range', () => {
    const out = toArray(gaussianNoise(key(12), x, { std: 1, clip: [0, 1] }));
    expect(Math.min(...out)).toBe(0);
    expect(Math.max(...out)).toBe(1);
  });
});

describe('compose', () => {
  it('runs stages left to right with split keys', () => {
    const shift = withOptions(randomShift, { maxShift: 1 });
    const noise = withOptions(gaussianNoise, { std: 0.1 });
    const [k0, k1] = split(key(21), 2);
    expect(toArray(compose(shift, noise)(key(21), x))).toEqual(toArray(noise(k1, shift(k0, x))));
    expect(compose()(key(21), x)).toBe(x);
    expect(() => compose(42 as unknown as Augmentation)).toThrow(OptionError);
  });
});

describe('option validation', () => {
  it('names the function and the bad option', () => {
    expect(() => randomShift(key(0), x, { maxShift: -1 })).toThrow(/randomShift: maxShift must be an integer >= 0, got -1/);
    expect(() => randomShift(key(0), x, { maxShift: 1.5 })).toThrow(OptionError);
    expect(() => randomCrop(key(0), x, { size: 12, padding: 1 })).toThrow(/randomCrop: size \[12, 12\] does not fit in the padded image \[10, 10\]/);
    expect(() => randomCrop(key(0), x, { size: 0 })).toThrow(/size must be an integer >= 1/);
    expect(() => randomFlip(key(0), x, { p: 2 })).toThrow(/randomFlip: p must be a number in \[0, 1\], got 2/);
    expect(() => randomFlip(key(0), x, { horizontal: false })).toThrow(/nothing to flip/);
    expect(() => randomRotate(key(0), x, { maxDegrees: 200 })).toThrow(/randomRotate: maxDegrees must be a number in \[0, 180\]/);
    expect(() => gaussianNoise(key(0), x, { std: -1 })).toThrow(/gaussianNoise: std must be a number/);
    expect(() => gaussianNoise(key(0), x, { std: 1, clip: [1, 0] })).toThrow(/clip must be a pair/);
    expect(() => randomShift(key(0), tensor(new Float32Array(4), [2, 2]), { maxShift: 1 })).toThrow(ShapeError);
    expect(() => shiftImages(x, [1, 1])).toThrow(/shifts must hold 2 integers per image/);
  });
});
