// Max pooling in the engine: the same window scan and NaN rule as the gpu.js kernel
// (kernels/pool.ts maxPoolSource), writing each window's max and the offset a·KW + b of its first
// maximum (of its first NaN, if it holds one) in one pass.
import { FnBuilder, simd } from './encoder.js';

/** The i32 parameter block `maxpool` reads, in this order. */
export const POOL_PARAMS = ['H', 'W', 'OH', 'OW', 'KH', 'KW', 'sh', 'sw', 'pt', 'pl'] as const;

/**
 * `maxpool(params, src, max, argmax, p0, p1)`: planes p0 ≤ plane < p1 of src [planes, H, W] into
 * max and argmax [planes, OH, OW] (f32; byte addresses; `params` the POOL_PARAMS block).
 */
export const maxPoolKernel = (): FnBuilder => {
  const f = new FnBuilder('maxpool', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [params, src, dmax, darg, p0, p1] = [0, 1, 2, 3, 4, 5];
  const I = () => f.local('i32');
  const [H, W, OH, OW, KH, KW, sh, sw, pt, pl] = POOL_PARAMS.map(() => I());
  const plane = I(), oh = I(), ow = I(), h0 = I(), w0 = I(), a = I(), b = I(), ih = I(), iw = I(), nan = I(), row = I(), out = I();
  const m = f.local('f32'), v = f.local('f32'), at = f.local('f32'), k = f.local('f32');
  [H, W, OH, OW, KH, KW, sh, sw, pt, pl].forEach((l, i) => f.get(params).i32Load(4 * i).set(l));
  const F32_GT = 0x5e, F32_LE = 0x5f, F32_LT = 0x5d, I32_LT_U = 0x49, F32_CONVERT_I32_S = 0xb2, I32_AND = 0x71, I32_OR = 0x72, SELECT = 0x1b;
  const gt = I(), le = I(), un = I(), take = I();
  f.get(dmax).get(p0).get(OH).mul().get(OW).mul().i32(4).mul().add().set(out);
  f.forRange(plane, () => f.get(p0), () => f.get(p1), 1, () => {
    f.forRange(oh, () => f.i32(0), () => f.get(OH), 1, () => {
      f.get(oh).get(sh).mul().get(pt).sub().set(h0);
      f.forRange(ow, () => f.i32(0), () => f.get(OW), 1, () => {
        f.get(ow).get(sw).mul().get(pl).sub().set(w0);
        f.f32(-Infinity).set(m).f32(-1).set(at).i32(0).set(nan);
        f.forRange(a, () => f.i32(0), () => f.get(KH), 1, () => {
          f.get(h0).get(a).add().set(ih);
          // 0 ≤ ih < H as one unsigned comparison; padded rows are never visited
          f.ifThen(() => f.get(ih).get(H).op(I32_LT_U), () => {
            f.get(plane).get(H).mul().get(ih).add().get(W).mul().set(row);
            f.forRange(b, () => f.i32(0), () => f.get(KW), 1, () => {
              f.get(w0).get(b).add().set(iw);
              f.ifThen(() => f.get(iw).get(W).op(I32_LT_U), () => {
                f.get(src).get(row).get(iw).add().i32(4).mul().add().f32Load().set(v);
                f.get(KW).get(a).mul().get(b).add().op(F32_CONVERT_I32_S).set(k);
                // Branch-free (random data would mispredict every other cell): take v when v > m, or
                // v ≤ m at the first cell, or v and m unordered before any NaN was taken.
                f.get(v).get(m).op(F32_GT).set(gt);
                f.get(v).get(m).op(F32_LE).set(le);
                f.get(gt).get(le).get(at).f32(0).op(F32_LT).op(I32_AND).op(I32_OR)
                  .get(gt).get(le).op(I32_OR).eqz().tee(un).get(nan).eqz().op(I32_AND).op(I32_OR).set(take);
                f.get(v).get(m).get(take).op(SELECT).set(m);
                f.get(k).get(at).get(take).op(SELECT).set(at);
                f.get(nan).get(un).op(I32_OR).set(nan);
              });
            });
          });
        });
        f.get(out).get(m).f32Store();
        f.get(out).get(darg).get(dmax).sub().add().get(at).f32Store();
        f.addTo(out, 4);
      });
    });
  });
  return f;
};

/**
 * `maxpool_2x2(params, src, max, argmax, p0, p1)`: the same for 2×2 windows at stride 2 without
 * padding (the CNN default), four windows at a time in SIMD lanes: a row pair's eight inputs split
 * into even and odd columns, then the scalar kernel's take rule as lane masks. The last group of a
 * row may read up to 7 floats past the row (their lanes are not stored).
 */
export const maxPool2x2Kernel = (values: 'max' | 'max-argmax' = 'max-argmax'): FnBuilder => {
  const onlyMax = values === 'max';
  const f = new FnBuilder(onlyMax ? 'maxpool_2x2_max' : 'maxpool_2x2', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [params, src, dmax, darg, p0, p1] = [0, 1, 2, 3, 4, 5];
  const I = () => f.local('i32'), V = () => f.local('v128');
  const H = I(), W = I(), OH = I(), OW = I(), plane = I(), oh = I(), g = I(), groups = I(), r0 = I(), r1 = I(), o = I(), left = I(), l = I();
  const a0 = V(), a1 = V(), b0 = V(), b1 = V(), m = V(), at = V(), nan = V(), c = V(), gt = V(), take = V(), un = V();
  // the window offsets 0..3 as lane constants, set once (V8 builds each v128.const from several instructions)
  const offsets = [0, 1, 2, 3].map((k) => { const l = V(); f.f32x4(k).set(l); return l; });
  f.get(params).i32Load(0).set(H).get(params).i32Load(4).set(W).get(params).i32Load(8).set(OH).get(params).i32Load(12).set(OW);
  const F32X4_NE = 0x42, NOT = 0x4d, SHUFFLE = 0x0d, F32X4_PMAX = 0xeb;
  const evens = [0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27];
  const odds = evens.map((x) => x + 4);
  // groups of four windows per output row
  f.get(OW).i32(3).add().i32(4).op(0x6d).set(groups); // i32.div_s
  f.get(dmax).get(p0).get(OH).mul().get(OW).mul().i32(4).mul().add().set(o);
  /** Window cell `k` (0..3) taken by the rule, c the four values. */
  const cell = (k: number) => {
    if (k === 0) {
      f.get(c).set(m).get(offsets[0]).set(at);
      f.get(c).get(c).simd(F32X4_NE).set(nan);
      return;
    }
    f.get(c).get(m).simd(simd.f32x4Gt).set(gt);
    // unordered: neither c > m nor c ≤ m
    f.get(gt).get(c).get(m).simd(simd.f32x4Le).simd(simd.or).simd(NOT).set(un);
    f.get(gt).get(un).get(nan).simd(simd.andNot).simd(simd.or).set(take);
    f.get(c).get(m).get(take).simd(simd.bitselect).set(m);
    f.get(offsets[k]).get(at).get(take).simd(simd.bitselect).set(at);
    f.get(nan).get(un).simd(simd.or).set(nan);
  };
  f.forRange(plane, () => f.get(p0), () => f.get(p1), 1, () => {
    f.forRange(oh, () => f.i32(0), () => f.get(OH), 1, () => {
      f.get(src).get(plane).get(H).mul().get(oh).i32(2).mul().add().get(W).mul().i32(4).mul().add().set(r0);
      f.get(r0).get(W).i32(4).mul().add().set(r1);
      f.forRange(g, () => f.i32(0), () => f.get(groups), 1, () => {
        f.get(r0).v128Load(0).set(a0).get(r0).v128Load(16).set(a1);
        f.get(r1).v128Load(0).set(b0).get(r1).v128Load(16).set(b1);
        if (onlyMax) {
          // The same value without the argmax: pmax keeps its first operand on ties (row-major first
          // maximum, the sign of a zero included), and a NaN anywhere in the window gives NaN.
          const [e0, o0, e1, o1] = [a0, b0, a1, b1].map(() => V());
          f.get(a0).get(a1).simd(SHUFFLE, ...evens).set(e0).get(a0).get(a1).simd(SHUFFLE, ...odds).set(o0);
          f.get(b0).get(b1).simd(SHUFFLE, ...evens).set(e1).get(b0).get(b1).simd(SHUFFLE, ...odds).set(o1);
          f.get(e0).get(e0).simd(F32X4_NE).get(o0).get(o0).simd(F32X4_NE).simd(simd.or);
          f.get(e1).get(e1).simd(F32X4_NE).simd(simd.or).get(o1).get(o1).simd(F32X4_NE).simd(simd.or).set(nan);
          f.get(e0).get(o0).simd(F32X4_PMAX).get(e1).get(o1).simd(F32X4_PMAX).simd(F32X4_PMAX).set(m);
          f.get(e0).get(o0).simd(simd.f32x4Add).get(e1).simd(simd.f32x4Add).get(o1).simd(simd.f32x4Add).get(m).get(nan).simd(simd.bitselect).set(m);
        } else {
          f.get(a0).get(a1).simd(SHUFFLE, ...evens).set(c); cell(0);
          f.get(a0).get(a1).simd(SHUFFLE, ...odds).set(c); cell(1);
          f.get(b0).get(b1).simd(SHUFFLE, ...evens).set(c); cell(2);
          f.get(b0).get(b1).simd(SHUFFLE, ...odds).set(c); cell(3);
        }
        f.get(OW).get(g).i32(4).mul().sub().set(left);
        f.ifElse(() => f.get(left).i32(4).geS(), () => {
          f.get(o).get(m).v128Store(0);
          if (!onlyMax) f.get(o).get(darg).get(dmax).sub().add().get(at).v128Store(0);
        }, () => {
          // the row's last, partial group: lane by lane
          for (let lane = 0; lane < 3; lane++)
            f.ifThen(() => f.get(left).i32(lane).gtS(), () => {
              f.get(o).get(m).simd(simd.f32x4ExtractLane, lane).f32Store(4 * lane);
              if (!onlyMax) f.get(o).get(darg).get(dmax).sub().add().get(at).simd(simd.f32x4ExtractLane, lane).f32Store(4 * lane);
            });
        });
        f.get(left).i32(4).get(left).i32(4).ltS().select().set(l);
        f.get(o).get(l).i32(4).mul().add().set(o);
        f.addTo(r0, 32).addTo(r1, 32);
      });
    });
  });
  return f;
};

/**
 * `maxpool_grad(params, gy, argmax, dx, p0, p1)`: for planes p0 ≤ plane < p1, dx [H, W] is zeroed,
 * then each window's gy is added at its argmax cell, windows in row-major order.
 */
export const maxPoolGradKernel = (): FnBuilder => {
  const f = new FnBuilder('maxpool_grad', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [params, gy, am, dx, p0, p1] = [0, 1, 2, 3, 4, 5];
  const I = () => f.local('i32');
  const [H, W, OH, OW, , KW, sh, sw, pt, pl] = POOL_PARAMS.map(() => I());
  const plane = I(), oh = I(), ow = I(), o = I(), k = I(), cell = I(), base = I(), i = I();
  [H, W, OH, OW, undefined, KW, sh, sw, pt, pl].forEach((l, j) => { if (l !== undefined) f.get(params).i32Load(4 * j).set(l); });
  const I32_TRUNC_F32_S = 0xa8, I32_DIV_S = 0x6d, I32_REM_S = 0x6f;
  f.get(p0).get(OH).mul().get(OW).mul().set(o);
  f.forRange(plane, () => f.get(p0), () => f.get(p1), 1, () => {
    f.get(dx).get(plane).get(H).mul().get(W).mul().i32(4).mul().add().set(base);
    f.forRange(i, () => f.i32(0), () => f.get(H).get(W).mul(), 1, () => { f.get(base).get(i).i32(4).mul().add().f32(0).f32Store(); });
    f.forRange(oh, () => f.i32(0), () => f.get(OH), 1, () => {
      f.forRange(ow, () => f.i32(0), () => f.get(OW), 1, () => {
        f.get(am).get(o).i32(4).mul().add().f32Load().op(I32_TRUNC_F32_S).set(k);
        // cell = (oh·sh − pt + k / KW)·W + ow·sw − pl + k % KW
        f.get(oh).get(sh).mul().get(pt).sub().get(k).get(KW).op(I32_DIV_S).add().get(W).mul()
          .get(ow).get(sw).mul().get(pl).sub().add().get(k).get(KW).op(I32_REM_S).add()
          .i32(4).mul().get(base).add().set(cell);
        f.get(cell).get(cell).f32Load().get(gy).get(o).i32(4).mul().add().f32Load().f32Add().f32Store();
        f.addTo(o, 1);
      });
    });
  });
  return f;
};
