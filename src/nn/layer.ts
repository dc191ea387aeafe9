// A layer is a value: `init` makes its parameters and state from a key and the per-example input
// shape; `apply` is a pure function of parameters, state and a batch. Nothing is mutated: new
// state (batch-norm running statistics) is returned.
import type { Key } from '../random/key.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { leaves, type Tree } from '../autodiff/tree.js';
import { checkTensor } from '../ops/launch.js';
import type { Tensor } from '../tensor/tensor.js';

/** Parameters or state of a layer: a record of tensors or nested records/arrays (named sub-trees). */
export type Params = { readonly [name: string]: Tree };

export interface ApplyContext {
  /** Training mode: dropout drops, batch norm uses batch statistics and updates its running ones. */
  readonly training?: boolean;
  /** Randomness for training-time layers (dropout); split per layer by the combinators. */
  readonly key?: Key;
}

export interface Initialized {
  readonly params: Params;
  readonly state: Params;
  /** Per-example output shape (without the batch axis). */
  readonly outputShape: Shape;
}

declare const io: unique symbol;

/**
 * A layer from per-example inputs shaped `I` to outputs shaped `O` (without the batch axis; `number`
 * where a size is known only at init). `apply` takes and returns batches `[B, ...I]` → `[B, ...O]`.
 */
export interface Layer<I extends Shape = Shape, O extends Shape = Shape> {
  readonly kind: string;
  readonly init: (key: Key, inputShape: Shape) => Initialized;
  readonly apply: (params: Params, state: Params, x: Tensor, ctx?: ApplyContext) => { readonly y: Tensor; readonly state: Params };
  /** @internal type-level input/output shapes */
  readonly [io]?: readonly [I, O];
}

/** A layer with no parameters and no state, from a batch function and its shape rule. */
export const statelessLayer = <I extends Shape, O extends Shape>(
  kind: string, fn: (x: Tensor, ctx: ApplyContext) => Tensor, outShape: (inputShape: Shape) => Shape,
): Layer<I, O> => ({
  kind,
  init: (_k, s) => ({ params: {}, state: {}, outputShape: outShape(checkShape(kind, s)) }),
  apply: (_p, st, x, ctx = {}) => {
    checkTensor(kind, 'x', x);
    return { y: fn(x, ctx), state: st };
  },
});

/** The number of scalars in a parameter tree (every tensor leaf's size, summed). */
export const parameterCount = (params: Tree): number => leaves(params).reduce((a, l) => a + l.value.size, 0);
