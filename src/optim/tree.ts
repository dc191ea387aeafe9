// Zipping parameter, gradient and state trees leaf by leaf (they share one structure).
import { checkTree, leavesOf, mapLeaves, type Tree } from '../autodiff/tree.js';
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { fmt, sameShape } from '../shape/shape.js';
import { zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/** @internal throws an ArgumentError naming the optimiser unless `params` is a tree of tensors (what `init` takes). */
export const checkParams = (op: string, params: unknown): void => checkTree(op, 'params', params);

/** @internal throws an ArgumentError naming the optimiser unless `state` looks like what its `init` made. */
export const checkState = (op: string, state: unknown): void => {
  const step: unknown = state !== null && typeof state === 'object' && 'step' in state ? state.step : undefined;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0)
    throw new ArgumentError(op, 'state', `must be the optimiser state from init (with a step count), got ${describe(state)}`);
};

/** @internal a tree like `params` with every leaf replaced by `make(leaf)`. */
export const like = (params: Tree, make: (x: Tensor) => Tensor): Tree => mapLeaves(params, (x) => make(x));

/** @internal zeros shaped like every leaf of `params`. */
export const zerosLike = (params: Tree): Tree => like(params, (x) => zeros(x.shape));

const pathList = (ps: readonly string[]) => `[${ps.map((p) => `'${p}'`).join(', ')}]`;

/**
 * @internal Runs `update` on each leaf of `params` with the matching leaves of `grads` and of each
 * slot tree (optimiser state), and rebuilds trees of the params' structure from what it returns:
 * `param` becomes the new params, every other key a new slot tree. Structures and shapes must match.
 */
export const updateLeaves = <P extends Tree, K extends string>(
  op: string,
  params: P,
  grads: Tree,
  slots: { readonly [k in K]: Tree },
  update: (p: Tensor, g: Tensor, s: { readonly [k in K]: Tensor }) => { param: Tensor } & { [k in K]: Tensor },
): { params: P; slots: { [k in K]: Tree } } => {
  const ps = leavesOf(op, 'params', params);
  const align = (name: string, tree: Tree): Tensor[] => {
    const ls = leavesOf(op, name, tree);
    const same = ls.length === ps.length && ls.every((l, i) => l.path === ps[i].path);
    if (!same) throw new ArgumentError(op, name, `has leaves ${pathList(ls.map((l) => l.path))} but params has ${pathList(ps.map((l) => l.path))}`);
    return ls.map((l, i) => {
      if (!sameShape(l.value.shape, ps[i].value.shape))
        throw new ShapeError(op, ps[i].path ? `${name}.${ps[i].path}` : name, l.value.shape, `must match params${ps[i].path ? `.${ps[i].path}` : ''} ${fmt(ps[i].value.shape)}`);
      return l.value;
    });
  };
  const gs = align('grads', grads);
  const keys = Object.keys(slots) as K[];
  const ss = keys.map((k) => align(`state.${k}`, slots[k]));
  const results = ps.map(({ value: p }, i) => {
    const s = {} as { [k in K]: Tensor };
    keys.forEach((k, j) => { s[k] = ss[j][i]; });
    return update(p, gs[i], s);
  });
  const rebuild = (pick: (r: (typeof results)[number]) => Tensor): Tree => {
    let i = 0;
    return mapLeaves(params, () => pick(results[i++]));
  };
  const newSlots = {} as { [k in K]: Tree };
  for (const k of keys) newSlots[k] = rebuild((r) => r[k]);
  return { params: rebuild((r) => r.param) as P, slots: newSlots };
};
