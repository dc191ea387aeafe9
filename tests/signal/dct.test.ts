import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, toArray, useBackend } from '../../src/index.js';
import { OptionError } from '../../src/shape/errors.js';
import { dct, dctMatrixData, mfcc } from '../../src/signal/index.js';
import { arbTensorOf, checkGradient } from '../../laws/index.js';
import { testedBackends } from '../support/backends.js';

describe('DCT-II (orthonormal)', () => {
  it('its matrix is orthogonal: CᵀC = I (float64)', () => {
    for (const n of [1, 2, 5, 40]) {
      const c = dctMatrixData(n);
      for (let a = 0; a < n; a++)
        for (let b = 0; b < n; b++) {
          let s = 0;
          for (let i = 0; i < n; i++) s += c[i * n + a] * c[i * n + b];
          expect(s).toBeCloseTo(a === b ? 1 : 0, 12);
        }
    }
  });

  it.each(testedBackends)('on %s matches the definition and keeps energy (Parseval for an orthogonal transform)', (backend) => {
    useBackend(backend, { strict: true });
    const n = 12, x = Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(1.3 * i) + 0.2 * i);
    const y = toArray(dct(tensor(x, [2, n])));
    for (let r = 0; r < 2; r++) {
      for (let k = 0; k < n; k++) {
        let ref = 0;
        for (let i = 0; i < n; i++) ref += x[r * n + i] * Math.cos((Math.PI * k * (2 * i + 1)) / (2 * n));
        ref *= Math.sqrt((k === 0 ? 1 : 2) / n);
        expect(y[r * n + k]).toBeCloseTo(ref, 4);
      }
      const e = (a: Float32Array) => a.subarray(r * n, (r + 1) * n).reduce((s, v) => s + v * v, 0);
      expect(e(y)).toBeCloseTo(e(x), 3);
    }
  });

  it('mfcc keeps the first coefficients of a [B, T, M] input, 13 by default; more than M is refused', () => {
    const lm = tensor(new Float32Array(2 * 3 * 20).map((_, i) => Math.cos(i)), [2, 3, 20]);
    expect(mfcc(lm).shape).toEqual([2, 3, 13]);
    const all = toArray(dct(lm)), some = toArray(mfcc(lm, { coefficients: 5 }));
    for (let r = 0; r < 6; r++) for (let k = 0; k < 5; k++) expect(some[r * 5 + k]).toBeCloseTo(all[r * 20 + k], 5);
    expect(() => mfcc(lm, { coefficients: 21 })).toThrow(OptionError);
  });

  it('gradient law', () => {
    checkGradient((x) => mfcc(x, { coefficients: 4 }), fc.tuple(arbTensorOf([2, 3, 6])), { numRuns: 3 });
  });
});
