import { Tensor } from '../tensor/tensor.js';

/** A tree of tensors: a tensor, or arrays / plain objects whose leaves are tensors. */
export type Tree = Tensor | readonly Tree[] | { readonly [k: string]: Tree };

/** Maps the tensor type inside a tree shape, preserving structure (used for gradient types). */
export type TreeOf<T> = T extends Tensor ? Tensor : T extends readonly unknown[] ? { [K in keyof T]: TreeOf<T[K]> } : T extends object ? { [K in keyof T]: TreeOf<T[K]> } : never;

/** Object keys in path order: integer-like keys numerically (so "10" follows "9"), others by string order. */
export const sortedKeys = (o: object): string[] =>
  Object.keys(o).sort((a, b) => {
    const ia = /^\d+$/.test(a), ib = /^\d+$/.test(b);
    if (ia && ib) return Number(a) - Number(b);
    return ia === ib ? (a < b ? -1 : a > b ? 1 : 0) : ia ? -1 : 1;
  });

/** Leaves in a fixed order (arrays by index, objects by sorted key) with their dotted paths. */
export const leaves = (t: Tree, prefix = ''): { path: string; value: Tensor }[] => {
  if (t instanceof Tensor) return [{ path: prefix, value: t }];
  const out: { path: string; value: Tensor }[] = [];
  const keys = Array.isArray(t) ? t.map((_, i) => String(i)) : sortedKeys(t);
  for (const k of keys) {
    const child = (t as Record<string, Tree>)[k];
    if (child === undefined || child === null) continue;
    if (!(child instanceof Tensor) && typeof child !== 'object')
      throw new TypeError(`nn-ts: tree leaf '${prefix ? `${prefix}.${k}` : k}' is not a tensor (got ${typeof child})`);
    out.push(...leaves(child, prefix ? `${prefix}.${k}` : k));
  }
  return out;
};

/** Rebuilds a tree of the same structure with new leaves (in `leaves` order). */
export const mapLeaves = <T extends Tree>(t: T, f: (x: Tensor, path: string) => Tensor, prefix = ''): T => {
  if (t instanceof Tensor) return f(t, prefix) as T;
  if (Array.isArray(t)) return t.map((c, i) => mapLeaves(c as Tree, f, prefix ? `${prefix}.${i}` : String(i))) as unknown as T;
  const out: Record<string, Tree> = {};
  for (const k of sortedKeys(t)) {
    const c = (t as Record<string, Tree>)[k];
    out[k] = c === undefined || c === null ? c : mapLeaves(c, f, prefix ? `${prefix}.${k}` : k);
  }
  return out as T;
};
