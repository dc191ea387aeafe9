import { kernelSource } from '../codegen.js';

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

/** Batch offset of one operand: (bb mod `mod`) · `stride` (mod 0: bb itself; stride 0: shared). */
export interface BatchOffset { readonly mod: number; readonly stride: number }

export interface GemmPlan {
  readonly batch: number; readonly m: number; readonly n: number; readonly k: number;
  readonly a: BatchOffset; readonly b: BatchOffset;
}

const UNROLL = 4;
const offsetExpr = (o: BatchOffset): string =>
  o.stride === 0 ? '0' : `${o.mod ? `(bb % ${o.mod})` : 'bb'} * ${o.stride}`;

/**
 * out[bb, i, j] = Σ_q A[bb, i, q] · B[bb, j, q] with both operands contiguous along q (A is [M, K],
 * B is [N, K] per batch). Four independent accumulators break the add-latency chain that bounds a
 * single running sum; the order of additions is fixed, so results are deterministic.
 */
export const gemmSource = (p: GemmPlan): string => {
  const { m, n, k } = p;
  const main = k - (k % UNROLL);
  const lines = [
    `const j = t % ${n};`,
    `const r = Math.floor(t / ${n});`,
    `const i = r % ${m};`,
    `const bb = Math.floor(r / ${m});`,
    `const ao = ${offsetExpr(p.a)} + i * ${k};`,
    `const bo = ${offsetExpr(p.b)} + j * ${k};`,
    'let s0 = 0.0;', 'let s1 = 0.0;', 'let s2 = 0.0;', 'let s3 = 0.0;',
  ];
  if (main > 0) {
    lines.push(`for (let q = 0; q < ${main}; q += ${UNROLL}) {`);
    for (let u = 0; u < UNROLL; u++) lines.push(`s${u} += a[ao + q${u ? ` + ${u}` : ''}] * b[bo + q${u ? ` + ${u}` : ''}];`);
    lines.push('}');
  }
  for (let q = main; q < k; q++) lines.push(`s${q - main} += a[ao + ${q}] * b[bo + ${q}];`);
  lines.push('return (s0 + s1) + (s2 + s3);');
  return kernelSource(['a', 'b'], lines.join('\n'));
};
