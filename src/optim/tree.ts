// Zipping parameter, gradient and state trees leaf by leaf (they share one structure).
import { checkTree, gradLeavesOf, leavesOf, mapLeaves, type GradTree, type Tree } from '../autodiff/tree.js';
import { gather, isRowSparse, scatterRows, toDense } from '../ops/gather.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
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
 * How an optimiser treats a row-sparse gradient leaf: `'rows'` applies its rule to the touched rows
 * only (the others, and their state, stay bit for bit); otherwise the text says why it cannot
 * (momentum or weight decay move rows with a zero gradient) and the step is refused.
 */
export type SparseRule = 'rows' | { readonly refuse: string };

const pathOf = (name: string, path: string) => (path ? `${name}.${path}` : name);

/**
 * @internal Runs `update` on each leaf of `params` with the matching leaves of `grads` and of each
 * slot tree (optimiser state), and rebuilds trees of the params' structure from what it returns:
 * `param` becomes the new params, every other key a new slot tree. Structures and shapes must match.
 * A row-sparse gradient leaf runs `update` on the touched rows only (gathered from the parameter
 * and each slot, written back with scatterRows), as `sparse` allows.
 */
export const updateLeaves = <P extends Tree, K extends string>(
  op: string,
  params: P,
  grads: GradTree,
  slots: { readonly [k in K]: Tree },
  update: (p: Tensor, g: Tensor, s: { readonly [k in K]: Tensor }) => { param: Tensor } & { [k in K]: Tensor },
  sparse: SparseRule = { refuse: 'it has no rule for row-sparse gradients' },
): { params: P; slots: { [k in K]: Tree } } => {
  const keys = Object.keys(slots).filter((k): k is K => k in slots);
  const lead = leavesOf(op, 'params', params);
  const g = gradLeavesOf(op, 'grads', grads);
  const slotLeaves = keys.map((k) => leavesOf(op, `state.${k}`, slots[k]));
  const list = (ps: readonly { path: string }[]) => `[${ps.map((q) => `'${q.path}'`).join(', ')}]`;
  const named: readonly (readonly [string, readonly { path: string }[]])[] = [['grads', g], ...keys.map((k, j) => [`state.${k}`, slotLeaves[j]] as const)];
  for (const [name, ls] of named)
    if (ls.length !== lead.length || ls.some((l, i) => l.path !== lead[i].path))
      throw new ArgumentError(op, name, `has leaves ${list(ls)} but params has ${list(lead)}`);
  const results = lead.map(({ path, value: p }, i) => {
    const check = (name: string, shape: readonly number[]) => {
      if (!sameShape(shape, p.shape)) throw new ShapeError(op, pathOf(name, path), shape, `must match params${path ? `.${path}` : ''} ${fmt(p.shape)}`);
    };
    const gi = g[i].value;
    check('grads', gi.shape);
    keys.forEach((k, j) => check(`state.${k}`, slotLeaves[j][i].value.shape));
    const slotsAt = (pick: (t: Tensor) => Tensor) => record(keys, (_, j) => pick(slotLeaves[j][i].value));
    if (!isRowSparse(gi)) return update(p, toDense(gi), slotsAt((t) => t));
    if (sparse !== 'rows') throw new OptionError(op, `${pathOf('grads', path)} is row-sparse, but ${op} cannot step it: ${sparse.refuse}. Densify it (toDense) or take the gradient without rowSparse`);
    const { ids, rows, index } = gi.coalesce();
    const r = update(gather(p, index), rows, slotsAt((t) => gather(t, index)));
    return { ...record(keys, (k, j) => scatterRows(slotLeaves[j][i].value, ids, r[k])), param: scatterRows(p, ids, r.param) };
  });
  const rebuild = <T extends Tree>(tree: T, pick: (r: (typeof results)[number]) => Tensor): T => {
    let i = 0;
    return mapLeaves(tree, () => pick(results[i++]));
  };
  return { params: rebuild(params, (r) => r.param), slots: record(keys, (k) => rebuild(params, (r) => r[k])) };
};
