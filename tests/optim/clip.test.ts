import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm, globalNorm } from '../../src/optim/index.js';
import { OptionError, tensor, toArray } from '../../src/index.js';
import { leaves } from '../../src/autodiff/tree.js';

const grads = { a: tensor([3, 0], [2]), b: [tensor([[0, 4], [0, 12]], [2, 2])] }; // norm √(9 + 16 + 144) = 13
const flat = (t: typeof grads) => leaves(t).flatMap((l) => Array.from(toArray(l.value)));

describe('global norm and clipping', () => {
  it('globalNorm is the L2 norm of all leaves together', () => {
    expect(globalNorm(grads)).toBeCloseTo(13, 6);
    expect(globalNorm(tensor([-2], [1]))).toBeCloseTo(2, 7);
    expect(globalNorm({})).toBe(0);
  });

  it('leaves gradients within maxNorm unchanged (the same tree comes back)', () => {
    for (const maxNorm of [13, 20]) {
      const r = clipByGlobalNorm(grads, maxNorm);
      expect(r.grads).toBe(grads);
      expect(r.norm).toBeCloseTo(13, 6);
    }
  });

  it('scales larger gradients to exactly maxNorm, keeping their direction', () => {
    const r = clipByGlobalNorm(grads, 1);
    expect(r.norm).toBeCloseTo(13, 6);
    expect(globalNorm(r.grads)).toBeCloseTo(1, 6);
    const want = flat(grads).map((v) => v / 13);
    flat(r.grads).forEach((v, i) => expect(v).toBeCloseTo(want[i], 6));
    expect(leaves(r.grads).map((l) => l.path)).toEqual(['a', 'b.0']);
  });

  it('maxNorm must be positive', () => {
    expect(() => clipByGlobalNorm(grads, 0)).toThrow(OptionError);
    expect(() => clipByGlobalNorm(grads, Number.NaN)).toThrow(/clipByGlobalNorm: maxNorm/);
  });
});
