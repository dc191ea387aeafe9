// Packing kernels: copy an operand already in the engine's memory into the tile layout the GEMM
// kernel reads (gemm-kernel.ts): tiles of `w` rows (of A) or columns (of B), each tile [k][w],
// zero-padded past the last row. Two source layouts, so matmul's transposes cost no extra pass:
// 'rows' (each row contiguous along k: element (row, q) at row·ld + q, a transposing copy) and
// 'cols' (k-major: element (row, q) at q·ld + row, a straight copy of w floats per q).
import { FnBuilder } from './encoder.js';

export type PackLayout = 'rows' | 'cols';

/** The export name of the packer for a layout and tile width. */
export const packName = (layout: PackLayout, w: number): string => `pack_${layout}_${w}`;

/**
 * `pack(src, ld, k, rows, dst, t0, t1)`: tiles t0 ≤ t < t1 of the operand at byte address `src`
 * (leading dimension `ld` elements, `rows` rows in all) into dst + t·k·w floats (byte address `dst`).
 */
export const packKernel = (layout: PackLayout, w: number): FnBuilder => {
  const f = new FnBuilder(packName(layout, w), ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, ld, k, rows, dst, t0, t1] = [0, 1, 2, 3, 4, 5, 6];
  const L = () => f.local('i32');
  const t = L(), r = L(), q = L(), row = L(), ps = L(), pd = L(), step = L();
  const tileBase = () => f.get(dst).get(t).get(k).mul().i32(w * 4).mul().add();
  /** for q in 0..k: body(); pd += w floats */
  const overK = (body: () => void) =>
    f.forRange(q, () => f.i32(0), () => f.get(k), 1, () => { body(); f.addTo(pd, w * 4); });

  if (layout === 'rows') {
    // A full tile: 4×4 blocks transposed in registers (four row loads, eight shuffles, four stores),
    // then the last k % 4 columns one by one. Tiles that run past the last row: element by element.
    const blocks = w / 4, qv = L();
    const rowsV = Array.from({ length: 4 }, () => f.local('v128'));
    const tV = Array.from({ length: 4 }, () => f.local('v128'));
    const SHUFFLE = 0x0d;
    const lanes = (...l: number[]) => l.flatMap((x) => [4 * x, 4 * x + 1, 4 * x + 2, 4 * x + 3]);
    f.get(k).i32(-4).op(0x71).set(qv); // k rounded down to a multiple of 4
    f.forRange(t, () => f.get(t0), () => f.get(t1), 1, () => {
      f.ifElse(() => f.get(t).i32(w).mul().i32(w).add().get(rows).leS(), () => {
        for (let bk = 0; bk < blocks; bk++) {
          // rows bk·4 .. bk·4 + 3 of the tile
          f.get(src).get(t).i32(w).mul().i32(4 * bk).add().get(ld).mul().i32(4).mul().add().set(ps);
          tileBase().i32(16 * bk).add().set(pd);
          f.forRange(q, () => f.i32(0), () => f.get(qv), 4, () => {
            for (let i = 0; i < 4; i++) {
              f.get(ps);
              if (i > 0) f.get(ld).i32(4 * i).mul().add();
              f.v128Load().set(rowsV[i]);
            }
            f.get(rowsV[0]).get(rowsV[1]).simd(SHUFFLE, ...lanes(0, 4, 1, 5)).set(tV[0]);
            f.get(rowsV[0]).get(rowsV[1]).simd(SHUFFLE, ...lanes(2, 6, 3, 7)).set(tV[1]);
            f.get(rowsV[2]).get(rowsV[3]).simd(SHUFFLE, ...lanes(0, 4, 1, 5)).set(tV[2]);
            f.get(rowsV[2]).get(rowsV[3]).simd(SHUFFLE, ...lanes(2, 6, 3, 7)).set(tV[3]);
            // column j of the block (its 4 rows) goes to dst row q + j
            const col = (a: number, b: number, hi: boolean, j: number) =>
              f.get(pd).get(tV[a]).get(tV[b]).simd(SHUFFLE, ...(hi ? lanes(2, 3, 6, 7) : lanes(0, 1, 4, 5))).v128Store(j * w * 4);
            col(0, 2, false, 0); col(0, 2, true, 1); col(1, 3, false, 2); col(1, 3, true, 3);
            f.addTo(ps, 16).addTo(pd, 16 * w);
          });
          // the last k % 4 columns
          f.forRange(q, () => f.get(qv), () => f.get(k), 1, () => {
            for (let i = 0; i < 4; i++) {
              f.get(pd).get(ps);
              if (i > 0) f.get(ld).i32(4 * i).mul().add();
              f.f32Load().f32Store(4 * i);
            }
            f.addTo(ps, 4).addTo(pd, w * 4);
          });
        }
      }, () => {
        f.forRange(r, () => f.i32(0), () => f.i32(w), 1, () => {
          f.get(t).i32(w).mul().get(r).add().set(row);
          tileBase().get(r).i32(4).mul().add().set(pd);
          f.ifElse(() => f.get(row).get(rows).ltS(), () => {
            f.get(src).get(row).get(ld).mul().i32(4).mul().add().set(ps);
            overK(() => { f.get(pd).get(ps).f32Load().f32Store(); f.addTo(ps, 4); });
          }, () => overK(() => { f.get(pd).f32(0).f32Store(); })); // rows past the end are zeros
        });
      });
    });
    return f;
  }

  // 'cols': tile t holds columns t·w .. t·w + w − 1; row q of the source is contiguous.
  f.get(ld).i32(4).mul().set(step);
  f.forRange(t, () => f.get(t0), () => f.get(t1), 1, () => {
    tileBase().set(pd);
    f.get(src).get(t).i32(w * 4).mul().add().set(ps);
    f.ifElse(() => f.get(t).i32(w).mul().i32(w).add().get(rows).gtS(), () => {
      // the last tile runs past the last column: element by element, zeros past it
      overK(() => {
        f.forRange(r, () => f.i32(0), () => f.i32(w), 1, () => {
          f.get(pd).get(r).i32(4).mul().add();
          f.ifElse(() => f.get(t).i32(w).mul().get(r).add().get(rows).ltS(),
            () => f.get(ps).get(r).i32(4).mul().add().f32Load(), () => f.f32(0), 'f32');
          f.f32Store();
        });
        f.get(ps).get(step).add().set(ps);
      });
    }, () => overK(() => {
      for (let v = 0; v < w / 4; v++) f.get(pd).get(ps).v128Load(16 * v).v128Store(16 * v);
      f.get(ps).get(step).add().set(ps);
    }));
  });
  return f;
};
