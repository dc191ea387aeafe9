// Transfer learning's first step: a new model's parameters with some parts (a feature extractor,
// chosen by path pattern) taken from a trained model or a checkpoint, the rest (a new head) kept
// as the new model initialised them.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { pathMatcher, type PathSelector } from '../autodiff/path-pattern.js';
import { flattenTree, leaves, mapLeaves, type Tree } from '../autodiff/tree.js';
import { sameShape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { describeCause } from './errors.js';
import { badArgument, treeMismatch, type BadArgument, type TreeMismatch } from './problems.js';

export interface TransferOptions {
  /** The template's paths that take their values from the source (e.g. `'features.**'`); the others keep the template's. */
  readonly include: PathSelector;
  /**
   * Renames applied to the source's names before matching, as `[fromPrefix, toPrefix]` pairs, the
   * first matching pair wins: `[['backbone.', 'features.']]` loads `backbone.0.weight` into `features.0.weight`.
   */
  readonly rename?: readonly (readonly [string, string])[];
}

export interface Transferred<T> {
  /** The template's tree with the included leaves replaced. */
  readonly params: T;
  /** The template paths that came from the source, in tree order. */
  readonly loaded: readonly string[];
  /** The template paths that kept their values. */
  readonly kept: readonly string[];
  /** Source names (after renaming) that no included path asked for. */
  readonly unused: readonly string[];
}

const renamed = (name: string, rename: readonly (readonly [string, string])[]): string => {
  const r = rename.find(([from]) => name.startsWith(from));
  return r ? r[1] + name.slice(r[0].length) : name;
};

/**
 * `template` (a freshly initialised model's params) with every leaf whose path `include` selects
 * replaced by the source tensor of the same (renamed) name. `source` is a checkpoint's name → tensor
 * record or a parameter tree. Left, listing every problem, when an included path has no source
 * tensor or a source tensor of another shape (a different architecture), or when `include`
 * selects nothing; the arguments' own problems are a Left too.
 */
export const transferParams = <T extends Tree>(template: T, source: Tree, options: TransferOptions): Either<BadArgument | TreeMismatch, Transferred<T>> => {
  let flat: Record<string, Tensor>, wanted: { path: string; value: Tensor }[], select: (p: string) => boolean;
  try {
    wanted = leaves(template);
    flat = flattenTree(source);
    select = pathMatcher('transferParams', 'include', options.include);
  } catch (e) {
    return left(badArgument('arguments', describeCause(e)));
  }
  const byName = new Map(Object.entries(flat).map(([k, v]) => [renamed(k, options.rename ?? []), v]));
  const included = wanted.filter((w) => select(w.path));
  if (included.length === 0) return left(badArgument('include', `selects none of the template's ${wanted.length} paths (${wanted.slice(0, 4).map((w) => w.path).join(', ')}${wanted.length > 4 ? ', ...' : ''})`));
  const missing = included.filter((w) => !byName.has(w.path)).map((w) => ({ path: w.path, shape: w.value.shape }));
  const wrongShape = included.filter((w) => byName.has(w.path) && !sameShape(byName.get(w.path)!.shape, w.value.shape))
    .map((w) => ({ path: w.path, got: byName.get(w.path)!.shape, want: w.value.shape }));
  if (missing.length || wrongShape.length) return left(treeMismatch({ missing, wrongShape, extra: [] }));
  const loaded = new Set(included.map((w) => w.path));
  return right({
    params: mapLeaves(template, (t, path) => (loaded.has(path) ? byName.get(path)! : t)),
    loaded: [...loaded],
    kept: wanted.filter((w) => !loaded.has(w.path)).map((w) => w.path),
    unused: [...byName.keys()].filter((k) => !loaded.has(k)).sort(),
  });
};
