// Combinators build layers from layers. Parameters of a composite are named sub-trees, so paths
// read like `features.0.weight`.
import { stopGradient } from '../autodiff/grad.js';
import { keepLeaves, leavesOf, mapLeaves, mergeLeaves, type Filled, type Holes, type Tree } from '../autodiff/tree.js';
import { split } from '../random/key.js';
import { add, concat } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { checkLayer, isLayer } from './args.js';
import { fmt, sameShape, type Shape } from '../shape/shape.js';
import type { ShapeMismatch } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import type { AnyLayer, InputOf, Layer, OutputOf, ParamsOf, StateOf } from './layer.js';
import { withShapeOf } from './typed.js';
import { childContexts } from './keys.js';
import { isShapeSpec, type Domain, type ExampleShape, type Spec } from './spec.js';

/** Two per-example shapes can meet when their ranks agree and every literal dim agrees. */
type DimFits<A, B> = number extends A ? true : number extends B ? true : A extends B ? true : false;
type ShapeFits<A extends Shape, B extends Shape> =
  number extends A['length'] ? true : number extends B['length'] ? true :
  A extends readonly [infer a, ...infer ar extends number[]] ? (B extends readonly [infer b, ...infer br extends number[]] ? (DimFits<a, b> extends true ? ShapeFits<ar, br> : false) : false) :
  B extends readonly [] ? true : false;

type IsTuple<S extends Shape> = number extends S['length'] ? false : true;
/** A batch value can feed a layer input: tensors when their per-example shapes fit, other values when assignable. */
/** Unions: every member of Prev must fit some member of X. */
type Fits<Prev, X> = false extends (Prev extends unknown ? FitsSome<Prev, X> : never) ? false : true;
type FitsSome<Prev, X> = true extends (X extends unknown ? FitsOne<Prev, X> : never) ? true : false;
type FitsOne<Prev, X> = [Prev] extends [Tensor<infer A>] ? ([X] extends [Tensor<infer B>] ? ShapeFits<ExampleShape<A>, ExampleShape<B>> : false)
  : [Prev] extends [Shape] ? ([X] extends [Shape] ? ShapeFits<Prev, X> : false) // (specs of domain values)
  : [X] extends [Domain<infer GX>] ? ([Prev] extends [Domain<infer GP>] ? ([Prev] extends [X] ? true : Fits<GP, GX>) : false)
  : [Prev] extends [object] ? ([X] extends [object] ? EntriesFit<Prev, X> : false)
  : [Prev] extends [X] ? true : false;
/** Records (and tuples) fit entry by entry: every entry X needs is there and fits; optional ones may be absent. */
type EntriesFit<Prev, X> = string extends keyof X ? EveryFits<Prev, X[string]> : NamedEntriesFit<Prev, X>;
/** Each entry of Prev fits V (X is a record of V by any name). */
type EveryFits<Prev, V> = false extends { [K in keyof Prev]-?: Fits<Exclude<Prev[K], undefined>, V> }[keyof Prev] ? false : true;
type NamedEntriesFit<Prev, X> = false extends { [K in keyof X]-?: K extends keyof Prev ? Fits<Exclude<Prev[K], undefined>, Exclude<X[K], undefined>> : undefined extends X[K] ? true : false }[keyof X] ? false : true;
type TensorShape<T> = T extends Tensor<infer S> ? S : never;
/** The batch after layer L given the batch before it: a shape-keeping layer (activations, dropout) carries a literal shape through. */
type After<Prev, L> = L extends { readonly keepsShape: true } ? Prev
  : OutputOf<L> extends Tensor ? (IsTuple<TensorShape<OutputOf<L>>> extends true ? OutputOf<L> : Tensor) : OutputOf<L>;

/** `unknown` when each layer's output fits the next layer's input; else a ShapeMismatch naming the pair. */
export type ChainCheck<Ls extends readonly AnyLayer[], Prev = Ls extends readonly [infer A, ...unknown[]] ? InputOf<A> : unknown> =
  Ls extends readonly [infer A, ...infer R extends readonly AnyLayer[]]
    ? Fits<Prev, InputOf<A>> extends true ? ChainCheck<R, After<Prev, A>> : ShapeMismatch<'sequential: a layer output does not fit the next layer input', Prev, InputOf<A>>
    : unknown;
type ChainOut<Ls extends readonly AnyLayer[], Prev> = Ls extends readonly [infer A, ...infer R extends readonly AnyLayer[]] ? ChainOut<R, After<Prev, A>> : Prev;
type First<Ls extends readonly AnyLayer[]> = Ls extends readonly [infer A, ...unknown[]] ? InputOf<A> : Tensor;
/** Parameters (or state) of positional layers: a tuple, one entry per layer. */
type EachParams<Ls extends readonly AnyLayer[]> = { readonly [K in keyof Ls]: ParamsOf<Ls[K]> };
type EachState<Ls extends readonly AnyLayer[]> = { readonly [K in keyof Ls]: StateOf<Ls[K]> };
type NamedParams<R extends { readonly [name: string]: AnyLayer }> = { readonly [K in keyof R]: ParamsOf<R[K]> };
type NamedState<R extends { readonly [name: string]: AnyLayer }> = { readonly [K in keyof R]: StateOf<R[K]> };
type AsTree<T> = T extends Tree ? T : never;

