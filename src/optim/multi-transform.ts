// Different optimiser settings for different parts of one parameter tree (optax's multi_transform,
// PyTorch's parameter groups): fine-tune a transferred backbone slowly and a new head fast, or keep
// parts fixed. Each leaf gets a label from its dotted path; each label has its own optimiser, which
// sees only its leaves (as a flat record keyed by path) and keeps its own state.
import { gradLeavesOf, leavesOf, mapLeaves, type GradTree, type Tree } from '../autodiff/tree.js';
import { pathMatcher, type PathSelector } from '../autodiff/path-pattern.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { Cotangent, Tensor } from '../tensor/tensor.js';
import type { Optimizer } from './types.js';

/** The state an optimiser keeps. */
export type StateOfOptimizer<O> = O extends Optimizer<infer S> ? S : never;

/** One state per label, each the state of that label's optimiser. */
export type MultiTransformState<T> = { readonly [K in keyof T]: StateOfOptimizer<T[K]> };

/**
 * How leaves get their label: a function of the dotted path (and the leaf), or an ordered list of
 * `[selector, label]` rules where the first matching selector wins and `otherwise` labels the rest.
 */
export type Labeller<L extends string> =
  | ((path: string, leaf: Tensor) => L)
  | { readonly rules: readonly (readonly [PathSelector, L])[]; readonly otherwise: L };

/** The parameters that keep their values: a step returns them unchanged (frozen parts in transfer learning). */
export const frozen = (): Optimizer<{ readonly step: number }> => ({
  init: () => ({ step: 0 }),
  step: (params, _grads, state) => ({ params, state: { step: state.step + 1 } }),
});

const labelFunction = <L extends string>(op: string, labels: ReadonlySet<string>, by: Labeller<L>): ((path: string, leaf: Tensor) => L) => {
  if (typeof by === 'function') return by;
  if (by === null || typeof by !== 'object' || !Array.isArray(by.rules))
    throw new ArgumentError(op, 'label', `must be (path, leaf) => label or { rules: [[selector, label], ...], otherwise }, got ${describe(by)}`);
  const rules = by.rules.map(([sel, l], i) => {
    if (!labels.has(l)) throw new ArgumentError(op, `label.rules[${i}]`, `labels "${l}", which has no optimiser (known: ${[...labels].join(', ')})`);
    return [pathMatcher(op, `label.rules[${i}]`, sel), l] as const;
  });
  return (path) => rules.find(([m]) => m(path))?.[1] ?? by.otherwise;
};

/**
 * An optimiser that steps each labelled part of the tree with its own optimiser:
 * `multiTransform({ backbone: adam({ lr: 1e-4 }), head: adam({ lr: 1e-3 }), fixed: frozen() },
 *   { rules: [['features.0.**', 'fixed'], ['features.**', 'backbone']], otherwise: 'head' })`.
 * Every leaf must get a label that names an optimiser (an ArgumentError names the path otherwise).
 * Row-sparse gradient leaves go to their label's optimiser as they are.
 */
export const multiTransform = <T extends { readonly [label: string]: Optimizer<unknown> }>(transforms: T, label: Labeller<keyof T & string>): Optimizer<MultiTransformState<T>> => {
  const op = 'multiTransform';
  if (transforms === null || typeof transforms !== 'object' || Object.keys(transforms).length === 0)
    throw new ArgumentError(op, 'transforms', `must be a non-empty record of optimisers, got ${describe(transforms)}`);
  const names = Object.keys(transforms);
  for (const n of names) {
    const o: unknown = transforms[n];
    if (o === null || typeof o !== 'object' || !('init' in o) || !('step' in o))
      throw new ArgumentError(op, `transforms.${n}`, `must be an optimiser { init, step }, got ${describe(o)}`);
  }
  const known = new Set(names);
  const labelOf = labelFunction(op, known, label);
  const labelled = (path: string, leaf: Tensor): string => {
    const l: unknown = labelOf(path, leaf);
    if (typeof l !== 'string' || !known.has(l)) throw new ArgumentError(op, 'label', `gave ${describe(l)} for "${path}", which names no optimiser (known: ${names.join(', ')})`);
    return l;
  };
  // The leaves of each label, as flat records keyed by dotted path (a Tree the inner optimisers take).
  const groups = (params: Tree): Map<string, Record<string, Tensor>> => {
    const out = new Map<string, Record<string, Tensor>>(names.map((n) => [n, {}]));
    for (const { path, value } of leavesOf(op, 'params', params)) out.get(labelled(path, value))![path] = value;
    return out;
  };
  const states = (make: (name: string) => unknown): MultiTransformState<T> => {
    const s: Record<string, unknown> = {};
    for (const n of names) s[n] = make(n);
    return s as MultiTransformState<T>; // one entry per label, each what that label's optimiser made
  };
  return {
    init: (params) => {
      const g = groups(params);
      return states((n) => transforms[n].init(g.get(n)!));
    },
    step: (params, grads, state) => {
      if (state === null || typeof state !== 'object' || names.some((n) => !(n in state)))
        throw new ArgumentError(op, 'state', `must be the state from this multiTransform's init (one entry per label: ${names.join(', ')}), got ${describe(state)}`);
      const g = groups(params);
      const byPath = new Map<string, Cotangent>(gradLeavesOf(op, 'grads', grads).map((l) => [l.path, l.value]));
      const updated = new Map<string, Tensor>();
      const next = states((n) => {
        const part = g.get(n)!;
        const partGrads: Record<string, Cotangent> = {};
        for (const path of Object.keys(part)) {
          const c = byPath.get(path);
          if (!c) throw new ArgumentError(op, 'grads', `has no gradient for "${path}" (grads must have the params' structure)`);
          partGrads[path] = c;
        }
        const r = transforms[n].step(part, partGrads, state[n]);
        for (const [path, v] of Object.entries(r.params)) updated.set(path, v);
        return r.state;
      });
      return { params: mapLeaves(params, (t, path) => updated.get(path) ?? t), state: next };
    },
  };
};
