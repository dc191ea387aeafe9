import { broadcastStrides, decode, dot, kernelSource } from '../codegen.js';

/** Scalar expressions of one variable `x` for the unary kernels; all stable for large |x|. */
export const unaryExpr = {
  neg: '-x',
  exp: 'Math.exp(x)',
  log: 'Math.log(x)',
  sqrt: 'Math.sqrt(x)',
  abs: 'Math.abs(x)',
  sign: '(x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : 0.0))',
  // tanh and sigmoid via exp(-|x|) ≤ 1: no overflow, and the same formula on every backend.
  tanh: '(x < 0.0 ? -((1.0 - Math.exp(2.0 * x)) / (1.0 + Math.exp(2.0 * x))) : (1.0 - Math.exp(-2.0 * x)) / (1.0 + Math.exp(-2.0 * x)))',
  sigmoid: '(x >= 0.0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)))',
  relu: '(x > 0.0 ? x : 0.0)',
  softplus: '(Math.max(x, 0.0) + Math.log(1.0 + Math.exp(-Math.abs(x))))',
} as const;
export type UnaryOp = keyof typeof unaryExpr;

/** y[t] = expr(x[t]); `expr` may use `x`. */
export const mapSource = (expr: string): string => kernelSource(['a'], `const x = a[t];\nreturn ${expr};`);

/** Expressions of `x`, `y` for the broadcasting binary kernels. */
export const binaryExpr = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  pow: 'Math.pow(x, y)',
  maximum: '(x >= y ? x : y)',
  minimum: '(x <= y ? x : y)',
  greater: '(x > y ? 1.0 : 0.0)',
  greaterEqual: '(x >= y ? 1.0 : 0.0)',
  less: '(x < y ? 1.0 : 0.0)',
  lessEqual: '(x <= y ? 1.0 : 0.0)',
  equal: '(x == y ? 1.0 : 0.0)',
  notEqual: '(x != y ? 1.0 : 0.0)',
} as const;
export type BinaryOp = keyof typeof binaryExpr;

/** Index expression into an input of `inShape` broadcast to `out` (decoded indices i0..). */
const indexInto = (inShape: readonly number[], out: readonly number[]): string => {
  const same = inShape.length === out.length && inShape.every((d, i) => d === out[i]);
  return same ? 't' : dot(broadcastStrides(inShape, out.length));
};

/** Broadcasting n-ary map: inputs a, b, (c); `expr` uses x, y, (z). */
export const broadcastSource = (expr: string, inShapes: readonly (readonly number[])[], out: readonly number[]): string => {
  const names = ['a', 'b', 'c'].slice(0, inShapes.length);
  const vars = ['x', 'y', 'z'];
  const idx = inShapes.map((s) => indexInto(s, out));
  const needDecode = idx.some((e) => e !== 't' && e !== '0');
  const lines = [needDecode ? decode(out) : ''];
  names.forEach((n, k) => lines.push(`const ${vars[k]} = ${n}[${idx[k]}];`));
  lines.push(`return ${expr};`);
  return kernelSource(names, lines.join('\n'));
};
