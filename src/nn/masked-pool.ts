// Max over time that respects a padding mask: `maskedMaxOverTime(x [B, C, T], mask [B, T])` is the
// max over the positions t where mask[b, t] ≠ 0, channel by channel. Built from `where` and
// `maxPool2d` (one window over the whole time axis), so it runs on every backend and its gradient
// is maxPool2d's: all of it to the first maximum in time order, none to a masked position.
import { greater, max, maxPool2d, reshape, where } from '../ops/index.js';
import { checkTensor } from '../ops/launch.js';
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { Tensor } from '../tensor/tensor.js';
import type { Empty, Layer } from './layer.js';
import { withShape } from './typed.js';

/** A batch of sequences of C features over T steps with the mask of its real steps. */
export interface MaskedSequence {
  /** [B, C, T] */
  readonly x: Tensor;
  /** [B, T]: 1 at real steps, 0 at padding. */
  readonly mask: Tensor;
}

const OP = 'maskedMaxOverTime';

const checkPair = (op: string, x: Tensor, mask: Tensor): void => {
  if (x.rank !== 3) throw new ShapeError(op, 'x', x.shape, 'must be rank 3 [B, C, T]');
  if (mask.rank !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[2])
    throw new ShapeError(op, 'mask', mask.shape, `must be [${x.shape[0]}, ${x.shape[2]}] ([B, T] of x [B, C, T])`);
  if (x.shape[2] === 0) throw new ShapeError(op, 'x', x.shape, 'must have at least one time step');
};

/**
 * Per row and channel, the max of x over the steps the mask keeps (mask ≠ 0): [B, C, T] → [B, C].
 * Masked steps never win, whatever their values (they are replaced by −∞ before the max). A row
 * whose mask keeps no step gives 0 and passes no gradient. The gradient goes to the first maximum in
 * time order (ties are not shared); the mask gets none.
 */
export const maskedMaxOverTime = (x: Tensor, mask: Tensor): Tensor<[number, number]> => {
  checkTensor(OP, 'x', x);
  checkTensor(OP, 'mask', mask);
  checkPair(OP, x, mask);
  const [B, C, T] = x.shape;
  const keep = greater(reshape(mask, [B, 1, 1, T]), 0);
  const hidden = where(keep, reshape(x, [B, C, 1, T]), -Infinity);
  const pooled = reshape(maxPool2d(hidden, { size: [1, T] }), [B, C]);
  const any = reshape(max(reshape(keep, [B, T]), [1], true), [B, 1]); // 1 where the row keeps a step
  return withShape(OP, where(any, pooled, 0), [B, C]);
};

const isMaskedSequence = (u: unknown): u is MaskedSequence =>
  typeof u === 'object' && u !== null && 'x' in u && 'mask' in u && u.x instanceof Tensor && u.mask instanceof Tensor;

/**
 * The layer of `maskedMaxOverTime`: `{ x: [B, C, T], mask: [B, T] }` → [B, C]. Its input spec is
 * `{ x: [C, T], mask: [T] }`, its output spec `[C]`.
 */
export const maskedMaxPool = (): Layer<Empty, Empty, MaskedSequence, Tensor> => ({
  kind: 'maskedMaxPool',
  init: (_k, s) => {
    const spec: unknown = s;
    if (!isSpecPair(spec)) throw new ArgumentError('maskedMaxPool', 'input spec', `must be { x: [C, T], mask: [T] }, got ${describe(spec)}`);
    if (spec.x.length !== 2 || spec.mask.length !== 1 || spec.mask[0] !== spec.x[1])
      throw new ShapeError('maskedMaxPool', 'input spec mask', spec.mask, `must be [${spec.x[1] ?? 'T'}] for x ${`[${spec.x.join(', ')}]`} ([C, T] per example)`);
    return { params: {}, state: {}, outputShape: [spec.x[0]] };
  },
  apply: (_p, st, input) => {
    const u: unknown = input;
    if (!isMaskedSequence(u)) throw new ArgumentError('maskedMaxPool', 'x', `must be { x: Tensor [B, C, T], mask: Tensor [B, T] }, got ${describe(u)}`);
    return { y: maskedMaxOverTime(u.x, u.mask), state: st };
  },
});

const isShapeArray = (u: unknown): u is readonly number[] => Array.isArray(u) && u.every((d) => typeof d === 'number');
const isSpecPair = (u: unknown): u is { readonly x: readonly number[]; readonly mask: readonly number[] } =>
  typeof u === 'object' && u !== null && 'x' in u && 'mask' in u && isShapeArray(u.x) && isShapeArray(u.mask);
