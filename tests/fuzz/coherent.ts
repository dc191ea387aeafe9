// Argument lists that fit together (matching inner dims, channels, hidden sizes), so half of the
// fuzz calls get past the shape checks and run the kernels, gradients and option paths behind them.
import fc from 'fast-check';
import { tensor, type Tensor } from '../support/api.js';
import { tensorOf } from './arbs.js';

const n = (min: number, max: number) => fc.integer({ min, max });
const ints = (shape: readonly number[], lo: number, hi: number): fc.Arbitrary<Tensor> => {
  const size = shape.reduce((a, b) => a * b, 1);
  return fc.array(fc.integer({ min: lo, max: hi }), { minLength: size, maxLength: size }).map((d) => tensor(d, shape));
};

/** [a, b, options] for matmul, with the requested transposes and an optional batch. */
export const matmulArgs = fc.record({ m: n(0, 4), k: n(0, 4), n: n(0, 4), batch: fc.constantFrom(0, 1, 2), ta: fc.boolean(), tb: fc.boolean() })
  .chain(({ m, k, n: cols, batch, ta, tb }) => {
    const lead = batch ? [batch] : [];
    return fc.tuple(tensorOf([...lead, ...(ta ? [k, m] : [m, k])]), tensorOf(tb ? [cols, k] : [k, cols]), fc.constant({ transposeA: ta, transposeB: tb }));
  });

/** [x, w, options] for conv2d: channels divide by groups; windows may still be too large (a ShapeError). */
export const conv2dArgs = fc.record({
  batch: n(0, 2), g: n(1, 2), cg: n(1, 2), og: n(1, 2), h: n(1, 6), w: n(1, 6), kh: n(1, 3), kw: n(1, 3),
  stride: n(1, 2), dilation: n(1, 2), padding: fc.constantFrom(0, 1, 'same', 'valid'), bias: fc.boolean(),
}).chain((p) => fc.tuple(
  tensorOf([p.batch, p.g * p.cg, p.h, p.w]),
  tensorOf([p.g * p.og, p.cg, p.kh, p.kw]),
  p.bias ? tensorOf([p.g * p.og]).map((b) => ({ bias: b })) : fc.constant({}),
).map(([x, w, b]) => [x, w, { stride: p.stride, dilation: p.dilation, padding: p.padding, groups: p.g, ...b }]));

/** [x, w, options] for conv1d. */
export const conv1dArgs = fc.record({ batch: n(0, 2), c: n(1, 3), o: n(1, 3), l: n(1, 6), k: n(1, 3), stride: n(1, 2), padding: fc.constantFrom(0, 1, 'same') })
  .chain((p) => fc.tuple(tensorOf([p.batch, p.c, p.l]), tensorOf([p.o, p.c, p.k]), fc.constant({ stride: p.stride, padding: p.padding })));

/** [x, options] for the pools. */
export const poolArgs = fc.record({ batch: n(0, 2), c: n(1, 2), h: n(1, 6), w: n(1, 6), size: n(1, 3), stride: n(1, 2), padding: n(0, 1) })
  .chain((p) => fc.tuple(tensorOf([p.batch, p.c, p.h, p.w]), fc.constant({ size: p.size, stride: p.stride, padding: Math.min(p.padding, p.size - 1) })));

/** [params, h, x] for a recurrent cell with G gates. */
export const cellArgs = (G: number) => fc.record({ b: n(0, 2), h: n(1, 3), i: n(1, 3) }).chain(({ b, h, i }) => fc.tuple(
  fc.record({ weightIh: tensorOf([G * h, i]), weightHh: tensorOf([G * h, h]), biasIh: tensorOf([G * h]), biasHh: tensorOf([G * h]) }),
  tensorOf([b, h]), tensorOf([b, i]), tensorOf([b, h]),
));

/** [table, indices] for gather, and [values, indices, rows] for scatterAdd. */
export const gatherArgs = fc.record({ rows: n(1, 4), d: n(0, 3), k: n(0, 4) }).chain(({ rows, d, k }) => fc.tuple(tensorOf([rows, d]), ints([k], 0, rows - 1)));
export const scatterArgs = fc.record({ rows: n(1, 4), d: n(0, 3), k: n(0, 4) }).chain(({ rows, d, k }) => fc.tuple(tensorOf([k, d]), ints([k], 0, rows - 1), fc.constant(rows)));

/** [x, begin, size] for slice, inside x. */
export const sliceArgs = fc.array(n(0, 4), { maxLength: 3 }).chain((s) =>
  fc.tuple(tensorOf(s), fc.tuple(...s.map((d) => n(0, d)))).chain(([x, begin]) =>
    fc.tuple(fc.constant(x), fc.constant(begin), fc.tuple(...s.map((d, i) => fc.oneof(fc.constant(-1), n(0, d - begin[i])))))));

/** [logits, labels] for the classification losses: class ids in range, as a tensor or an Int32Array. */
export const classArgs = fc.record({ b: n(0, 3), c: n(1, 4) }).chain(({ b, c }) => fc.tuple(
  tensorOf([b, c]),
  fc.oneof(ints([b], 0, c - 1), fc.array(n(0, c - 1), { minLength: b, maxLength: b }).map((a) => Int32Array.from(a))),
));
/** [pred, target] of one shape. */
export const sameShapeArgs = fc.array(n(0, 4), { maxLength: 3 }).chain((s) => fc.tuple(tensorOf(s), tensorOf(s)));

const shape3 = fc.array(n(0, 3), { maxLength: 3 });
/** [x, pads, value] for pad: one [before, after] per axis. */
export const padArgs = shape3.chain((s) => fc.tuple(tensorOf(s), fc.tuple(...s.map(() => fc.tuple(n(0, 2), n(0, 2)))), fc.double({ min: -2, max: 2 })));
/** [x, perm] for permute: a permutation of x's axes. */
export const permuteArgs = shape3.chain((s) => fc.tuple(tensorOf(s), fc.shuffledSubarray(s.map((_, i) => i), { minLength: s.length, maxLength: s.length })));
/** [x, shape] for reshape: the same size, maybe with one −1. */
export const reshapeArgs = shape3.chain((s) => fc.tuple(tensorOf(s), fc.constantFrom([s.reduce((a, b) => a * b, 1)], [-1], [...s, 1], s)));
/** [xs, axis] for concat and stack: tensors of one shape. */
export const joinArgs = fc.tuple(fc.array(n(1, 3), { minLength: 1, maxLength: 3 }), n(1, 3)).chain(([s, k]) =>
  fc.tuple(fc.array(tensorOf(s), { minLength: k, maxLength: k }), n(-s.length, s.length - 1)));
