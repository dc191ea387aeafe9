// Table-driven gathers and scatters over blocks, the engine's im2col and col2im: one table of
// offsets (−1 for padding) per convolution plan, applied to every (image, group) block.
import { FnBuilder } from './encoder.js';

/**
 * `gather_blocks(src, tab, count, dst, b0, b1, srcStride, dstStride)`: for blocks b0 ≤ b < b1 and
 * i < count, dst[b·dstStride + i] = tab[i] < 0 ? 0 : src[b·srcStride + tab[i]] (byte addresses,
 * strides in elements, `tab` i32).
 */
export const gatherKernel = (): FnBuilder => {
  const f = new FnBuilder('gather_blocks', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, tab, count, dst, b0, b1, sS, dS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const b = f.local('i32'), i = f.local('i32'), at = f.local('i32'), pd = f.local('i32'), ps = f.local('i32'), pt = f.local('i32');
  f.forRange(b, () => f.get(b0), () => f.get(b1), 1, () => {
    f.get(src).get(b).get(sS).mul().i32(4).mul().add().set(ps);
    f.get(dst).get(b).get(dS).mul().i32(4).mul().add().set(pd);
    f.get(tab).set(pt);
    f.forRange(i, () => f.i32(0), () => f.get(count), 1, () => {
      f.get(pt).i32Load().set(at);
      f.get(pd);
      f.ifElse(() => f.get(at).i32(0).ltS(), () => f.f32(0), () => f.get(ps).get(at).i32(4).mul().add().f32Load(), 'f32');
      f.f32Store();
      f.addTo(pd, 4).addTo(pt, 4);
    });
  });
  return f;
};

/**
 * `scatter_blocks(src, tab, count, dst, b0, b1, srcStride, dstStride)`: the adjoint of gather_blocks.
 * For each block, dst[b·dstStride .. +dstStride] is zeroed, then dst[b·dstStride + tab[i]] +=
 * src[b·srcStride + i] in order of i (so every cell's sum has one order, whatever thread runs it).
 */
export const scatterKernel = (): FnBuilder => {
  const f = new FnBuilder('scatter_blocks', ['i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32', 'i32']);
  const [src, tab, count, dst, b0, b1, sS, dS] = [0, 1, 2, 3, 4, 5, 6, 7];
  const b = f.local('i32'), i = f.local('i32'), at = f.local('i32'), pd = f.local('i32'), ps = f.local('i32'), pt = f.local('i32'), cell = f.local('i32');
  f.forRange(b, () => f.get(b0), () => f.get(b1), 1, () => {
    f.get(src).get(b).get(sS).mul().i32(4).mul().add().set(ps);
    f.get(dst).get(b).get(dS).mul().i32(4).mul().add().set(pd);
    f.forRange(i, () => f.i32(0), () => f.get(dS), 1, () => {
      f.get(pd).get(i).i32(4).mul().add().f32(0).f32Store();
    });
    f.get(tab).set(pt);
    f.forRange(i, () => f.i32(0), () => f.get(count), 1, () => {
      f.get(pt).i32Load().set(at);
      f.ifThen(() => f.get(at).i32(0).geS(), () => {
        f.get(pd).get(at).i32(4).mul().add().set(cell);
        f.get(cell).get(cell).f32Load().get(ps).f32Load().f32Add().f32Store();
      });
      f.addTo(ps, 4).addTo(pt, 4);
    });
  });
  return f;
};
