// Fuzz cases for the operations with options: matmul, convolutions, pooling, recurrent cells.
import fc from 'fast-check';
import * as nn from '../support/api.js';
import { anyTensor, boolArg, HUGE, junk, optionsArb, orJunk, tensorOf, tensorOrJunk } from './arbs.js';
import { cellArgs, conv1dArgs, conv2dArgs, matmulArgs, poolArgs } from './coherent.js';
import { direct, type FuzzCase } from './targets.js';

const from = (shapes: readonly number[][]) => orJunk(fc.oneof({ arbitrary: fc.constantFrom(...shapes).chain(tensorOf), weight: 4 }, anyTensor), 0.3);

// [HUGE, 0] and [0, HUGE] hold nothing, but their product would be HUGE × HUGE: a LimitError.
const matrices = from([[2, 3], [3, 2], [3, 4], [3, 3], [0, 3], [3, 0], [2, 3, 3], [2, 3, 2], [1, 3, 4], [HUGE, 0], [0, HUGE]]);
const matmulOptions = optionsArb({ transposeA: fc.boolean(), transposeB: fc.boolean() });

const images = from([[1, 1, 5, 5], [2, 3, 5, 5], [1, 2, 3, 3], [1, 4, 4, 4], [0, 2, 3, 3], [1, 2, 0, 4]]);
const kernels = from([[1, 1, 3, 3], [2, 3, 3, 3], [4, 2, 1, 1], [2, 1, 3, 3], [3, 2, 2, 2], [2, 2, 3, 3]]);
const pairOr = (v: fc.Arbitrary<number>) => fc.oneof(v, fc.tuple(v, v));
const convOptions = optionsArb({
  stride: pairOr(fc.integer({ min: 1, max: 2 })),
  padding: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('same', 'valid'), fc.tuple(fc.nat(1), fc.nat(1)), fc.constant([[0, 1], [1, 0]]), fc.constant(HUGE)),
  dilation: pairOr(fc.integer({ min: 1, max: 2 })),
  groups: fc.integer({ min: 1, max: 2 }),
  bias: fc.integer({ min: 1, max: 4 }).chain((o) => tensorOf([o])),
}, { padding: fc.constantFrom('full', -1, 1.5), stride: fc.constantFrom(0, -1, 1.5), groups: fc.constantFrom(0, 3, 1.5) });

const sequences = from([[1, 2, 5], [2, 3, 4], [1, 1, 0], [2, 2, 1]]);
const kernels1d = from([[2, 2, 3], [3, 3, 1], [4, 1, 2], [2, 2, 1]]);
const conv1dOptions = optionsArb({
  stride: fc.integer({ min: 1, max: 2 }),
  padding: fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constantFrom('same', 'valid'), fc.tuple(fc.nat(1), fc.nat(1))),
  dilation: fc.integer({ min: 1, max: 2 }),
  groups: fc.integer({ min: 1, max: 2 }),
  bias: fc.integer({ min: 1, max: 4 }).chain((o) => tensorOf([o])),
}, { stride: fc.constantFrom(0, [1, 2], 1.5) });

const poolOptions = optionsArb({
  size: pairOr(fc.integer({ min: 1, max: 3 })),
  stride: pairOr(fc.integer({ min: 1, max: 2 })),
  padding: fc.oneof(fc.integer({ min: 0, max: 1 }), fc.constantFrom('same', 'valid')),
  countIncludePad: fc.boolean(),
}, { size: fc.constantFrom(0, -1, 1.5), padding: fc.constantFrom(5, -1) });

/** Recurrent parameters with G gates: consistent for H = 2, I = 3, or with one entry off. */
const cellParams = (G: number) => orJunk(fc.record({
  weightIh: from([[G * 2, 3], [G * 2, 1], [2, 3]]),
  weightHh: from([[G * 2, 2], [G, 1]]),
  biasIh: from([[G * 2], [2]]),
  biasHh: from([[G * 2], [G]]),
}));
const hidden = from([[2, 2], [1, 2], [2, 3]]);
const inputs = from([[2, 3], [2, 1], [1, 3]]);

const rnnOptions = optionsArb({ nonlinearity: fc.constantFrom('tanh', 'relu'), fused: boolArg });
const gruOptions = optionsArb({ variant: fc.constantFrom('cho', 'pytorch'), fused: boolArg });
const lstmOptions = optionsArb({ fused: fc.boolean() });
/** [params, h, x, options] that fit a cell with G gates. */
const cellCall = (G: number, options: fc.Arbitrary<unknown>) => fc.tuple(cellArgs(G), options).map(([[p, h, x], o]) => [p, h, x, o]);

export const opCases: readonly FuzzCase[] = [
  direct('matmul', nn.matmul, [matrices, matrices, matmulOptions], { coherent: matmulArgs }),
  direct('conv2d', nn.conv2d, [images, kernels, convOptions], { coherent: conv2dArgs }),
  direct('conv1d', nn.conv1d, [sequences, kernels1d, conv1dOptions], { coherent: conv1dArgs }),
  direct('maxPool2d', nn.maxPool2d, [images, poolOptions], { coherent: poolArgs }),
  direct('avgPool2d', nn.avgPool2d, [images, poolOptions], { coherent: fc.tuple(poolArgs, fc.boolean()).map(([[x, o], c]) => [x, { ...o, countIncludePad: c }]) }),
  direct('rnnCell', nn.rnnCell, [cellParams(1), hidden, inputs, rnnOptions], { coherent: cellCall(1, rnnOptions) }),
  direct('gruCell', nn.gruCell, [cellParams(3), hidden, inputs, gruOptions], { coherent: cellCall(3, gruOptions) }),
  direct('lstmCell', nn.lstmCell, [cellParams(4), orJunk(fc.record({ h: hidden, c: hidden })), inputs, lstmOptions], {
    coherent: fc.tuple(cellArgs(4), lstmOptions).map(([[p, h, x, c], o]) => [p, { h, c }, x, o]),
  }),
  direct('useBackend', nn.useBackend, [fc.oneof(fc.constant('cpu'), junk), optionsArb({ strict: fc.boolean() })]),
  direct('stopGradient', nn.stopGradient, [tensorOrJunk]),
];
