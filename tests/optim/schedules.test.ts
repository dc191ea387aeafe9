import { describe, expect, it } from 'vitest';
import { constantLr, cosineDecay, exponentialDecay, stepDecay, warmup } from '../../src/optim/index.js';
import { OptionError } from '../../src/index.js';

const at = (s: (t: number) => number, ts: number[]) => ts.map(s);
const close = (got: number[], want: number[]) => got.forEach((g, i) => expect(g, `t index ${i}`).toBeCloseTo(want[i], 12));

describe('learning-rate schedules (t = 0 is the first update)', () => {
  it('constantLr(lr) is lr everywhere', () => close(at(constantLr(0.3), [0, 1, 1000]), [0.3, 0.3, 0.3]));

  it('stepDecay(lr, every, factor) = lr·factor^⌊t/every⌋ (PyTorch StepLR)', () =>
    close(at(stepDecay(1, 3, 0.1), [0, 2, 3, 5, 6, 9]), [1, 1, 0.1, 0.1, 0.01, 0.001]));

  it('exponentialDecay(lr, rate, steps) = lr·rate^(t/steps), smooth', () =>
    close(at(exponentialDecay(2, 0.5, 10), [0, 5, 10, 20]), [2, 2 * Math.SQRT1_2, 1, 0.5]));

  it('cosineDecay(lr, total, minLr) goes from lr to minLr along half a cosine, then holds', () => {
    close(at(cosineDecay(1, 10), [0, 5, 10, 15]), [1, 0.5, 0, 0]);
    close(at(cosineDecay(1, 4, 0.2), [0, 1, 2, 4, 8]), [1, 0.2 + 0.8 * (1 + Math.SQRT1_2) / 2, 0.6, 0.2, 0.2]);
  });

  it('warmup(schedule, n): schedule(0)·(t+1)/n for t < n, then schedule(t − n)', () => {
    close(at(warmup(constantLr(1), 4), [0, 1, 2, 3, 4, 100]), [0.25, 0.5, 0.75, 1, 1, 1]);
    close(at(warmup(stepDecay(1, 2, 0.5), 2), [0, 1, 2, 3, 4, 5, 6]), [0.5, 1, 1, 1, 0.5, 0.5, 0.25]);
  });

  it('bad arguments are OptionErrors', () => {
    expect(() => constantLr(-1)).toThrow(OptionError);
    expect(() => stepDecay(1, 0, 0.5)).toThrow(/stepDecay: every must be a positive integer, got 0/);
    expect(() => stepDecay(1, 2, -0.5)).toThrow(/stepDecay: factor/);
    expect(() => exponentialDecay(1, 0, 10)).toThrow(/exponentialDecay: rate/);
    expect(() => cosineDecay(1, 10, 2)).toThrow(/cosineDecay: minLr \(2\) must not exceed lr \(1\)/);
    expect(() => cosineDecay(1, 2.5)).toThrow(/cosineDecay: totalSteps/);
    expect(() => warmup(constantLr(1), -1)).toThrow(/warmup: steps/);
  });
});
