// e^x as fdlibm's __ieee754_exp computes it (FreeBSD msun's e_exp.c, which V8's and SpiderMonkey's Math.exp run),
// emitted as scalar float64 WebAssembly, so a kernel's e^x is Math.exp's value bit for bit where
// Math.exp is fdlibm's: the reduction x = k·ln2 + r (ln 2 in two parts), the degree-5 rational
// approximation on |r| ≤ ln2 / 2, and the scaling by 2^k.
import type { FnBuilder } from '../backend/wasm/encoder.js';

const LN2_HI = 6.93147180369123816490e-01, LN2_LO = 1.90821492927058770002e-10, INV_LN2 = 1.44269504088896338700e+00;
const P = [1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05, -1.65339022054652515390e-06, 4.13813679705723846039e-08];
const O_THRESHOLD = 7.09782712893383973096e+02, U_THRESHOLD = -7.45133219101941108420e+02;
const TWO_M1000 = 9.33263618503218878990e-302;

const F64 = { add: 0xa0, sub: 0xa1, mul: 0xa2, div: 0xa3, neg: 0x9a, ne: 0x62, lt: 0x63, gt: 0x64, convertI32: 0xb7, reinterpret: 0xbf } as const;
const I32 = { and: 0x71, geU: 0x4f, gtU: 0x4b, ltU: 0x49, eq: 0x46, truncF64: 0xaa, wrapI64: 0xa7 } as const;
const I64 = { reinterpretF64: 0xbd, shrU: 0x88, shl: 0x86, extendI32S: 0xac } as const;

/** Locals the exp code needs (make once per function). */
export interface ExpLocals { readonly x: number; readonly hi: number; readonly lo: number; readonly t: number; readonly c: number; readonly y: number; readonly hx: number; readonly neg: number; readonly k: number; readonly r: number }

export const expLocals = (f: FnBuilder): ExpLocals => ({
  x: f.local('f64'), hi: f.local('f64'), lo: f.local('f64'), t: f.local('f64'), c: f.local('f64'), y: f.local('f64'),
  hx: f.local('i32'), neg: f.local('i32'), k: f.local('i32'), r: f.local('f64'),
});

/** 2^k as a float64 (−1022 ≤ k ≤ 1023). */
const pow2 = (f: FnBuilder, k: () => void): void => {
  k(); f.i32(1023).add().op(I64.extendI32S).op(0x42, 52).op(I64.shl).op(F64.reinterpret);
};

