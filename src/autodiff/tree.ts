// Trees of tensors (parameters, gradients, optimiser state, recurrent carries).
//
// What counts as a tree: a Tensor (a leaf), or an array or a plain object (prototype Object or
// null) whose entries are trees. null and undefined entries are holes: skipped by `leaves`, kept
// as they are by `mapLeaves` (`nn.partition` leaves null where the other part holds a leaf).
// Anything else (a number, a string, a Map, a class instance) is refused with an ArgumentError
// naming the operation and the dotted path of the bad entry, and so is a cycle. A sub-tree may be
// shared by several parents: only an entry that contains itself is a cycle.
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { fmt, sameShape } from '../shape/shape.js';
import { Tensor, isSparseCotangent, type Cotangent, type SparseCotangent } from '../tensor/tensor.js';

/** A tree of tensors: a tensor, or arrays / plain objects whose leaves are tensors (null and undefined entries are holes). */
export type Tree = Tensor | readonly (Tree | null | undefined)[] | { readonly [k: string]: Tree | null | undefined };

/** Maps the tensor type inside a tree shape, preserving structure (used for gradient types). */
export type TreeOf<T> = T extends Tensor ? Tensor : T extends readonly unknown[] ? { [K in keyof T]: TreeOf<T[K]> } : T extends object ? { [K in keyof T]: TreeOf<T[K]> } : never;

/** Object keys in path order: integer-like keys numerically (so "10" follows "9"), others by string order. */
export const sortedKeys = (o: object): string[] =>
  Object.keys(o).sort((a, b) => {
    const ia = /^\d+$/.test(a), ib = /^\d+$/.test(b);
    if (ia && ib) return Number(a) - Number(b);
    return ia === ib ? (a < b ? -1 : a > b ? 1 : 0) : ia ? -1 : 1;
  });

/** Nesting deeper than this is refused (recursion must stay bounded; no real tree is this deep). */
const MAX_DEPTH = 1000;

const isContainer = (u: object): u is Readonly<Record<string, unknown>> => {
  if (Array.isArray(u)) return true;
  const proto: unknown = Object.getPrototypeOf(u);
  return proto === Object.prototype || proto === null;
};

const join = (prefix: string, k: string) => (prefix ? `${prefix}.${k}` : k);
const isHole = (u: unknown): u is null | undefined => u === null || u === undefined;

const isTensorLeaf = (u: unknown): u is Tensor => u instanceof Tensor;
const isGradLeaf = (u: unknown): u is Cotangent => u instanceof Tensor || isSparseCotangent(u);

/**
 * Rebuilds `t` bottom-up: `leaf` for each leaf (a tensor; with `isLeaf = isGradLeaf` also a sparse
 * cotangent), in leaf order: arrays by index, objects by sorted key; holes kept. Checks the
 * structure on the way (see the top of this file).
 */
const rebuildWith = <L>(isLeaf: (u: unknown) => u is L, op: string, arg: string, t: unknown, leaf: (x: L, path: string) => unknown, prefix: string): unknown => {
  const onPath = new Set<object>();
  const go = (node: unknown, path: string, depth: number): unknown => {
    if (isLeaf(node)) return leaf(node, path);
    const where = path ? ` at path ${path}` : '';
    if (node === null || typeof node !== 'object' || !isContainer(node))
      throw new ArgumentError(op, arg, path
        ? `holds ${describe(node)} at path ${path}, where a tensor, an array or a plain object belongs`
        : `must be a tensor or a tree of tensors (arrays and plain objects), got ${describe(node)}`);
    if (onPath.has(node)) throw new ArgumentError(op, arg, `has a cycle${where} (the value there contains itself)`);
    if (depth >= MAX_DEPTH) throw new ArgumentError(op, arg, `nests deeper than ${MAX_DEPTH} levels${where}`);
    onPath.add(node);
    let out: unknown;
    if (Array.isArray(node)) out = node.map((c: unknown, i) => (isHole(c) ? c : go(c, join(path, String(i)), depth + 1)));
    else {
      const o: Record<string, unknown> = {};
      for (const k of sortedKeys(node)) { const c = node[k]; o[k] = isHole(c) ? c : go(c, join(path, k), depth + 1); }
      out = o;
    }
    onPath.delete(node);
    return out;
  };
  return go(t, prefix, 0);
};

