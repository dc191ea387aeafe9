import { ArgumentError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe } from '../shape/options.js';
import { fmt, sameShape } from '../shape/shape.js';
import { ones, zeros } from '../tensor/create.js';
import { Tensor, denseCotangent, isSparseCotangent, rawOf, type Cotangent, type TraceNode } from '../tensor/tensor.js';
import { scoped } from '../backend/scope.js';
import { addAny } from './ad-util.js';
import { newNodeId } from './primitive.js';
import { checkTree, leaves, leavesOf, mapLeaves, mapTensorsIn, gradLeavesOf, mapToGrads, type SparseGrads, type Tree } from './tree.js';

let lastLevel = 0;
/** How many vjp calls are running their function now (their traces may hold any new tensor). */
let tracing = 0;

const boxLeaf = (x: Tensor, level: number): Tensor =>
  new Tensor(x.shape, undefined, { level, inner: x, node: { id: newNodeId(), parents: [], pullback: () => [] } });

const unboxAt = (y: Tensor, level: number): Tensor => (y.box && y.box.level === level ? y.box.inner : y);

/** a + b for two cotangents of one value; a sparse one stays sparse unless the other is dense. */
const addCotangents = (a: Cotangent, b: Cotangent): Cotangent =>
  isSparseCotangent(a) ? a.plus(b) : addAny(a, denseCotangent(b));

/**
 * Reverse pass of one trace: cotangents of the leaf nodes given cotangents of some outputs. A
 * sparse cotangent is densified before it enters a pullback, so only leaves keep sparse ones.
 */
const backward = (level: number, seeds: readonly { y: Tensor; g: Tensor }[]): Map<TraceNode, Cotangent> => {
  const ct = new Map<TraceNode, Cotangent>();
  const accumulate = (node: TraceNode, g: Cotangent) => {
    const prev = ct.get(node);
    ct.set(node, prev ? addCotangents(prev, g) : g);
  };
  const nodes = new Map<number, TraceNode>();
  const stack: TraceNode[] = [];
  for (const { y, g } of seeds) {
    if (!(y.box && y.box.level === level)) continue;
    accumulate(y.box.node, g);
    stack.push(y.box.node);
  }
  while (stack.length) {
    const n = stack.pop()!;
    if (nodes.has(n.id)) continue;
    nodes.set(n.id, n);
    for (const p of n.parents) if (p?.box) stack.push(p.box.node);
  }
  // Node ids grow in creation order, so descending ids visit every node after all its consumers.
  for (const id of [...nodes.keys()].sort((a, b) => b - a)) {
    const node = nodes.get(id)!;
    const g = ct.get(node);
    if (!g || node.parents.length === 0) continue;
    const cts = node.pullback(denseCotangent(g));
    node.parents.forEach((p, i) => {
      const c = cts[i];
      if (!p || !c) return;
      if (!sameShape(c.shape, p.shape))
        throw new Error(`nn-ts internal: a pullback returned a cotangent of shape ${fmt(c.shape)} for an input of shape ${fmt(p.shape)}`);
      accumulate(p.box!.node, c);
    });
  }
  return ct;
};

const checkFunction = (op: string, f: unknown): void => {
  if (typeof f !== 'function') throw new ArgumentError(op, 'f', `must be a function, got ${describe(f)}`);
};

