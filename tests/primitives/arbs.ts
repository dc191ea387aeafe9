// Input generators for the primitive law cases.
import fc from 'fast-check';
import { arbDistinctTensorOf, arbShape, arbTensorOf, type ValueRange } from '../../laws/index.js';
import { tensor, type Shape, type Tensor } from '../support/api.js';

export const one = (a: fc.Arbitrary<Tensor>): fc.Arbitrary<Tensor[]> => a.map((t) => [t]);

/** A shape and a second shape that broadcasts with it (some dims 1, some leading dims dropped), in random order. */
export const broadcastPair = (ra: ValueRange = {}, rb: ValueRange = ra): fc.Arbitrary<Tensor[]> =>
  arbShape({ minRank: 0, maxRank: 3, maxDim: 4 }).chain((s) =>
    fc.tuple(fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }), fc.nat(s.length), fc.boolean()).chain(([ones, drop, swap]) => {
      const t = s.map((d, i) => (ones[i] ? 1 : d)).slice(drop);
      const [sa, sb] = swap ? [t, s] : [s, t];
      return fc.tuple(arbTensorOf(sa, ra), arbTensorOf(sb, rb));
    }));

/** Two same-shaped tensors whose entries differ by at least `gap` everywhere (for max/min gradients). */
export const separatedPair = (gap = 0.2): fc.Arbitrary<Tensor[]> =>
  arbShape({ minRank: 1, maxRank: 3, maxDim: 4 }).chain((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    return fc.tuple(
      fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.double({ min: gap, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
      fc.array(fc.boolean(), { minLength: n, maxLength: n }),
    ).map(([a, d, sg]) => [tensor(a, s), tensor(a.map((v, i) => v + (sg[i] ? d[i] : -d[i])), s)]);
  });

/** A tensor of shape s with distinct values (no near-ties for max). */
export const distinct = (s: Shape) => arbDistinctTensorOf(s, 0.07);

export const shaped = (s: Shape, r: ValueRange = {}) => arbTensorOf(s, r);
