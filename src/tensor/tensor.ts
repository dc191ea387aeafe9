import type { Storage } from '../backend/types.js';
import type { Shape } from '../shape/shape.js';

declare const sparseTag: unique symbol;

/**
 * A cotangent that is not stored densely: a gradient only some rows of which can be non-zero (the
 * gradient of a `gather`). The autodiff core adds such values and densifies them only where a dense
 * tensor is needed, so a table that is only gathered gets a gradient the size of what was gathered.
 * `nn-ts`'s one kind is `RowSparse` (ops/gather.ts); this interface keeps the core free of ops.
 */
export interface SparseCotangent<S extends Shape = Shape> {
  readonly [sparseTag]?: S;
  readonly kind: 'rowSparse';
  /** The shape of the dense value it stands for. */
  readonly shape: S;
  /** The dense tensor it stands for (differentiable). */
  dense(): Tensor<S>;
  /** this + other, both cotangents of one value (same shape). */
  plus(other: Cotangent): Cotangent;
}

/** What flows backwards through a trace: a dense tensor or a sparse cotangent. */
export type Cotangent = Tensor | SparseCotangent;

/** Whether a cotangent is a sparse one. */
export const isSparseCotangent = (u: unknown): u is SparseCotangent =>
  typeof u === 'object' && u !== null && !(u instanceof Tensor) && 'kind' in u && u.kind === 'rowSparse' && 'dense' in u && typeof u.dense === 'function';

/** The dense tensor a cotangent stands for. */
export const denseCotangent = (c: Cotangent): Tensor => (c instanceof Tensor ? c : c.dense());

/** A node of a reverse-mode trace: which traced inputs it came from, and how to pull a cotangent back. */
export interface TraceNode {
  readonly id: number;
  readonly parents: readonly (Tensor | undefined)[];
  readonly pullback: (g: Tensor) => readonly (Cotangent | undefined)[];
}

/** A tensor being traced at `level`: the value one level down, plus its node in that trace. */
export interface Box {
  readonly level: number;
  readonly inner: Tensor;
  readonly node: TraceNode;
}

declare const shapeTag: unique symbol;

/**
 * An immutable n-dimensional array of float32 numbers with a shape `S` (a literal tuple where known,
 * `number[]` otherwise). Never changes after it is made; read it with `toArray`.
 */
export class Tensor<S extends Shape = Shape> {
  declare readonly [shapeTag]?: S;
  readonly shape: S;
  readonly size: number;
  /** @internal the numbers, for an untraced tensor */
  readonly storage: Storage | undefined;
  /** @internal the trace box, for a tensor being differentiated */
  readonly box: Box | undefined;

  /** @internal use `tensor`, `zeros`, ... */
  constructor(shape: S, storage: Storage | undefined, box: Box | undefined) {
    this.shape = Object.freeze([...shape]) as unknown as S;
    this.size = shape.reduce((a, b) => a * b, 1);
    this.storage = storage;
    this.box = box;
    Object.freeze(this);
  }

  get rank(): number { return this.shape.length; }

  toString(): string { return `Tensor[${this.shape.join(', ')}]`; }
}

/** The untraced tensor under any trace boxes. */
export const rawOf = <S extends Shape>(t: Tensor<S>): Tensor<S> => {
  let x: Tensor = t;
  while (x.box) x = x.box.inner;
  return x as Tensor<S>;
};

export const isTensor = (u: unknown): u is Tensor => u instanceof Tensor;
