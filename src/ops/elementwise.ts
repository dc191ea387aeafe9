import { definePrimitive } from '../autodiff/primitive.js';
import { binaryExpr, binaryPrelude, broadcastSource, mapSource, unaryExpr, unaryPrelude, type BinaryOp, type UnaryOp } from '../backend/gpujs/kernels/elementwise.js';
import { OptionError } from '../shape/errors.js';
import { show } from '../shape/options.js';
import { broadcastShapes, type Shape } from '../shape/shape.js';
import type { Broadcast, BroadcastCheck } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import { asTensor, checkTensor, launch, nativeOrLaunch, type TensorLike } from './launch.js';
import { broadcastTo, sumTo } from './sum.js';
import { activeBackend } from '../backend/select.js';

// ---------- unary ----------

type UnaryVjp = (g: Tensor, x: Tensor, y: Tensor) => Tensor;

const unaryPrim = (op: UnaryOp, vjp: UnaryVjp | undefined) =>
  definePrimitive<void>({
    name: op,
    shape: ([s]) => s,
    forward: ([x], _p, shape) => nativeOrLaunch(activeBackend().unary?.(op, x.storage!), op, () => mapSource(unaryExpr[op], unaryPrelude[op]), [x], shape),
    ...(vjp ? { vjp: (g: Tensor, [x]: readonly Tensor[], y: Tensor) => [vjp(g, x, y)] } : {}),
  });

type Unary = <S extends Shape>(x: Tensor<S>) => Tensor<S>;
const unary = (p: (i: readonly Tensor[], params: void) => Tensor, op: string): Unary =>
  (<S extends Shape>(x: Tensor<S>) => p([asTensor(x, op, 'x')], undefined) as Tensor<S>) as Unary;

export const neg: Unary = unary(unaryPrim('neg', (g) => neg(g)), 'neg');
export const exp: Unary = unary(unaryPrim('exp', (g, _x, y) => mul(g, y)), 'exp');
export const log: Unary = unary(unaryPrim('log', (g, x) => div(g, x)), 'log');
export const sqrt: Unary = unary(unaryPrim('sqrt', (g, _x, y) => div(g, mul(y, 2))), 'sqrt');
/** sign(x) ∈ {−1, 0, 1} (NaN for NaN); its gradient is zero. */
export const sign: Unary = unary(unaryPrim('sign', undefined), 'sign');
export const abs: Unary = unary(unaryPrim('abs', (g, x) => mul(g, sign(x))), 'abs');
export const tanh: Unary = unary(unaryPrim('tanh', (g, _x, y) => mul(g, sub(1, mul(y, y)))), 'tanh');
export const sigmoid: Unary = unary(unaryPrim('sigmoid', (g, _x, y) => mul(g, mul(y, sub(1, y)))), 'sigmoid');
// relu′ as sign(relu(x)) ∈ {0, 1}, and NaN where x is NaN, so a NaN input reaches the gradient whatever the loss.
export const relu: Unary = unary(unaryPrim('relu', (g, _x, y) => mul(g, sign(y))), 'relu');
/** log(1 + eˣ), computed without overflow, and equal to eˣ (not 0) for very negative x. */
export const softplus: Unary = unary(unaryPrim('softplus', (g, x) => mul(g, sigmoid(x))), 'softplus');

const leakyReluPrim = definePrimitive<number>({
  name: 'leakyRelu',
  shape: ([s]) => s,
  forward: ([x], alpha, shape) => launch('leakyRelu', mapSource(`(x > 0.0 ? x : x * ${Number(alpha).toPrecision(9)})`), [x], shape),
  vjp: (g, [x], _y, alpha) => [mul(g, where(greater(x, 0), 1, alpha))],
});
/** x for x > 0, alpha·x otherwise (alpha defaults to 0.01). */
export const leakyRelu = <S extends Shape>(x: Tensor<S>, alpha = 0.01): Tensor<S> => {
  if (typeof alpha !== 'number' || !Number.isFinite(alpha)) throw new OptionError('leakyRelu', `alpha must be a finite number, got ${show(alpha)}`);
  return leakyReluPrim([asTensor(x, 'leakyRelu', 'x')], alpha) as Tensor<S>;
};

// ---------- broadcasting ----------

// broadcastTo and sumTo live with sum, their adjoint (./sum.ts); re-exported here as before.
export { broadcastTo, sumTo };

// ---------- binary ----------

type BinaryVjp = (g: Tensor, a: Tensor, b: Tensor, y: Tensor) => [Tensor | undefined, Tensor | undefined];