/** What a ShapeError says after "<argument> has shape [...] but " (its expectation and detail), to say it again under another op. */
const afterShape = (e: ShapeError): string => {
  const head = `${e.op}: ${e.argument} has shape ${fmt(e.got)} but `;
  return e.message.startsWith(head) ? e.message.slice(head.length) : e.expected;
};

/** Runs layers one after another; parameters and state are a tuple (positional) or a record (named). */
const chain = (names: readonly string[] | undefined, layers: readonly AnyLayer[]): Layer<Chained, Chained, unknown, unknown> => {
  const label = (i: number) => (names ? names[i] : String(i));
  const gather = (xs: Tree[]): Chained => (names ? Object.fromEntries(names.map((n, i) => [n, xs[i]])) : xs);
  const pick = (t: Chained, i: number): Tree => (isTreeArray(t) ? t[i] : t[label(i)]);
  return {
    kind: 'sequential',
    init: (k, s) => {
      const ks = split(k, Math.max(layers.length, 1));
      const params: Tree[] = [], state: Tree[] = [];
      let spec: Spec = s;
      layers.forEach((l, i) => {
        let r;
        try { r = l.init(ks[i], spec); } catch (e) {
          if (e instanceof ShapeError) throw new ShapeError(`sequential (layer '${label(i)}', ${l.kind})`, e.argument, e.got, afterShape(e));
          throw e;
        }
        params.push(r.params);
        state.push(r.state);
        spec = r.outputShape;
      });
      return { params: gather(params), state: gather(state), outputShape: spec };
    },
    apply: (p, st, x, ctx = {}) => {
      const cs = childContexts(ctx, layers.length);
      const state: Tree[] = [];
      let y = x;
      layers.forEach((l, i) => {
        const r = l.apply(pick(p, i), pick(st, i), y, cs[i]);
        y = r.y;
        state.push(r.state);
      });
      return { y, state: gather(state) };
    },
  };
};
type Chained = readonly Tree[] | { readonly [name: string]: Tree };
const isTreeArray = (t: Chained): t is readonly Tree[] => Array.isArray(t);

/**
 * Layers applied in order. Positional layers have a tuple of parameters (paths `0.weight`,
 * `1.bias`, ...: `init(...).params[0].weight`); pass one object to name them
 * (`sequential({ features: ..., classifier: ... })`, paths `features.0.weight`). Where per-example
 * shapes are literal, a layer whose input does not fit the previous output is a type error;
 * otherwise `init` throws a ShapeError. A named chain is typed Tensor → Tensor (the order of an
 * object's keys is not a type-level fact): nest positional chains inside it for literal shapes.
 */
export function sequential<const Ls extends readonly AnyLayer[]>(...layers: Ls & ChainCheck<Ls>): Layer<AsTree<EachParams<Ls>>, AsTree<EachState<Ls>>, First<Ls>, ChainOut<Ls, First<Ls>>>;
export function sequential<const R extends { readonly [name: string]: AnyLayer }>(named: R): Layer<AsTree<NamedParams<R>>, AsTree<NamedState<R>>>;
export function sequential(...args: unknown[]): Layer<Chained, Chained, unknown, unknown> {
  const first = args[0];
  if (args.length === 1 && !isLayer(first)) {
    if (first === null || typeof first !== 'object' || Array.isArray(first))
      throw new ArgumentError('sequential', 'layers', `must be layers, or one object of named layers, got ${describe(first)}`);
    const named = Object.entries(first);
    named.forEach(([name, l]) => checkLayer('sequential', `layer '${name}'`, l));
    return chain(named.map(([name]) => name), named.map(([, l]) => l).filter(isLayer));
  }
  args.forEach((l, i) => checkLayer('sequential', `layer ${i}`, l));
  return chain(undefined, args.filter(isLayer));
}

