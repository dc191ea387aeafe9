// A matrix applied along the last axis of a tensor of any rank (matmul takes [M, K] or [B, M, K]).
import { matmul } from '../ops/matmul.js';
import { reshape } from '../ops/movement.js';
import { ShapeError } from '../shape/errors.js';
import type { Tensor } from '../tensor/tensor.js';

/** x `[..., K]` times m `[K, N]` → `[..., N]`, differentiable. */
export function alongLastAxis(op: string, arg: string, x: Tensor, m: Tensor): Tensor {
  const [k, n] = m.shape;
  if (x.rank < 1 || x.shape[x.rank - 1] !== k) throw new ShapeError(op, arg, x.shape, `must end in an axis of ${k}`);
  const lead = x.shape.slice(0, -1);
  const rows = lead.reduce((a, b) => a * b, 1);
  const flat: Tensor = x.rank === 2 ? x : reshape(x, [rows, k] as number[]);
  const y: Tensor = matmul(flat, m);
  return x.rank === 2 ? y : reshape(y, [...lead, n]);
}
