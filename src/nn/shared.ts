// One layer, one set of parameters, applied to several inputs: the siamese (shared-weight) encoder
// of metric learning and of self-supervised pretext tasks (two patches of one image through the
// same network). The gradient of every use adds into the one parameter tree.
import type { Tree } from '../autodiff/tree.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { Tensor } from '../tensor/tensor.js';
import { checkLayer } from './args.js';
import { childContexts } from './keys.js';
import type { AnyLayer, Layer } from './layer.js';
import { specOf } from './spec.js';

/**
 * `shared(f, ['a', 'b'])` takes `{ a, b }` and gives `{ a: f(a), b: f(b) }` with the same
 * parameters for both (what a siamese network is). Every input must have f's input spec. State
 * (batch-norm statistics) is threaded through the uses in the order of `names`; each use gets its
 * own key for dropout.
 */
export function shared<P extends Tree, S extends Tree, X, Y, const N extends string>(f: Layer<P, S, X, Y>, names: readonly N[]): Layer<P, S, { readonly [K in N]: X }, { readonly [K in N]: Y }>;
export function shared(f: AnyLayer, names: readonly string[]): Layer<Tree, Tree, unknown, unknown> {
  checkLayer('shared', 'f', f);
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string') || new Set(names).size !== names.length)
    throw new ArgumentError('shared', 'names', `must be distinct input names (at least one), got ${describe(names)}`);
  const inputs = (op: string, u: unknown): unknown[] => {
    if (u === null || typeof u !== 'object' || u instanceof Tensor || Array.isArray(u))
      throw new ArgumentError('shared', op, `must be a record with entries ${names.map((n) => `'${n}'`).join(', ')}, got ${describe(u)}`);
    const own = new Map(Object.entries(u));
    return names.map((n) => {
      if (!own.has(n)) throw new ArgumentError('shared', op, `has no entry '${n}' (needs ${names.map((m) => `'${m}'`).join(', ')})`);
      return own.get(n);
    });
  };
  const record = <A>(xs: readonly A[]) => Object.fromEntries(names.map((n, i) => [n, xs[i]]));
  return {
    kind: `shared ${f.kind}`,
    init: (k, s) => {
      const specs = inputs('input spec', s).map((sp, i) => specOf('shared', `input spec.${names[i]}`, sp));
      const first = JSON.stringify(specs[0]);
      specs.forEach((sp, i) => {
        if (JSON.stringify(sp) !== first) throw new ArgumentError('shared', `input spec.${names[i]}`, `must equal input spec.${names[0]} ${first} (one layer takes them all), got ${JSON.stringify(sp)}`);
      });
      const r = f.init(k, specs[0]);
      return { params: r.params, state: r.state, outputShape: record(names.map(() => r.outputShape)) };
    },
    apply: (p, st, x, ctx = {}) => {
      const xs = inputs('x', x);
      const cs = childContexts(ctx, names.length);
      let state = st;
      const ys = xs.map((xi, i) => {
        const r = f.apply(p, state, xi, cs[i]);
        state = r.state;
        return r.y;
      });
      return { y: record(ys), state };
    },
  };
}
