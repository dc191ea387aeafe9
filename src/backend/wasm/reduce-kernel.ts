// One pass of the blocked sum of kernels/reduce.ts (reduceSource 'sum'), in the engine: the same
// blocks of REDUCE_BLOCK, the same groups of 32 summed in float64 (as gpu.js's cpu mode does in
// JavaScript numbers) and rounded to f32 once per block, so the results are the same bits.
import { FnBuilder } from './encoder.js';

/** Items summed into one partial before it joins the block's total (kernels/reduce.ts GROUP). */
const GROUP = 32;

/**
 * `reduce_sum(src, dst, len, inner, block, nb, c0, c1)`: output cells c0 ≤ cell < c1 of
 * [outer, nb, inner], cell (o, blk, i) = Σ over q < min(block, len − blk·block) of
 * src[o·len·inner + (blk·block + q)·inner + i].
 */
export const reduceSumKernel = (): FnBuilder => {
  const f = new FnBuilder('reduce_sum', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, dst, len, inner, block, nb, c0, c1] = [0, 1, 2, 3, 4, 5, 6, 7];
  const I = () => f.local('i32');
  const cell = I(), o = I(), rest = I(), blk = I(), i = I(), base = I(), lim = I(), q = I(), stop = I(), step = I();
  const s = f.local('f64'), p = f.local('f64');
  const I32_DIV_S = 0x6d, I32_REM_S = 0x6f, F64_ADD = 0xa0, F64_PROMOTE_F32 = 0xbb, F32_DEMOTE_F64 = 0xb6;
  f.get(inner).i32(4).mul().set(step);
  f.forRange(cell, () => f.get(c0), () => f.get(c1), 1, () => {
    f.get(cell).get(nb).get(inner).mul().op(I32_DIV_S).set(o);
    f.get(cell).get(nb).get(inner).mul().op(I32_REM_S).set(rest);
    f.get(rest).get(inner).op(I32_DIV_S).set(blk);
    f.get(rest).get(inner).op(I32_REM_S).set(i);
    // base byte address and the block's length
    f.get(src).get(o).get(len).mul().get(blk).get(block).mul().add().get(inner).mul().get(i).add().i32(4).mul().add().set(base);
    f.get(block).get(len).get(blk).get(block).mul().sub().get(block).get(len).get(blk).get(block).mul().sub().ltS().select().set(lim);
    f.f64(0).set(s);
    f.forRange(q, () => f.i32(0), () => f.get(lim), GROUP, () => {
      f.f64(0).set(p);
      // stop = min(q + GROUP, lim)
      f.get(q).i32(GROUP).add().get(lim).get(q).i32(GROUP).add().get(lim).ltS().select().set(stop);
      f.whileLoop(() => f.get(q).get(stop).ltS(), () => {
        f.get(p).get(base).f32Load().op(F64_PROMOTE_F32).op(F64_ADD).set(p);
        f.get(base).get(step).add().set(base);
        f.addTo(q, 1);
      });
      f.get(s).get(p).op(F64_ADD).set(s);
      f.addTo(q, -GROUP); // forRange adds GROUP back: q ends at stop
    });
    f.get(dst).get(cell).i32(4).mul().add().get(s).op(F32_DEMOTE_F64).f32Store();
  });
  return f;
};