/** vjp, with errors naming `op` (vjp, grad, valueAndGrad, ...); the pullback gives the leaves' cotangents, sparse ones kept. */
const vjpSparse = <X extends Tree, Y extends Tree>(op: string, f: (x: X) => Y, x: X): [Y, (gy: Y) => SparseGrads<X>] => {
  checkFunction(op, f);
  checkTree(op, 'x', x);
  const level = ++lastLevel;
  const xin = mapLeaves(x, (t) => boxLeaf(t, level));
  const xLeaves = leaves(xin);
  tracing++;
  let yBoxed: Y;
  try { yBoxed = f(xin); } finally { tracing--; }
  const yLeaves = leavesOf(op, 'f(x)', yBoxed);
  const y = mapLeaves(yBoxed, (t) => unboxAt(t, level));
  const pullback = (gy: Y): SparseGrads<X> => {
    const gLeaves = leavesOf(op, 'cotangent', gy);
    if (gLeaves.length !== yLeaves.length) throw new ArgumentError(op, 'cotangent', `has ${gLeaves.length} tensors but f(x) has ${yLeaves.length}`);
    const seeds = yLeaves.map((yl, i) => {
      const g = gLeaves[i].value;
      if (!sameShape(g.shape, yl.value.shape)) throw new ShapeError(op, `cotangent '${yl.path || 'output'}'`, g.shape, `f(x) has shape ${fmt(yl.value.shape)}`);
      return { y: yl.value, g };
    });
    const ct = backward(level, seeds);
    let i = 0;
    return mapToGrads<X>(op, x, (t) => ct.get(xLeaves[i++].value.box!.node) ?? zeros(t.shape));
  };
  return [y, pullback];
};

/** vjpSparse with every cotangent densified: the pullback gives a tree of x's own type. */
const vjpAs = <X extends Tree, Y extends Tree>(op: string, f: (x: X) => Y, x: X): [Y, (gy: Y) => X] => {
  const [y, pullback] = vjpSparse(op, f, x);
  return [y, (gy) => dense(x, pullback(gy))];
};

/** The dense tree a gradient tree of x stands for, with x's own type (leaf k of g is x's leaf k's cotangent). */
const dense = <X extends Tree>(x: X, g: SparseGrads<X>): X => {
  const gs = gradLeavesOf('grad', 'grads', g).map((l) => l.value);
  let i = 0;
  return mapLeaves(x, () => denseCotangent(gs[i++]));
};

/**
 * Reverse-mode vector-Jacobian product. Returns `f(x)` and a pullback that maps a cotangent with the
 * structure of `f(x)` to one with the structure of `x`. `x` and `f(x)` are tensors or trees of tensors
 * (see `Tree`); anything else is an ArgumentError naming the bad entry's path.
 */
export const vjp = <X extends Tree, Y extends Tree>(f: (x: X) => Y, x: X): [Y, (gy: Y) => X] => vjpAs('vjp', f, x);

/** Whether a call runs inside another trace (then its intermediates may still be referred to, and nothing is freed). */
const nested = (op: string, x: unknown): boolean => {
  checkTree(op, 'x', x);
  return tracing > 0 || leaves(x).some((l) => l.value.box);
};

export interface GradOptions {
  /**
   * Keep the gradient of a leaf that is only read through `gather` row-sparse (a `RowSparse`: the
   * gathered row ids and their rows) instead of a dense tensor of the leaf's shape. A leaf that is
   * also used otherwise gets a dense gradient as before. The optimisers take either. Default false.
   */
  readonly rowSparse?: boolean;
}

const readOptions = (op: string, o: GradOptions | undefined): boolean => {
  checkOptions(op, o, ['rowSparse']);
  checkBoolean(op, 'rowSparse', o?.rowSparse);
  return o?.rowSparse ?? false;
};

/** valueAndGrad with sparse leaves kept, with errors naming `op` (grad runs through it). */
const valueAndSparseGradAs = <X extends Tree>(op: string, f: (x: X) => Tensor) => {
  checkFunction(op, f);
  // Outside any other trace nothing can refer to the intermediates afterwards: free them (GL) on return.
  return (x: X): [Tensor, SparseGrads<X>] => (nested(op, x) ? valueAndGradTraced(op, f, x) : scoped(() => valueAndGradTraced(op, f, x)));
};

/** valueAndGrad with dense gradients, with errors naming `op`. */
const valueAndGradAs = <X extends Tree>(op: string, f: (x: X) => Tensor) => {
  checkFunction(op, f);
  const run = (x: X): [Tensor, X] => {
    const [y, g] = valueAndGradTraced(op, f, x);
    return [y, dense(x, g)];
  };
  return (x: X): [Tensor, X] => (nested(op, x) ? run(x) : scoped(() => run(x)));
};

