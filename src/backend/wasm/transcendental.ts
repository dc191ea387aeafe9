// exp, sigmoid and tanh over two float64 lanes, for the engine's kernels. They follow the formulas of
// the gpu.js kernels (kernels/elementwise.ts), which gpu.js's cpu mode evaluates in float64 and
// rounds once to f32; here exp is a range reduction and a degree-11 Taylor polynomial (relative
// error below 2e-14, far under f32's 6e-8 rounding), so results round to the same f32 as Math.exp's
// almost always, and always within one ulp of the float64 value.
import { simd, type FnBuilder } from './encoder.js';

const { f64x2Add: ADD, f64x2Sub: SUB, f64x2Mul: MUL, f64x2Div: DIV } = simd;

/** ln 2 in two parts (fdlibm's): hi has trailing zero bits, so k·hi is exact for |k| < 2^20. */
const LN2_HI = 6.93147180369123816490e-01;
const LN2_LO = 1.90821492927058770002e-10;
const LOG2E = 1.4426950408889634;
/** 1.5·2^52: adding it rounds to an integer held in the low mantissa bits. */
const SHIFTER = 6755399441055744;
/** 1/n! for n = 0..11: the Taylor series of e^r on |r| ≤ ln2 / 2 (truncation 6e-15 relative). */
const TAYLOR = Array.from({ length: 12 }, (_, n) => 1 / Array.from({ length: n }, (_, i) => i + 1).reduce((a, b) => a * b, 1));
/** tanh's series for |x| < 0.125 (kernels/elementwise.ts `tanhSmall`), innermost first. */
const TANH_SMALL = [0.021869488536155203, -0.05396825396825397, 0.13333333333333333, -0.3333333333333333, 1];

/**
 * The v128 locals the functions below share (one set per kernel): scratch a–e, and every constant
 * they use, set once where the set is made (before the kernel's loops): V8 builds each v128.const
 * from several instructions, which inside the loop cost more than the arithmetic.
 */
export interface F64Scratch {
  readonly a: number; readonly b: number; readonly c: number; readonly d: number; readonly e: number;
  /** The local holding the f64x2 constant v (one of F64_CONSTANTS). */
  readonly k: (v: number) => number;
  /** The local holding the i64x2 constant 1023 (the exponent bias). */
  readonly bias: number;
}

const F64_CONSTANTS = [...new Set([-110, 100, LOG2E, SHIFTER, LN2_HI, LN2_LO, ...TAYLOR, 0, 1, -2, 0.125, ...TANH_SMALL])];

export const f64Scratch = (f: FnBuilder): F64Scratch => {
  const local = new Map<number, number>();
  for (const v of F64_CONSTANTS) { const l = f.local('v128'); f.f64x2(v).set(l); local.set(v, l); }
  const bias = f.local('v128');
  f.i64x2(1023).set(bias);
  return {
    a: f.local('v128'), b: f.local('v128'), c: f.local('v128'), d: f.local('v128'), e: f.local('v128'),
    k: (v) => {
      const l = local.get(v);
      if (l === undefined) throw new Error(`nn-ts simd engine: ${v} is not one of the float64 kernels' constants`);
      return l;
    },
    bias,
  };
};

/**
 * Leaves e^x (f64x2) on the stack for the f64x2 in local `x` (not a scratch local). x is first
 * clamped to [−110, 100] (f64 min/max keep NaN), where e^x is a normal f64 whose f32 rounding is
 * already 0 or Inf; then e^x = 2^k · e^r with k = round(x·log2 e) and r = x − k·ln 2. Uses scratch a, b, c, e.
 */
