// The safetensors JSON header as an io-ts codec. Structure only (types, non-negative integers,
// [begin, end] pairs); checks that need the data buffer (dtype support, byte counts, bounds) live in
// decode.ts. Every failure keeps its io-ts context, so messages name the tensor and the field.
import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import { badHeader, type BadHeader } from './problems.js';

export interface TensorInfo {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly data_offsets: readonly [number, number];
}

export interface Header {
  /** Tensor entries, sorted by name. */
  readonly tensors: ReadonlyArray<readonly [string, TensorInfo]>;
  readonly metadata: Readonly<Record<string, string>>;
}

export const METADATA_KEY = '__metadata__';

// Safe integers only: every offset and dimension must survive arithmetic in a JS number exactly.
const isNonNegInt = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0;

/** Codec names are phrased to complete "must be ...". */
const NonNegInt = new t.Type<number, number, unknown>(
  'a non-negative integer',
  isNonNegInt,
  (u, c) => (isNonNegInt(u) ? t.success(u) : t.failure(u, c)),
  t.identity,
);

const Str = new t.Type<string, string, unknown>('a string', (u): u is string => typeof u === 'string', (u, c) => (typeof u === 'string' ? t.success(u) : t.failure(u, c)), t.identity);

const Shape = t.array(NonNegInt, 'an array of non-negative integers');

const isPair = (u: unknown): u is readonly [number, number] => Array.isArray(u) && u.length === 2 && isNonNegInt(u[0]) && isNonNegInt(u[1]);

const Offsets = new t.Type<readonly [number, number], readonly [number, number], unknown>(
  'a [begin, end] pair of non-negative integers',
  (u): u is readonly [number, number] => isPair(u) && u[0] <= u[1],
  (u, c) => {
    if (!isPair(u)) return t.failure(u, c);
    if (u[0] > u[1]) return t.failure(u, c, `data_offsets [${u[0]}, ${u[1]}] must have begin <= end`);
    return t.success([u[0], u[1]] as const);
  },
  t.identity,
);

export const TensorInfoC = t.type({ dtype: Str, shape: Shape, data_offsets: Offsets }, 'an object with dtype, shape and data_offsets');

export const MetadataC = t.record(t.string, Str, 'an object of string values');

/** The whole header: a JSON object of tensor entries plus an optional `__metadata__`. */
export const HeaderC = new t.Type<Header, Header, unknown>(
  'a JSON object',
  (u): u is Header => typeof u === 'object' && u !== null && 'tensors' in u && Array.isArray(u.tensors),
  (u, c) => {
    if (!t.UnknownRecord.is(u)) return t.failure(u, c);
    const errors: t.ValidationError[] = [];
    const tensors: (readonly [string, TensorInfo])[] = [];
    let metadata: Record<string, string> = {};
    for (const name of Object.keys(u).sort()) {
      const v = u[name];
      if (name === METADATA_KEY) {
        if (v === null) continue; // some writers emit `"__metadata__": null` for "none"
        const r = MetadataC.validate(v, t.appendContext(c, name, MetadataC, v));
        if (isLeft(r)) errors.push(...r.left);
        else metadata = r.right;
        continue;
      }
      const r = TensorInfoC.validate(v, t.appendContext(c, name, TensorInfoC, v));
      if (isLeft(r)) errors.push(...r.left);
      else tensors.push([name, r.right]);
    }
    return errors.length ? t.failures(errors) : t.success({ tensors, metadata });
  },
  t.identity,
);

/** A short rendering of a bad value for a message. */
export const show = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  let s: string;
  try { s = JSON.stringify(v) ?? String(v); } catch { s = String(v); }
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** `shape[1]`, `data_offsets`: the field below a tensor entry, as a reader would write it. */
const fieldPath = (keys: readonly string[]): string =>
  keys.map((k, i) => (/^\d+$/.test(k) && i > 0 ? `[${k}]` : i === 0 ? k : `.${k}`)).join('');

const fieldAt = (key: string | undefined): BadHeader['field'] =>
  key === 'shape' || key === 'data_offsets' || key === 'dtype' ? key : undefined;

/** The first io-ts error as one sentence naming the tensor and field (plus a count of the rest). */
export const headerProblem = (errors: t.Errors): BadHeader => {
  const e = errors[0];
  const keys = e.context.slice(1).map((k) => k.key);
  const expected = e.context[e.context.length - 1]?.type.name ?? 'valid';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem${errors.length > 2 ? 's' : ''} in the header)` : '';
  if (keys.length === 0) return badHeader(`header must be ${expected}, got ${show(e.value)}${more}`);
  const [entry, ...rest] = keys;
  const where = entry === METADATA_KEY ? METADATA_KEY : `tensor '${entry}'`;
  const field = entry === METADATA_KEY ? undefined : fieldAt(rest[0]); // a metadata key named 'shape' is no shape
  if (e.message) return badHeader(`${where}: ${e.message}${more}`, field);
  if (rest.length === 0) return badHeader(`${where} must be ${expected}, got ${show(e.value)}${more}`, field);
  const name = entry === METADATA_KEY ? `value of '${rest.join('.')}'` : fieldPath(rest);
  const problem = e.value === undefined ? `${name} is missing (must be ${expected})` : `${name} must be ${expected}, got ${show(e.value)}`;
  return badHeader(`${where}: ${problem}${more}`, field);
};
