// Elementwise kernels of the engine: the IEEE-exact maps (neg, abs, sqrt, sign, relu) and the four
// arithmetic operations with operands that are full or repeat along rows (a bias, a scalar). f32
// add/sub/mul/div/sqrt are correctly rounded, as gpu.js's cpu mode (float64, then rounded to f32) is,
// so results are the same bits; sign and relu keep the gpu.js kernels' NaN and −0 rules. exp,
// sigmoid and tanh run in float64 lanes (transcendental.ts) and round once, as gpu.js's cpu mode does.
import { FnBuilder, simd, type ValType } from './encoder.js';
import { F64_FUNCTIONS, f64Scratch, type F64Unary } from './transcendental.js';

export const ENGINE_UNARY = ['neg', 'abs', 'sqrt', 'sign', 'relu', 'exp', 'sigmoid', 'tanh'] as const;
export type EngineUnary = (typeof ENGINE_UNARY)[number];
export const ENGINE_BINARY = ['add', 'sub', 'mul', 'div'] as const;
export type EngineBinary = (typeof ENGINE_BINARY)[number];

const binaryOp: Record<EngineBinary, number> = { add: simd.f32x4Add, sub: simd.f32x4Sub, mul: simd.f32x4Mul, div: simd.f32x4Div };
const F32X4_NE = 0x42;

const isF64 = (op: EngineUnary): op is F64Unary => op in F64_FUNCTIONS;

/** Leaves op(v) for the f32x4 in local `v` on the stack (`t` a scratch v128 local). */
const unaryOn = (f: FnBuilder, op: Exclude<EngineUnary, F64Unary>, v: number, t: number): void => {
  switch (op) {
    case 'neg': f.get(v).simd(simd.f32x4Neg); return;
    case 'abs': f.get(v).simd(simd.f32x4Abs); return;
    case 'sqrt': f.get(v).simd(simd.f32x4Sqrt); return;
    case 'relu':
      // x where x > 0, +0 where x ≤ 0, NaN (x + x) where unordered
      f.get(v).get(v).f32x4(0).simd(simd.f32x4Gt).simd(simd.and);
      f.get(v).get(v).simd(simd.f32x4Add).get(v).get(v).simd(F32X4_NE).simd(simd.and).simd(simd.or);
      return;
    case 'sign':
      // 1 where x > 0, −1 where x < 0, +0 where x = ±0, x (NaN) where unordered
      f.f32x4(1).get(v).f32x4(0).simd(simd.f32x4Gt).simd(simd.and).set(t);
      f.get(t).f32x4(-1).get(v).f32x4(0).simd(simd.f32x4Lt).simd(simd.and).simd(simd.or);
      f.get(v).get(v).get(v).simd(F32X4_NE).simd(simd.and).simd(simd.or);
      return;
  }
};

/** `unary_<op>(x, out, groups)`: out = op(x) over `groups` groups of four floats (the caller pads). */
export const unaryKernel = (op: EngineUnary): FnBuilder => {
  const f = new FnBuilder(`unary_${op}`, ['i32', 'i32', 'i32', 'i32']);
  const [x, out, g0, g1] = [0, 1, 2, 3];
  const g = f.local('i32'), v = f.local('v128'), t = f.local('v128');
  if (isF64(op)) {
    const s = f64Scratch(f), fn = F64_FUNCTIONS[op];
    f.forRange(g, () => f.get(g0), () => f.get(g1), 1, () => {
      for (const half of [0, 8]) {
        f.get(x).get(g).i32(16).mul().add().loadF32Pair(half).set(v);
        f.get(out).get(g).i32(16).mul().add();
        fn(f, v, s);
        f.storeF32Pair(2, half);
      }
    });
    return f;
  }
  f.forRange(g, () => f.get(g0), () => f.get(g1), 1, () => {
    f.get(x).get(g).i32(16).mul().add().v128Load().set(v);
    f.get(out).get(g).i32(16).mul().add();
    unaryOn(f, op, v, t);
    f.v128Store();
  });
  return f;
};

/**
 * `binary_<op>(a, aRow, b, bRow, out, r0, r1, len)`: rows r0 ≤ r < r1 of `len` floats,
 * out[r, i] = a[r, i] op b[r, i], where an operand whose flag is 1 is one row repeated.
 */
export const binaryKernel = (op: EngineBinary): FnBuilder => {
  const ps: ValType[] = ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32'];
  const f = new FnBuilder(`binary_${op}`, ps);
  const [a, aRow, b, bRow, out, r0, r1, len] = [0, 1, 2, 3, 4, 5, 6, 7];
  const r = f.local('i32'), i = f.local('i32'), pa = f.local('i32'), pb = f.local('i32'), po = f.local('i32'), rowBytes = f.local('i32'), vecEnd = f.local('i32');
  f.get(len).i32(4).mul().set(rowBytes);
  f.get(len).i32(-4).op(0x71).set(vecEnd); // len rounded down to a multiple of 4 (i32.and)
  const SCALAR: Record<EngineBinary, number> = { add: 0x92, sub: 0x93, mul: 0x94, div: 0x95 };
  f.forRange(r, () => f.get(r0), () => f.get(r1), 1, () => {
    // a row operand stays at its start; a full one moves a row per row
    f.get(a).i32(0).get(r).get(rowBytes).mul().get(aRow).select().add().set(pa);
    f.get(b).i32(0).get(r).get(rowBytes).mul().get(bRow).select().add().set(pb);
    f.get(out).get(r).get(rowBytes).mul().add().set(po);
    f.forRange(i, () => f.i32(0), () => f.get(vecEnd), 4, () => {
      f.get(po).get(pa).v128Load().get(pb).v128Load().simd(binaryOp[op]).v128Store();
      f.addTo(pa, 16).addTo(pb, 16).addTo(po, 16);
    });
    f.forRange(i, () => f.get(vecEnd), () => f.get(len), 1, () => {
      f.get(po).get(pa).f32Load().get(pb).f32Load().op(SCALAR[op]).f32Store();
      f.addTo(pa, 4).addTo(pb, 4).addTo(po, 4);
    });
  });
  return f;
};
