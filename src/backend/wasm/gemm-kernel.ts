// The SIMD engine's matrix-product kernel, generated as WebAssembly: C[i, j] = Σ_q A[i, q]·B[j, q]
// over operands packed into register tiles. A is packed in tiles of MR rows laid out [K][MR], B in
// panels of NR columns laid out [K][NR] (both zero-padded), so the inner loop reads each with one
// pointer and constant offsets: per step NR/4 vector loads of B, MR broadcast loads of A, and
// MR·NR/4 vector multiply-adds into accumulators that stay in registers (MR·NR/4 + NR/4 + 1 of
// V8's 16 xmm registers). Loops are blocked for the caches: MCT tiles of A (MR·MCT rows) against
// one B panel, K in blocks of KC. Each K block is summed in fresh accumulators and then added to C,
// so a cell's sum is Σ_blocks (Σ_{q in block}), in the same order whatever part of C a thread is
// given: results are bit-identical at any thread count.
import { FnBuilder, simd } from './encoder.js';

export interface GemmTiling {
  /** Rows of A per register tile. */
  readonly mr: number;
  /** Columns of B per panel (a multiple of 4: one f32x4 per 4 columns). */
  readonly nr: number;
  /** Steps of the inner loop unrolled. */
  readonly unroll: number;
  /** K block (summed in registers, then added to C). */
  readonly kc: number;
  /** A tiles per cache block. */
  readonly mct: number;
}

/**
 * The tiling the engine uses. Measured alone on one core of a 2-core x86-64 machine (Node 20, 512³):
 * 4×8 57 GFLOP/s, 2×16 56; 5×8, 6×8 and 3×12 26–31 (V8 spills their accumulators); unrolling the
 * K loop by 2 or 4 halves the speed for the same reason; KC 128–512 and 8–32 tiles per block within 5%.
 */
export const GEMM_TILING: GemmTiling = { mr: 4, nr: 8, unroll: 1, kc: 256, mct: 32 };

/**
 * `gemm(ap, bp, c, ldc, k, jt0, jt1, mtiles)`: for B panels jt0 ≤ jt < jt1 and all `mtiles` A tiles,
 * C[tile rows, panel columns] = Σ_q A·B. Byte addresses: `ap` packed A ([mtiles][k][mr]), `bp`
 * packed B ([panels][k][nr]), `c` row-major C with `ldc` bytes per row.
 */
export const gemmKernel = (t: GemmTiling = GEMM_TILING): FnBuilder => {
  const { mr, nr, unroll, kc: KC, mct } = t;
  const nv = nr / 4;
  const f = new FnBuilder('gemm', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [ap, bp, c, ldc, k, jt0, jt1, mtiles] = [0, 1, 2, 3, 4, 5, 6, 7];
  const L = () => f.local('i32');
  const ib = L(), ie = L(), jt = L(), q0 = L(), kcur = L(), it = L(), pa = L(), pb = L(), pc = L(), n = L();
  const aTile = L(), bPanel = L();
  const acc = Array.from({ length: mr * nv }, () => f.local('v128'));
  const bv = Array.from({ length: nv }, () => f.local('v128'));
  const av = f.local('v128');
  const ACC = (r: number, v: number) => acc[r * nv + v];

  // Bytes per A tile and per B panel.
  f.get(k).i32(mr * 4).mul().set(aTile);
  f.get(k).i32(nr * 4).mul().set(bPanel);

  /** `steps` inner-loop steps from pa/pb, then the pointers move past them. */
  const steps = (count: number) => {
    for (let u = 0; u < count; u++) {
      for (let v = 0; v < nv; v++) f.get(pb).v128Load((u * nr + 4 * v) * 4).set(bv[v]);
      for (let r = 0; r < mr; r++) {
        f.get(pa).loadSplat((u * mr + r) * 4).set(av);
        for (let v = 0; v < nv; v++)
          f.get(ACC(r, v)).get(av).get(bv[v]).simd(simd.f32x4Mul).simd(simd.f32x4Add).set(ACC(r, v));
      }
    }
    f.addTo(pa, count * mr * 4).addTo(pb, count * nr * 4);
  };

  const tile = () => {
    for (const a of acc) f.f32x4(0).set(a);
    f.get(kcur).set(n);
    f.whileLoop(() => f.get(n).i32(unroll).geS(), () => { steps(unroll); f.addTo(n, -unroll); });
    if (unroll > 1) f.whileLoop(() => f.get(n).i32(0).gtS(), () => { steps(1); f.addTo(n, -1); });
    // Later K blocks add to what the earlier ones left in C.
    f.ifThen(() => f.get(q0), () => {
      for (let r = 0; r < mr; r++)
        for (let v = 0; v < nv; v++) {
          f.get(ACC(r, v)).get(pc);
          if (r > 0) f.get(ldc).i32(r).mul().add();
          f.v128Load(16 * v).simd(simd.f32x4Add).set(ACC(r, v));
        }
    });
    for (let r = 0; r < mr; r++)
      for (let v = 0; v < nv; v++) {
        f.get(pc);
        if (r > 0) f.get(ldc).i32(r).mul().add();
        f.get(ACC(r, v)).v128Store(16 * v);
      }
  };

  f.forRange(ib, () => f.i32(0), () => f.get(mtiles), mct, () => {
    // ie = min(ib + mct, mtiles)
    f.get(ib).i32(mct).add().get(mtiles).get(ib).i32(mct).add().get(mtiles).ltS().select().set(ie);
    f.forRange(jt, () => f.get(jt0), () => f.get(jt1), 1, () => {
      f.forRange(q0, () => f.i32(0), () => f.get(k), KC, () => {
        // kcur = min(KC, k - q0)
        f.i32(KC).get(k).get(q0).sub().i32(KC).get(k).get(q0).sub().ltS().select().set(kcur);
        f.forRange(it, () => f.get(ib), () => f.get(ie), 1, () => {
          f.get(ap).get(it).get(aTile).mul().add().get(q0).i32(mr * 4).mul().add().set(pa);
          f.get(bp).get(jt).get(bPanel).mul().add().get(q0).i32(nr * 4).mul().add().set(pb);
          f.get(c).get(it).i32(mr).mul().get(ldc).mul().add().get(jt).i32(nr * 4).mul().add().set(pc);
          tile();
        });
      });
    });
  });
  return f;
};
