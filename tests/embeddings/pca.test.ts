import { describe, expect, it } from 'vitest';
import { pca2 } from '../../src/embeddings/index.js';
import { key, normalData } from '../../src/random/index.js';
import { ArgumentError } from '../../src/shape/errors.js';

// Coordinates a (variance 5) along u = (0.6, 0.8) and b (variance 1) along w = (0.8, −0.6), with
// Σ a·b = 0, shifted by (10, −4): the components are u and w (each with its largest loading
// positive) and the projection is (a, b).
const a = [-3, -1, 1, 3], b = [1, -1, -1, 1];
const shifted = Float32Array.from(a.flatMap((ai, i) => [10 + 0.6 * ai + 0.8 * b[i], -4 + 0.8 * ai - 0.6 * b[i]]));

const column = (p: Float64Array, c: number) => Array.from({ length: p.length / 2 }, (_, i) => p[2 * i + c]);
const closeTo = (got: number[], want: number[], digits = 5) => got.forEach((g, i) => expect(g).toBeCloseTo(want[i], digits));

describe('pca2', () => {
  it('recovers a known 2-D case: centred, most variance first, largest loading positive', () => {
    const p = pca2(shifted, 4, 2);
    closeTo(column(p, 0), a);
    closeTo(column(p, 1), b);
  });

  it('finds the same plane in more dimensions (zero columns, rotated)', () => {
    // the same points in 4-D: (x, y) into axes 2 and 0, axes 1 and 3 constant
    const rows = Float32Array.from({ length: 16 }, (_, k) => {
      const i = Math.floor(k / 4), q = k % 4;
      return q === 2 ? shifted[2 * i] : q === 0 ? shifted[2 * i + 1] : 7;
    });
    const p = pca2(rows, 4, 4);
    closeTo(column(p, 0).map(Math.abs), a.map(Math.abs));
    closeTo(column(p, 1).map(Math.abs), b.map(Math.abs));
    // the first component's variance is the top eigenvalue 5 (divided by n)
    expect(column(p, 0).reduce((s, v) => s + v * v, 0) / 4).toBeCloseTo(5, 6);
  });

  it('is deterministic and keeps the two leading variances of random data in order', () => {
    const n = 200, d = 10;
    const x = normalData(key(7), n * d).map((v, i) => v * (1 + (i % d))); // column q has std q + 1
    const p = pca2(x, n, d), again = pca2(x, n, d);
    expect(Array.from(p)).toEqual(Array.from(again));
    const v0 = column(p, 0).reduce((s, v) => s + v * v, 0), v1 = column(p, 1).reduce((s, v) => s + v * v, 0);
    expect(v0).toBeGreaterThanOrEqual(v1);
    // the two columns of the projection are uncorrelated
    expect(column(p, 0).reduce((s, v, i) => s + v * p[2 * i + 1], 0) / Math.sqrt(v0 * v1)).toBeCloseTo(0, 6);
  });

  it('gives zeros where there is no variance', () => {
    expect(Array.from(pca2(Float32Array.from([2, 2, 2, 2]), 2, 2))).toEqual([0, 0, 0, 0]);
    const line = pca2(Float32Array.from([1, 3, 5]), 3, 1);
    expect(column(line, 0)).toEqual([-2, 0, 2]);
    expect(column(line, 1)).toEqual([0, 0, 0]);
  });

  it('refuses sizes that do not fit and non-finite numbers, naming pca2', () => {
    expect(() => pca2(new Float32Array(5), 2, 2)).toThrow(/pca2: rows has 5 numbers, not n · d = 2 · 2/);
    expect(() => pca2(new Float32Array(0), 0, 2)).toThrow(ArgumentError);
    expect(() => pca2(Float32Array.from([1, NaN]), 1, 2)).toThrow(/holds NaN at row 0, column 1/);
    // @ts-expect-error: a plain array
    expect(() => pca2([1, 2], 1, 2)).toThrow(/must be a Float32Array/);
  });
});
