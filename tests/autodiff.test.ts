import { describe, expect, it } from 'vitest';
import {
  add, definePrimitive, exp, grad, log, matmul, mul, sin, stopGradient, sum, tanh, tensor, toArray, valueAndGrad, vjp,
  type Tensor, useBackend, currentBackend,
} from './support/api.js';
import { gradientLaw } from '../laws/index.js';
import { announceBackends, testedBackends } from './support/backends.js';

announceBackends('autodiff');

describe.each(testedBackends)('autodiff on %s', (backend) => {
  it('grad(grad(x => sum(x·x·x))) is 6x', () => {
    useBackend(backend, { strict: true });
    expect(currentBackend()).toBe(backend);
    const x = tensor([-1.5, 0, 0.5, 2], [4]);
    const f = (v: Tensor) => sum(mul(v, mul(v, v)));
    expect(Array.from(toArray(grad(f)(x)))).toEqual([6.75, 0, 0.75, 12]);
    const second = grad((v: Tensor) => sum(grad(f)(v)))(x);
    expect(Array.from(toArray(second))).toEqual([-9, 0, 3, 12]);
  });

  it('third derivative of tanh matches the closed form (tfjs #3252 fails here)', () => {
    useBackend(backend, { strict: true });
    const x = tensor([0.3, -0.7], [2]);
    const d1 = (v: Tensor) => sum(grad((u: Tensor) => sum(tanh(u)))(v));
    const d2 = (v: Tensor) => sum(grad(d1)(v));
    const d3 = toArray(grad(d2)(x));
    const closed = (t: number) => { const th = Math.tanh(t), s = 1 - th * th; return -2 * s * s + 4 * th * th * s; };
    expect(d3[0]).toBeCloseTo(closed(0.3), 4);
    expect(d3[1]).toBeCloseTo(closed(-0.7), 4);
  });

  it('gradients over a tree have the tree’s structure', () => {
    useBackend(backend, { strict: true });
    const params = { w: tensor([1, 2, 3, 4], [2, 2]), b: [tensor([0.5, -0.5], [2])] };
    const x = tensor([1, -1], [1, 2]);
    const [v, g] = valueAndGrad((p: typeof params) => sum(add(matmul(x, p.w), p.b[0])))(params);
    expect(toArray(v)[0]).toBeCloseTo(-4, 6);
    expect(Array.from(toArray(g.w))).toEqual([1, 1, -1, -1]);
    expect(Array.from(toArray(g.b[0]))).toEqual([1, 1]);
  });

  it('stopGradient blocks the gradient and a constant output gives zeros', () => {
    useBackend(backend, { strict: true });
    const x = tensor([2, 3], [2]);
    expect(Array.from(toArray(grad((v: Tensor) => sum(mul(v, stopGradient(v))))(x)))).toEqual([2, 3]);
    expect(Array.from(toArray(grad((_v: Tensor) => sum(tensor([1, 2], [2])))(x)))).toEqual([0, 0]);
  });

  it('vjp pulls back any cotangent', () => {
    useBackend(backend, { strict: true });
    const [y, back] = vjp((v: Tensor) => exp(v), tensor([0, 1], [2]));
    const g = back(tensor([1, 2], [2]));
    expect(toArray(g)[1]).toBeCloseTo(2 * Math.E, 5);
    expect(toArray(y)[0]).toBe(1);
  });

  it('Hessian-vector product by grad of a directional derivative', () => {
    useBackend(backend, { strict: true });
    // f(x) = Σ x_i² x_j-ish: use f = sum(log(1 + exp(A x))) and compare H v to finite differences of ∇f.
    const A = tensor([1, 2, -1, 0.5, 0.3, -2], [3, 2]);
    const f = (x: Tensor) => sum(log(add(1, exp(matmul(A, x)))));
    const x = tensor([0.2, -0.4], [2, 1]);
    const v = tensor([1, -2], [2, 1]);
    const hv = toArray(grad((u: Tensor) => sum(mul(grad(f)(u), v)))(x));
    const g = (d: number) => toArray(grad(f)(tensor([0.2 + d * 1, -0.4 - d * 2], [2, 1])));
    const e = 1e-2, fd = [0, 1].map((i) => (g(e)[i] - g(-e)[i]) / (2 * e));
    expect(hv[0]).toBeCloseTo(fd[0], 2);
    expect(hv[1]).toBeCloseTo(fd[1], 2);
  });
});

describe('user-defined primitives', () => {
  // sin is not built in: a user defines it with its pullback through the public API.
  it('a custom primitive passes the gradient law and is differentiable twice', () => {
    const x = tensor([0.1, 1.2, -2.3], [3]);
    for (const b of testedBackends) {
      useBackend(b, { strict: true });
      expect(gradientLaw((v) => sin(v), [x]).ok).toBe(true);
      const d2 = toArray(grad((v: Tensor) => sum(grad((u: Tensor) => sum(sin(u)))(v)))(x));
      expect(d2[1]).toBeCloseTo(-Math.sin(1.2), 4);
    }
  });

  it('refuses a second primitive with the same name', () => {
    expect(() => definePrimitive({ name: 'add', shape: ([s]) => s, forward: ([x]) => x })).toThrow(/already exists/);
  });
});

describe('grad errors', () => {
  it('says that a non-scalar output needs vjp', () => {
    expect(() => grad((v: Tensor) => mul(v, 2))(tensor([1, 2], [2]))).toThrow(/exactly one element/);
  });
});
