// Layers over several inputs: `each` runs one layer per named input (noise and a class label, node
// features and their positions), `concatenate` joins named or positional tensors into one.
import { split } from '../random/key.js';
import { concat } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { fmt } from '../shape/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkLayer } from './args.js';
import { childContexts } from './keys.js';
import type { AnyLayer, Empty, InputOf, Layer, OutputOf, ParamsOf, StateOf } from './layer.js';
import { isShapeSpec, specOf, type Spec } from './spec.js';
import type { Tree } from '../autodiff/tree.js';

type Named = { readonly [name: string]: AnyLayer };
type AsTree<T> = T extends Tree ? T : never;

/** Entries of a record in its own key order, or a helpful error. */
const entriesOf = (op: string, arg: string, u: unknown, names: readonly string[]): unknown[] => {
  if (u === null || typeof u !== 'object' || u instanceof Tensor || Array.isArray(u))
    throw new ArgumentError(op, arg, `must be a record with entries ${names.map((n) => `'${n}'`).join(', ')}, got ${describe(u)}`);
  const own = new Map(Object.entries(u));
  return names.map((n) => {
    if (!own.has(n)) throw new ArgumentError(op, arg, `has no entry '${n}' (needs ${names.map((m) => `'${m}'`).join(', ')})`);
    return own.get(n);
  });
};

/**
 * One layer per named input: `each({ z: identity(), label: embedding(10, 16) })` takes
 * `{ z, label }` and gives `{ z: ..., label: ... }`. Parameters and state are records by the
 * same names; the key of each layer is split from the context's.
 */
export function each<const R extends Named>(layers: R): Layer<AsTree<{ readonly [K in keyof R]: ParamsOf<R[K]> }>, AsTree<{ readonly [K in keyof R]: StateOf<R[K]> }>, { readonly [K in keyof R]: InputOf<R[K]> }, { readonly [K in keyof R]: OutputOf<R[K]> }>;
export function each(layers: Named): Layer<{ readonly [name: string]: Tree }, { readonly [name: string]: Tree }, unknown, unknown> {
  if (layers === null || typeof layers !== 'object' || Array.isArray(layers)) throw new ArgumentError('each', 'layers', `must be a record of layers, got ${describe(layers)}`);
  const names = Object.keys(layers);
  names.forEach((n) => checkLayer('each', `layers.${n}`, layers[n]));
  const run = <A>(f: (l: AnyLayer, name: string, i: number) => A) => names.map((n, i) => f(layers[n], n, i));
  const record = <A>(xs: readonly A[]) => Object.fromEntries(names.map((n, i) => [n, xs[i]]));
  return {
    kind: 'each',
    init: (k, s) => {
      const specs = entriesOf('each', 'input spec', s, names);
      const ks = split(k, Math.max(names.length, 1));
      const rs = run((l, n, i) => l.init(ks[i], specOf('each', `input spec.${n}`, specs[i])));
      return { params: record(rs.map((r) => r.params)), state: record(rs.map((r) => r.state)), outputShape: record(rs.map((r) => r.outputShape)) };
    },
    apply: (p, st, x, ctx = {}) => {
      const xs = entriesOf('each', 'x', x, names);
      const cs = childContexts(ctx, names.length);
      const rs = run((l, n, i) => l.apply(p[n], st[n], xs[i], cs[i]));
      return { y: record(rs.map((r) => r.y)), state: record(rs.map((r) => r.state)) };
    },
  };
}

/**
 * Joins the tensors of a record (in key order) or a tuple along per-example `axis` (default the
 * last): `{ z: [B, 8], label: [B, 16] }` → [B, 24]. Every other axis must agree.
 */
export const concatenate = (o: { readonly axis?: number } = {}): Layer<Empty, Empty, { readonly [name: string]: Tensor } | readonly Tensor[], Tensor, Spec> => {
  checkOptions('concatenate', o, ['axis']);
  if (o.axis !== undefined && !Number.isSafeInteger(o.axis)) throw new OptionError('concatenate', `axis must be an integer (a per-example axis, negative from the end), got ${describe(o.axis)}`);
  const values = (u: unknown): unknown[] => (Array.isArray(u) ? u : u !== null && typeof u === 'object' && !(u instanceof Tensor) ? Object.values(u) : []);
  const axisFor = (rank: number): number => {
    const a = o.axis ?? -1;
    if (a < -rank || a >= rank) throw new OptionError('concatenate', `axis ${a} is out of range for per-example rank ${rank}`);
    return a < 0 ? a + rank : a;
  };
  return {
    kind: 'concatenate',
    init: (_k, s) => {
      const shapes = values(s);
      if (shapes.length === 0 || !shapes.every(isShapeSpec)) throw new ArgumentError('concatenate', 'input spec', `must be a record or tuple of shapes (at least one), got ${describe(s)}`);
      const rank = shapes[0].length, axis = axisFor(rank);
      shapes.forEach((sh, i) => {
        if (sh.length !== rank || sh.some((d, j) => j !== axis && d !== shapes[0][j]))
          throw new ShapeError('concatenate', `input ${i}`, sh, `must match input 0 ${fmt(shapes[0])} on every axis but ${axis}`);
      });
      return { params: {}, state: {}, outputShape: shapes[0].map((d, j) => (j === axis ? shapes.reduce((a, sh) => a + sh[axis], 0) : d)) };
    },
    apply: (_p, st, x) => {
      const ts = values(x);
      const tensors = ts.filter((t): t is Tensor => t instanceof Tensor);
      if (tensors.length === 0 || tensors.length !== ts.length) throw new ArgumentError('concatenate', 'x', `must be a record or tuple of tensors (at least one), got ${describe(x)}`);
      return { y: concat(tensors, axisFor(tensors[0].rank - 1) + 1), state: st };
    },
  };
};
