import { kernelSource, partIndex } from '../codegen.js';
import { assertLoops } from './budget.js';
import type { BatchOffset, GemmPlan } from '../../types.js';

export interface MatmulPlan {
  readonly batch: number; readonly m: number; readonly k: number; readonly n: number;
  /** a is stored [K, M] per batch (so the kernel reads it transposed, without a copy) */
  readonly transA: boolean;
  readonly transB: boolean;
  /** batch strides in elements (0 = the same matrix for every batch) */
  readonly batchA: number; readonly batchB: number;
}

/** out[b, i, j] = Σ_k A[b, i, k] · B[b, k, j] over flat row-major buffers. */
export const matmulSource = (p: MatmulPlan): string => {
  const { m, k, n } = p;
  const sAi = p.transA ? 1 : k, sAk = p.transA ? m : 1;
  const sBk = p.transB ? 1 : n, sBj = p.transB ? k : 1;
  const lines = [
    `const j = t % ${n};`,
    `const r = Math.floor(t / ${n});`,
    `const i = r % ${m};`,
    `const bb = Math.floor(r / ${m});`,
    `const ao = ${p.batchA ? `bb * ${p.batchA} + ` : ''}i * ${sAi};`,
    `const bo = ${p.batchB ? `bb * ${p.batchB} + ` : ''}j * ${sBj};`,
    'let s = 0.0;',
    `for (let q = 0; q < ${k}; q++) {`,
    `s += a[ao + q${sAk === 1 ? '' : ` * ${sAk}`}] * b[bo + q${sBk === 1 ? '' : ` * ${sBk}`}];`,
    '}',
    'return s;',
  ];
  return kernelSource(['a', 'b'], lines.join('\n'));
};

export type { BatchOffset, GemmPlan };

const UNROLL = 4;
const offsetExpr = (o: BatchOffset): string =>
  o.stride === 0 ? '0' : `${o.mod ? `(bb % ${o.mod})` : 'bb'} * ${o.stride}`;

/** Longest stretch of K one gemm thread sums (four chains of 1024); longer products are split into K chunks. */
export const GEMM_K_CHUNK = 4096;

/** How a long K is cut: `count` chunks of GEMM_K_CHUNK, the last one `last` long. */
export const gemmChunks = (k: number): { count: number; last: number } => {
  const count = Math.max(1, Math.ceil(k / GEMM_K_CHUNK));
  return { count, last: k - (count - 1) * GEMM_K_CHUNK };
};

/**
 * out[bb, i, j] = Σ_q A[bb, i, q] · B[bb, j, q] with both operands contiguous along q (A is [M, K],
 * B is [N, K] per batch). Four independent accumulators break the add-latency chain that bounds a
 * single running sum; the order of additions is fixed, so results are deterministic.
 * When K is longer than GEMM_K_CHUNK the output is [chunks, batch·M·N] partial sums (chunk c covers
 * q in [c·GEMM_K_CHUNK, ...)), to be summed over the first axis: no thread loops past the GL limit.
 */
export const gemmSource = (p: GemmPlan): string => {
  const { m, n, k } = p;
  const { count, last } = gemmChunks(k);
  const span = count === 1 ? k : GEMM_K_CHUNK;
  const main = span - (span % UNROLL);
  const lastMain = last - (last % UNROLL);
  assertLoops('gemm', main / UNROLL);
  const cells = p.batch * m * n;
  const lines = [partIndex(count, cells)];
  lines.push(
    `const j = u % ${n};`,
    `const r = Math.floor(u / ${n});`,
    `const i = r % ${m};`,
    `const bb = Math.floor(r / ${m});`,
    `const ao = ${offsetExpr(p.a)} + i * ${k}${count === 1 ? '' : ` + sc * ${GEMM_K_CHUNK}`};`,
    `const bo = ${offsetExpr(p.b)} + j * ${k}${count === 1 ? '' : ` + sc * ${GEMM_K_CHUNK}`};`,
    'let s0 = 0.0;', 'let s1 = 0.0;', 'let s2 = 0.0;', 'let s3 = 0.0;',
  );
  const step = (q: string, acc: number) => `s${acc} += a[ao + ${q}] * b[bo + ${q}];`;
  if (main > 0) {
    lines.push(`for (let q = 0; q < ${main}; q += ${UNROLL}) {`);
    if (count > 1 && lastMain < main) lines.push(`if (sc == ${count - 1} && q >= ${lastMain}) { break; }`);
    for (let u = 0; u < UNROLL; u++) lines.push(step(u ? `q + ${u}` : 'q', u));
    lines.push('}');
  }
  // The tail past the last multiple of 4 (only the last chunk of a split K can have one).
  const tail = (from: number, to: number) => Array.from({ length: to - from }, (_, d) => step(String(from + d), d));
  if (count === 1) lines.push(...tail(main, k));
  else if (last > lastMain) lines.push(`if (sc == ${count - 1}) {`, ...tail(lastMain, last), '}');
  lines.push('return (s0 + s1) + (s2 + s3);');
  return kernelSource(['a', 'b'], lines.join('\n'));
};
