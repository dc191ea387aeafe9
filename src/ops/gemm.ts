// Internal building blocks on untraced tensors: the contiguous-operand matrix product that
// matmul and convolution lower to, and a raw axis permutation for laying operands out for it.
import { GEMM_K_CHUNK, gemmChunks, gemmSource, type GemmPlan } from '../backend/gpujs/kernels/matmul.js';
import { launchInParts } from './partials.js';
import { permuteSource } from '../backend/gpujs/kernels/movement.js';
import type { Tensor } from '../tensor/tensor.js';
import { launch } from './launch.js';

/** Products smaller than this many multiply-adds run the strided kernel directly (no relayout launches). */
export const GEMM_MIN_WORK = 1 << 15;

/** out [batch·m·n] = Σ_q A[bb, i, q] · B[bb, j, q], both contiguous along q. */
export const gemm = (a: Tensor, b: Tensor, p: GemmPlan, shape: readonly number[]): Tensor => {
  // A long K: partial products over K chunks, then their sum (blocked, so it stays accurate).
  const { count } = gemmChunks(p.k);
  return launchInParts('gemm', gemmSource(p), [a, b], count, shape, Math.min(p.k, GEMM_K_CHUNK));
};

/** x (of `shape`) with axes permuted, as a new contiguous untraced tensor. */
export const permuteRaw = (x: Tensor, shape: readonly number[], perm: readonly number[]): Tensor =>
  perm.every((q, i) => q === i) ? x : launch('permute', permuteSource(shape, perm), [x], perm.map((q) => shape[q]));
