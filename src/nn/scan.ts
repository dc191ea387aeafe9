// scan: run a step function over the time axis of batch-first sequences. Backpropagation through
// time is simply the gradient through it; truncation, masks and reversal are options.
import { stopGradient } from '../autodiff/grad.js';
import { checkTree, leaves, mapLeaves, type Tree } from '../autodiff/tree.js';
import { concat, expandDims, permute, reshape, slice, where, mul } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';
import { checkTensor } from '../ops/launch.js';
import type { Tensor } from '../tensor/tensor.js';

export interface ScanOptions {
  /** Run from the last time step to the first (the backward half of a bidirectional layer). */
  readonly reverse?: boolean;
  /**
   * [B, T] with 1 for real steps and 0 for padding: on padding the carry is kept unchanged and the
   * output is 0 (variable-length sequences).
   */
  readonly mask?: Tensor;
  /** Truncated BPTT: gradients flow back through at most this many steps (the carry passes stopGradient every k steps). */
  readonly truncate?: number;
}

export interface ScanResult<C extends Tree> {
  /** Outputs per step, [B, T, H] (in input time order also when reversed). */
  readonly ys: Tensor;
  /** The carry after the last step processed. */
  readonly carry: C;
}

/**
 * The steps [B, F] of [B, T, F]: time-major first (one permute), then cut along time by halving, so
 * every piece is a contiguous block (a view where the backend makes them, see Backend.slice).
 * Slicing each step straight out would make the backward pass pad every step's cotangent back to
 * the full [T, B, F] (quadratic in T); halving pads only to the parent piece, O(T log T) in all.
 */
const unstack = (xs: Tensor): Tensor[] => {
  const [B, T, ...rest] = xs.shape;
  const zero = rest.map(() => 0), out: Tensor[] = new Array(T);
  const cut = (piece: Tensor, lo: number, hi: number): void => {
    if (hi - lo === 1) { out[lo] = reshape(piece, [B, ...rest]); return; }
    const mid = (lo + hi) >> 1;
    cut(slice(piece, [0, 0, ...zero], [mid - lo, B, ...rest]), lo, mid);
    cut(slice(piece, [mid - lo, 0, ...zero], [hi - mid, B, ...rest]), mid, hi);
  };
  if (T > 0) cut(permute(xs, [1, 0, ...rest.map((_, i) => i + 2)]), 0, T);
  return out;
};

/** [B, T, ...] from the steps' outputs [B, ...]: joined along a leading time axis, then one permute. */
const stackSteps = (ys: readonly Tensor[]): Tensor => {
  const rest = ys[0].shape.slice(1);
  return permute(concat(ys.map((y) => expandDims(y, 0)), 0), [1, 0, ...rest.map((_, i) => i + 2)]);
};

/**
 * ys[:, t] = step(carry_t, xs[:, t]).y with carry_{t+1} = step(...).carry, over t = 0 … T−1 (or
 * backwards). `xs` is batch-first [B, T, ...]; the carry is any tree of tensors ({ h, c } for an LSTM).
 */
export const scan = <C extends Tree>(
  step: (carry: C, x: Tensor) => { readonly carry: C; readonly y: Tensor },
  init: C, xs: Tensor, o: ScanOptions = {},
): ScanResult<C> => {
  if (typeof step !== 'function') throw new ArgumentError('scan', 'step', `must be a function (carry, x) => { carry, y }, got ${describe(step)}`);
  checkTree('scan', 'init', init);
  checkTensor('scan', 'xs', xs);
  checkOptions('scan', o, ['reverse', 'mask', 'truncate']);
  checkBoolean('scan', 'reverse', o.reverse);
  if (o.mask !== undefined) checkTensor('scan', 'mask', o.mask);
  if (xs.rank < 2) throw new ShapeError('scan', 'xs', xs.shape, 'must be batch-first [B, T, ...]');
  const [B, T] = xs.shape;
  if (o.mask && (o.mask.rank !== 2 || o.mask.shape[0] !== B || o.mask.shape[1] !== T))
    throw new ShapeError('scan', 'mask', o.mask.shape, `must be [${B}, ${T}] like xs [B, T, ...]`);
  if (o.truncate !== undefined && !(Number.isInteger(o.truncate) && o.truncate >= 1))
    throw new OptionError('scan', `truncate must be a positive integer, got ${show(o.truncate)}`);
  let carry = init;
  const ys: Tensor[] = new Array(T), steps = unstack(xs);
  for (let k = 0; k < T; k++) {
    const t = o.reverse ? T - 1 - k : k;
    if (o.truncate !== undefined && k > 0 && k % o.truncate === 0) carry = mapLeaves(carry, (c) => stopGradient(c));
    const r = step(carry, steps[t]);
    if (o.mask) {
      const m = reshape(slice(o.mask, [0, t], [B, 1]), [B, 1]);
      const prev = leaves(carry).map((l) => l.value);
      let i = 0;
      carry = mapLeaves(r.carry, (c) => where(reshape(m, [B, ...c.shape.slice(1).map(() => 1)]), c, prev[i++]));
      ys[t] = mul(r.y, reshape(m, [B, ...r.y.shape.slice(1).map(() => 1)]));
    } else {
      carry = r.carry;
      ys[t] = r.y;
    }
  }
  return { ys: T === 0 ? reshape(xs, [B, 0]) : stackSteps(ys), carry };
};
