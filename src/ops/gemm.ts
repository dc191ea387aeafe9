// Internal building blocks on untraced tensors: the contiguous-operand matrix product that
// matmul and convolution lower to, and a raw axis permutation for laying operands out for it.
import { GEMM_K_CHUNK, gemmChunks, gemmSource, type GemmPlan } from '../backend/gpujs/kernels/matmul.js';
import { checkTensorSize } from '../backend/limits.js';
import { activeBackend } from '../backend/select.js';
import { launchInParts } from './partials.js';
import { permuteSource } from '../backend/gpujs/kernels/movement.js';
import { fromStorage } from '../tensor/create.js';
import { sizeOf } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { launch } from './launch.js';

/** Products smaller than this many multiply-adds run the strided kernel directly (no relayout launches). */
export const GEMM_MIN_WORK = 1 << 15;

/**
 * out [batch·m·n] = Σ_q A[bb, i, q] · B[bb, j, q] (GemmPlan: each operand [rows, K] per item, or
 * [K, rows] when k-major). The backend's native product when it has one, else the gpu.js kernel.
 */
export const gemm = (a: Tensor, b: Tensor, p: GemmPlan, shape: readonly number[]): Tensor => {
  const backend = activeBackend();
  if (backend.gemm) {
    checkTensorSize('gemm', p.batch * p.m * p.n, shape);
    const s = backend.gemm(a.storage!, b.storage!, p);
    if (s) return fromStorage(shape, s);
  }
  // The gpu.js kernel reads both operands contiguous along K: lay a k-major one out so first.
  const A = p.a.kMajor ? alongK(a, p.m, p.k) : a, B = p.b.kMajor ? alongK(b, p.n, p.k) : b;
  const plan: GemmPlan = { ...p, a: { mod: p.a.mod, stride: p.a.stride }, b: { mod: p.b.mod, stride: p.b.stride } };
  // A long K: partial products over K chunks, then their sum (blocked, so it stays accurate).
  const { count } = gemmChunks(p.k);
  return launchInParts('gemm', gemmSource(plan), [A, B], count, shape, Math.min(p.k, GEMM_K_CHUNK));
};

/** Whether the backend in use has its own matrix product (then every product goes to it, small ones too). */
export const nativeGemm = (): boolean => activeBackend().gemm !== undefined;

// Items of a k-major operand are [K, rows] each (item stride rows·K, or one shared matrix): swap the last two axes.
const alongK = (x: Tensor, rows: number, k: number): Tensor =>
  rows * k === 0 ? x : permuteRaw(x, [sizeOf(x.shape) / (rows * k), k, rows], [0, 2, 1]);

/** x (of `shape`) with axes permuted, as a new contiguous untraced tensor. */
export const permuteRaw = (x: Tensor, shape: readonly number[], perm: readonly number[]): Tensor =>
  perm.every((q, i) => q === i) ? x : launch('permute', permuteSource(shape, perm), [x], perm.map((q) => shape[q]));
