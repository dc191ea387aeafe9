// One law case per built-in primitive: how to call it, random inputs for the laws, its shape rule,
// inputs it must refuse, and fixed inputs checked against the independent float64 references.
import fc from 'fast-check';
import type { GradientLawOptions, TensorFn } from '../../laws/index.js';
import * as R from '../reference/index.js';
import * as nn from '../support/api.js';
import { addAny } from '../../src/autodiff/ad-util.js';
import type { Shape, Tensor } from '../support/api.js';
import { broadcastPair, distinct, one, separatedPair, shaped } from './arbs.js';
import { sparseCases } from './cases-sparse.js';

type Ref = R.Ref;
export interface RefCheck { readonly label: string; readonly inputs: () => Tensor[]; readonly ref: (xs: Ref[]) => Ref; readonly reduction?: number }
export interface Case {
  readonly prim: string;
  readonly fn: TensorFn;
  readonly inputs: fc.Arbitrary<Tensor[]>;
  readonly shape?: (s: Shape[]) => Shape;
  readonly bad?: () => Tensor[];
  /** false: the primitive passes no gradient */
  readonly grad?: GradientLawOptions | false;
  readonly refs?: readonly RefCheck[];
}

const T = (s: number[], f = (i: number) => Math.sin(1.3 * i + 0.5)) => nn.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), s);
const pos = (s: number[]) => T(s, (i) => 0.5 + Math.abs(Math.sin(i)) * 2);
const sameShape = (s: Shape[]) => s[0];
const bcast = (s: Shape[]) => {
  const n = Math.max(...s.map((x) => x.length));
  return Array.from({ length: n }, (_, i) => Math.max(...s.map((x) => x[x.length - n + i] ?? 1)));
};
const odd = [3, 5, 7];

// ---------- elementwise ----------
const unaryCase = (prim: string, fn: (x: Tensor) => Tensor, f: (v: number) => number, range: { min?: number; max?: number; awayFrom?: number[] } = {}, grad: GradientLawOptions | false = {}): Case => ({
  prim, fn: (x) => fn(x), grad, shape: sameShape,
  inputs: fc.constantFrom([2, 3], [4], [], [2, 1, 3]).chain((s) => one(shaped(s, range))),
  refs: [{ label: 'odd shape', inputs: () => [range.min !== undefined && range.min > 0 ? pos(odd) : T(odd, (i) => 3 * Math.sin(i * 0.77))], ref: ([x]) => R.unary(x, f) }],
});

const binaryCase = (prim: string, fn: (a: Tensor, b: Tensor) => Tensor, f: (a: number, b: number) => number, opts: { inputs?: fc.Arbitrary<Tensor[]>; grad?: GradientLawOptions | false; positive?: boolean } = {}): Case => ({
  prim, fn: (a, b) => fn(a, b), grad: opts.grad ?? {}, shape: bcast,
  inputs: opts.inputs ?? broadcastPair(),
  bad: () => [T([2, 3]), T([4, 3])],
  refs: [
    { label: 'broadcast [3,1,5] with [4,1]', inputs: () => (opts.positive ? [pos([3, 1, 5]), pos([4, 1])] : [T([3, 1, 5]), T([4, 1], Math.cos)]), ref: ([a, b]) => R.binary(a, b, f) },
    { label: 'same shape', inputs: () => (opts.positive ? [pos([2, 7]), pos([2, 7])] : [T([2, 7]), T([2, 7], (i) => Math.cos(i * 2.1))]), ref: ([a, b]) => R.binary(a, b, f) },
  ],
});

const cmp = (prim: string, fn: (a: Tensor, b: Tensor) => Tensor, f: (a: number, b: number) => boolean) =>
  binaryCase(prim, fn, (a, b) => (f(a, b) ? 1 : 0), { grad: false });

