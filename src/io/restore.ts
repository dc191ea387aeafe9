// Putting a flat name → tensor record (a decoded checkpoint) back into a parameter tree.
import { left, mapLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { leaves, mapLeaves, type Tree } from '../autodiff/tree.js';
import { sameShape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { optionsProblem, recordProblem, treeProblem } from './args.js';
import { describeCause, toSafetensorsError, type SafetensorsError } from './errors.js';
import { badArgument, treeMismatch, type BadArgument, type TreeMismatch } from './problems.js';

export interface RestoreOptions {
  /** Ignore names the template does not have (e.g. loading a backbone out of a larger model). Default false. */
  readonly allowExtra?: boolean;
}

/**
 * A tree with the template's structure whose leaves come from `tensors` by dotted path. Left (listing
 * every problem) when a path is missing, a shape differs from the template's, or `tensors` has names
 * the template lacks. Arguments of the wrong kind (a template with non-tensor leaves or a cycle,
 * `tensors` that is not a record of tensors) are a Left too; nothing is thrown.
 */
export const restoreTree = <T extends Tree>(template: T, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions = {}): Either<SafetensorsError, T> =>
  pipe(restoreTreeEither(template, tensors, options), mapLeft((p) => toSafetensorsError(p, 'restoreTree')));

/** `restoreTree` with the problem itself as the Left, to branch on its `_tag`. */
export const restoreTreeEither = <T extends Tree>(template: T, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions = {}): Either<BadArgument | TreeMismatch, T> => {
  try {
    const bad = argumentProblem(template, tensors, options);
    return bad ? left(bad) : restore(template, tensors, options);
  } catch (e) {
    return left(badArgument('arguments', describeCause(e))); // a getter or proxy that throws
  }
};

const argumentProblem = (template: unknown, tensors: unknown, options: unknown): BadArgument | undefined => {
  const t = treeProblem(template);
  if (t) return badArgument('template', `template ${t}`);
  const r = recordProblem(tensors);
  if (r) return badArgument('tensors', `tensors ${r}`);
  const o = optionsProblem(options, { allowExtra: 'boolean' });
  return o ? badArgument('options', o) : undefined;
};

const restore = <T extends Tree>(template: T, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions): Either<TreeMismatch, T> => {
  const wanted = leaves(template);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(tensors, k);
  const missing = wanted.filter(({ path }) => !has(path)).map(({ path, value }) => ({ path, shape: value.shape }));
  const wrongShape = wanted.filter(({ path, value }) => has(path) && !sameShape(tensors[path].shape, value.shape))
    .map(({ path, value }) => ({ path, got: tensors[path].shape, want: value.shape }));
  const known = new Set(wanted.map((w) => w.path));
  const extra = options.allowExtra ? [] : Object.keys(tensors).filter((k) => !known.has(k)).sort();
  if (missing.length || wrongShape.length || extra.length) return left(treeMismatch({ missing, wrongShape, extra }));
  return right(mapLeaves(template, (_, path) => tensors[path]));
};

/**
 * Both trees of an initialised model (`{ params, state }`, as `layer.init` returns them) from one
 * flat record, such as a PyTorch state_dict renamed by `fromTorchNames`: a name that is a path of
 * the state template (batch norm's running statistics) goes to the state, every other name to the
 * params. Left listing every missing, wrongly shaped and (unless `allowExtra`) unknown name of both.
 */
export const restoreModel = <P extends Tree, S extends Tree>(
  init: { readonly params: P; readonly state: S }, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions = {},
): Either<SafetensorsError, { params: P; state: S }> =>
  pipe(restoreModelEither(init, tensors, options), mapLeft((p) => toSafetensorsError(p, 'restoreModel')));

/** `restoreModel` with the problem itself as the Left. */
export const restoreModelEither = <P extends Tree, S extends Tree>(
  init: { readonly params: P; readonly state: S }, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions = {},
): Either<BadArgument | TreeMismatch, { params: P; state: S }> => {
  try {
    const bad = argumentProblem(init.params, tensors, options) ?? (treeProblem(init.state) ? badArgument('template', `init.state ${treeProblem(init.state)}`) : undefined);
    if (bad) return left(bad);
    const statePaths = new Set(leaves(init.state).map((l) => l.path));
    const forState: Record<string, Tensor> = {}, forParams: Record<string, Tensor> = {};
    for (const [name, t] of Object.entries(tensors)) (statePaths.has(name) ? forState : forParams)[name] = t;
    const p = restore(init.params, forParams, options), s = restore(init.state, forState, {});
    if (p._tag === 'Right' && s._tag === 'Right') return right({ params: p.right, state: s.right });
    const none: Omit<TreeMismatch, '_tag'> = { missing: [], wrongShape: [], extra: [] };
    const [a, b] = [p._tag === 'Left' ? p.left : none, s._tag === 'Left' ? s.left : none];
    return left(treeMismatch({ missing: [...a.missing, ...b.missing], wrongShape: [...a.wrongShape, ...b.wrongShape], extra: [...a.extra, ...b.extra].sort() }));
  } catch (e) {
    return left(badArgument('arguments', describeCause(e)));
  }
};
