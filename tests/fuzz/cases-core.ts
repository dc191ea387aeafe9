// Fuzz cases for the tensor core: constructors, readback, elementwise ops, reductions, movement.
import fc from 'fast-check';
import * as nn from '../support/api.js';
import { anyShape, anyTensor, axesArg, axisArg, boolArg, countArg, HUGE, intTensor, junk, orJunk, smallShape, tensorLike, tensorOrJunk } from './arbs.js';
import { gatherArgs, joinArgs, padArgs, permuteArgs, reshapeArgs, scatterArgs, sliceArgs } from './coherent.js';
import { direct, type FuzzCase } from './targets.js';

const number = fc.oneof(fc.double(), fc.constantFrom(NaN, Infinity, 0, 2), junk);
const scalarish = fc.oneof(fc.double({ min: -3, max: 3 }), fc.constantFrom(NaN, Infinity), junk);

/** Data for `tensor`: flat, nested (regular or ragged), typed arrays, numbers, or junk entries. */
const data = fc.oneof(
  fc.array(scalarish, { maxLength: 6 }),
  fc.array(fc.array(fc.double({ min: -1, max: 1 }), { minLength: 2, maxLength: 2 }), { maxLength: 3 }),
  fc.array(fc.array(scalarish, { maxLength: 3 }), { maxLength: 3 }),
  fc.array(fc.double({ min: -1, max: 1 }), { maxLength: 6 }).map((a) => Float32Array.from(a)),
  fc.array(fc.integer({ min: -5, max: 5 }), { maxLength: 6 }).map((a) => Int32Array.from(a)),
  scalarish,
  junk,
);
/** A key, or something that is not one. */
const keyArg = fc.oneof({ arbitrary: fc.nat(1000).map((seed) => nn.key(seed)), weight: 3 }, junk);
const shapeOrNone = fc.oneof(fc.constant(undefined), fc.constantFrom([], [2], [3], [2, 2], [2, 3], [6], [0]), anyShape);

const constructors: FuzzCase[] = [
  direct('tensor', nn.tensor, [data, shapeOrNone]),
  direct('zeros', nn.zeros, [anyShape]),
  direct('ones', nn.ones, [anyShape]),
  direct('full', nn.full, [anyShape, scalarish]),
  direct('scalar', nn.scalar, [scalarish]),
  direct('arange', nn.arange, [
    fc.oneof(fc.integer({ min: -5, max: 5 }), fc.constantFrom(NaN, Infinity, HUGE), junk),
    fc.oneof(fc.constant(undefined), fc.integer({ min: -5, max: 10 }), fc.constantFrom(NaN, -Infinity, HUGE), junk),
    fc.oneof(fc.constant(undefined), fc.constantFrom(1, 2, -1, 0.5, 0, 1e-12, NaN), junk),
  ]),
  direct('uniform', nn.uniform, [keyArg, anyShape]),
  direct('normal', nn.normal, [keyArg, anyShape, fc.oneof(fc.constant(undefined), number)]),
  direct('bernoulli', nn.bernoulli, [keyArg, fc.oneof(fc.constantFrom(0, 0.5, 1, 2, -1, NaN), junk), anyShape]),
  direct('permutation', nn.permutation, [keyArg, fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(HUGE, -1, 1.5, NaN), junk)]),
  direct('split', nn.split, [keyArg, fc.oneof(fc.constant(undefined), fc.integer({ min: 1, max: 4 }), fc.constantFrom(0, -1, 2.5, NaN), junk)]),
  direct('toArray', nn.toArray, [tensorOrJunk]),
  direct('item', nn.item, [tensorOrJunk]),
  direct('toNested', nn.toNested, [tensorOrJunk]),
];

const unary = ['neg', 'exp', 'log', 'sqrt', 'abs', 'sign', 'tanh', 'sigmoid', 'relu', 'softplus', 'square'] as const;
const binary = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual'] as const;
const targetShape = fc.oneof(smallShape(), fc.constantFrom([2, 3], [2, 2, 3], [4, 4]), anyShape);

