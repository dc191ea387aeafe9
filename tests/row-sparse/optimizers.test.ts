// Optimiser steps on row-sparse gradients. SGD and Adagrad: the sparse step equals the dense step
// bit for bit on every row (touched rows get the same arithmetic on the same numbers, the others a
// zero update). Adam and RMSprop are lazy: touched rows follow the rule with the global step count,
// the others keep their parameters and state bit for bit; where every row is touched, lazy Adam is Adam.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gather, isRowSparse, mul, sum, tanh, tensor, toArray, toDense, useBackend, valueAndGrad, OptionError, type Tensor } from '../support/api.js';
import { adagrad, adam, adamw, clipByGlobalNorm, globalNorm, rmsprop, sgd, type Optimizer } from '../../src/optim/index.js';
import { announceBackends, testedBackends } from '../support/backends.js';

type P = { readonly w: Tensor<[number, number]>; readonly bias: Tensor<[number]> };
const V = 40, d = 3;
const params = (): P => ({
  w: tensor(Float32Array.from({ length: V * d }, (_, i) => Math.cos(0.61 * i)), [V, d]),
  bias: tensor([0.1, -0.2, 0.3], [3]),
});
const loss = (picks: readonly number[]) => (p: P) =>
  sum(tanh(mul(gather(p.w, tensor(picks, [picks.length])), p.bias))) as Tensor;
const picksArb = fc.array(fc.integer({ min: 0, max: V - 1 }), { minLength: 1, maxLength: 25 });
const rows = (t: Tensor, r: number) => toArray(t).subarray(r * d, r * d + d);

/** Runs `steps` steps of `opt` from the same start with sparse and with dense gradients. */
const run = <S>(opt: Optimizer<S>, batches: readonly (readonly number[])[]) => {
  let ps = params(), pd = params();
  let ss = opt.init(ps), sd = opt.init(pd);
  for (const b of batches) {
    const gs = valueAndGrad(loss(b), { rowSparse: true })(ps)[1];
    const gd = valueAndGrad(loss(b))(pd)[1];
    expect(isRowSparse(gs.w)).toBe(true);
    ({ params: ps, state: ss } = opt.step(ps, gs, ss));
    ({ params: pd, state: sd } = opt.step(pd, gd, sd));
  }
  return { ps, pd, ss, sd };
};

beforeAll(() => announceBackends('row-sparse optimisers'));

describe.each(testedBackends)('optimiser steps on row-sparse gradients on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([
    ['sgd', (): Optimizer<unknown> => sgd({ lr: 0.3 })],
    ['adagrad', (): Optimizer<unknown> => adagrad({ lr: 0.2 })],
    ['adagrad with an initial accumulator', (): Optimizer<unknown> => adagrad({ lr: 0.2, initialAccumulator: 0.1 })],
  ] as const)('%s: the sparse step equals the dense step on every row, bit for bit', (_name, make) => {
    fc.assert(fc.property(fc.array(picksArb, { minLength: 1, maxLength: 3 }), (batches) => {
      const { ps, pd, ss, sd } = run(make(), batches);
      expect(toArray(ps.w)).toEqual(toArray(pd.w));
      expect(toArray(ps.bias)).toEqual(toArray(pd.bias));
    }), { numRuns: 8, seed: 3 });
  });

  it.each([
    ['adam', (): Optimizer<unknown> => adam({ lr: 0.05 })],
    ['adamw', (): Optimizer<unknown> => adamw({ lr: 0.05, weightDecay: 0.1 })],
    ['rmsprop', (): Optimizer<unknown> => rmsprop({ lr: 0.01 })],
  ] as const)('%s is lazy: untouched rows keep parameters and state bit for bit, touched rows follow the rule', (_name, make) => {
    const opt = make();
    const first = [0, 3, 3, 7], second = [3, 9];
    const start = params();
    let s = opt.init(start);
    let p = start;
    const g1 = valueAndGrad(loss(first), { rowSparse: true })(p)[1];
    ({ params: p, state: s } = opt.step(p, g1, s));
    const afterFirst = p;
    const g2 = valueAndGrad(loss(second), { rowSparse: true })(p)[1];
    ({ params: p, state: s } = opt.step(p, g2, s));
    for (let r = 0; r < V; r++) {
      if (r === 0 || r === 7) expect(rows(p.w, r)).toEqual(rows(afterFirst.w, r)); // touched only at step 1
      else if (r !== 3 && r !== 9) expect(rows(p.w, r)).toEqual(rows(start.w, r)); // never touched
    }
    expect(rows(p.w, 9)).not.toEqual(rows(start.w, 9));
  });

  it('lazy Adam follows its documented rule on the touched rows (float64 reference, global step count)', () => {
    const opt = adam({ lr: 0.05, beta1: 0.8, beta2: 0.9, eps: 1e-6 });
    let p = params();
    let s = opt.init(p);
    const m = new Float64Array(V * d), v = new Float64Array(V * d), w = Float64Array.from(toArray(p.w));
    const batches = [[1, 2], [2, 5, 5], [1]];
    batches.forEach((b, k) => {
      const g = valueAndGrad(loss(b), { rowSparse: true })(p)[1];
      const dense = toArray(toDense(g.w));
      ({ params: p, state: s } = opt.step(p, g, s));
      const t = k + 1;
      for (const r of new Set(b)) for (let c = 0; c < d; c++) {
        const i = r * d + c;
        m[i] = 0.8 * m[i] + 0.2 * dense[i];
        v[i] = 0.9 * v[i] + 0.1 * dense[i] * dense[i];
        w[i] -= (0.05 / (1 - 0.8 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.9 ** t) + 1e-6);
      }
    });
    const got = toArray(p.w);
    w.forEach((x, i) => expect(got[i]).toBeCloseTo(x, 5));
  });

  it('lazy Adam is Adam when every row is touched at every step (bit for bit)', () => {
    const all = Array.from({ length: V }, (_, i) => i);
    const { ps, pd } = run(adam({ lr: 0.05 }), [all, [...all].reverse(), all]);
    expect(toArray(ps.w)).toEqual(toArray(pd.w));
  });

  it('momentum and weight decay cannot step a row-sparse gradient: a clear error', () => {
    const p = params();
    const g = valueAndGrad(loss([1]), { rowSparse: true })(p)[1];
    const momentum = sgd({ lr: 0.1, momentum: 0.9 });
    expect(() => momentum.step(p, g, momentum.init(p))).toThrow(OptionError);
    expect(() => momentum.step(p, g, momentum.init(p))).toThrow(/grads\.w is row-sparse.*momentum.*toDense/);
    const decay = adagrad({ lr: 0.1, weightDecay: 0.01 });
    expect(() => decay.step(p, g, decay.init(p))).toThrow(/weight decay/);
    const dense = { w: toDense(g.w), bias: g.bias };
    expect(() => momentum.step(p, dense, momentum.init(p))).not.toThrow();
  });

  it('clipByGlobalNorm measures and scales a row-sparse gradient as its dense value, keeping it sparse', () => {
    const p = params();
    const gs = valueAndGrad(loss([4, 4, 8, 30]), { rowSparse: true })(p)[1];
    const gd = valueAndGrad(loss([4, 4, 8, 30]))(p)[1];
    expect(globalNorm(gs)).toBeCloseTo(globalNorm(gd), 5);
    const c = clipByGlobalNorm(gs, 0.1);
    expect(isRowSparse(c.grads.w)).toBe(true);
    const want = toArray(clipByGlobalNorm(gd, 0.1).grads.w);
    toArray(toDense(c.grads.w)).forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));
  });
});
