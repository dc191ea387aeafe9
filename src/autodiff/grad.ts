import { ShapeError } from '../shape/errors.js';
import { fmt, sameShape } from '../shape/shape.js';
import { ones, zeros } from '../tensor/create.js';
import { Tensor, rawOf, type TraceNode } from '../tensor/tensor.js';
import { add } from '../ops/elementwise.js';
import { scoped } from '../backend/scope.js';
import { newNodeId } from './primitive.js';
import { leaves, mapLeaves, type Tree } from './tree.js';

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
    ct.set(node, prev ? add(prev, g) : g);
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

/**
 * Reverse-mode vector-Jacobian product. Returns `f(x)` and a pullback that maps a cotangent with the
 * structure of `f(x)` to one with the structure of `x`. `x` and `f(x)` are tensors or trees of tensors.
 */
export const vjp = <X extends Tree, Y extends Tree>(f: (x: X) => Y, x: X): [Y, (gy: Y) => X] => {
  const level = ++lastLevel;
  const xin = mapLeaves(x, (t) => boxLeaf(t, level));
  const xLeaves = leaves(xin);
  tracing++;
  let yBoxed: Y;
  try { yBoxed = f(xin); } finally { tracing--; }
  const yLeaves = leaves(yBoxed);
  const y = mapLeaves(yBoxed, (t) => unboxAt(t, level));
  const pullback = (gy: Y): X => {
    const gLeaves = leaves(gy);
    if (gLeaves.length !== yLeaves.length) throw new Error(`vjp: the cotangent has ${gLeaves.length} tensors but f(x) has ${yLeaves.length}`);
    const seeds = yLeaves.map((yl, i) => {
      const g = gLeaves[i].value;
      if (!sameShape(g.shape, yl.value.shape)) throw new ShapeError('vjp', `cotangent '${yl.path || 'output'}'`, g.shape, `f(x) has shape ${fmt(yl.value.shape)}`);
      return { y: yl.value, g };
    });
    const ct = backward(level, seeds);
    let i = 0;
    return mapLeaves(x, (t) => ct.get(xLeaves[i++].value.box!.node) ?? zeros(t.shape));
  };
  return [y, pullback];
};

/**
 * `valueAndGrad(f)(x)` returns `[f(x), ∇f(x)]` for `f` returning a one-element tensor; the gradient
 * has the structure of `x` (a tensor or a tree of tensors). Differentiable again: `grad(grad(f))` works.
 */
export const valueAndGrad = <X extends Tree>(f: (x: X) => Tensor) => (x: X): [Tensor, X] =>
  // Outside any other trace nothing can refer to the intermediates afterwards: free them (GL) on return.
  tracing > 0 || leaves(x).some((l) => l.value.box) ? valueAndGradTraced(f, x) : scoped(() => valueAndGradTraced(f, x));

const valueAndGradTraced = <X extends Tree>(f: (x: X) => Tensor, x: X): [Tensor, X] => {
  const [y, pullback] = vjp(f, x);
  if (!(y instanceof Tensor) || y.size !== 1)
    throw new ShapeError('grad', 'f(x)', y instanceof Tensor ? y.shape : [], 'must be a tensor with exactly one element (a scalar loss)');
  return [y, pullback(ones(y.shape) as unknown as typeof y as never)];
};

/**
 * Like valueAndGrad for `f` returning `[loss, aux]`: gives `[[loss, aux], grads]`. `aux` (e.g. new
 * batch-norm statistics) carries no gradient and survives the call's scope.
 */
export const valueAndGradWithAux = <X extends Tree, A>(f: (x: X) => readonly [Tensor, A]) => (x: X): [[Tensor, A], X] => {
  const run = (): [[Tensor, A], X] => {
    let aux: A | undefined;
    const [y, g] = valueAndGradTraced((xx: X) => { const [l, a] = f(xx); aux = unboxAux(a); return l; }, x);
    return [[y, aux as A], g];
  };
  return tracing > 0 || leaves(x).some((l) => l.value.box) ? run() : scoped(run);
};

// aux values are data, not differentiated: strip any trace boxes so they can be kept.
const unboxAux = <A>(a: A): A => {
  if (a instanceof Tensor) return rawOf(a) as A;
  if (Array.isArray(a)) return a.map(unboxAux) as A;
  if (a !== null && typeof a === 'object') return Object.fromEntries(Object.entries(a).map(([k, v]) => [k, unboxAux(v)])) as A;
  return a;
};

/** The gradient of a scalar function: `grad(f)(x)` has the structure of `x`. */
export const grad = <X extends Tree>(f: (x: X) => Tensor) => (x: X): X => valueAndGrad(f)(x)[1];

/** The same values, seen as a constant by every enclosing `grad` / `vjp`. */
export const stopGradient = <S extends readonly number[]>(x: Tensor<S>): Tensor<S> => rawOf(x);
