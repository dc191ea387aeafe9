import { OptionError } from '../shape/errors.js';
import { sizeOf, type Shape } from '../shape/shape.js';
import { checkTensorSize } from '../backend/limits.js';
import { abstractRead, abstractTensor, isAbstract, isAbstractTensor } from './abstract.js';
import { Tensor, type Cotangent, type TraceNode } from '../tensor/tensor.js';

/**
 * A primitive: the one place that states an operation's shape rule, its forward computation on
 * untraced tensors, and its pullback. The pullback must be written with differentiable ops
 * (the public ones), so that gradients of gradients work.
 */
export interface Primitive<P = void> {
  readonly name: string;
  /** Output shape for these input shapes; throws a ShapeError for inputs that do not fit. */
  readonly shape: (inputs: readonly Shape[], params: P) => Shape;
  /** Computes the result from untraced inputs (kernel launches, or ops on untraced tensors). */
  readonly forward: (inputs: readonly Tensor[], params: P, outShape: Shape) => Tensor;
  /**
   * Cotangents of the inputs given the output cotangent `g`. `undefined` means zero (or not
   * differentiable). `wants[i]` is false when input i is not being differentiated (its cotangent may be skipped). Omit for primitives with no gradient (comparisons, argmax): they pass none.
   * A cotangent may be sparse (`RowSparse`, as gather's is): the core densifies it where needed.
   */
  readonly vjp?: (g: Tensor, inputs: readonly Tensor[], out: Tensor, params: P, wants: readonly boolean[]) => readonly (Cotangent | undefined)[];
}

/** The function that applies a registered primitive. */
export type PrimitiveFn<P> = (inputs: readonly Tensor[], params: P) => Tensor;

const registry = new Map<string, Primitive<never>>();

/** All registered primitives (built-in and user-defined), by name. */
export const primitives = (): ReadonlyMap<string, Primitive<never>> => registry;

let nextNodeId = 0;

/** Applies a primitive to inputs, tracing it for every active `vjp` its inputs belong to. */
export const bind = <P>(prim: Primitive<P>, inputs: readonly Tensor[], params: P): Tensor => {
  let level = 0;
  for (const x of inputs) if (x.box && x.box.level > level) level = x.box.level;
  if (level === 0) {
    const outShape = prim.shape(inputs.map((x) => x.shape), params);
    checkTensorSize(prim.name, sizeOf(outShape), outShape); // a typo in a shape is refused before any allocation
    if (isAbstract()) return abstractTensor(outShape);
    if (inputs.some(isAbstractTensor)) throw abstractRead(prim.name);
    return prim.forward(inputs, params, outShape);
  }
  const unboxed = inputs.map((x) => (x.box && x.box.level === level ? x.box.inner : x));
  const out = bind(prim, unboxed, params);
  if (!prim.vjp) return out; // no gradient flows through: the result is a constant of this trace
  const vjp = prim.vjp;
  const parents = inputs.map((x) => (x.box && x.box.level === level ? x : undefined));
  // `wants` lets a pullback skip cotangents nobody asked for (the gradient of a conv's input data).
  const wants = parents.map((p) => p !== undefined);
  const node: TraceNode = { id: nextNodeId++, parents, pullback: (g) => vjp(g, unboxed, out, params, wants) };
  return new Tensor(out.shape, undefined, { level, inner: out, node });
};

/** @internal a fresh node id (for leaves). */
export const newNodeId = (): number => nextNodeId++;

/**
 * Registers a primitive and returns the function that applies it. This is also the public way to
 * add your own differentiable operation: give its shape rule, forward (on untraced tensors: use
 * nn-ts ops or compute on `toArray` data) and pullback (written with nn-ts ops); then check it with
 * the laws in `nn-ts/laws`.
 */
export const definePrimitive = <P = void>(prim: Primitive<P>): PrimitiveFn<P> => {
  if (!prim.name || typeof prim.name !== 'string') throw new OptionError('definePrimitive', 'a primitive needs a name');
  if (registry.has(prim.name)) throw new OptionError('definePrimitive', `a primitive named '${prim.name}' already exists`);
  registry.set(prim.name, prim as unknown as Primitive<never>);
  return (inputs, params) => bind(prim, inputs, params);
};