/** Fan-out: every layer sees the same input; outputs are concatenated along per-example `axis` (default 0, the channel axis). Parameters: a tuple, one entry per branch. */
export function parallel<const Ls extends readonly AnyLayer[]>(layers: Ls, o?: { axis?: number }): Layer<AsTree<EachParams<Ls>>, AsTree<EachState<Ls>>, First<Ls>, Tensor>;
export function parallel(layers: readonly AnyLayer[], o: { axis?: number } = {}): Layer<readonly Tree[], readonly Tree[], unknown, Tensor> {
  const list: unknown = layers; // checked as unknown: narrowing the readonly array would lose its element type
  if (!Array.isArray(list)) throw new ArgumentError('parallel', 'layers', `must be an array of layers, got ${describe(list)}`);
  list.forEach((l: unknown, i) => checkLayer('parallel', `layers[${i}]`, l));
  checkOptions('parallel', o, ['axis']);
  if (o.axis !== undefined && !(Number.isSafeInteger(o.axis) && o.axis >= 0)) throw new OptionError('parallel', `axis must be a non-negative integer (a per-example axis), got ${describe(o.axis)}`);
  const axis = o.axis ?? 0;
  const branchOutput = (i: number, y: unknown): Tensor => {
    if (!(y instanceof Tensor)) throw new ArgumentError('parallel', `branch ${i} output`, `must be a tensor (outputs are concatenated), got ${describe(y)}`);
    return y;
  };
  return {
    kind: 'parallel',
    init: (k, s) => {
      const ks = split(k, Math.max(layers.length, 1));
      const rs = layers.map((l, i) => l.init(ks[i], s));
      const outs = rs.map((r, i) => {
        if (!isShapeSpec(r.outputShape)) throw new ArgumentError('parallel', `branch ${i} output`, `must be a tensor (outputs are concatenated), got spec ${describe(r.outputShape)}`);
        return r.outputShape;
      });
      outs.forEach((sh, i) => {
        if (sh.length !== outs[0].length || sh.some((d, j) => j !== axis && d !== outs[0][j]))
          throw new ShapeError('parallel', `branch ${i} output`, sh, `must match branch 0 output ${fmt(outs[0])} on every axis but ${axis}`);
      });
      const outputShape = outs[0].map((d, j) => (j === axis ? outs.reduce((a, sh) => a + sh[axis], 0) : d));
      return { params: rs.map((r) => r.params), state: rs.map((r) => r.state), outputShape };
    },
    apply: (p, st, x, ctx = {}) => {
      const cs = childContexts(ctx, layers.length);
      const rs = layers.map((l, i) => l.apply(p[i], st[i], x, cs[i]));
      return { y: concat(rs.map((r, i) => branchOutput(i, r.y)), axis + 1), state: rs.map((r) => r.state) };
    },
  };
}

/** y = x + f(x) (f must keep the shape). */
export const residual = <P extends Tree, S extends Tree, X extends Tensor>(f: Layer<P, S, X, X>): Layer<P, S, X, X> => (checkLayer('residual', 'f', f), {
  kind: 'residual',
  init: (k, s) => {
    const r = f.init(k, s);
    if (!isShapeSpec(s) || !isShapeSpec(r.outputShape) || !sameShape(r.outputShape, s))
      throw new ShapeError('residual', 'branch output', isShapeSpec(r.outputShape) ? r.outputShape : [], `must equal its input ${isShapeSpec(s) ? fmt(s) : describe(s)}`);
    return r;
  },
  apply: (p, st, x, ctx) => {
    const r = f.apply(p, st, x, ctx);
    return { y: withShapeOf('residual', add(x, r.y), r.y), state: r.state };
  },
});
/** The same layer with its parameters held constant: gradients with respect to them are zero (transfer learning). */
export const freeze = <P extends Tree, S extends Tree, X, Y>(f: Layer<P, S, X, Y>): Layer<P, S, X, Y> => (checkLayer('freeze', 'f', f), {
  kind: `frozen ${f.kind}`,
  init: (k, s) => f.init(k, s),
  apply: (p, st, x, ctx) => f.apply(mapLeaves(p, (t) => stopGradient(t)), st, x, ctx),
});

/**
 * Splits a parameter tree by a filter on dotted paths: `[selected, rest]`, each the full structure
 * with holes (null) where the other one holds the leaf. `combine(selected, rest)` puts them back.
 * With `grad`, differentiate only the selected part: `grad((t) => loss(combine(t, frozen)))(trainable)`.
 */
export const partition = <T extends Tree>(params: T, select: (path: string, leaf: Tensor) => boolean): [Holes<T>, Holes<T>] => {
  if (typeof select !== 'function') throw new ArgumentError('partition', 'select', `must be a function (path, leaf) => boolean, got ${describe(select)}`);
  const picked = new Set(leavesOf('partition', 'params', params).filter((l) => select(l.path, l.value)).map((l) => l.path));
  const part = (inside: boolean): Holes<T> => keepLeaves<T>('partition', params, (_, path) => picked.has(path) === inside);
  const selected = part(true), rest = part(false);
  return [selected, rest];
};

/** Merges trees of the same structure, taking each leaf from the first tree that has it. */
export const combine = <H extends Tree>(...trees: readonly H[]): Filled<H> => mergeLeaves('combine', trees);