/** Leaves e^x on the stack for the float64 on top of it (consumed). */
export const expF64Scalar = (f: FnBuilder, l: ExpLocals): void => {
  f.set(l.x);
  // hx = the high word of |x|; neg = its sign bit
  f.get(l.x).op(I64.reinterpretF64).op(0x42, 32).op(I64.shrU).op(I32.wrapI64).set(l.hx);
  f.get(l.hx).i32(31).op(0x76).set(l.neg);
  f.get(l.hx).i32(0x7fffffff).op(I32.and).set(l.hx);
  f.op(0x02, 0x7c); // block (result f64): every branch below leaves e^x and leaves the block
  // |x| ≥ 709.78…: NaN → NaN, ±∞ → ∞ / 0, past the thresholds → ∞ / 0; else on to the main path
  f.ifThen(() => f.get(l.hx).i32(0x40862e42).op(I32.geU), () => {
    // br 2: out of this if and the outer one to the block
    f.ifThen(() => f.get(l.x).get(l.x).op(F64.ne), () => { f.get(l.x).get(l.x).op(F64.add).op(0x0c, 2); });
    f.ifThen(() => f.get(l.x).f64(O_THRESHOLD).op(F64.gt), () => { f.f64(Infinity).op(0x0c, 2); });
    f.ifThen(() => f.get(l.x).f64(U_THRESHOLD).op(F64.lt), () => { f.f64(0).op(0x0c, 2); });
  });
  // |x| < 2^-28: 1 + x
  f.ifThen(() => f.get(l.hx).i32(0x3e300000).op(I32.ltU), () => { f.f64(1).get(l.x).op(F64.add).op(0x0c, 1); });
  f.i32(0).set(l.k);
  f.get(l.x).set(l.r);
  f.ifThen(() => f.get(l.hx).i32(0x3fd62e42).op(I32.gtU), () => { // |x| > ln2 / 2: reduce
    f.ifElse(() => f.get(l.hx).i32(0x3ff0a2b2).op(I32.ltU), () => { // and < 1.5 ln2: k = ±1
      // e^1 is e itself (FreeBSD's msun, which V8 follows); br 3: out of three ifs to the block
      f.ifThen(() => f.get(l.x).f64(1).op(0x61), () => { f.f64(Math.E).op(0x0c, 3); });
      f.ifElse(() => f.get(l.neg), () => {
        f.get(l.x).f64(-LN2_HI).op(F64.sub).set(l.hi); f.f64(-LN2_LO).set(l.lo); f.i32(-1).set(l.k);
      }, () => {
        f.get(l.x).f64(LN2_HI).op(F64.sub).set(l.hi); f.f64(LN2_LO).set(l.lo); f.i32(1).set(l.k);
      });
    }, () => {
      f.f64(INV_LN2).get(l.x).op(F64.mul);
      f.ifElse(() => f.get(l.neg), () => f.f64(-0.5), () => f.f64(0.5), 'f64');
      f.op(F64.add).op(I32.truncF64).set(l.k);
      f.get(l.k).op(F64.convertI32).set(l.t);
      f.get(l.x).get(l.t).f64(LN2_HI).op(F64.mul).op(F64.sub).set(l.hi);
      f.get(l.t).f64(LN2_LO).op(F64.mul).set(l.lo);
    });
    f.get(l.hi).get(l.lo).op(F64.sub).set(l.r);
  });
  // c = r − t·(P1 + t·(P2 + t·(P3 + t·(P4 + t·P5)))), t = r²
  f.get(l.r).get(l.r).op(F64.mul).set(l.t);
  f.get(l.r).get(l.t);
  f.f64(P[0]).get(l.t).f64(P[1]).get(l.t).f64(P[2]).get(l.t).f64(P[3]).get(l.t).f64(P[4]).op(F64.mul).op(F64.add).op(F64.mul).op(F64.add).op(F64.mul).op(F64.add).op(F64.mul).op(F64.add);
  f.op(F64.mul).op(F64.sub).set(l.c);
  // k = 0: 1 − ((r·c) / (c − 2) − r)
  f.ifThen(() => f.get(l.k).eqz(), () => {
    f.f64(1).get(l.r).get(l.c).op(F64.mul).get(l.c).f64(2).op(F64.sub).op(F64.div).get(l.r).op(F64.sub).op(F64.sub).op(0x0c, 1);
  });
  // y = 1 − ((lo − (r·c) / (2 − c)) − hi), then y·2^k (2^k in two factors at the ends of the range)
  f.f64(1).get(l.lo).get(l.r).get(l.c).op(F64.mul).f64(2).get(l.c).op(F64.sub).op(F64.div).op(F64.sub).get(l.hi).op(F64.sub).op(F64.sub).set(l.y);
  f.ifThen(() => f.get(l.k).i32(-1021).ltS(), () => { f.get(l.y); pow2(f, () => f.get(l.k).i32(1000).add()); f.op(F64.mul).f64(TWO_M1000).op(F64.mul).op(0x0c, 1); });
  f.ifThen(() => f.get(l.k).i32(1024).op(I32.eq), () => { f.get(l.y).f64(2).op(F64.mul); pow2(f, () => f.i32(1023)); f.op(F64.mul).op(0x0c, 1); });
  f.get(l.y); pow2(f, () => f.get(l.k)); f.op(F64.mul);
  f.op(0x0b); // end block
};
