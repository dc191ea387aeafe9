// What `init` is told about a layer's input: its spec, the per-example description of the batched
// value `apply` takes. A tensor [B, ...S] is described by its shape S (no batch axis); a tuple or
// a record of inputs (features and a mask, a sequence and its carried state) by a tuple or record
// of specs; a domain value (a graph) by the spec its type declares.
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { Shape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** A per-example description: a shape, or tuples and records of specs (and domain specs: any plain data). */
export type Spec = Shape | readonly Spec[] | { readonly [name: string]: Spec | undefined };

/**
 * A domain value (a graph, not a tensor tree) whose spec for `init` is G. Type-level only: a class
 * declares it without a runtime field (`declare readonly '~spec': GraphSpec`).
 */
export interface Domain<G extends Spec> {
  readonly '~spec': G;
}

/** The per-example shape of a batch tensor type: Tensor<[B, ...S]> → S (a shape known only at run time stays `Shape`). */
export type ExampleShape<S extends Shape> = S extends readonly [number, ...infer R extends number[]] ? R : Shape;

/** The spec describing a batched value X (what `init` takes for a layer whose `apply` takes X). */
export type SpecOf<X> =
  unknown extends X ? Spec
  : X extends Tensor<infer S> ? ExampleShape<S>
  : X extends Domain<infer G> ? G
  : X extends readonly unknown[] ? { readonly [K in keyof X]: SpecOf<X[K]> }
  : X extends object ? { readonly [K in keyof X]: SpecOf<X[K]> }
  : never;

/** A shape: an array of non-negative integers ([] is a scalar per example). */
export const isShapeSpec = (u: unknown): u is Shape =>
  Array.isArray(u) && u.every((d: unknown) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0);

/** Throws an ArgumentError naming `op` unless `u` is a record spec with an entry `name`; returns that entry. */
export const specEntry = (op: string, u: unknown, name: string): unknown => {
  if (u === null || typeof u !== 'object' || Array.isArray(u) || !(name in u))
    throw new ArgumentError(op, 'input spec', `must be a record with an entry '${name}', got ${describe(u)}`);
  return Object.entries(u).find(([k]) => k === name)?.[1];
};

/**
 * X with every tensor's shape widened to "known only at run time" (`Tensor`): what `apply` also
 * accepts, so data whose shapes the type checker cannot see (a dataset's batches) needs no cast;
 * the layer checks those shapes when it runs.
 */
export type Loose<X> =
  X extends Tensor ? Tensor
  : X extends Domain<Spec> ? X
  : X extends readonly unknown[] ? { readonly [K in keyof X]: Loose<X[K]> }
  : X extends object ? { readonly [K in keyof X]: Loose<X[K]> }
  : X;

/** Whether `u` is a spec: a shape, or arrays and plain records whose entries are specs (undefined entries allowed). */
export const isSpec = (u: unknown, depth = 0): u is Spec => {
  if (isShapeSpec(u)) return true;
  if (depth > 100 || u === null || typeof u !== 'object') return false;
  if (Array.isArray(u)) return u.every((c: unknown) => isSpec(c, depth + 1));
  return Object.getPrototypeOf(u) === Object.prototype && Object.values(u).every((c) => c === undefined || isSpec(c, depth + 1));
};

/** `u` as a spec, or an ArgumentError naming `op` and where the spec was given. */
export const specOf = (op: string, arg: string, u: unknown): Spec => {
  if (isSpec(u)) return u;
  throw new ArgumentError(op, arg, `must be a spec (a shape, or a tuple or record of specs), got ${describe(u)}`);
};
