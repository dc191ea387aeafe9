// Zipping parameter, gradient and state trees leaf by leaf (they share one structure).
import { checkTree, mapLeaves, zipLeaves, type Tree } from '../autodiff/tree.js';
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

// A record with exactly `keys`, from one value per key (Object.fromEntries cannot say so in its type).
const record = <K extends string, V>(keys: readonly K[], value: (k: K, j: number) => V): { [k in K]: V } =>
  Object.fromEntries(keys.map((k, j) => [k, value(k, j)])) as { [k in K]: V };

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
  const keys = Object.keys(slots).filter((k): k is K => k in slots);
  const names = ['params', 'grads', ...keys.map((k) => `state.${k}`)];
  const trees: (readonly [string, Tree])[] = [['params', params], ['grads', grads], ...keys.map((k, j) => [names[j + 2], slots[k]] as const)];
  const results = zipLeaves(op, trees, (xs, path) => {
    xs.forEach((x, i) => {
      if (i > 0 && !sameShape(x.shape, xs[0].shape))
        throw new ShapeError(op, path ? `${names[i]}.${path}` : names[i], x.shape, `must match params${path ? `.${path}` : ''} ${fmt(xs[0].shape)}`);
    });
    return update(xs[0], xs[1], record(keys, (_, j) => xs[j + 2]));
  });
  const rebuild = <T extends Tree>(tree: T, pick: (r: (typeof results)[number]) => Tensor): T => {
    let i = 0;
    return mapLeaves(tree, () => pick(results[i++]));
  };
  return { params: rebuild(params, (r) => r.param), slots: record(keys, (k) => rebuild(params, (r) => r[k])) };
};
