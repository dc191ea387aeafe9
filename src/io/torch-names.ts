// PyTorch state_dict names → nn-ts paths. Module paths already agree (torch.nn.Sequential numbers
// its children as `sequential` does; Conv2d weights are OIHW and Linear weights [out, in] in both);
// what differs is batch norm's buffers.
import type { Tensor } from '../tensor/tensor.js';

/** PyTorch buffer names and the nn-ts state names they become. */
const RENAMED: Readonly<Record<string, string>> = { running_mean: 'runningMean', running_var: 'runningVar' };
/**
 * Buffers nn-ts has no counterpart for, left out: `num_batches_tracked` (PyTorch reads it only when
 * momentum is None; nn-ts batch norm always has a fixed momentum, 0.1 by default as PyTorch's).
 */
const DROPPED = new Set(['num_batches_tracked']);

export interface FromTorch {
  /** The record under nn-ts names, for `restoreModel` or `restoreTree`. */
  readonly tensors: Record<string, Tensor>;
  /** The names left out (the buffers nn-ts does not keep), in the record's order. */
  readonly dropped: readonly string[];
}

/** A PyTorch state_dict (as `decodeSafetensors` reads it) under nn-ts names: `…running_mean` → `…runningMean`, `…running_var` → `…runningVar`, `…num_batches_tracked` left out. */
export const fromTorchNames = (tensors: Readonly<Record<string, Tensor>>): FromTorch => {
  const out: Record<string, Tensor> = {}, dropped: string[] = [];
  for (const [name, t] of Object.entries(tensors)) {
    const dot = name.lastIndexOf('.'), last = name.slice(dot + 1), prefix = name.slice(0, dot + 1);
    if (DROPPED.has(last)) { dropped.push(name); continue; }
    Object.defineProperty(out, Object.prototype.hasOwnProperty.call(RENAMED, last) ? prefix + RENAMED[last] : name, { value: t, enumerable: true, writable: true, configurable: true });
  }
  return { tensors: out, dropped };
};
