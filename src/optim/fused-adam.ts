// Adam's per-leaf rule as one native call when the backend has one (the SIMD engine): the same f32
// operations in the same order as the composed ops in adam.ts, so the same numbers. Only on plain
// (untraced) tensors: a step being differentiated keeps the composed, differentiable ops.
import { activeBackend } from '../backend/select.js';
import { fromStorage } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

export interface AdamLeafConstants {
  readonly b1: number; readonly b2: number; readonly eps: number;
  readonly stepSize: number; readonly bc2Sqrt: number;
  /** 'l2': wd (added to the gradient); 'decoupled': 1 − lr·wd (the parameter's factor). */
  readonly decay: 'none' | 'l2' | 'decoupled'; readonly decayValue: number;
}

/** The new param, m and v, or undefined when the backend has no fused update for these tensors. */
export const fusedAdamLeaf = (c: AdamLeafConstants, p: Tensor, g: Tensor, m: Tensor, v: Tensor): { param: Tensor; expAvg: Tensor; expAvgSq: Tensor } | undefined => {
  const backend = activeBackend();
  if (!backend.adam) return undefined;
  const ts = [p, g, m, v];
  if (ts.some((t) => t.box !== undefined || t.storage === undefined)) return undefined;
  // each constant rounded to f32 as the composed ops' scalar operands are
  const consts = Float32Array.of(c.b1, 1 - c.b1, c.b2, 1 - c.b2, c.bc2Sqrt, c.eps, c.stepSize, c.decayValue);
  const r = backend.adam(c.decay, consts, p.storage!, g.storage!, m.storage!, v.storage!);
  return r && { param: fromStorage(p.shape, r[0]), expAvg: fromStorage(p.shape, r[1]), expAvgSq: fromStorage(p.shape, r[2]) };
};