const rebuild = (op: string, arg: string, t: unknown, leaf: (x: Tensor, path: string) => unknown, prefix: string): unknown =>
  rebuildWith(isTensorLeaf, op, arg, t, leaf, prefix);

/** @internal throws an ArgumentError naming `op` and `arg` unless `t` is a tree (see the top of this file). */
export function checkTree(op: string, arg: string, t: unknown): asserts t is Tree {
  rebuild(op, arg, t, () => undefined, '');
}

/** @internal `leaves`, with errors naming `op` and the argument `arg`. */
export const leavesOf = (op: string, arg: string, t: unknown, prefix = ''): { path: string; value: Tensor }[] => {
  const out: { path: string; value: Tensor }[] = [];
  rebuild(op, arg, t, (value, path) => { out.push({ path, value }); }, prefix);
  return out;
};

/** @internal `mapLeaves`, with errors naming `op` and the argument `arg`. */
export const mapLeavesOf = <T extends Tree>(op: string, arg: string, t: T, f: (x: Tensor, path: string) => Tensor, prefix = ''): T =>
  rebuild(op, arg, t, f, prefix) as T;

/** Leaves in a fixed order (arrays by index, objects by sorted key) with their dotted paths; null and undefined entries are skipped. */
export const leaves = (t: Tree, prefix = ''): { path: string; value: Tensor }[] => leavesOf('leaves', 'tree', t, prefix);

/** Rebuilds a tree of the same structure with new leaves (in `leaves` order); null and undefined entries stay as they are. */
export const mapLeaves = <T extends Tree>(t: T, f: (x: Tensor, path: string) => Tensor, prefix = ''): T => mapLeavesOf('mapLeaves', 'tree', t, f, prefix);

/** The leaves as a record from dotted path to tensor, in leaf order (what checkpoints store). */
export const flattenTree = (t: Tree): Record<string, Tensor> => Object.fromEntries(leaves(t).map((l) => [l.path, l.value]));

/**
 * `template`'s structure with each leaf taken from `flat` by its dotted path (the inverse of
 * `flattenTree`); an ArgumentError names the first path `flat` lacks or has in another shape.
 * Holes stay holes; entries the template does not have are ignored.
 */
export const unflattenTree = <T extends Tree>(template: T, flat: Readonly<Record<string, Tensor>>): T =>
  mapLeavesOf('unflattenTree', 'template', template, (t, path) => {
    const v = Object.prototype.hasOwnProperty.call(flat, path) ? flat[path] : undefined;
    if (!(v instanceof Tensor)) throw new ArgumentError('unflattenTree', 'flat', `has no tensor at path ${path}, which the template needs`);
    if (!sameShape(v.shape, t.shape)) throw new ArgumentError('unflattenTree', 'flat', `has shape ${fmt(v.shape)} at path ${path}, where the template has ${fmt(t.shape)}`);
    return v;
  });

/**
 * Applies `f` to the leaves at the same path in trees of one structure (parameters, gradients,
 * optimiser slots): the first tree's leaves and paths lead; the others must have exactly those
 * paths (an ArgumentError lists both). Returns what `f` gives, in leaf order.
 */