const binaryPrim = (op: BinaryOp, vjp: BinaryVjp | undefined) =>
  definePrimitive<void>({
    name: op,
    shape: ([a, b]) => broadcastShapes(op, a, b),
    forward: ([a, b], _p, shape) =>
      nativeOrLaunch(activeBackend().binary?.(op, a.storage!, b.storage!, a.shape, b.shape, shape), op, () => broadcastSource(binaryExpr[op], [a.shape, b.shape], shape, binaryPrelude[op]), [a, b], shape),
    ...(vjp
      ? {
          vjp: (g: Tensor, [a, b]: readonly Tensor[], y: Tensor) => {
            const [ga, gb] = vjp(g, a, b, y);
            return [ga && sumTo(ga, a.shape), gb && sumTo(gb, b.shape)];
          },
        }
      : {}),
  });

/** Overloads: with a plain number on either side the other shape is kept; two tensors broadcast (checked at compile time where literal). */
interface Binary {
  <A extends Shape>(a: Tensor<A>, b: number): Tensor<A>;
  <B extends Shape>(a: number, b: Tensor<B>): Tensor<B>;
  <A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & BroadcastCheck<string, A, B>): Tensor<Broadcast<A, B>>;
}
const binary = (p: (i: readonly Tensor[], params: void) => Tensor, op: string): Binary =>
  ((a: TensorLike, b: TensorLike) => p([asTensor(a, op, 'a'), asTensor(b, op, 'b')], undefined)) as unknown as Binary;

export const add: Binary = binary(binaryPrim('add', (g) => [g, g]), 'add');
export const sub: Binary = binary(binaryPrim('sub', (g) => [g, neg(g)]), 'sub');
export const mul: Binary = binary(binaryPrim('mul', (g, a, b) => [mul(g, b), mul(g, a)]), 'mul');
export const div: Binary = binary(binaryPrim('div', (g, a, b) => [div(g, b), neg(div(mul(g, a), mul(b, b)))]), 'div');
/**
 * aᵇ, with JavaScript's Math.pow for every a, b (negative a with integer b, zeros, infinities, NaN).
 * Gradients as PyTorch's: d/da is 0 where b = 0; d/db = aᵇ·log a is 0 where a = 0 and b ≥ 0 (not 0·−∞).
 */
export const pow: Binary = binary(binaryPrim('pow', (g, a, b, y) => [
  mul(g, where(equal(b, 0), 0, mul(b, pow(a, sub(b, 1))))),
  mul(g, where(mul(equal(a, 0), greaterEqual(b, 0)), 0, mul(y, log(a)))),
]), 'pow');
/** Elementwise max; NaN if either side is NaN; where a = b the gradient goes to a. */
export const maximum: Binary = binary(binaryPrim('maximum', (g, a, b) => {
  const m = greaterEqual(a, b);
  return [mul(g, m), mul(g, sub(1, m))];
}), 'maximum');
/** Elementwise min; NaN if either side is NaN; where a = b the gradient goes to a. */
export const minimum: Binary = binary(binaryPrim('minimum', (g, a, b) => {
  const m = lessEqual(a, b);
  return [mul(g, m), mul(g, sub(1, m))];
}), 'minimum');

/** Comparisons give 1 where true and 0 where false (IEEE: false against NaN, notEqual true); they pass no gradient. */
export const greater: Binary = binary(binaryPrim('greater', undefined), 'greater');
export const greaterEqual: Binary = binary(binaryPrim('greaterEqual', undefined), 'greaterEqual');
export const less: Binary = binary(binaryPrim('less', undefined), 'less');
export const lessEqual: Binary = binary(binaryPrim('lessEqual', undefined), 'lessEqual');
export const equal: Binary = binary(binaryPrim('equal', undefined), 'equal');
export const notEqual: Binary = binary(binaryPrim('notEqual', undefined), 'notEqual');

const wherePrim = definePrimitive<void>({
  name: 'where',
  shape: ([c, a, b]) => broadcastShapes('where', broadcastShapes('where', c, a), b),
  forward: ([c, a, b], _p, shape) => launch('where', broadcastSource('(x != 0.0 ? y : z)', [c.shape, a.shape, b.shape], shape), [c, a, b], shape),
  vjp: (g, [c, a, b]) => [undefined, sumTo(where(c, g, 0), a.shape), sumTo(where(c, 0, g), b.shape)],
});
/** Picks a where cond ≠ 0 (NaN counts as true, as in NumPy), else b (all three broadcast). No gradient flows into cond. */
export const where = <C extends Shape, A extends Shape, B extends Shape>(cond: TensorLike<C>, a: TensorLike<A>, b: TensorLike<B>): Tensor<Broadcast<Broadcast<C, A>, B>> =>
  wherePrim([asTensor(cond, 'where', 'cond'), asTensor(a, 'where', 'a'), asTensor(b, 'where', 'b')], undefined) as Tensor<Broadcast<Broadcast<C, A>, B>>;

/** x² (as x·x, so its gradient is 2x). */
export const square = <S extends Shape>(x: Tensor<S>): Tensor<S> => {
  checkTensor('square', 'x', x);
  return mul(x as Tensor, x as Tensor) as unknown as Tensor<S>;
};
