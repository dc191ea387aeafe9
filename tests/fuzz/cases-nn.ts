// Fuzz cases for autodiff over trees, layers, losses and optimisers.
import fc from 'fast-check';
import * as api from '../support/api.js';
import { anyTensor, boolArg, intTensor, junk, optionsArb, orJunk, smallShape, tensorOf, treeArb } from './arbs.js';
import { classArgs, sameShapeArgs } from './coherent.js';
import { direct, untyped, type FuzzCase } from './targets.js';

const { nn, losses, optim } = api;

/** Σ of every leaf's sum: a scalar for any tree. */
const sumLeaves = (t: api.Tree): api.Tensor => api.leaves(t).reduce((acc: api.Tensor, l) => api.add(acc, api.sum(l.value)), api.scalar(0));
const firstLeaf = (t: api.Tree): api.Tensor | undefined => api.leaves(t)[0]?.value;

/** Functions handed to grad / vjp: good ones, ones returning the wrong thing, and not functions at all. */
const lossFns: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(sumLeaves),
  fc.constant(firstLeaf),
  fc.constant((x: api.Tensor) => api.sum(x)),
  fc.constant(() => undefined),
  fc.constant(() => 'loss'),
  fc.constant(() => [1, 2]),
  junk,
);
const pairFns: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant((t: api.Tree) => [sumLeaves(t), { seen: t }]),
  fc.constant((t: api.Tree) => sumLeaves(t)),
  fc.constant(() => [undefined, 1]),
  junk,
);
const mapFns: fc.Arbitrary<unknown> = fc.oneof(fc.constant((t: api.Tree) => t), fc.constant(firstLeaf), fc.constant(() => undefined), junk);
// What the user functions above run inside grad: their own errors name these ops.
const userOps = ['leaves', 'add', 'sum', 'scalar'];

const autodiff: FuzzCase[] = [
  { name: 'grad', inner: userOps, args: fc.tuple(lossFns, treeArb), call: ([f, x]) => untyped(untyped(api.grad)(f))(x) },
  { name: 'valueAndGrad', inner: userOps, args: fc.tuple(lossFns, treeArb), call: ([f, x]) => untyped(untyped(api.valueAndGrad)(f))(x) },
  { name: 'valueAndGradWithAux', inner: userOps, args: fc.tuple(pairFns, treeArb), call: ([f, x]) => untyped(untyped(api.valueAndGradWithAux)(f))(x) },
  {
    name: 'vjp', inner: userOps,
    args: fc.tuple(mapFns, treeArb, fc.oneof(fc.constant('same'), treeArb)),
    call: ([f, x, g]) => {
      const [y, back] = untyped(api.vjp)(f, x);
      return [y, untyped(back)(g === 'same' ? y : g)];
    },
  },
  direct('leaves', api.leaves, [treeArb]),
  direct('mapLeaves', api.mapLeaves, [treeArb, fc.constant((t: api.Tensor) => api.neg(t))]),
];

const n = (min: number, max: number) => fc.integer({ min, max });
const convLayerOptions = optionsArb({ padding: fc.constantFrom(0, 1, 'same'), bias: fc.boolean(), stride: fc.constantFrom(1, 2) });
const bnOptions = optionsArb({ momentum: fc.constantFrom(0, 0.1, 1), eps: fc.constantFrom(1e-5, 0), affine: fc.boolean() }, { momentum: fc.constantFrom(2, -1) });
const lstmOptions = optionsArb({
  returnSequences: fc.boolean(), forgetBias: fc.constantFrom(0, 1), bidirectional: fc.boolean(), layers: n(1, 2),
  peephole: fc.constantFrom({ gates: ['i', 'o'] }, { gates: ['f'], kind: 'full' }), variant: fc.constant('cho'),
});

