import { OptionError, ShapeError } from './errors.js';
import { show } from './options.js';

/** A shape: a read-only tuple of dimension sizes (literal numbers where known at compile time). */
export type Shape = readonly number[];

export const sizeOf = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);

/** Row-major strides (in elements). */
export const stridesOf = (shape: Shape): number[] => {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
};

export const sameShape = (a: Shape, b: Shape): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export const fmt = (s: Shape): string => `[${s.join(', ')}]`;

const isShape = (shape: unknown): shape is Shape =>
  Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);

/** Checks that a shape is a list of non-negative (safe) integers. */
export const checkShape = (op: string, shape: unknown): Shape => {
  if (!isShape(shape)) throw new OptionError(op, `shape must be an array of non-negative integers, got ${show(shape)}`);
  return shape;
};

/** Resolves a possibly negative axis against a rank. */
export const normAxis = (op: string, axis: number, rank: number): number => {
  if (!Number.isInteger(axis)) throw new OptionError(op, `axis must be an integer, got ${show(axis)}`);
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new OptionError(op, `axis ${axis} is out of range for rank ${rank}`);
  return a;
};

export const normAxes = (op: string, axes: number | readonly number[] | undefined, rank: number): number[] => {
  if (axes === undefined) return Array.from({ length: rank }, (_, i) => i);
  if (typeof axes !== 'number' && !Array.isArray(axes)) throw new OptionError(op, `axes must be a number or an array of numbers, got ${show(axes)}`);
  const list = (typeof axes === 'number' ? [axes] : [...axes]).map((a) => normAxis(op, a, rank));
  if (new Set(list).size !== list.length) throw new OptionError(op, `axes ${JSON.stringify(axes)} repeat an axis`);
  return list.sort((x, y) => x - y);
};

/** NumPy broadcasting of two shapes; throws a ShapeError naming both. */
export const broadcastShapes = (op: string, a: Shape, b: Shape): number[] => {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new ShapeError(op, 'b', b, `does not broadcast with a of shape ${fmt(a)}`, `axis ${i - n}: ${da} vs ${db}`);
    out[i] = da === 1 ? db : da;
  }
  return out;
};