const elementwise: FuzzCase[] = [
  ...unary.map((op) => direct(op, nn[op], [tensorOrJunk])),
  ...binary.map((op) => direct(op, nn[op], [tensorLike, tensorLike])),
  direct('leakyRelu', nn.leakyRelu, [tensorOrJunk, fc.oneof(fc.constant(undefined), number)]),
  direct('where', nn.where, [tensorLike, tensorLike, tensorLike]),
  direct('broadcastTo', nn.broadcastTo, [tensorOrJunk, targetShape]),
  direct('sumTo', nn.sumTo, [tensorOrJunk, targetShape]),
];

const reductions: FuzzCase[] = [
  ...(['sum', 'mean', 'max', 'min'] as const).map((op) => direct(op, nn[op], [tensorOrJunk, axesArg, boolArg])),
  direct('logsumexp', nn.logsumexp, [tensorOrJunk, axesArg, boolArg]),
  direct('softmax', nn.softmax, [tensorOrJunk, fc.oneof(fc.constant(undefined), axisArg)]),
  direct('logSoftmax', nn.logSoftmax, [tensorOrJunk, fc.oneof(fc.constant(undefined), axisArg)]),
];

const intList = (lo: number, hi: number) => fc.array(fc.integer({ min: lo, max: hi }), { maxLength: 4 });
const pads = fc.oneof(
  fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })), { maxLength: 4 }),
  fc.array(fc.tuple(fc.constantFrom(0, HUGE, -1, 1.5), fc.constantFrom(0, HUGE)), { minLength: 1, maxLength: 2 }),
  fc.array(orJunk(fc.tuple(fc.nat(2), fc.nat(2))), { maxLength: 3 }),
  junk,
);
const tensors = orJunk(fc.array(orJunk(anyTensor, 0.2), { maxLength: 4 }));

const movement: FuzzCase[] = [
  direct('reshape', nn.reshape, [tensorOrJunk, fc.oneof(fc.constantFrom([-1], [6], [2, 3], [3, -1], [-1, -1], [0, -1], [HUGE, HUGE]), anyShape)], { coherent: reshapeArgs }),
  direct('flatten', nn.flatten, [tensorOrJunk, fc.oneof(fc.constant(undefined), axisArg)]),
  direct('expandDims', nn.expandDims, [tensorOrJunk, axisArg]),
  direct('squeeze', nn.squeeze, [tensorOrJunk, fc.oneof(fc.constant(undefined), intList(-3, 3), junk)]),
  direct('permute', nn.permute, [tensorOrJunk, fc.oneof(fc.constantFrom([0], [1, 0], [0, 2, 1], [2, 0, 1], [0, 0]), intList(-1, 4), junk)], { coherent: permuteArgs }),
  direct('transpose', nn.transpose, [tensorOrJunk]),
  direct('slice', nn.slice, [tensorOrJunk, fc.oneof(intList(-1, 3), junk), fc.oneof(fc.constant(undefined), intList(-1, 3), junk)], { coherent: sliceArgs }),
  direct('pad', nn.pad, [tensorOrJunk, pads, fc.oneof(fc.constant(undefined), number)], { coherent: padArgs }),
  direct('concat', nn.concat, [tensors, fc.oneof(fc.constant(undefined), axisArg)], { coherent: joinArgs }),
  direct('stack', nn.stack, [tensors, fc.oneof(fc.constant(undefined), axisArg)], { coherent: joinArgs }),
  direct('gather', nn.gather, [tensorOrJunk, orJunk(intTensor(-1, 4))], { coherent: gatherArgs }),
  direct('scatterAdd', nn.scatterAdd, [tensorOrJunk, orJunk(intTensor(-1, 4)), countArg], { coherent: scatterArgs }),
];

export const coreCases: readonly FuzzCase[] = [...constructors, ...elementwise, ...reductions, ...movement];
