import { describe, expect, it } from 'vitest';
import { lineChart, type Series } from '../../src/viz/index.js';
import type { Image } from '../../src/viz/png.js';

const RED: [number, number, number] = [255, 0, 0];
/** Rows of column x painted in `rgb`. */
const rowsOf = (img: Image, x: number, rgb: readonly number[]): number[] => {
  const rows: number[] = [];
  for (let y = 0; y < img.height; y++) {
    const o = (y * img.width + x) * 4;
    if (img.rgba[o] === rgb[0] && img.rgba[o + 1] === rgb[1] && img.rgba[o + 2] === rgb[2]) rows.push(y);
  }
  return rows;
};
// Default geometry: 640 × 400, plot area x 70 … 620, y 20 (top) … 360 (bottom); 3 points put index 1 at x = 345.
const series = (values: number[]): Series[] => [{ name: 's', values, rgb: RED }];

describe('lineChart on a log scale', () => {
  it('places a point by its logarithm between the extremes', () => {
    // log10 values 0, -6, -20: the middle point sits 6/20 of the way down the plot area
    const img = lineChart(series([1, 1e-6, 1e-20]), { logY: true, logFloor: 1e-24 });
    expect(Math.min(...rowsOf(img, 345, RED))).toBe(Math.round(20 + 340 * (6 / 20)));
  });
  it('draws values below the floor (zeros included) at the floor, which becomes the bottom of the axis', () => {
    // default floor 1e-12: 1e-20 is drawn at 1e-12, so the middle point sits 6/12 of the way down
    const clipped = lineChart(series([1, 1e-6, 1e-20]), { logY: true });
    expect(Math.min(...rowsOf(clipped, 345, RED))).toBe(Math.round(20 + 340 * (6 / 12)));
    const zero = lineChart(series([1, 0, 1]), { logY: true, logFloor: 1e-8 });
    expect(rowsOf(zero, 345, RED)).toContain(360);
  });
  it('refuses a floor that is not positive', () => {
    expect(() => lineChart(series([1, 2]), { logY: true, logFloor: 0 })).toThrow(/logFloor must be positive, got 0/);
  });
});