/**
 * `valueAndGrad(f)(x)` returns `[f(x), ∇f(x)]` for `f` returning a one-element tensor; the gradient
 * has the structure of `x` (a tensor or a tree of tensors). Differentiable again: `grad(grad(f))` works.
 * With `{ rowSparse: true }` a leaf that is only gathered gets a `RowSparse` gradient (see GradOptions).
 */
export function valueAndGrad<X extends Tree>(f: (x: X) => Tensor, options?: { readonly rowSparse?: false }): (x: X) => [Tensor, X];
export function valueAndGrad<X extends Tree>(f: (x: X) => Tensor, options: { readonly rowSparse: true }): (x: X) => [Tensor, SparseGrads<X>];
export function valueAndGrad<X extends Tree>(f: (x: X) => Tensor, options?: GradOptions): (x: X) => [Tensor, X | SparseGrads<X>];
export function valueAndGrad<X extends Tree>(f: (x: X) => Tensor, options?: GradOptions): (x: X) => [Tensor, X | SparseGrads<X>] {
  return readOptions('valueAndGrad', options) ? valueAndSparseGradAs('valueAndGrad', f) : valueAndGradAs('valueAndGrad', f);
}

const valueAndGradTraced = <X extends Tree>(op: string, f: (x: X) => Tensor, x: X): [Tensor, SparseGrads<X>] => {
  const loss = (xx: X): Tensor => {
    const l: unknown = f(xx);
    if (!(l instanceof Tensor)) throw new ArgumentError(op, 'f(x)', `must be a tensor with exactly one element (a scalar loss), got ${describe(l)}`);
    return l;
  };
  const [y, pullback] = vjpSparse(op, loss, x);
  if (y.size !== 1) throw new ShapeError(op, 'f(x)', y.shape, 'must be a tensor with exactly one element (a scalar loss)');
  return [y, pullback(ones(y.shape))];
};

/**
 * Like valueAndGrad for `f` returning `[loss, aux]`: gives `[[loss, aux], grads]`. `aux` (e.g. new
 * batch-norm statistics) carries no gradient and survives the call's scope.
 */
export const valueAndGradWithAux = <X extends Tree, A>(f: (x: X) => readonly [Tensor, A]) => {
  const op = 'valueAndGradWithAux';
  checkFunction(op, f);
  return (x: X): [[Tensor, A], X] => {
    const run = (): [[Tensor, A], X] => {
      let aux: A | undefined;
      const [y, sg] = valueAndGradTraced(op, (xx: X) => {
        const r = f(xx);
        if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(op, 'f(x)', `must be a pair [loss, aux], got ${describe(r)}`);
        const [l, a] = r;
        aux = unboxAux(a);
        return l;
      }, x);
      return [[y, aux as A], dense(x, sg)];
    };
    return nested(op, x) ? run() : scoped(run);
  };
};

// aux values are data, not differentiated: strip any trace boxes so they can be kept (shared and cyclic structure kept).
const unboxAux = <A>(a: A): A => {
  if (a instanceof Tensor) return rawOf(a) as A; // the same tensor type, unboxed
  // mapTensorsIn keeps a's structure: the one place its type is restated
  return mapTensorsIn(a, (t) => rawOf(t)) as A;
};

/** The gradient of a scalar function: `grad(f)(x)` has the structure of `x` (row-sparse leaves with `{ rowSparse: true }`, as valueAndGrad). */
export function grad<X extends Tree>(f: (x: X) => Tensor, options?: { readonly rowSparse?: false }): (x: X) => X;
export function grad<X extends Tree>(f: (x: X) => Tensor, options: { readonly rowSparse: true }): (x: X) => SparseGrads<X>;
export function grad<X extends Tree>(f: (x: X) => Tensor, options?: GradOptions): (x: X) => X | SparseGrads<X> {
  if (readOptions('grad', options)) {
    const vg = valueAndSparseGradAs('grad', f);
    return (x) => vg(x)[1];
  }
  const vg = valueAndGradAs('grad', f);
  return (x) => vg(x)[1];
}

// Defined below the ops (they use it too); re-exported here, where users look for it.
export { stopGradient } from './ad-util.js';
