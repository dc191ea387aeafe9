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
    f.forRange(t, () => f.get(t0), () => f.get(t1), 1, () => {
      f.forRange(r, () => f.i32(0), () => f.i32(w), 1, () => {
        f.get(t).i32(w).mul().get(r).add().set(row);
        tileBase().get(r).i32(4).mul().add().set(pd);
        f.ifElse(() => f.get(row).get(rows).ltS(), () => {
          f.get(src).get(row).get(ld).mul().i32(4).mul().add().set(ps);
          overK(() => { f.get(pd).get(ps).f32Load().f32Store(); f.addTo(ps, 4); });
        }, () => overK(() => { f.get(pd).f32(0).f32Store(); })); // rows past the end are zeros
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