export const expF64 = (f: FnBuilder, x: number, s: F64Scratch): void => {
  f.get(x).get(s.k(-110)).simd(simd.f64x2Pmax).get(s.k(100)).simd(simd.f64x2Pmin).set(s.a);
  // t = x·log2 e + 1.5·2^52 holds k = round(x·log2 e) in its low mantissa bits, and t − 1.5·2^52 = k
  f.get(s.a).get(s.k(LOG2E)).simd(MUL).get(s.k(SHIFTER)).simd(ADD).set(s.b);
  f.get(s.b).get(s.k(SHIFTER)).simd(SUB).set(s.e);
  f.get(s.a).get(s.e).get(s.k(LN2_HI)).simd(MUL).simd(SUB).get(s.e).get(s.k(LN2_LO)).simd(MUL).simd(SUB).set(s.c);
  // the polynomial by Estrin's scheme (pairs, then powers r², r⁴, r⁸): a shorter dependency chain than Horner's
  f.get(s.c).get(s.c).simd(MUL).set(s.a); // r²
  const pair = (n: number) => { f.get(s.c).get(s.k(TAYLOR[n + 1])).simd(MUL).get(s.k(TAYLOR[n])).simd(ADD); };
  // q0 = (c0 + c1 r) + r²(c2 + c3 r);  q1 = (c4 + c5 r) + r²(c6 + c7 r);  q2 = (c8 + c9 r) + r²(c10 + c11 r)
  const quad = (n: number) => { pair(n); pair(n + 2); f.get(s.a).simd(MUL).simd(ADD); };
  quad(8);
  f.get(s.a).get(s.a).simd(MUL).tee(s.e).simd(MUL); // q2·r⁴
  quad(4);
  f.simd(ADD).get(s.e).simd(MUL); // (q1 + q2·r⁴)·r⁴
  quad(0);
  f.simd(ADD);
  // 2^k from its bits: (k + 1023) << 52, with k the low bits of t (the shift drops the shifter's bits)
  f.get(s.b).get(s.bias).simd(simd.i64x2Add).i32(52).simd(simd.i64x2Shl);
  f.simd(MUL);
};

/** Leaves sigmoid(x) on the stack: x ≥ 0 ? 1 / (1 + e^−x) : e^x / (1 + e^x), with e = e^−|x| ≤ 1. Uses scratch a–e. */
export const sigmoidF64 = (f: FnBuilder, x: number, s: F64Scratch): void => {
  f.get(x).simd(simd.f64x2Abs).simd(simd.f64x2Neg).set(s.d);
  expF64(f, s.d, s);
  f.set(s.d);
  f.get(s.d).get(s.k(1)).simd(ADD).set(s.e);
  f.get(s.k(1)).get(s.e).simd(DIV);
  f.get(s.d).get(s.e).simd(DIV);
  f.get(x).get(s.k(0)).simd(simd.f64x2Ge).simd(simd.bitselect);
};

/**
 * Leaves tanh(x) on the stack: the odd series below |x| < 0.125, else ±(1 − e)/(1 + e) with
 * e = e^−2|x| ≤ 1 (no overflow). Uses scratch a–e.
 */
export const tanhF64 = (f: FnBuilder, x: number, s: F64Scratch): void => {
  f.get(x).simd(simd.f64x2Abs).get(s.k(-2)).simd(MUL).set(s.d);
  expF64(f, s.d, s);
  f.set(s.d);
  // t = (1 − e)/(1 + e), negated where x < 0
  f.get(s.k(1)).get(s.d).simd(SUB).get(s.d).get(s.k(1)).simd(ADD).simd(DIV).set(s.e);
  f.get(s.e).simd(simd.f64x2Neg).get(s.e).get(x).get(s.k(0)).simd(simd.f64x2Lt).simd(simd.bitselect).set(s.e);
  // the series x·(1 + x²·(c3 + x²·(…)))
  f.get(x).get(x).simd(MUL).set(s.d);
  f.get(s.k(TANH_SMALL[0]));
  for (const c of TANH_SMALL.slice(1)) f.get(s.d).simd(MUL).get(s.k(c)).simd(ADD);
  f.get(x).simd(MUL);
  f.get(s.e);
  f.get(x).simd(simd.f64x2Abs).get(s.k(0.125)).simd(simd.f64x2Lt).simd(simd.bitselect);
};

/** The float64 functions the kernels are built from, by op name. */
export const F64_FUNCTIONS = { exp: expF64, sigmoid: sigmoidF64, tanh: tanhF64 } as const;
export type F64Unary = keyof typeof F64_FUNCTIONS;
