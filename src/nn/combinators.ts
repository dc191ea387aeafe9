// Combinators build layers from layers. Parameters of a composite are named sub-trees, so paths
// read like `features.0.weight`.
import { stopGradient } from '../autodiff/grad.js';
import { leavesOf, mapLeaves, type Tree } from '../autodiff/tree.js';
import { split, type Key } from '../random/key.js';
import { add, concat } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { checkLayer, isLayer } from './args.js';
import { checkShape, fmt, sameShape, type Shape } from '../shape/shape.js';
import type { ShapeMismatch } from '../shape/types.js';
import type { Tensor } from '../tensor/tensor.js';
import type { ApplyContext, Layer, Params } from './layer.js';

type In<L> = L extends Layer<infer I, Shape> ? I : never;
type Out<L> = L extends Layer<Shape, infer O> ? O : never;

/** Two per-example shapes can meet when their ranks agree and every literal dim agrees. */
type DimFits<A, B> = number extends A ? true : number extends B ? true : A extends B ? true : false;
type ShapeFits<A extends Shape, B extends Shape> =
  number extends A['length'] ? true : number extends B['length'] ? true :
  A extends readonly [infer a, ...infer ar extends number[]] ? (B extends readonly [infer b, ...infer br extends number[]] ? (DimFits<a, b> extends true ? ShapeFits<ar, br> : false) : false) :
  B extends readonly [] ? true : false;

type IsTuple<S extends Shape> = number extends S['length'] ? false : true;
/** The shape after layer L given the shape before it: shape-agnostic layers (activations, dropout) carry it through. */
type After<Prev extends Shape, L> = IsTuple<Out<L>> extends true ? Out<L> : IsTuple<In<L>> extends true ? Out<L> : Prev;

/** `unknown` when each layer's output fits the next layer's input; else a ShapeMismatch naming the pair. */
export type ChainCheck<Ls extends readonly Layer[], Prev extends Shape = Ls extends readonly [infer A, ...unknown[]] ? In<A> : Shape> =
  Ls extends readonly [infer A, ...infer R extends readonly Layer[]]
    ? ShapeFits<Prev, In<A>> extends true ? ChainCheck<R, After<Prev, A>> : ShapeMismatch<'sequential: a layer output does not fit the next layer input', Prev, In<A>>
    : unknown;
type First<Ls extends readonly Layer[]> = Ls extends readonly [infer A, ...unknown[]] ? In<A> : Shape;
type Last<Ls extends readonly Layer[]> = Ls extends readonly [...unknown[], infer Z] ? Out<Z> : Shape;

const keysFor = (ctx: ApplyContext, n: number): (Key | undefined)[] => (ctx.key ? split(ctx.key, Math.max(n, 1)) : Array(n).fill(undefined));

/** What a ShapeError says after "<argument> has shape [...] but " (its expectation and detail), to say it again under another op. */
const afterShape = (e: ShapeError): string => {
  const head = `${e.op}: ${e.argument} has shape ${fmt(e.got)} but `;
  return e.message.startsWith(head) ? e.message.slice(head.length) : e.expected;
};

/** Runs named layers one after another. */
const chain = (names: readonly string[], layers: readonly Layer[]): Layer => ({
  kind: 'sequential',
  init: (k, s) => {
    checkShape('sequential', s);
    const ks = split(k, Math.max(layers.length, 1));
    const params: Record<string, Tree> = {}, state: Record<string, Tree> = {};
    let shape = s;
    layers.forEach((l, i) => {
      let r;
      try { r = l.init(ks[i], shape); } catch (e) {
        if (e instanceof ShapeError) throw new ShapeError(`sequential (layer '${names[i]}', ${l.kind})`, e.argument, e.got, afterShape(e));
        throw e;
      }
      params[names[i]] = r.params;
      state[names[i]] = r.state;
      shape = r.outputShape;
    });
    return { params, state, outputShape: shape };
  },
  apply: (p, st, x, ctx = {}) => {
    const ks = keysFor(ctx, layers.length);
    const state: Record<string, Tree> = {};
    let y = x;
    layers.forEach((l, i) => {
      const r = l.apply(p[names[i]] as Params, st[names[i]] as Params, y, { ...ctx, ...(ks[i] ? { key: ks[i] } : {}) });
      y = r.y;
      state[names[i]] = r.state;
    });
    return { y, state };
  },
});

/**
 * Layers applied in order. Positional layers are named "0", "1", ...; pass one object to name them
 * (`sequential({ features: ..., classifier: ... })`). Where per-example shapes are literal, a layer
 * whose input does not fit the previous output is a type error; otherwise `init` throws a ShapeError.
 */
export function sequential<const Ls extends readonly Layer[]>(...layers: Ls & ChainCheck<Ls>): Layer<First<Ls>, Last<Ls>>;
export function sequential(named: { readonly [name: string]: Layer }): Layer;
export function sequential(...args: unknown[]): Layer {
  const first = args[0];
  if (args.length === 1 && !isLayer(first)) {
    if (first === null || typeof first !== 'object' || Array.isArray(first))
      throw new ArgumentError('sequential', 'layers', `must be layers, or one object of named layers, got ${describe(first)}`);
    const named = Object.entries(first);
    named.forEach(([name, l]) => checkLayer('sequential', `layer '${name}'`, l));
    return chain(named.map(([name]) => name), named.map(([, l]) => l));
  }
  const layers = args.filter(isLayer);
  args.forEach((l, i) => checkLayer('sequential', `layer ${i}`, l));
  return chain(layers.map((_, i) => String(i)), layers);
}

