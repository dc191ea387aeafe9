// Matrix-multiply reference for 2-D and batched 3-D operands.
import { type Ref } from './ref.js';

export interface MatmulOpts {
  transA?: boolean;
  transB?: boolean;
}

// C = op(A)·op(B); op transposes the last two dims when trans* is set.
export function matmul(a: Ref, b: Ref, opts: MatmulOpts = {}): Ref {
  const { transA = false, transB = false } = opts;
  const r = a.shape.length;
  if ((r !== 2 && r !== 3) || b.shape.length !== r) throw new Error('matmul: need two 2-D or two 3-D operands');
  const batch = r === 3 ? a.shape[0] : 1;
  if (r === 3 && b.shape[0] !== batch) throw new Error('matmul: batch mismatch');
  const [a0, a1] = a.shape.slice(r - 2);
  const [b0, b1] = b.shape.slice(r - 2);
  const [M, K] = transA ? [a1, a0] : [a0, a1];
  const [K2, N] = transB ? [b1, b0] : [b0, b1];
  if (K !== K2) throw new Error(`matmul: inner dims ${K} and ${K2} differ`);
  const data = new Float64Array(batch * M * N);
  for (let p = 0; p < batch; p++) {
    const ao = p * M * K;
    const bo = p * K * N;
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < K; k++) {
          const av = a.data[ao + (transA ? k * M + i : i * K + k)];
          const bv = b.data[bo + (transB ? j * K + k : k * N + j)];
          s += av * bv;
        }
        data[p * M * N + i * N + j] = s;
      }
    }
  }
  return { shape: r === 3 ? [batch, M, N] : [M, N], data };
}
