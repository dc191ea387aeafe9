// Trees for vjp / grad / optimisers: tensors in arrays and plain objects, null holes skipped;
// anything else, and cycles, are ArgumentErrors naming the op and the dotted path.
import { describe, expect, it } from 'vitest';
import { ArgumentError, ShapeError, grad, leaves, mapLeaves, mul, optim, sum, tensor, toArray, valueAndGrad, valueAndGradWithAux, vjp, type Tensor } from '../support/api.js';

const t = tensor([1, 2], [2]);
const loss = (p: { a: Tensor }) => sum(mul(p.a, p.a));
const id = <T>(x: T) => x;

describe('trees', () => {
  it('a string leaf is named with its path (it used to overflow the stack)', () => {
    expect(() => vjp(id, { a: t, b: { c: 'abc' } } as never)).toThrow(ArgumentError);
    expect(() => vjp(id, { a: t, b: { c: 'abc' } } as never)).toThrow("vjp: x holds a string ('abc') at path b.c, where a tensor, an array or a plain object belongs");
  });

  it('a number leaf is refused, not replaced by {}', () => {
    expect(() => grad(loss)({ a: t, lr: 3 } as never)).toThrow('grad: x holds 3 at path lr');
    expect(() => mapLeaves({ a: t, n: 3 } as never, id)).toThrow(/^mapLeaves: tree holds 3 at path n/);
  });

  it('a cycle is refused with its path (it used to overflow the stack)', () => {
    const x: Record<string, unknown> = { w: t, inner: { b: t } };
    (x.inner as Record<string, unknown>).back = x;
    expect(() => vjp(id, x as never)).toThrow('vjp: x has a cycle at path inner.back');
    expect(() => valueAndGrad(loss)(x as never)).toThrow(/^valueAndGrad: x has a cycle at path inner.back/);
    expect(() => leaves(x as never)).toThrow(/^leaves: tree has a cycle/);
  });

  it('a shared sub-tree is not a cycle, and null / undefined entries are holes', () => {
    const shared = { w: t };
    expect(leaves({ a: shared, b: shared }).map((l) => l.path)).toEqual(['a.w', 'b.w']);
    const g = grad((p: { a: Tensor; hole: null; list: (Tensor | null)[] }) => sum(mul(p.a, p.a)))({ a: t, hole: null, list: [null, t] });
    expect(Array.from(toArray(g.a))).toEqual([2, 4]);
    expect(g.hole).toBeNull();
    expect(g.list[0]).toBeNull();
  });

  it('grad checks f, x and what f returns', () => {
    expect(() => grad(loss)(3 as never)).toThrow('grad: x must be a tensor or a tree of tensors (arrays and plain objects), got 3');
    expect(() => grad(3 as never)).toThrow('grad: f must be a function, got 3');
    expect(() => grad(() => undefined as never)(t)).toThrow('grad: f(x) must be a tensor with exactly one element (a scalar loss), got undefined');
    expect(() => valueAndGrad(() => 'x' as never)(t)).toThrow("valueAndGrad: f(x) must be a tensor with exactly one element (a scalar loss), got a string ('x')");
    expect(() => grad((x: Tensor) => mul(x, 2))(t)).toThrow(ShapeError);
    expect(() => valueAndGradWithAux(((x: Tensor) => sum(x)) as never)(t)).toThrow('valueAndGradWithAux: f(x) must be a pair [loss, aux], got a Tensor');
  });

  it('vjp checks what f returns and the cotangent', () => {
    expect(() => vjp(() => undefined as never, t)).toThrow('vjp: f(x) must be a tensor or a tree of tensors (arrays and plain objects), got undefined');
    const [, back] = vjp(id, t);
    expect(() => back([t, t] as never)).toThrow('vjp: cotangent has 2 tensors but f(x) has 1');
    expect(() => back('g' as never)).toThrow(ArgumentError);
  });

  it('optimisers name themselves for bad trees and state', () => {
    const opt = optim.sgd({ lr: 0.1 });
    expect(() => opt.init({ w: 'x' } as never)).toThrow("sgd: params holds a string ('x') at path w");
    expect(() => opt.step({ w: t }, { w: t, b: t } as never, opt.init({ w: t }))).toThrow("sgd: grads has leaves ['b', 'w'] but params has ['w']");
    expect(() => opt.step({ w: t }, { w: t }, undefined as never)).toThrow('sgd: state must be the optimiser state from init (with a step count), got undefined');
  });
});
