// Typed views of tensors whose shapes an op's types cannot follow (a size fixed when the layer is
// made, a batch known only at run time): the shape is checked, so the type is a fact, not a cast.
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { fmt, sameShape, type Shape } from '../shape/shape.js';
import { Tensor } from '../tensor/tensor.js';

// A tensor's type is its shape: equal shapes, equal types. (`S extends [] | number[]` makes a literal
// array argument infer as a tuple.)
const hasShape = <S extends Shape>(t: Tensor, shape: S): t is Tensor<S> => sameShape(t.shape, shape);

/** `t` as a `Tensor<S>`: throws a ShapeError naming `op` unless its shape is `shape`. */
export const withShape = <S extends [] | number[]>(op: string, t: Tensor, shape: S): Tensor<S> => {
  if (hasShape(t, shape)) return t;
  throw new ShapeError(op, 'output', t.shape, `must be ${fmt(shape)} (the layer's shape rule)`);
};

/** `t` with the type of `like`: throws a ShapeError naming `op` unless both have the same shape. */
export const withShapeOf = <T extends Tensor>(op: string, t: Tensor, like: T): T => {
  if (hasShapeOf(t, like)) return t;
  throw new ShapeError(op, 'output', t.shape, `must be ${fmt(like.shape)} like its input`);
};
const hasShapeOf = <T extends Tensor>(t: Tensor, like: T): t is T => sameShape(t.shape, like.shape);

/** What an initialiser gave for parameter `name`, as a `Tensor<S>`: an ArgumentError unless it is a tensor of `shape`. */
export const initialized = <S extends [] | number[]>(op: string, name: string, t: unknown, shape: S): Tensor<S> => {
  if (t instanceof Tensor && hasShape(t, shape)) return t;
  throw new ArgumentError(op, `init for ${name}`, `must return a tensor of shape ${fmt(shape)}, got ${t instanceof Tensor ? `shape ${fmt(t.shape)}` : describe(t)}`);
};

/** `t` as a batch with C channels on axis 1 ([B, C, ...]): a ShapeError naming `op` unless it is one. */
export const withChannels = <C extends number>(op: string, t: Tensor, channels: C): Tensor<readonly [number, C, ...number[]]> => {
  if (hasChannels(t, channels)) return t;
  throw new ShapeError(op, 'output', t.shape, `must be [B, ${channels}, ...]`);
};
const hasChannels = <C extends number>(t: Tensor, channels: C): t is Tensor<readonly [number, C, ...number[]]> => t.rank >= 2 && t.shape[1] === channels;