const k0 = api.key(0);
/** Builds a layer, initialises it for `shape` and applies it to `x` (in training mode when asked). */
const runLayer = (make: () => api.nn.Layer, shape: unknown, x: unknown, training = false) => {
  const l = make();
  const { params, state } = untyped(l.init)(k0, shape);
  return untyped(l.apply)(params, state, x, { training, key: k0 });
};
const layerInput = orJunk(anyTensor, 0.2);
const initShape = orJunk(fc.oneof(smallShape(1, 3), fc.constantFrom([3], [2, 5, 5], [3, 4])), 0.3);
const size = orJunk(fc.integer({ min: 0, max: 4 }), 0.3);

const layers: FuzzCase[] = [
  {
    name: 'dense', inner: ['matmul', 'add'],
    args: fc.oneof(
      fc.tuple(size, size, optionsArb({ bias: fc.boolean() }), initShape, layerInput),
      fc.record({ i: n(0, 4), o: n(0, 4), b: n(0, 2), bias: fc.boolean() }).chain(({ i, o, b, bias }) => fc.tuple(fc.constant(i), fc.constant(o), fc.constant({ bias }), fc.constant([i]), tensorOf([b, i])))),
    call: ([i, o, opts, s, x]) => runLayer(() => untyped(nn.dense)(i, o, opts), s, x),
  },
  {
    name: 'conv2d layer', inner: ['conv2d', 'add', 'reshape'],
    args: fc.oneof(
      fc.tuple(size, size, orJunk(fc.oneof(n(1, 3), fc.tuple(n(1, 2), n(1, 2)))), convLayerOptions, initShape, layerInput),
      fc.record({ c: n(1, 2), o: n(1, 2), k: n(1, 3), b: n(0, 2), h: n(1, 5), w: n(1, 5) }).chain(({ c, o, k, b, h, w }) =>
        fc.tuple(fc.constant(c), fc.constant(o), fc.constant(k), convLayerOptions, fc.constant([c, h, w]), tensorOf([b, c, h, w])))),
    call: ([c, o, k, opts, s, x]) => runLayer(() => untyped(nn.conv2d)(c, o, k, opts), s, x),
  },
  {
    name: 'batchNorm', inner: ['mean', 'sub', 'square', 'add', 'div', 'sqrt', 'mul', 'reshape'],
    args: fc.oneof(
      fc.tuple(size, bnOptions, initShape, layerInput, fc.boolean()),
      fc.record({ c: n(1, 3), b: n(1, 3), rest: fc.array(n(1, 3), { maxLength: 2 }) }).chain(({ c, b, rest }) =>
        fc.tuple(fc.constant(c), bnOptions, fc.constant([c, ...rest]), tensorOf([b, c, ...rest]), fc.boolean()))),
    call: ([c, opts, s, x, training]) => runLayer(() => untyped(nn.batchNorm)(c, opts), s, x, training === true),
  },
  {
    name: 'lstm', inner: ['scan', 'lstmCell', 'reshape', 'concat', 'broadcastTo', 'slice'],
    args: fc.oneof(
      fc.tuple(size, size, lstmOptions, initShape, layerInput),
      fc.record({ i: n(1, 3), h: n(1, 3), b: n(0, 2), t: n(0, 3) }).chain(({ i, h, b, t }) =>
        fc.tuple(fc.constant(i), fc.constant(h), lstmOptions, fc.constant([t, i]), tensorOf([b, t, i])))),
    call: ([i, h, opts, s, x]) => runLayer(() => untyped(nn.lstm)(i, h, opts), s, x),
  },
  {
    name: 'sequential', inner: ['dense', 'matmul', 'add'],
    args: fc.oneof(
      fc.tuple(orJunk(fc.constant(null).map(() => nn.dense(3, 2))), orJunk(fc.constant(null).map(() => nn.relu())), initShape, layerInput),
      fc.tuple(fc.constant(null).map(() => nn.dense(3, 2)), fc.constant(null).map(() => nn.relu()), fc.constant([3]), n(0, 2).chain((b) => tensorOf([b, 3])))),
    call: ([a, b, s, x]) => runLayer(() => untyped(nn.sequential)(a, b), s, x),
  },
  direct('dropout', nn.dropout, [fc.oneof(fc.constantFrom(0, 0.5, 1, -0.1, NaN), junk)]),
];

