// Adam's update of one parameter in one pass (src/optim/adam.ts): the same f32 operations in the
// same order as the composed ops, so the same bits, with three arrays read and three written
// instead of ten elementwise launches.
import { FnBuilder, simd } from './encoder.js';

/** How weight decay enters: none, L2 (d = g + wd·p, Adam) or decoupled (p·(1 − lr·wd) first, AdamW). */
export type AdamDecay = 'none' | 'l2' | 'decoupled';
/** The f32 constants the kernel reads, in this order (each as the composed ops round it). */
export const ADAM_CONSTANTS = ['beta1', 'oneMinusBeta1', 'beta2', 'oneMinusBeta2', 'bc2Sqrt', 'eps', 'stepSize', 'decay'] as const;

/**
 * `adam_<decay>(consts, p, g, m, v, out, g0, g1)`: groups g0 ≤ g < g1 of four floats; out holds
 * [param', m', v'] each `stride` floats apart, stride = the padded length read from consts[8] (i32).
 */
export const adamKernel = (decay: AdamDecay): FnBuilder => {
  const f = new FnBuilder(`adam_${decay}`, ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [consts, p, g, m, v, out, g0, g1] = [0, 1, 2, 3, 4, 5, 6, 7];
  const grp = f.local('i32'), off = f.local('i32'), stride = f.local('i32');
  const V = () => f.local('v128');
  const [b1, c1, b2, c2, bc2, eps, ss, wd] = ADAM_CONSTANTS.map(() => V());
  const vp = V(), vd = V(), vm = V(), vv = V(), base = V();
  [b1, c1, b2, c2, bc2, eps, ss, wd].forEach((l, i) => f.get(consts).loadSplat(4 * i).set(l));
  f.get(consts).i32Load(4 * ADAM_CONSTANTS.length).i32(4).mul().set(stride);
  const { f32x4Add: ADD, f32x4Sub: SUB, f32x4Mul: MUL, f32x4Div: DIV, f32x4Sqrt: SQRT } = simd;
  f.forRange(grp, () => f.get(g0), () => f.get(g1), 1, () => {
    f.get(grp).i32(16).mul().set(off);
    f.get(p).get(off).add().v128Load().set(vp);
    f.get(g).get(off).add().v128Load().set(vd);
    f.get(vp).set(base);
    if (decay === 'l2') f.get(vd).get(vp).get(wd).simd(MUL).simd(ADD).set(vd);
    if (decay === 'decoupled') f.get(vp).get(wd).simd(MUL).set(base);
    // m' = m·β1 + d·(1 − β1);  v' = v·β2 + (d·d)·(1 − β2)
    f.get(m).get(off).add().v128Load().get(b1).simd(MUL).get(vd).get(c1).simd(MUL).simd(ADD).set(vm);
    f.get(v).get(off).add().v128Load().get(b2).simd(MUL).get(vd).get(vd).simd(MUL).get(c2).simd(MUL).simd(ADD).set(vv);
    // p' = base − (m' / (√v' / √(1 − β2ᵗ) + ε))·stepSize
    f.get(out).get(off).add();
    f.get(base).get(vm).get(vv).simd(SQRT).get(bc2).simd(DIV).get(eps).simd(ADD).simd(DIV).get(ss).simd(MUL).simd(SUB);
    f.v128Store();
    f.get(out).get(off).add().get(stride).add().get(vm).v128Store();
    f.get(out).get(off).add().get(stride).add().get(stride).add().get(vv).v128Store();
  });
  return f;
};