/** Fan-out: every layer sees the same input; outputs are concatenated along per-example `axis` (default 0, the channel axis). */
export const parallel = (layers: readonly Layer[], o: { axis?: number } = {}): Layer => {
  const list: unknown = layers; // checked as unknown: narrowing the readonly array would lose its element type
  if (!Array.isArray(list)) throw new ArgumentError('parallel', 'layers', `must be an array of layers, got ${describe(list)}`);
  list.forEach((l: unknown, i) => checkLayer('parallel', `layers[${i}]`, l));
  checkOptions('parallel', o, ['axis']);
  if (o.axis !== undefined && !(Number.isSafeInteger(o.axis) && o.axis >= 0)) throw new OptionError('parallel', `axis must be a non-negative integer (a per-example axis), got ${describe(o.axis)}`);
  const axis = o.axis ?? 0;
  const names = layers.map((_, i) => String(i));
  return {
    kind: 'parallel',
    init: (k, s) => {
      const ks = split(k, Math.max(layers.length, 1));
      const rs = layers.map((l, i) => l.init(ks[i], s));
      const outs = rs.map((r) => r.outputShape);
      outs.forEach((sh, i) => {
        if (sh.length !== outs[0].length || sh.some((d, j) => j !== axis && d !== outs[0][j]))
          throw new ShapeError('parallel', `branch ${i} output`, sh, `must match branch 0 output ${fmt(outs[0])} on every axis but ${axis}`);
      });
      const outputShape = outs[0].map((d, j) => (j === axis ? outs.reduce((a, sh) => a + sh[axis], 0) : d));
      return { params: Object.fromEntries(rs.map((r, i) => [names[i], r.params])), state: Object.fromEntries(rs.map((r, i) => [names[i], r.state])), outputShape };
    },
    apply: (p, st, x, ctx = {}) => {
      const ks = keysFor(ctx, layers.length);
      const rs = layers.map((l, i) => l.apply(p[names[i]] as Params, st[names[i]] as Params, x, { ...ctx, ...(ks[i] ? { key: ks[i] } : {}) }));
      return { y: concat(rs.map((r) => r.y), axis + 1), state: Object.fromEntries(rs.map((r, i) => [names[i], r.state])) };
    },
  };
};

/** y = x + f(x) (f must keep the shape). */
export const residual = <S extends Shape>(f: Layer<S, S>): Layer<S, S> => (checkLayer('residual', 'f', f), {
  kind: 'residual',
  init: (k, s) => {
    const r = f.init(k, s);
    if (!sameShape(r.outputShape, s)) throw new ShapeError('residual', 'branch output', r.outputShape, `must equal its input ${fmt(s)}`);
    return r;
  },
  apply: (p, st, x, ctx) => {
    const r = f.apply(p, st, x, ctx);
    return { y: add(x, r.y), state: r.state };
  },
});

/** The same layer with its parameters held constant: gradients with respect to them are zero (transfer learning). */
export const freeze = <I extends Shape, O extends Shape>(f: Layer<I, O>): Layer<I, O> => (checkLayer('freeze', 'f', f), {
  kind: `frozen ${f.kind}`,
  init: f.init,
  apply: (p, st, x, ctx) => f.apply(mapLeaves(p, (t) => stopGradient(t)), st, x, ctx),
});

/**
 * Splits a parameter tree by a filter on dotted paths: `[selected, rest]`, each the full structure
 * with `null` where the other one holds the leaf. `combine(selected, rest)` puts them back. With
 * `grad`, differentiate only the selected part: `grad((t) => loss(combine(t, frozen)))(trainable)`.
 */
export const partition = <T extends Tree>(params: T, select: (path: string, leaf: Tensor) => boolean): [T, T] => {
  if (typeof select !== 'function') throw new ArgumentError('partition', 'select', `must be a function (path, leaf) => boolean, got ${describe(select)}`);
  const picked = new Set(leavesOf('partition', 'params', params).filter((l) => select(l.path, l.value)).map((l) => l.path));
  return [
    mapLeaves(params, (t, path) => (picked.has(path) ? t : (null as unknown as Tensor))),
    mapLeaves(params, (t, path) => (picked.has(path) ? (null as unknown as Tensor) : t)),
  ];
};

/** Merges trees of the same structure, taking each leaf from the first tree that has it. */
export const combine = <T extends Tree>(...trees: T[]): T => {
  const merge = (ts: unknown[]): unknown => {
    const present = ts.filter((t) => t !== null && t !== undefined);
    if (present.length === 0) return null;
    const first = present[0] as object;
    if (!isPlainTree(first)) return first;
    if (Array.isArray(first)) return first.map((_, i) => merge(ts.map((t) => (t as unknown[] | null)?.[i])));
    return Object.fromEntries(Object.keys(first).map((k) => [k, merge(ts.map((t) => (t as Record<string, unknown> | null)?.[k]))]));
  };
  return merge(trees) as T;
};
const isPlainTree = (u: object): boolean => Array.isArray(u) || Object.getPrototypeOf(u) === Object.prototype;
