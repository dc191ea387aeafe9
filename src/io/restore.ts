// Putting a flat name → tensor record (a decoded checkpoint) back into a parameter tree.
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { leaves, mapLeaves, type Tree } from '../autodiff/tree.js';
import { fmt, sameShape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { optionsProblem, recordProblem, treeProblem } from './args.js';
import { describeCause, safetensorsError, type SafetensorsError } from './errors.js';

export interface RestoreOptions {
  /** Ignore names the template does not have (e.g. loading a backbone out of a larger model). Default false. */
  readonly allowExtra?: boolean;
}

const LIST = 8;
const listed = (xs: readonly string[]): string =>
  xs.slice(0, LIST).join('; ') + (xs.length > LIST ? `; and ${xs.length - LIST} more` : '');

/**
 * A tree with the template's structure whose leaves come from `tensors` by dotted path. Left (listing
 * every problem) when a path is missing, a shape differs from the template's, or `tensors` has names
 * the template lacks. Arguments of the wrong kind (a template with non-tensor leaves or a cycle,
 * `tensors` that is not a record of tensors) are a Left too; nothing is thrown.
 */
export const restoreTree = <T extends Tree>(template: T, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions = {}): Either<SafetensorsError, T> => {
  try {
    const bad = argumentProblem(template, tensors, options);
    if (bad) return left(safetensorsError('tree', `restoreTree: ${bad}`));
    return restore(template, tensors, options);
  } catch (e) {
    return left(safetensorsError('tree', `restoreTree: ${describeCause(e)}`)); // a getter or proxy that throws
  }
};

const argumentProblem = (template: unknown, tensors: unknown, options: unknown): string | undefined => {
  const t = treeProblem(template);
  if (t) return `template ${t}`;
  const r = recordProblem(tensors);
  if (r) return `tensors ${r}`;
  const o = optionsProblem(options, { allowExtra: 'boolean' });
  return o ? `options ${o}` : undefined;
};

const restore = <T extends Tree>(template: T, tensors: Readonly<Record<string, Tensor>>, options: RestoreOptions): Either<SafetensorsError, T> => {
  const wanted = leaves(template);
  const has = (k: string) => Object.prototype.hasOwnProperty.call(tensors, k);
  const missing: string[] = [];
  const mismatched: string[] = [];
  for (const { path, value } of wanted) {
    if (!has(path)) missing.push(`'${path}' (shape ${fmt(value.shape)})`);
    else if (!sameShape(tensors[path].shape, value.shape))
      mismatched.push(`'${path}' has shape ${fmt(tensors[path].shape)} in the checkpoint but the template needs ${fmt(value.shape)}`);
  }
  const known = new Set(wanted.map((w) => w.path));
  const extra = options.allowExtra ? [] : Object.keys(tensors).filter((k) => !known.has(k)).sort();

  const problems: string[] = [];
  if (missing.length) problems.push(`missing from the checkpoint: ${listed(missing)}`);
  if (mismatched.length) problems.push(`wrong shape: ${listed(mismatched)}`);
  if (extra.length) problems.push(`unexpected names not in the template: ${listed(extra.map((k) => `'${k}'`))}`);
  if (problems.length) return left(safetensorsError('tree', `restoreTree: ${problems.join(' | ')}`));
  return right(mapLeaves(template, (_, path) => tensors[path]));
};
