// A layer is a value: `init` makes its parameters and state from a key and the per-example input
// spec; `apply` is a pure function of parameters, state and a batch. Nothing is mutated: new
// state (batch-norm running statistics) is returned.
import type { Key } from '../random/key.js';
import { ShapeError } from '../shape/errors.js';
import { checkShape, fmt, sameShape, type Shape } from '../shape/shape.js';
import { leaves, type Tree } from '../autodiff/tree.js';
import { checkTensor } from '../ops/launch.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Loose, Spec, SpecOf } from './spec.js';

/** Parameters or state of a layer with none: `{}`. */
export type Empty = { readonly [name: string]: never };

/** A record of named parameter sub-trees (what hand-written models often hold). */
export type Params = { readonly [name: string]: Tree };

export interface ApplyContext {
  /** Training mode: dropout drops, batch norm uses batch statistics and updates its running ones. */
  readonly training?: boolean;
  /** Randomness for training-time layers (dropout); split per layer by the combinators. */
  readonly key?: Key;
}

export interface Initialized<P extends Tree = Tree, S extends Tree = Tree> {
  readonly params: P;
  readonly state: S;
  /** Per-example output spec (the output shape without the batch axis, or a tree of them). */
  readonly outputShape: Spec;
}

/**
 * A layer with parameters P and state S (trees of tensors) from batches X to batches Y: a tensor
 * (`Tensor<readonly [number, 6, 28, 28]>` where the per-example shape is literal, `Tensor` where it is known
 * only at init), a tuple or record of them (several inputs or outputs: a sequence with its mask and
 * carried state), or a domain value. `init` takes I, the per-example spec of X (by default
 * `SpecOf<X>`: the shape without the batch axis, or a tree of them). `Layer` alone is a tensor-to-tensor layer with any
 * parameters; `AnyLayer` is any layer at all.
 *
 * The members are methods, so a layer with precise types is also a layer of wider ones (what `fit`
 * and the combinators accept).
 */
export interface Layer<P extends Tree = Tree, S extends Tree = Tree, X = Tensor, Y = Tensor, I = SpecOf<X>, XL = Loose<X>> {
  readonly kind: string;
  // I and XL are parameters of their own (not SpecOf<X> and Loose<X> inline) so that a layer of
  // precise types stays assignable to a wider one: TypeScript measures a type parameter used in a
  // conditional type as invariant.
  init(key: Key, input: I): Initialized<P, S>;
  /** `x` is X, or X with shapes known only at run time (`Loose<X>`: checked when the layer runs). */
  apply(params: P, state: S, x: X | XL, ctx?: ApplyContext): { readonly y: Y; readonly state: S };
  /** @internal type-level only: X and Y exactly (what `sequential` checks one layer against the next with) */
  readonly [io]?: readonly [X, Y];
}
declare const io: unique symbol;

/** Any layer, whatever it takes and gives. */
export type AnyLayer = Layer<Tree, Tree, unknown, unknown>;

export type ParamsOf<L> = L extends { init(key: Key, input: never): Initialized<infer P, Tree> } ? P : never;
export type StateOf<L> = L extends { init(key: Key, input: never): Initialized<Tree, infer S> } ? S : never;
export type InputOf<L> = L extends { readonly [io]?: readonly [infer X, unknown] } ? X : never;
export type OutputOf<L> = L extends { readonly [io]?: readonly [unknown, infer Y] } ? Y : never;

/** A tensor layer with no parameters and no state, from a batch function and its shape rule. */
export const statelessLayer = <X extends Tensor = Tensor, Y extends Tensor = Tensor>(
  kind: string, fn: (x: Tensor, ctx: ApplyContext) => Y, outShape: (inputShape: Shape) => Shape,
): Layer<Empty, Empty, X, Y> => ({
  kind,
  init: (_k, s) => ({ params: {}, state: {}, outputShape: outShape(checkShape(kind, s)) }),
  apply: (_p, st, x, ctx = {}) => {
    checkTensor(kind, 'x', x);
    return { y: fn(x, ctx), state: st };
  },
});

/** A layer whose output has its input's shape (activations, dropout, normalisations): `sequential` carries a literal shape through it. */
export type ShapeKeeping<L> = L & { readonly keepsShape: true };

/** A stateless layer that keeps the shape of its input: `fn` must return a tensor of x's shape (checked). */
export const keepingShape = (kind: string, fn: (x: Tensor, ctx: ApplyContext) => Tensor): ShapeKeeping<Layer<Empty, Empty>> => ({
  ...statelessLayer(kind, (x: Tensor, ctx) => {
    const y = fn(x, ctx);
    if (!sameShape(y.shape, x.shape)) throw new ShapeError(kind, 'output', y.shape, `must keep the input shape ${fmt(x.shape)}`);
    return y;
  }, (s) => s),
  keepsShape: true,
});

/** The number of scalars in a parameter tree (every tensor leaf's size, summed). */
export const parameterCount = (params: Tree): number => leaves(params).reduce((a, l) => a + l.value.size, 0);
