import type { Storage } from '../backend/types.js';
import type { Shape } from '../shape/shape.js';

/** A node of a reverse-mode trace: which traced inputs it came from, and how to pull a cotangent back. */
export interface TraceNode {
  readonly id: number;
  readonly parents: readonly (Tensor | undefined)[];
  readonly pullback: (g: Tensor) => readonly (Tensor | undefined)[];
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
