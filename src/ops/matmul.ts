import { definePrimitive } from '../autodiff/primitive.js';
import { GEMM_K_CHUNK, matmulSource } from '../backend/gpujs/kernels/matmul.js';
import { ShapeError } from '../shape/errors.js';
import { fmt, type Shape } from '../shape/shape.js';
import type { MatmulCheck, MatmulShape } from '../shape/types.js';
import { Tensor } from '../tensor/tensor.js';
import { sumTo } from './elementwise.js';
import { GEMM_MIN_WORK, gemm, nativeGemm } from './gemm.js';
import { checkTensor, launch } from './launch.js';
import { checkBoolean, checkOptions } from '../shape/options.js';

export interface MatmulOptions {
  /** Use aᵀ (a stored as [K, M]) without copying it. */
  readonly transposeA?: boolean;
  /** Use bᵀ (b stored as [N, K]) without copying it. */
  readonly transposeB?: boolean;
}
interface Flags { readonly ta: boolean; readonly tb: boolean }

const dims = (a: Shape, b: Shape, { ta, tb }: Flags) => {
  const ra = a.length, rb = b.length;
  if (ra < 2 || ra > 3) throw new ShapeError('matmul', 'a', a, 'must be rank 2 [M, K] or 3 [B, M, K]');
  if (rb < 2 || rb > 3) throw new ShapeError('matmul', 'b', b, 'must be rank 2 [K, N] or 3 [B, K, N]');
  const [m, ka] = ta ? [a[ra - 1], a[ra - 2]] : [a[ra - 2], a[ra - 1]];
  const [kb, n] = tb ? [b[rb - 1], b[rb - 2]] : [b[rb - 2], b[rb - 1]];
  if (ka !== kb) throw new ShapeError('matmul', 'b', b, `must have ${ka} rows to match a ${fmt(a)}${ta || tb ? ' (after the requested transposes)' : ''}`, `inner dimensions ${ka} vs ${kb}`);
  const ba = ra === 3 ? a[0] : 0, bb = rb === 3 ? b[0] : 0;
  if (ba && bb && ba !== bb) throw new ShapeError('matmul', 'b', b, `has batch ${bb} but a ${fmt(a)} has batch ${ba}`);
  return { m, k: ka, n, batch: Math.max(ba, bb, 1), batched: ra === 3 || rb === 3, ba, bb };
};

const matmulPrim = definePrimitive<Flags>({
  name: 'matmul',
  shape: ([a, b], f) => {
    const d = dims(a, b, f);
    return d.batched ? [d.batch, d.m, d.n] : [d.m, d.n];
  },
  forward: ([a, b], f, shape) => {
    const d = dims(a.shape, b.shape, f);
    // Long K goes to gemm too: it splits K into chunks (the strided kernel would loop over all of it).
    // gemm reads A as [M, K] or k-major [K, M], B as [N, K] or k-major [K, N]: the transposes are layouts, not copies.
    if (nativeGemm() || d.batch * d.m * d.n * d.k >= GEMM_MIN_WORK || d.k > GEMM_K_CHUNK)
      return gemm(a, b, {
        batch: d.batch, m: d.m, n: d.n, k: d.k,
        a: { mod: 0, stride: d.ba ? d.m * d.k : 0, kMajor: f.ta }, b: { mod: 0, stride: d.bb ? d.k * d.n : 0, kMajor: !f.tb },
      }, shape);
    const src = matmulSource({
      batch: d.batch, m: d.m, k: d.k, n: d.n, transA: f.ta, transB: f.tb,
      batchA: d.ba ? d.m * d.k : 0, batchB: d.bb ? d.k * d.n : 0,
    });
    return launch('matmul', src, [a, b], shape, d.k);
  },
  vjp: (g, [a, b], _y, { ta, tb }, wants) => {
    const da = !wants[0] ? undefined : ta ? mm(b, g, tb, true) : mm(g, b, false, !tb);
    const db = !wants[1] ? undefined : tb ? mm(g, a, true, ta) : mm(a, g, !ta, false);
    return [da && sumTo(da, a.shape), db && sumTo(db, b.shape)];
  },
});

const mm = (a: Tensor, b: Tensor, ta: boolean, tb: boolean): Tensor => matmulPrim([a, b], { ta, tb });

/**
 * Matrix product: [M, K] × [K, N] → [M, N]; batched [B, M, K] × [B, K, N] → [B, M, N] (a rank-2
 * operand is shared by every batch). `transposeA` / `transposeB` read an operand transposed without a copy.
 */
export const matmul = <A extends Shape, B extends Shape>(a: Tensor<A>, b: Tensor<B> & MatmulCheck<A, B>, options: MatmulOptions = {}): Tensor<MatmulShape<A, B>> => {
  checkTensor('matmul', 'a', a);
  checkTensor('matmul', 'b', b);
  checkOptions('matmul', options, ['transposeA', 'transposeB']);
  checkBoolean('matmul', 'transposeA', options.transposeA);
  checkBoolean('matmul', 'transposeB', options.transposeB);
  // (a product too large to make, even of empty operands, is refused by bind from the shape rule)
  return mm(a, b, options.transposeA ?? false, options.transposeB ?? false) as Tensor<MatmulShape<A, B>>;
};