const sceOptions = optionsArb({ reduction: fc.constantFrom('mean', 'sum', 'none'), checkLabels: boolArg });
/** Fitting arguments followed by a generated options value. */
const withOptions = (args: fc.Arbitrary<readonly unknown[]>, options: fc.Arbitrary<unknown>) => fc.tuple(args, options).map(([a, o]) => [...a, o]);
const lossOptions = optionsArb({ reduction: fc.constantFrom('mean', 'sum', 'none') }, { reduction: fc.constantFrom('avg', 1) });
const logits = orJunk(fc.oneof(fc.constantFrom([2, 3], [3, 3], [2]).chain(tensorOf), anyTensor), 0.3);
const labels = fc.oneof(intTensor(-1, 3), fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }).map((a) => Int32Array.from(a)), anyTensor, junk);

const lossCases: FuzzCase[] = [
  direct('mse', losses.mse, [logits, logits, lossOptions], { coherent: withOptions(sameShapeArgs, lossOptions) }),
  direct('binaryCrossEntropyWithLogits', losses.binaryCrossEntropyWithLogits, [logits, logits, lossOptions], { coherent: withOptions(sameShapeArgs, lossOptions) }),
  direct('softmaxCrossEntropy', losses.softmaxCrossEntropy, [logits, labels, sceOptions], { coherent: withOptions(classArgs, sceOptions) }),
  direct('accuracy', losses.accuracy, [logits, labels], { coherent: classArgs }),
];

/** Runs one optimiser step on `params` (grads: the params themselves, or another tree). */
const stepWith = (make: (o: unknown) => { init(p: unknown): unknown; step(p: unknown, g: unknown, s: unknown): unknown }) =>
  ([opts, params, grads, state]: readonly unknown[]) => {
    const opt = make(opts);
    return opt.step(params, grads === 'same' ? params : grads, state === 'init' ? opt.init(params) : state);
  };
/** Parameter trees as models have them: records and lists of tensors, nothing else. */
const params = fc.dictionary(fc.constantFrom('w', 'b', '0'), fc.oneof(anyTensor, fc.array(anyTensor, { maxLength: 2 })), { maxKeys: 3 });
const optimArgs = (good: Record<string, fc.Arbitrary<unknown>>) => {
  const options = optionsArb({ lr: fc.oneof(fc.constantFrom(0, 0.1), fc.constant(() => 0.1)), ...good }, { lr: fc.constantFrom(-1, NaN) });
  return fc.oneof(
    fc.tuple(options, treeArb, fc.oneof({ arbitrary: fc.constant('same'), weight: 3 }, treeArb), fc.oneof({ arbitrary: fc.constant('init'), weight: 3 }, junk)),
    fc.tuple(fc.record({ lr: fc.constant(0.1), ...good }, { requiredKeys: ['lr'] }), params, fc.constant('same'), fc.constant('init')),
  );
};
const updateOps = ['add', 'mul', 'sub', 'div', 'sqrt', 'square', 'maximum'];

const optimCases: FuzzCase[] = [
  { name: 'sgd', inner: updateOps, args: optimArgs({ momentum: fc.constantFrom(0, 0.9), nesterov: fc.boolean() }), call: stepWith(untyped(optim.sgd)) },
  { name: 'adam', inner: updateOps, args: optimArgs({ beta1: fc.constantFrom(0.9, 0), weightDecay: fc.constantFrom(0, 0.01) }), call: stepWith(untyped(optim.adam)) },
  direct('clipByGlobalNorm', optim.clipByGlobalNorm, [treeArb, fc.oneof(fc.constantFrom(1, 0.5), junk)], { inner: ['sum', 'mul', 'add'] }),
];

export const nnCases: readonly FuzzCase[] = [...autodiff, ...layers, ...lossCases, ...optimCases];
