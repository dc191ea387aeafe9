// Synthetic sequence tasks for long-term memory (Hochreiter & Schmidhuber 1997).
import { OptionError } from '../shape/errors.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { split, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';

/**
 * The adding problem: each sequence has T steps of [value ~ U(0, 1), marker]; exactly two steps
 * are marked (one in the first half, one in the second); the target is the sum of the two marked
 * values. Predicting the mean (1.0) gives an MSE of 1/6 ≈ 0.167. Returns x [n, T, 2], y [n, 1].
 */
export const addingProblem = (k: Key, n: number, T: number): { x: Tensor; y: Tensor } => {
  if (!Number.isInteger(T) || T < 2) throw new OptionError('addingProblem', `T must be an integer ≥ 2, got ${T}`);
  if (!Number.isInteger(n) || n < 1) throw new OptionError('addingProblem', `n must be a positive integer, got ${n}`);
  const [kv, km] = split(k);
  const vals = uniformData(kv, n * T), picks = uniformData(km, 2 * n);
  const x = new Float32Array(n * T * 2), y = new Float32Array(n);
  const half = Math.floor(T / 2);
  for (let i = 0; i < n; i++) {
    const a = Math.min(half - 1, Math.floor(picks[2 * i] * half)), b = half + Math.min(T - half - 1, Math.floor(picks[2 * i + 1] * (T - half)));
    for (let t = 0; t < T; t++) {
      x[(i * T + t) * 2] = vals[i * T + t];
      x[(i * T + t) * 2 + 1] = t === a || t === b ? 1 : 0;
    }
    y[i] = vals[i * T + a] + vals[i * T + b];
  }
  return { x: fromHost(x, [n, T, 2]), y: fromHost(y, [n, 1]) };
};