export const zipLeaves = <R>(op: string, named: readonly (readonly [string, Tree])[], f: (xs: readonly Tensor[], path: string) => R): R[] => {
  const all = named.map(([name, t]) => ({ name, ls: leavesOf(op, name, t) }));
  const [lead] = all;
  if (!lead) return [];
  const list = (ps: readonly { path: string }[]) => `[${ps.map((p) => `'${p.path}'`).join(', ')}]`;
  for (const { name, ls } of all.slice(1))
    if (ls.length !== lead.ls.length || ls.some((l, i) => l.path !== lead.ls[i].path))
      throw new ArgumentError(op, name, `has leaves ${list(ls)} but ${lead.name} has ${list(lead.ls)}`);
  return lead.ls.map((l, i) => f(all.map((a) => a.ls[i].value), l.path));
};

// ---------------------------------------------------------------------------------------------
// Gradient trees: a parameter tree's structure, each leaf a dense tensor or a sparse cotangent
// (what `valueAndGrad(f, { rowSparse: true })` gives and the optimisers take).

/** A tree whose leaves are tensors or sparse cotangents. */
export type GradTree = Cotangent | readonly (GradTree | null | undefined)[] | { readonly [k: string]: GradTree | null | undefined };

/** The gradients of a tree of type T: its structure, each leaf `Tensor<S>` or a sparse cotangent of that shape. */
export type SparseGrads<T> = Tree extends T ? GradTree // (stops the recursion where the structure is not known)
  : T extends Tensor<infer S> ? T | SparseCotangent<S>
  : T extends readonly unknown[] ? { readonly [K in keyof T]: SparseGrads<T[K]> }
  : T extends object ? { readonly [K in keyof T]: SparseGrads<T[K]> } : T;

/** @internal the leaves of a gradient tree (tensors or sparse cotangents), with errors naming `op` and `arg`. */
export const gradLeavesOf = (op: string, arg: string, t: unknown): { path: string; value: Cotangent }[] => {
  const out: { path: string; value: Cotangent }[] = [];
  rebuildWith(isGradLeaf, op, arg, t, (value, path) => { out.push({ path, value }); }, '');
  return out;
};

/** @internal `t`'s structure with each leaf replaced by a cotangent: how a gradient tree is made. */
export const mapToGrads = <T extends Tree>(op: string, t: T, f: (x: Tensor, path: string) => Cotangent): SparseGrads<T> =>
  // rebuild keeps the structure it walks, so the result is T's with cotangent leaves: asserted here once
  rebuild(op, 'x', t, f, '') as SparseGrads<T>;

/** @internal a gradient tree of the same structure with each leaf (a tensor or a sparse cotangent) replaced by `f(leaf)`. */
export const mapGradLeaves = <G extends GradTree>(op: string, g: G, f: (c: Cotangent, path: string) => Cotangent): G =>
  rebuildWith(isGradLeaf, op, 'grads', g, f, '') as G; // structure kept, as mapLeaves

/** @internal a gradient tree with every leaf densified (the dense gradient tree it stands for). */
export const denseGrads = <G extends GradTree>(op: string, g: G): Tree =>
  rebuildWith(isGradLeaf, op, 'grads', g, (c) => (c instanceof Tensor ? c : c.dense()), '') as Tree; // structure kept: leaves now tensors

/** A tree with T's structure where any leaf may be a hole (null): one part of a partition. */
export type Holes<T> = Tree extends T ? Tree // (stops the recursion where the structure is not known)
  : T extends Tensor ? T | null
  : T extends readonly unknown[] ? { readonly [K in keyof T]: Holes<T[K]> }
  : T extends object ? { readonly [K in keyof T]: Holes<T[K]> } : T;

/** The tree a merge of `Holes` parts gives back: every leaf a tensor again. */
export type Filled<H> = Tree extends H ? Tree
  : H extends Tensor ? H
  : H extends readonly unknown[] ? { readonly [K in keyof H]: Filled<Exclude<H[K], null>> }
  : H extends object ? { readonly [K in keyof H]: Filled<Exclude<H[K], null>> } : H;

/** `t` with every leaf for which `keep` is false replaced by a hole (null); the structure is kept. */
export const keepLeaves = <T extends Tree>(op: string, t: T, keep: (x: Tensor, path: string) => boolean): Holes<T> =>
  // rebuild keeps the structure it walks, so the result is T's structure with holes: the one place that fact is asserted
  rebuild(op, 'tree', t, (x, path) => (keep(x, path) ? x : null), '') as Holes<T>;

