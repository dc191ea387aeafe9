// How a composite layer hands randomness to its children: one key per child, split from the context's.
import { split, type Key } from '../random/key.js';
import type { ApplyContext } from './layer.js';

/** The context for each of `n` children: its own key when the context has one. */
export const childContexts = (ctx: ApplyContext, n: number): ApplyContext[] => {
  const ks: (Key | undefined)[] = ctx.key ? split(ctx.key, Math.max(n, 1)) : Array(n).fill(undefined);
  return ks.map((k) => ({ ...ctx, ...(k ? { key: k } : {}) }));
};
