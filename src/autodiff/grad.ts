import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { fmt, sameShape } from '../shape/shape.js';
import { ones, zeros } from '../tensor/create.js';
import { Tensor, rawOf, type TraceNode } from '../tensor/tensor.js';
import { scoped } from '../backend/scope.js';
import { addAny } from './ad-util.js';
import { newNodeId } from './primitive.js';
import { checkTree, leaves, leavesOf, mapLeaves, mapTensorsIn, type Tree } from './tree.js';

let lastLevel = 0;
/** How many vjp calls are running their function now (their traces may hold any new tensor). */
let tracing = 0;

const boxLeaf = (x: Tensor, level: number): Tensor =>
  new Tensor(x.shape, undefined, { level, inner: x, node: { id: newNodeId(), parents: [], pullback: () => [] } });

const unboxAt = (y: Tensor, level: number): Tensor => (y.box && y.box.level === level ? y.box.inner : y);

/** Reverse pass of one trace: cotangents of the leaf nodes given cotangents of some outputs. */
const backward = (level: number, seeds: readonly { y: Tensor; g: Tensor }[]): Map<TraceNode, Tensor> => {
  const ct = new Map<TraceNode, Tensor>();
  const accumulate = (node: TraceNode, g: Tensor) => {
    const prev = ct.get(node);
    ct.set(node, prev ? addAny(prev, g) : g);
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
    const cts = node.pullback(g);
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

/** vjp, with errors naming `op` (vjp, grad, valueAndGrad, ...). */
const vjpAs = <X extends Tree, Y extends Tree>(op: string, f: (x: X) => Y, x: X): [Y, (gy: Y) => X] => {
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
  const pullback = (gy: Y): X => {
    const gLeaves = leavesOf(op, 'cotangent', gy);
    if (gLeaves.length !== yLeaves.length) throw new ArgumentError(op, 'cotangent', `has ${gLeaves.length} tensors but f(x) has ${yLeaves.length}`);
    const seeds = yLeaves.map((yl, i) => {
      const g = gLeaves[i].value;
      if (!sameShape(g.shape, yl.value.shape)) throw new ShapeError(op, `cotangent '${yl.path || 'output'}'`, g.shape, `f(x) has shape ${fmt(yl.value.shape)}`);
      return { y: yl.value, g };
    });
    const ct = backward(level, seeds);
    let i = 0;
    return mapLeaves(x, (t) => ct.get(xLeaves[i++].value.box!.node) ?? zeros(t.shape));
  };
  return [y, pullback];
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

/** valueAndGrad, with errors naming `op` (grad runs through it). */
const valueAndGradAs = <X extends Tree>(op: string, f: (x: X) => Tensor) => {
  checkFunction(op, f);
  // Outside any other trace nothing can refer to the intermediates afterwards: free them (GL) on return.
  return (x: X): [Tensor, X] => (nested(op, x) ? valueAndGradTraced(op, f, x) : scoped(() => valueAndGradTraced(op, f, x)));
};

/**
 * `valueAndGrad(f)(x)` returns `[f(x), ∇f(x)]` for `f` returning a one-element tensor; the gradient
 * has the structure of `x` (a tensor or a tree of tensors). Differentiable again: `grad(grad(f))` works.
 */
export const valueAndGrad = <X extends Tree>(f: (x: X) => Tensor) => valueAndGradAs('valueAndGrad', f);

const valueAndGradTraced = <X extends Tree>(op: string, f: (x: X) => Tensor, x: X): [Tensor, X] => {
  const loss = (xx: X): Tensor => {
    const l: unknown = f(xx);
    if (!(l instanceof Tensor)) throw new ArgumentError(op, 'f(x)', `must be a tensor with exactly one element (a scalar loss), got ${describe(l)}`);
    return l;
  };
  const [y, pullback] = vjpAs(op, loss, x);
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
      const [y, g] = valueAndGradTraced(op, (xx: X) => {
        const r = f(xx);
        if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(op, 'f(x)', `must be a pair [loss, aux], got ${describe(r)}`);
        const [l, a] = r;
        aux = unboxAux(a);
        return l;
      }, x);
      return [[y, aux as A], g];
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

/** The gradient of a scalar function: `grad(f)(x)` has the structure of `x`. */
export const grad = <X extends Tree>(f: (x: X) => Tensor) => {
  const vg = valueAndGradAs('grad', f);
  return (x: X): X => vg(x)[1];
};

// Defined below the ops (they use it too); re-exported here, where users look for it.
export { stopGradient } from './ad-util.js';