export const cases: Case[] = [
  unaryCase('neg', nn.neg, (v) => -v),
  unaryCase('exp', nn.exp, Math.exp),
  unaryCase('log', nn.log, Math.log, { min: 0.3, max: 3 }),
  unaryCase('sqrt', nn.sqrt, Math.sqrt, { min: 0.3, max: 3 }),
  unaryCase('abs', nn.abs, Math.abs, { awayFrom: [0] }),
  unaryCase('sign', nn.sign, Math.sign, { awayFrom: [0] }, false),
  unaryCase('tanh', nn.tanh, Math.tanh),
  unaryCase('sigmoid', nn.sigmoid, (v) => 1 / (1 + Math.exp(-v))),
  unaryCase('relu', nn.relu, (v) => Math.max(v, 0), { awayFrom: [0] }),
  unaryCase('leakyRelu', (x) => nn.leakyRelu(x, 0.1), (v) => (v > 0 ? v : 0.1 * v), { awayFrom: [0] }),
  unaryCase('softplus', nn.softplus, (v) => Math.log1p(Math.exp(v))),
  binaryCase('add', nn.add, (a, b) => a + b),
  {
    // The autodiff core's own sum of two cotangents (src/autodiff/ad-util.ts): equal shapes only.
    prim: 'addAny', fn: (a, b) => addAny(a, b), shape: sameShape,
    inputs: fc.constantFrom([2, 3], [4], [], [2, 1, 3]).chain((s) => fc.tuple(shaped(s), shaped(s))),
    bad: () => [T([2, 3]), T([3])],
    refs: [{ label: 'same shape', inputs: () => [T([2, 7]), T([2, 7], (i) => Math.cos(i * 2.1))], ref: ([a, b]) => R.binary(a, b, (x, y) => x + y) }],
  },
  binaryCase('sub', nn.sub, (a, b) => a - b),
  binaryCase('mul', nn.mul, (a, b) => a * b),
  binaryCase('div', nn.div, (a, b) => a / b, { inputs: broadcastPair({}, { min: 0.5, max: 2 }), positive: true }),
  binaryCase('pow', nn.pow, Math.pow, { inputs: broadcastPair({ min: 0.5, max: 2 }, { min: -2, max: 2 }), positive: true }),
  binaryCase('maximum', nn.maximum, Math.max, { inputs: separatedPair() }),
  binaryCase('minimum', nn.minimum, Math.min, { inputs: separatedPair() }),
  cmp('greater', nn.greater, (a, b) => a > b),
  cmp('greaterEqual', nn.greaterEqual, (a, b) => a >= b),
  cmp('less', nn.less, (a, b) => a < b),
  cmp('lessEqual', nn.lessEqual, (a, b) => a <= b),
  cmp('equal', nn.equal, (a, b) => a === b),
  cmp('notEqual', nn.notEqual, (a, b) => a !== b),
  {
    prim: 'where', fn: (c, a, b) => nn.where(c, a, b), grad: { constant: [0] }, shape: bcast,
    inputs: fc.tuple(shaped([3, 1], { min: -1, max: 1 }).map((c) => nn.greater(c, 0)), shaped([2, 3, 4]), shaped([4])),
    bad: () => [T([2]), T([3]), T([3])],
    refs: [{ label: 'broadcast', inputs: () => [nn.greater(T([3, 1]), 0), T([2, 3, 4]), T([4], Math.cos)], ref: ([c, a, b]) => R.where(c, a, b) }],
  },
  {
    prim: 'broadcastTo', fn: (x) => nn.broadcastTo(x, [2, 3, 4]), shape: () => [2, 3, 4],
    inputs: fc.constantFrom([3, 1], [4], [1, 3, 4], []).chain((s) => one(shaped(s))),
    bad: () => [T([3, 2])],
    refs: [{ label: '[3,1] → [2,3,4]', inputs: () => [T([3, 1])], ref: ([x]) => R.binary(x, R.ref(new Array(24).fill(0), [2, 3, 4]), (a) => a) }],
  },
  // ---------- reductions ----------
  {
    prim: 'sum', fn: (x) => nn.sum(x, [0, 2]), shape: (s) => [s[0][1]],
    inputs: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 })).chain(([a, b, c]) => one(shaped([a, b, c]))),
    refs: [
      { label: 'axes [0,2]', inputs: () => [T([3, 5, 7])], ref: ([x]) => R.reduce(x, [0, 2], false, 'sum'), reduction: 21 },
      { label: '10,000 values per output', inputs: () => [T([100, 2, 100])], ref: ([x]) => R.reduce(x, [0, 2], false, 'sum'), reduction: 10000 },
    ],
  },
  {
    prim: 'max', fn: (x) => nn.max(x, -1, true), shape: (s) => [...s[0].slice(0, -1), 1],
    inputs: fc.constantFrom([3, 4], [2, 2, 5], [6]).chain((s) => one(distinct(s))),
    refs: [{ label: 'last axis, keepDims', inputs: () => [T([3, 5, 7])], ref: ([x]) => R.reduce(x, [-1], true, 'max') }],
  },
  // ---------- movement ----------
  {
    prim: 'reshape', fn: (x) => nn.reshape(x, [-1]), shape: (s) => [s[0].reduce((a, b) => a * b, 1)],
    inputs: fc.constantFrom([2, 3], [4, 1, 2]).chain((s) => one(shaped(s))),
    refs: [{ label: 'flatten', inputs: () => [T([2, 3, 4])], ref: ([x]) => R.ref(x.data, [24]) }],
  },
  {
    prim: 'permute', fn: (x) => nn.permute(x, [2, 0, 1]), shape: (s) => [s[0][2], s[0][0], s[0][1]],
    inputs: fc.constantFrom([2, 3, 4], [1, 5, 3]).chain((s) => one(shaped(s))),
    bad: () => [T([2, 3])],
    refs: [{ label: '[2,0,1] of [3,5,7]', inputs: () => [T([3, 5, 7])], ref: ([x]) => R.permute(x, [2, 0, 1]) }],
  },
  {
    prim: 'slice', fn: (x) => nn.slice(x, [1, 0, 2], [2, -1, 3]), shape: (s) => [2, s[0][1], 3],
    inputs: fc.constantFrom([3, 2, 5], [4, 3, 6]).chain((s) => one(shaped(s))),
    bad: () => [T([2, 2, 5])],
    refs: [{ label: 'block', inputs: () => [T([3, 5, 7])], ref: ([x]) => R.slice(x, [1, 0, 2], [2, 5, 3]) }],
  },
  {
    prim: 'pad', fn: (x) => nn.pad(x, [[1, 0], [2, 3]], 0.5), shape: (s) => [s[0][0] + 1, s[0][1] + 5],
    inputs: fc.constantFrom([2, 3], [1, 1], [3, 4]).chain((s) => one(shaped(s))),
    refs: [{ label: 'value 0.5', inputs: () => [T([3, 5])], ref: ([x]) => R.pad(x, [[1, 0], [2, 3]], 0.5) }],
  },
  {
    prim: 'concat', fn: (a, b, c) => nn.concat([a, b, c], 1), shape: (s) => [s[0][0], s[0][1] + s[1][1] + s[2][1], s[0][2]],
    inputs: fc.tuple(shaped([2, 1, 3]), shaped([2, 3, 3]), shaped([2, 2, 3])),
    bad: () => [T([2, 1, 3]), T([3, 3, 3]), T([2, 2, 3])],
    refs: [{ label: 'axis 1', inputs: () => [T([3, 2, 5]), T([3, 1, 5], Math.cos), T([3, 4, 5])], ref: (xs) => R.concat(xs, 1) }],
  },
  {
    prim: 'gather', fn: (t, i) => nn.gather(t, i), grad: { constant: [1] }, shape: (s) => [...s[1], ...s[0].slice(1)],
    inputs: fc.tuple(shaped([5, 3]), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }).map((v) => nn.tensor(v, [2, 3]))),
    refs: [{ label: 'repeated rows', inputs: () => [T([7, 3]), nn.tensor([6, 0, 3, 3, 1], [5])], ref: ([t]) => R.gather(t, [6, 0, 3, 3, 1]) }],
  },
  {
    prim: 'scatterAdd', fn: (v, i) => nn.scatterAdd(v, i, 5), grad: { constant: [1] }, shape: (s) => [5, ...s[0].slice(1)],
    inputs: fc.tuple(shaped([6, 2]), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 6, maxLength: 6 }).map((v) => nn.tensor(v, [6]))),
    bad: () => [T([4, 2]), nn.tensor([0, 1, 2], [3])],
    refs: [{ label: 'duplicates summed', inputs: () => [T([6, 3]), nn.tensor([4, 0, 4, 2, 0, 4], [6])], ref: ([v]) => R.scatterAdd(v, [4, 0, 4, 2, 0, 4], 5) }],
  },
  {
    prim: 'scatterRows', fn: (t, r) => nn.scatterRows(t, Int32Array.of(0, 3, 4), r), shape: (s) => s[0],
    inputs: fc.tuple(shaped([6, 2]), shaped([3, 2])),
    bad: () => [T([6, 2]), T([2, 2])],
    refs: [{ label: 'three rows replaced', inputs: () => [T([6, 3]), T([3, 3], Math.cos)], ref: ([t, r]) => R.scatterRows(t, [0, 3, 4], r) }],
  },
  // ---------- matmul ----------
  {
    prim: 'matmul', fn: (a, b) => nn.matmul(a, b), shape: (s) => (s[0].length === 3 || s[1].length === 3 ? [Math.max(s[0].length === 3 ? s[0][0] : 0, s[1].length === 3 ? s[1][0] : 0), s[0][s[0].length - 2], s[1][s[1].length - 1]] : [s[0][0], s[1][1]]),
    inputs: fc.constantFrom([[3, 4], [4, 5]], [[2, 3, 4], [2, 4, 1]], [[2, 3, 4], [4, 2]], [[1, 1], [1, 3]]).chain(([a, b]) => fc.tuple(shaped(a), shaped(b))),
    bad: () => [T([2, 3]), T([4, 5])],
    refs: [
      { label: '[5,7]·[7,3]', inputs: () => [T([5, 7]), T([7, 3], Math.cos)], ref: ([a, b]) => R.matmul(a, b), reduction: 7 },
      { label: 'batched [2,3,9]·[2,9,5]', inputs: () => [T([2, 3, 9]), T([2, 9, 5], Math.cos)], ref: ([a, b]) => R.matmul(a, b), reduction: 9 },
      { label: '128³', inputs: () => [T([128, 128]), T([128, 128], Math.cos)], ref: ([a, b]) => R.matmul(a, b), reduction: 128 },
    ],
  },
  // ---------- sparse (tests/primitives/cases-sparse.ts) ----------
  ...sparseCases,
];

// ---------- transposed matmul operands (same primitive, checked against the reference too) ----------
export const matmulTransposedRefs: RefCheck[] = [
  { label: 'aᵀ·b', inputs: () => [T([7, 5]), T([7, 3], Math.cos)], ref: ([a, b]) => R.matmul(a, b, { transA: true }), reduction: 7 },
  { label: 'a·bᵀ', inputs: () => [T([5, 7]), T([3, 7], Math.cos)], ref: ([a, b]) => R.matmul(a, b, { transB: true }), reduction: 7 },
];