/**
 * Trees of one structure merged leaf by leaf: each leaf from the first tree holding a tensor
 * there; a place where every tree has a hole stays a hole. The inverse of splitting a tree with
 * `keepLeaves` and its complement.
 */
export const mergeLeaves = <H extends Tree>(op: string, parts: readonly H[]): Filled<H> => {
  const at = (node: unknown, k: string): unknown =>
    node !== null && typeof node === 'object' && !(node instanceof Tensor) ? Object.entries(node).find(([key]) => key === k)?.[1] : undefined;
  const go = (nodes: readonly unknown[], depth: number): unknown => {
    const present = nodes.filter((n) => !isHole(n));
    if (present.length === 0) return null;
    const [first] = present;
    if (first instanceof Tensor) return first;
    if (first === null || typeof first !== 'object' || !isContainer(first) || depth >= MAX_DEPTH)
      throw new ArgumentError(op, 'trees', `must be trees of tensors with holes (null), got ${describe(first)}`);
    if (Array.isArray(first)) return first.map((_, i) => go(nodes.map((n) => at(n, String(i))), depth + 1));
    return Object.fromEntries(sortedKeys(first).map((k) => [k, go(nodes.map((n) => at(n, k)), depth + 1)]));
  };
  const list: readonly unknown[] = parts; // walked as unknown values: the checks below are the walk's own
  list.forEach((p, i) => { if (!isHole(p)) rebuild(op, `trees[${i}]`, p, () => undefined, ''); });
  // the merge walks the parts' shared structure, so the result has theirs with the holes filled: asserted here once
  return go(list, 0) as Filled<H>;
};

// ---------------------------------------------------------------------------------------------
// Values that hold tensors somewhere (aux outputs, optimiser and training state, results of an
// abstract evaluation): unlike a tree they may hold numbers, strings and other objects too.

export interface InValueOptions {
  /** What a non-tensor, non-container value becomes (default: itself). */
  readonly other?: (v: unknown, path: string) => unknown;
}

/**
 * Rebuilds any value with every tensor in it replaced by `f(tensor, path)`: arrays by index, other
 * objects by their own enumerable keys (as plain objects), anything else through `o.other`. A
 * value reached twice is rebuilt once, so shared and cyclic structure stays as it was. The one walk
 * for such values, as `leaves`/`mapLeaves` are the one walk for trees.
 */
export const mapTensorsIn = (v: unknown, f: (t: Tensor, path: string) => unknown, o: InValueOptions = {}, prefix = ''): unknown => {
  const done = new Map<object, unknown>();
  const go = (node: unknown, path: string): unknown => {
    if (node instanceof Tensor) return f(node, path);
    if (node === null || typeof node !== 'object') return o.other ? o.other(node, path) : node;
    // typed arrays (data read back, index vectors) hold no tensors: kept whole, not walked cell by cell
    if (ArrayBuffer.isView(node)) return node;
    const seen = done.get(node);
    if (seen !== undefined) return seen;
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      done.set(node, out);
      node.forEach((c: unknown, i) => { out.push(go(c, join(path, String(i)))); });
      return out;
    }
    const out: Record<string, unknown> = {};
    done.set(node, out);
    for (const [k, c] of Object.entries(node)) out[k] = go(c, join(path, k));
    return out;
  };
  return go(v, prefix);
};

/** Every tensor in any value (see `mapTensorsIn`), each once, with its dotted path. */
export const tensorsIn = (v: unknown): { path: string; value: Tensor }[] => {
  const out: { path: string; value: Tensor }[] = [];
  const met = new Set<Tensor>();
  mapTensorsIn(v, (t, path) => { if (!met.has(t)) { met.add(t); out.push({ path, value: t }); } return t; });
  return out;
};
