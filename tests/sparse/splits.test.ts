// Split invariance: segments cut into pieces of any length (2 up to uncut), with the pieces combined
// in further passes, give the uncut result: sums within float32 tolerance, maxima and the rows of the
// first maxima exactly. The cutting runs by itself only past 4,096 items per segment, so the law forces
// small pieces on small random segments, on every backend.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxSegments, sumSegments } from '../../src/ops/sparse/segment-kernels.js';
import { segmentsOf } from '../../src/ops/sparse/segments.js';
import { tensor, toArray, useBackend } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';
import { randomData, randomOffsets } from './graphs.js';

announceBackends('sparse');

const cases = fc.record({
  count: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 0, max: 40 }), row: fc.integer({ min: 1, max: 3 }),
  chunk: fc.integer({ min: 2, max: 12 }), seed: fc.nat(1000),
});

describe.each(testedBackends)('segments cut into pieces on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it('sum, weighted sum (spmm), max and argmax do not depend on the piece length', () => {
    fc.assert(fc.property(cases, ({ count, n, row, chunk, seed }) => {
      const s = segmentsOf('test', 'offsets', randomOffsets(count + 1, n, seed));
      // Rounded values: ties between rows, so the first maximum must survive the cut.
      const x = tensor(randomData(n * row, seed + 1).map((v) => Math.round(4 * v) / 4), [n, row]);
      const shape = [s.count, row];
      const t = tol(backend, n);
      for (const kind of ['sum', 'weighted'] as const) {
        const w = kind === 'weighted' ? { w: tensor(randomData(n, seed + 2), [n]), col: tensor(Float32Array.from({ length: n }, (_, k) => n - 1 - k), [n]) } : undefined;
        const whole = toArray(sumSegments(s, x, row, shape, w));
        const cut = toArray(sumSegments(s, x, row, shape, w, chunk));
        cut.forEach((v, i) => expect(Math.abs(v - whole[i]), `${kind} at ${i}`).toBeLessThanOrEqual(t.atol + t.rtol * Math.abs(whole[i])));
      }
      for (const result of ['max', 'arg'] as const)
        expect(Array.from(toArray(maxSegments(s, x, row, shape, result, chunk))), result).toEqual(Array.from(toArray(maxSegments(s, x, row, shape, result))));
    }), { numRuns: 30, seed: 3 });
  });
});
