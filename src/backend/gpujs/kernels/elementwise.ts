import { INF, NAN, broadcastStrides, decode, dot, kernelSource } from '../codegen.js';

// NaN and ±Inf follow JavaScript's Math (and so NumPy/PyTorch) on every backend. GLSL compilers
// may fold NaN tests and rewrite `c ? a : b` into min/max (whose NaN result is undefined), so the
// formulas below need no NaN test: they rely only on ordered comparisons being false for NaN, and
// send the unordered case to an arithmetic fall-through (`x + x`, `x + y`) that is NaN. The probe
// showed llvmpipe folding `x > 0 ? x : (x <= 0 ? 0 : x)` into max(x, 0) (NaN → 0), but not these.

/** Largest f32 below ln(FLT_MAX·(1 + 2^-24)): exp of anything above it overflows to Inf in f32. */
const EXP_OVERFLOW = '88.72283935546875';

/** tanh(x) = x·(1 − x²/3 + 2x⁴/15 − 17x⁶/315 + 62x⁸/2835) for |x| < 0.125: truncation < 6e-10 relative, below f32 rounding. */
const tanhSmall = '(x * (1.0 + (x * x) * (-0.3333333333333333 + (x * x) * (0.13333333333333333 + (x * x) * (-0.05396825396825397 + (x * x) * 0.021869488536155203)))))';

/** Scalar expressions of one variable `x` for the unary kernels; all stable for large |x|. */
export const unaryExpr = {
  neg: '-x',
  // llvmpipe's exp gives Inf past the f32 range, but the GLSL spec does not promise it (FLT_MAX was measured elsewhere).
  exp: `(x >= ${EXP_OVERFLOW} ? ${INF} : Math.exp(x))`,
  log: 'Math.log(x)',
  sqrt: 'Math.sqrt(x)',
  abs: 'Math.abs(x)',
  sign: '(x > 0.0 ? 1.0 : (x < 0.0 ? -1.0 : (x == 0.0 ? 0.0 : x)))',
  // Through exp(-2|x|) ≤ 1 (no overflow); the polynomial below |x| < 0.125 where 1 − e^(−2|x|) cancels in f32.
  tanh: `(Math.abs(x) < 0.125 ? ${tanhSmall} : (x < 0.0 ? -((1.0 - Math.exp(2.0 * x)) / (1.0 + Math.exp(2.0 * x))) : (1.0 - Math.exp(-2.0 * x)) / (1.0 + Math.exp(-2.0 * x))))`,
  sigmoid: '(x >= 0.0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x)))',
  relu: '(x > 0.0 ? x : (x <= 0.0 ? 0.0 : x + x))',
  // max(x, 0) + log1p(u), u = e^(−|x|) ∈ (0, 1], with log1p(u) = 2·atanh(s), s = u/(2 + u) ≤ 1/3, as its
  // series to s¹³ (truncation < 2e-8 relative). It never forms 1 + u, which loses u below 2^-24 in f32,
  // and scales u before s is squared, so the result is e^x while that is a normal f32.
  softplus: '(x > 0.0 ? x + sp : (x <= 0.0 ? sp : x + x))',
} as const;
export type UnaryOp = keyof typeof unaryExpr;

/** Statements some unary expressions need first (they may use `x`). */
export const unaryPrelude: Partial<Record<UnaryOp, string>> = {
  softplus: `const u = Math.exp(-Math.abs(x));
const s = u / (2.0 + u);
const q = s * s;
const sp = (2.0 * u) / (2.0 + u) * (1.0 + q * (0.3333333333333333 + q * (0.2 + q * (0.14285714285714285 + q * (0.1111111111111111 + q * (0.09090909090909091 + q * 0.07692307692307693))))));`,
};

/** y[t] = expr(x[t]); `expr` may use `x` and what `prelude` defines. */
export const mapSource = (expr: string, prelude = ''): string =>
  kernelSource(['a'], `const x = a[t];\n${prelude ? `${prelude}\n` : ''}return ${expr};`);

/** Expressions of `x`, `y` for the broadcasting binary kernels. */
export const binaryExpr = {
  add: 'x + y',
  sub: 'x - y',
  mul: 'x * y',
  div: 'x / y',
  // JavaScript's Math.pow: GLSL's pow is undefined for x ≤ 0 (llvmpipe: pow(0, −1) = 0, pow(NaN, 2) = 0),
  // so only |x|^y with |x| > 0 finite goes to Math.pow; the sign, zeros, infinities and NaN are decided here.
  pow: `(y == 0.0 ? 1.0 : (x < 0.0 && x > -${INF} && isInt == 0.0 ? ${NAN} : (neg > 0.0 && odd > 0.0 ? -m : m)))`,
  // Ties give x (the gradient goes to a); NaN on either side falls through to x + y = NaN.
  maximum: '(x >= y ? x : (x < y ? y : x + y))',
  minimum: '(x <= y ? x : (x > y ? y : x + y))',
  // IEEE: every ordered comparison with NaN is false, notEqual is true (measured the same on all three modes).
  greater: '(x > y ? 1.0 : 0.0)',
  greaterEqual: '(x >= y ? 1.0 : 0.0)',
  less: '(x < y ? 1.0 : 0.0)',
  lessEqual: '(x <= y ? 1.0 : 0.0)',
  equal: '(x == y ? 1.0 : 0.0)',
  notEqual: '(x != y ? 1.0 : 0.0)',
} as const;
export type BinaryOp = keyof typeof binaryExpr;

/** Statements some binary expressions need first (they may use `x`, `y`). */
export const binaryPrelude: Partial<Record<BinaryOp, string>> = {
  // m = |x|^y. l = y·log2|x| decides overflow (Inf), underflow (0) and the NaN of 1^±Inf (0·Inf) first.
  pow: `const ax = Math.abs(x);
const l = y * Math.log2(ax);
const m = l >= 128.0 ? ${INF} : (l < 128.0 ? (l < -160.0 ? 0.0 : Math.pow(ax, y)) : l);
const isInt = Math.floor(y) == y ? 1.0 : 0.0;
const odd = isInt > 0.0 && Math.floor(y * 0.5) * 2.0 != y ? 1.0 : 0.0;
const neg = x < 0.0 || (x == 0.0 && 1.0 / x < 0.0) ? 1.0 : 0.0;`,
};

/** Index expression into an input of `inShape` broadcast to `out` (decoded indices i0..). */
const indexInto = (inShape: readonly number[], out: readonly number[]): string => {
  const same = inShape.length === out.length && inShape.every((d, i) => d === out[i]);
  return same ? 't' : dot(broadcastStrides(inShape, out.length));
};

/** Broadcasting n-ary map: inputs a, b, (c); `expr` uses x, y, (z) and what `prelude` defines. */
export const broadcastSource = (expr: string, inShapes: readonly (readonly number[])[], out: readonly number[], prelude = ''): string => {
  const names = ['a', 'b', 'c'].slice(0, inShapes.length);
  const vars = ['x', 'y', 'z'];
  const idx = inShapes.map((s) => indexInto(s, out));
  const needDecode = idx.some((e) => e !== 't' && e !== '0');
  const lines = [needDecode ? decode(out) : ''];
  names.forEach((n, k) => lines.push(`const ${vars[k]} = ${n}[${idx[k]}];`));
  if (prelude) lines.push(prelude);
  lines.push(`return ${expr};`);
  return kernelSource(names, lines.join('\n'));
};
