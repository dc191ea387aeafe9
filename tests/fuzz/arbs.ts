// Generators of arguments for the fuzz law: mostly small valid values (so calls get past the first
// check and reach the later ones), mixed with wrong kinds, bad shapes, bad options and cycles.
// Every tensor has at most 4·4·4·4 = 256 elements; "huge" sizes are far past the 2^30 limit, so
// they must be refused by a LimitError before anything is allocated.
import fc from 'fast-check';
import { tensor, type Tensor } from '../support/api.js';

/** A number far past the 2^30-element limit (however it is divided or multiplied here), yet a safe integer. */
export const HUGE = 2 ** 40;

const cyclicObject = fc.constant(null).map(() => { const o: Record<string, unknown> = { a: 1 }; o.self = o; return o; });
const cyclicArray = fc.constant(null).map(() => { const a: unknown[] = [1]; a.push(a); return a; });

/** A value of the wrong kind for almost any argument. */
export const junk: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 4 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.constantFrom(NaN, Infinity, -Infinity, -1, 0, 1.5, 3, HUGE),
  fc.array(fc.array(fc.integer({ min: -2, max: 2 }), { maxLength: 3 }), { maxLength: 3 }),
  fc.dictionary(fc.constantFrom('a', 'b', 'shape', 'size'), fc.integer({ min: -1, max: 3 }), { maxKeys: 2 }),
  cyclicObject,
  cyclicArray,
  fc.constant(() => 1),
);

/** `valid` most of the time, otherwise (about `junkShare` of the time) junk. */
export const orJunk = <T>(valid: fc.Arbitrary<T>, junkShare = 0.2): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary: valid, weight: 10 }, { arbitrary: junk, weight: Math.max(1, Math.round(10 * junkShare)) });

const dim = fc.integer({ min: 0, max: 4 });

/** A valid small shape (0-size dims included). */
export const smallShape = (minRank = 0, maxRank = 4): fc.Arbitrary<number[]> => fc.array(dim, { minLength: minRank, maxLength: maxRank });

/** Shapes of every kind: valid, with bad dims, huge, or not a shape at all. */
export const anyShape: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: smallShape(), weight: 4 },
  { arbitrary: fc.tuple(fc.constantFrom(HUGE, 65536), fc.constantFrom(HUGE, 65536, 3)).map(([a, b]) => [a, b]), weight: 1 },
  { arbitrary: fc.array(fc.constantFrom(-1, 1.5, NaN, Infinity, 2), { minLength: 1, maxLength: 3 }), weight: 1 },
  { arbitrary: junk, weight: 1 },
);

/** Values for tensors: ordinary numbers, with NaN and ±Infinity now and then (valid data). */
const value = fc.oneof({ arbitrary: fc.double({ min: -3, max: 3, noNaN: true }), weight: 20 }, fc.constantFrom(NaN, Infinity, -Infinity));

export const tensorOf = (shape: readonly number[]): fc.Arbitrary<Tensor> => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.array(value, { minLength: n, maxLength: n }).map((d) => tensor(d, shape));
};

/** Shapes that often broadcast with, multiply with or convolve each other. */
const pool: readonly number[][] = [[], [1], [3], [4], [2, 3], [3, 2], [1, 3], [3, 3], [0, 3], [2, 0], [2, 1, 3], [2, 3, 4], [1, 1, 4, 4], [2, 3, 5, 5], [1, 2, 3, 3], [3, 2, 3, 3]];

/** A small tensor: from the pool of related shapes, or of any small shape. */
export const anyTensor: fc.Arbitrary<Tensor> = fc.oneof(
  { arbitrary: fc.constantFrom(...pool).chain(tensorOf), weight: 3 },
  { arbitrary: smallShape().chain(tensorOf), weight: 1 },
);

/** A tensor of integer values in [lo, hi] (indices). */
export const intTensor = (lo: number, hi: number): fc.Arbitrary<Tensor> =>
  smallShape(0, 2).chain((s) => fc.array(fc.integer({ min: lo, max: hi }), { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) }).map((d) => tensor(d, s)));

export const tensorOrJunk = orJunk(anyTensor);
/** What binary ops take: a tensor, a plain number, or junk. */
export const tensorLike = fc.oneof({ arbitrary: anyTensor, weight: 4 }, { arbitrary: fc.double({ noNaN: false }), weight: 1 }, { arbitrary: junk, weight: 1 });

/** An axis argument: in range, out of range, a list, or junk. */
export const axisArg = fc.oneof(fc.integer({ min: -5, max: 5 }), junk);
export const axesArg = fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 5 }), fc.array(fc.integer({ min: -4, max: 4 }), { maxLength: 3 }), junk);
export const boolArg = fc.oneof(fc.constant(undefined), fc.boolean(), junk);
/** A small count, or a huge one. */
export const countArg = fc.oneof({ arbitrary: fc.integer({ min: 0, max: 5 }), weight: 4 }, fc.constant(HUGE), junk);

/**
 * An options object: valid entries (from `good`), entries of the wrong type or range (`bad`), an
 * unknown key, or not an object at all.
 */
export const optionsArb = (good: Record<string, fc.Arbitrary<unknown>>, bad: Record<string, fc.Arbitrary<unknown>> = {}): fc.Arbitrary<unknown> => {
  const keys = Object.keys(good);
  const entry = (k: string) => fc.oneof({ arbitrary: good[k], weight: 4 }, { arbitrary: bad[k] ?? junk, weight: 1 });
  const valid = fc.record(Object.fromEntries(keys.map((k) => [k, entry(k)])), { requiredKeys: [] });
  return fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: fc.constant(undefined), weight: 2 },
    { arbitrary: valid.map((o) => ({ ...o, notAnOption: true })), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
};

/** Trees: tensors inside arrays and plain objects, with holes (null), bad leaves and cycles now and then. */
export const treeArb: fc.Arbitrary<unknown> = fc.letrec<{ tree: unknown }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { arbitrary: anyTensor, weight: 4 },
    { arbitrary: fc.array(tie('tree'), { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.dictionary(fc.constantFrom('w', 'b', 'layer', '0', '10'), tie('tree'), { maxKeys: 3 }), weight: 2 },
    { arbitrary: fc.constant(null), weight: 1 },
    { arbitrary: junk, weight: 1 },
  ),
})).tree.chain((t) => fc.oneof(
  { arbitrary: fc.constant(t), weight: 5 },
  // a cycle through a fresh wrapper: { inner: t, again: <the wrapper> }
  { arbitrary: fc.constant(null).map(() => { const w: Record<string, unknown> = { inner: t }; w.again = w; return w; }), weight: 1 },
));
