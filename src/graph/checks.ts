// The checks a graph's parts must pass, worded once. Each returns a FieldProblem naming the field
// at fault (`edges[3][1]`, `weights`), so `graph` can throw it as an ArgumentError and the JSON
// decoders can return it as BadData with the same sentence.
import * as E from 'fp-ts/lib/Either.js';
import { ArgumentError } from '../shape/errors.js';
import { show } from '../shape/options.js';

/** What is wrong, and where: `message` completes "<field> ...". */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export const fieldProblem = (field: string, message: string): FieldProblem => ({ field, message });

/** The sentence of a FieldProblem, as BadData details and error messages give it. */
export const fieldText = (p: FieldProblem): string => `${p.field} ${p.message}`;

/** The value, or its problem thrown as an ArgumentError of `op` naming the field (a programmer's mistake). */
export const orThrow = (op: string) => <A>(e: E.Either<FieldProblem, A>): A => {
  if (E.isLeft(e)) throw new ArgumentError(op, e.left.field, e.left.message);
  return e.right;
};

/** Node ids are stored as int32. */
export const MAX_NODES = 2 ** 31 - 1;

/** What is wrong with `v` as a node id of a graph with `nodeCount` nodes, or undefined when it is one. */
export const nodeIdProblem = (v: unknown, nodeCount: number): string | undefined => {
  if (typeof v !== 'number' || !Number.isInteger(v)) return `is ${show(v)}; expected an integer node id`;
  if (v < 0 || v >= nodeCount) return `is ${v}, outside the node ids [0, ${nodeCount})`;
  return undefined;
};

export const nodeCountProblem = (v: unknown): string | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= MAX_NODES ? undefined : `must be an integer in [0, ${MAX_NODES}], got ${show(v)}`;

/** A plain array or a typed array (what `src`, `dst`, `weights` and `nodes` may be given as). */
export const isArrayLike = (u: unknown): u is ArrayLike<unknown> => Array.isArray(u) || (ArrayBuffer.isView(u) && !(u instanceof DataView));

/** `ids` as int32 node ids, each checked; the problem names `field[i]`. */
export const nodeIds = (field: string, ids: unknown, nodeCount: number): E.Either<FieldProblem, Int32Array> => {
  if (!isArrayLike(ids)) return E.left(fieldProblem(field, `must be an array of node ids, got ${show(ids)}`));
  const out = new Int32Array(ids.length);
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    const p = nodeIdProblem(v, nodeCount);
    if (p !== undefined) return E.left(fieldProblem(`${field}[${i}]`, p));
    out[i] = Number(v);
  }
  return E.right(out);
};

/** The edge index of `[src, dst]` pairs; the problem names `field[i]` or `field[i][0|1]`. */
export const edgePairs = (field: string, pairs: unknown, nodeCount: number): E.Either<FieldProblem, { src: Int32Array; dst: Int32Array }> => {
  if (!Array.isArray(pairs)) return E.left(fieldProblem(field, `must be an array of [src, dst] pairs, got ${show(pairs)}`));
  const src = new Int32Array(pairs.length);
  const dst = new Int32Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const pair: unknown = pairs[i];
    if (!Array.isArray(pair) || pair.length !== 2) return E.left(fieldProblem(`${field}[${i}]`, `must be a [src, dst] pair, got ${show(pair)}`));
    for (const end of [0, 1]) {
      const p = nodeIdProblem(pair[end], nodeCount);
      if (p !== undefined) return E.left(fieldProblem(`${field}[${i}][${end}]`, p));
    }
    src[i] = pair[0];
    dst[i] = pair[1];
  }
  return E.right({ src, dst });
};

/** One finite float32 weight per edge. */
export const edgeWeights = (field: string, weights: unknown, edgeCount: number, edgesField: string): E.Either<FieldProblem, Float32Array> => {
  if (!isArrayLike(weights)) return E.left(fieldProblem(field, `must be an array of numbers, got ${show(weights)}`));
  if (weights.length !== edgeCount)
    return E.left(fieldProblem(field, `has ${weights.length} entries but ${edgesField} holds ${edgeCount} edge${edgeCount === 1 ? '' : 's'}: one weight per edge`));
  const out = new Float32Array(weights.length);
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (typeof w !== 'number' || !Number.isFinite(w)) return E.left(fieldProblem(`${field}[${i}]`, `is ${show(w)}; expected a finite number`));
    out[i] = w;
  }
  return E.right(out);
};
