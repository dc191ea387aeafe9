// Reading the `data` argument of `tensor`: numbers, typed arrays, array-likes or regular nested
// arrays. Every entry must be a number (NaN and ±Infinity are numbers and are kept); anything else
// is an ArgumentError that names the first bad position, so `['a']` never becomes NaN silently.
import { checkTensorSize } from '../backend/limits.js';
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/** Nested arrays of numbers, as `tensor` accepts them and `toNested` gives them. */
export type Nested = number | readonly Nested[];

/** Deeper nesting than this is refused: a shape of rank 1000 is a mistake, and recursion must stay bounded. */
const MAX_RANK = 1000;

const at = (path: readonly number[]): string => path.map((i) => `[${i}]`).join('');

/** The shape nested arrays claim along their first entries (cycles refused). */
const firstShape = (op: string, data: readonly unknown[]): number[] => {
  const shape: number[] = [];
  const seen = new Set<unknown>();
  let d: unknown = data;
  while (Array.isArray(d)) {
    if (seen.has(d)) throw new ArgumentError(op, 'data', `at ${at(shape.map(() => 0))} contains itself (a cycle)`);
    if (shape.length >= MAX_RANK) throw new ArgumentError(op, 'data', `nests deeper than ${MAX_RANK} levels`);
    seen.add(d);
    shape.push(d.length);
    if (d.length === 0) break;
    d = d[0];
  }
  return shape;
};

const numberAt = (op: string, v: unknown, path: readonly number[]): number => {
  if (typeof v !== 'number') throw new ArgumentError(op, 'data', `at ${at(path) || 'the top'} must be a number, got ${describe(v)}`);
  return v;
};

/** Flattens regular nested arrays row-major; a ragged or non-numeric entry is an ArgumentError naming its index path. */
const flattenNested = (op: string, data: readonly unknown[]): { flat: Float32Array; shape: number[] } => {
  const shape = firstShape(op, data);
  const size = shape.reduce((a, b) => a * b, 1);
  checkTensorSize(op, size, shape);
  const flat = new Float32Array(size);
  let k = 0;
  const path: number[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth === shape.length) {
      if (Array.isArray(node)) throw new ArgumentError(op, 'data', `is ragged: at ${at(path)} an array of ${node.length} where a number belongs (the shape from the first entries is [${shape.join(', ')}])`);
      flat[k++] = numberAt(op, node, path);
      return;
    }
    if (!Array.isArray(node)) {
      if (typeof node === 'number') throw new ArgumentError(op, 'data', `is ragged: at ${at(path)} a number where an array of ${shape[depth]} belongs (the shape from the first entries is [${shape.join(', ')}])`);
      throw new ArgumentError(op, 'data', `at ${at(path)} must be a number or an array, got ${describe(node)}`);
    }
    if (node.length !== shape[depth])
      throw new ArgumentError(op, 'data', `is ragged: at ${at(path)} an array of ${node.length} where ${at(path.map(() => 0))} has ${shape[depth]}`);
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      visit(node[i], depth + 1);
      path.pop();
    }
  };
  visit(data, 0);
  return { flat, shape };
};

const isNumericView = (v: unknown): v is ArrayLike<number> =>
  ArrayBuffer.isView(v) && !(v instanceof DataView) && !(v instanceof BigInt64Array) && !(v instanceof BigUint64Array);

/**
 * The numbers of `data` as float32 (a copy) and the shape nested arrays give them ([] for a number,
 * [n] for a flat array, typed array or array-like).
 */
export const readData = (op: string, data: unknown): { flat: Float32Array; shape: number[] } => {
  if (typeof data === 'number') return { flat: Float32Array.of(data), shape: [] };
  if (Array.isArray(data)) {
    if (data.some((v) => Array.isArray(v))) return flattenNested(op, data);
    checkTensorSize(op, data.length, [data.length]);
    const flat = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) flat[i] = numberAt(op, data[i], [i]);
    return { flat, shape: [data.length] };
  }
  if (isNumericView(data)) {
    checkTensorSize(op, data.length, [data.length]);
    return { flat: Float32Array.from(data), shape: [data.length] };
  }
  if (data !== null && typeof data === 'object' && 'length' in data) {
    const n: unknown = data.length;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0)
      throw new ArgumentError(op, 'data', `has a length that is not a non-negative integer (${describe(n)})`);
    checkTensorSize(op, n, [n]);
    const like: Readonly<Record<number, unknown>> = data;
    const flat = new Float32Array(n);
    for (let i = 0; i < n; i++) flat[i] = numberAt(op, like[i], [i]);
    return { flat, shape: [n] };
  }
  throw new ArgumentError(op, 'data', `must be a number, an array of numbers, nested arrays of numbers or a typed array, got ${describe(data)}`);
};
