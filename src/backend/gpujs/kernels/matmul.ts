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
