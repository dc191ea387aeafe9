import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor, toArray } from '../../src/index.js';
import { OptionError, ShapeError } from '../../src/shape/errors.js';
import { frame, frameCount, frameLayout } from '../../src/signal/index.js';
import { arbTensorOf, checkBackendAgreement, checkGradient, holds, rejectsLaw } from '../../laws/index.js';
import { testedBackends } from '../support/backends.js';

const ramp = (n: number, from = 0) => Float32Array.from({ length: n }, (_, i) => from + i);

describe('frame', () => {
  it("'valid': frame t holds samples t·hop … t·hop + L − 1, 1 + ⌊(N − L)/hop⌋ frames", () => {
    const y = frame(tensor(ramp(10), [10]), { frameLength: 4, hop: 3 });
    expect(y.shape).toEqual([3, 4]);
    expect(Array.from(toArray(y))).toEqual([0, 1, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9]);
  });

  it("'end' pads zeros so the last samples get a frame; 'center' centres frame t on sample t·hop", () => {
    const end = frame(tensor(ramp(10, 1), [10]), { frameLength: 4, hop: 4, padding: 'end' });
    expect(Array.from(toArray(end))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0]);
    const c = frame(tensor(ramp(6, 1), [6]), { frameLength: 4, hop: 2, padding: 'center' });
    expect(c.shape).toEqual([4, 4]);
    expect(Array.from(toArray(c))).toEqual([0, 0, 1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6, 0, 0]);
  });

  it('frames every signal of a batch on its own (no frame crosses into the next signal)', () => {
    const y = frame(tensor([...ramp(5), ...ramp(5, 10)], [2, 5]), { frameLength: 3, hop: 2 });
    expect(y.shape).toEqual([2, 2, 3]);
    expect(Array.from(toArray(y))).toEqual([0, 1, 2, 2, 3, 4, 10, 11, 12, 12, 13, 14]);
  });

  it('frameCount follows each padding rule', () => {
    for (const n of [16, 17, 31, 100])
      for (const [l, h] of [[8, 4], [16, 5], [3, 1]]) {
        expect(frameCount(n, { frameLength: l, hop: h })).toBe(1 + Math.floor((n - l) / h));
        expect(frameCount(n, { frameLength: l, hop: h, padding: 'center' })).toBe(1 + Math.floor(n / h));
        const e = frameLayout('t', n, { frameLength: l, hop: h, padding: 'end' });
        expect((e.frames - 1) * h + l).toBe(n + e.padAfter); // the last frame ends on the padded end
        expect((e.frames - 2) * h + l).toBeLessThan(n); // and the frame before it leaves samples over
      }
  });

  it('rejects a short signal for valid, bad options and a rank-3 input', () => {
    expect(() => frame(tensor(ramp(3), [3]), { frameLength: 4 })).toThrow(ShapeError);
    expect(() => frame(tensor(ramp(8), [8]), { frameLength: 4, hop: 0 })).toThrow(/hop must be an integer >= 1/);
    expect(() => frame(tensor(ramp(8), [8]), { frameLength: 4, padding: 'reflect' as 'end' })).toThrow(OptionError);
    expect(() => frame(tensor(ramp(8), [8]), { frameLength: 4, stride: 2 } as { frameLength: number })).toThrow(OptionError);
    holds(rejectsLaw((x) => frame(x, { frameLength: 2 }), [tensor(ramp(8), [2, 2, 2])]));
  });

  it('gradient law (overlapping frames: each sample gets the sum of its frames\' cotangents)', () => {
    checkGradient((x) => frame(x, { frameLength: 5, hop: 2, padding: 'center' }), fc.tuple(arbTensorOf([2, 11])), { numRuns: 3 });
  });

  it(`backend agreement (${testedBackends.join(', ')})`, () => {
    checkBackendAgreement((x) => frame(x, { frameLength: 6, hop: 4, padding: 'end' }), fc.tuple(arbTensorOf([3, 23])), { backends: testedBackends, numRuns: 2 });
  });
});
