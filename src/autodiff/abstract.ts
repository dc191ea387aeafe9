// Abstract evaluation: run a function on tensors that have shapes but no values. Every primitive
// still applies its shape rule (so a mismatch throws the usual ShapeError), but none launches or
// compiles a kernel. Layers learn their output shapes this way at init; it is also the first half
// of a staged `compile(f)`: the same walk over the primitive registry, recording instead of running.
import { mapTensorsIn } from './tree.js';
import { ArgumentError } from '../shape/errors.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { Tensor } from '../tensor/tensor.js';

let depth = 0;

/** @internal true while evalShape runs: primitives return abstract tensors instead of computing. */
export const isAbstract = (): boolean => depth > 0;

/** @internal a tensor with a shape and no values (no storage, no trace). */
export const abstractTensor = <S extends Shape>(shape: S): Tensor<S> => new Tensor(shape, undefined, undefined);

/** @internal true for a tensor made by abstract evaluation. */
export const isAbstractTensor = (t: Tensor): boolean => t.storage === undefined && t.box === undefined;

/** @internal the error for reading values that an abstract evaluation never computed. */
export const abstractRead = (op: string): ArgumentError =>
  new ArgumentError(op, 'tensor', 'is abstract (made inside evalShape): it has a shape but no values');

/** The shapes of a result: a tensor's shape, arrays and records of them with the same structure. */
export type ShapeTree<R> = R extends Tensor<infer S> ? S
  : R extends readonly unknown[] ? { -readonly [K in keyof R]: ShapeTree<R[K]> }
  : R extends object ? { -readonly [K in keyof R]: ShapeTree<R[K]> } : never;

const shapesOf = (v: unknown): unknown => mapTensorsIn(v, (t) => [...t.shape], {
  other: (u, path) => { throw new ArgumentError('evalShape', `f(...)${path ? `.${path}` : ''}`, `must be a tensor or a tree of tensors, got ${u === null ? 'null' : typeof u}`); },
});

/**
 * The output shape (tree) of `f` for inputs of these shapes, found without data and without any
 * backend work: no kernel is compiled or launched, nothing is allocated for the inputs.
 * `evalShape((x, w) => conv2d(x, w, { padding: 1 }), [1, 3, 224, 224], [64, 3, 3, 3])` → `[1, 64, 224, 224]`.
 */
export const evalShape = <A extends Tensor[], R>(f: (...xs: A) => R, ...shapes: { [K in keyof A]: Shape }): ShapeTree<R> => {
  if (typeof f !== 'function') throw new ArgumentError('evalShape', 'f', 'must be a function');
  const inputs = shapes.map((s) => abstractTensor(checkShape('evalShape', s)));
  depth++;
  let out: R;
  try { out = f(...(inputs as A)); } finally { depth--; }
  return shapesOf(out) as ShapeTree<R>;
};
