// Row indexing: gather (an embedding lookup), its adjoint scatterAdd, the row-sparse gradient that
// gather's pullback gives (so a table that is only gathered is never densified unless asked), and
// scatterRows, which writes back the rows an optimiser step touched. One file because gather's
// pullback makes a RowSparse, and a RowSparse densifies with scatterAdd, whose pullback is gather.
import { definePrimitive } from '../autodiff/primitive.js';
import { addAny } from '../autodiff/ad-util.js';
import { gatherSource, scatterAddSource, scatterRowsSource } from '../backend/gpujs/kernels/movement.js';
import { LOOP_BUDGET } from '../backend/gpujs/kernels/budget.js';
import { EXACT_INDEX_LIMIT } from '../backend/limits.js';
import { ArgumentError, LimitError, OptionError, ShapeError } from '../shape/errors.js';
import { describe, show } from '../shape/options.js';
import { fmt, sameShape, sizeOf, type Shape } from '../shape/shape.js';
import { fromHost, fromStorage, toArray } from '../tensor/create.js';
import { Tensor, denseCotangent, isSparseCotangent, rawOf, type Cotangent, type SparseCotangent } from '../tensor/tensor.js';
import { checkTensor, launch, nativeOrLaunch } from './launch.js';
import { activeBackend } from '../backend/select.js';
import { launchInParts } from './partials.js';
import { nativeSegment } from './sparse/segment-kernels.js';
import { concat, reshape } from './movement.js';

const checkIndices = (op: string, idx: Tensor, limit: number): Float32Array => {
  // Indices, positions and counts travel as float32, exact only below 2^24.
  if (idx.size > EXACT_INDEX_LIMIT) throw new LimitError(op, 'number of indices', idx.size, EXACT_INDEX_LIMIT, 'indices are float32, exact below 2^24: split the lookup');
  if (limit > EXACT_INDEX_LIMIT) throw new LimitError(op, 'rows of the table', limit, EXACT_INDEX_LIMIT, 'row indices are float32, exact below 2^24');
  const v = toArray(idx);
  for (let i = 0; i < v.length; i++)
    if (!Number.isInteger(v[i]) || v[i] < 0 || v[i] >= limit)
      throw new OptionError(op, `index ${v[i]} at position ${i} is not an integer in [0, ${limit})`);
  return v;
};

// ---------- gather / scatterAdd ----------

/**
 * Rows `idx` (checked by the caller) of `table`, rows of `row` numbers, as a tensor of `shape`: the
 * backend's native gather, or the gpu.js kernel launched as `name` (gather, segmentBroadcast).
 */
export const gatherRowsOf = (name: string, table: Tensor, idx: Tensor, row: number, shape: Shape): Tensor => {
  // an empty result (rows of no numbers) is the kernel's: the native gather sizes its output as idx.size · row
  const native = sizeOf(shape) > 0 ? activeBackend().gather?.(table.storage!, idx.storage!, row) : undefined;
  return nativeOrLaunch(native, name, () => gatherSource(row), [table, idx], shape);
};

const gatherPrim = definePrimitive<void>({
  name: 'gather',
  shape: ([t, i]) => [...i, ...t.slice(1)],
  forward: ([table, idx], _p, shape) => {
    checkIndices('gather', idx, table.shape[0]);
    return gatherRowsOf('gather', table, idx, sizeOf(table.shape.slice(1)), shape);
  },
  // Row-sparse: the gathered rows' cotangents and their ids. The core densifies it (a scatterAdd)
  // only where a dense cotangent is needed, so a table read only here keeps it sparse.
  vjp: (g, [table, idx]) => [new RowSparse(table.shape, [{ indices: idx, rows: reshape(g, [idx.size, ...table.shape.slice(1)]) }]), undefined],
});

/** Rows of `table` (axis 0) picked by integer `indices` of any shape: result [...indices.shape, ...table.shape[1:]]. An embedding lookup. */
export const gather = (table: Tensor, indices: Tensor): Tensor<number[]> => {
  checkTensor('gather', 'table', table);
  checkTensor('gather', 'indices', indices);
  if (table.rank < 1) throw new ShapeError('gather', 'table', table.shape, 'must have rank ≥ 1');
  return gatherPrim([table, indices], undefined) as Tensor<number[]>;
};

const scatterAddPrim = definePrimitive<number>({
  name: 'scatterAdd',
  shape: ([v, i], rows) => {
    if (v[0] !== sizeOf(i)) throw new ShapeError('scatterAdd', 'values', v, `must have one row per index (${sizeOf(i)} indices)`);
    return [rows, ...v.slice(1)];
  },
  forward: ([vals, idx], rows, shape) => {
    const iv = checkIndices('scatterAdd', idx, rows);
    // Sort positions by index on the host so the kernel can gather each row's contributions.
    const perm = Float32Array.from(iv.keys()).sort((a, b) => iv[a] - iv[b] || a - b);
    const offs = new Float32Array(rows + 1);
    for (const v of iv) offs[v + 1]++;
    for (let r = 0; r < rows; r++) offs[r + 1] += offs[r];
    // Each thread walks the positions of its row's index; a row used more often than one thread may
    // loop is walked in chunks whose partial sums are added afterwards.
    let most = 0;
    for (let r = 0; r < rows; r++) most = Math.max(most, offs[r + 1] - offs[r]);
    const span = Math.max(1, Math.min(iv.length, LOOP_BUDGET - 1));
    const parts = Math.max(1, Math.ceil(most / span));
    const inputs = [vals, fromHost(perm, [perm.length]), fromHost(offs, [rows + 1])];
    const row = sizeOf(vals.shape.slice(1));
    const native = parts === 1 ? nativeSegment('scatterAdd', inputs, row, shape) : undefined;
    return native ?? launchInParts('scatterAdd', scatterAddSource(row, span, parts, sizeOf(shape)), inputs, parts, shape, span);
  },
  vjp: (g, [, idx]) => [gather(g, reshape(idx, [idx.size])), undefined],
});

/** Sums rows of `values` ([N, ...]) into `rows` rows by integer `indices` (N of them): the gradient of gather. */
export const scatterAdd = (values: Tensor, indices: Tensor, rows: number): Tensor<number[]> => {
  checkTensor('scatterAdd', 'values', values);
  checkTensor('scatterAdd', 'indices', indices);
  if (!Number.isSafeInteger(rows) || rows < 0) throw new OptionError('scatterAdd', `rows must be a non-negative integer, got ${show(rows)}`);
  return scatterAddPrim([values, indices], rows) as Tensor<number[]>;
};

// ---------- row-sparse values ----------

/** Some rows of a row-sparse value: `rows[i]` is added to row `indices[i]` (ids may repeat). */
export interface RowPart {
  /** Row ids, any shape (read flat), integers in [0, shape[0]). */
  readonly indices: Tensor;
  /** `[indices.size, ...shape[1:]]`. */
  readonly rows: Tensor;
}

/**
 * A row-sparse value with its ids made unique: row `ids[i]` of the dense value is `rows[i]`, every
 * other row is 0. `rows` and `index` are padded to a bucket size `rowBucket(ids.length)` so that
 * steps whose batches touch different numbers of rows run kernels compiled for a few sizes only
 * (gpu.js compiles one kernel per input size); the padding rows are 0 and their index repeats an id.
 */
export interface CoalescedRows {
  /** Ascending, distinct row ids (u of them). */
  readonly ids: Int32Array;
  /** `[rowBucket(u), ...shape[1:]]`: row i < u is id i's rows summed (in the order the dense value sums them); the rest are 0. */
  readonly rows: Tensor;
  /** `[rowBucket(u)]`: the ids as float32 (the form gather reads), padded with the last id. */
  readonly index: Tensor<[number]>;
}

/** The padded size for n rows: n rounded up to a quarter of its octave (at most 25% more, 4 sizes per doubling). */
export const rowBucket = (n: number): number => {
  if (n <= 8) return n;
  const step = 2 ** (Math.floor(Math.log2(n)) - 2);
  return Math.ceil(n / step) * step;
};

const coalesced = new WeakMap<RowSparse, CoalescedRows>();

/**
 * A value of shape `shape` that is zero outside some rows: the sum of its parts' rows scattered
 * into their ids (what PyTorch calls a sparse gradient of an embedding, TensorFlow IndexedSlices).
 * `valueAndGrad(f, { rowSparse: true })` gives one for a table that is only gathered; `dense()`
 * makes the tensor it stands for, `coalesce()` its distinct rows. Immutable.
 */
export class RowSparse<S extends Shape = Shape> implements SparseCotangent<S> {
  readonly kind = 'rowSparse' as const;
  readonly shape: S;
  readonly parts: readonly RowPart[];

  /** @internal use gather's gradient, or `rowSparse` */
  constructor(shape: S, parts: readonly RowPart[]) {
    this.shape = Object.freeze([...shape]) as unknown as S; // a frozen copy of the caller's shape, the same type
    this.parts = Object.freeze([...parts]);
    Object.freeze(this);
  }

  /** How many rows of the dense value this holds, counting repeats (the sum of the parts' index counts). */
  get count(): number { return this.parts.reduce((a, p) => a + p.indices.size, 0); }

  dense(): Tensor<S> {
    let out: Tensor | undefined;
    for (const p of this.parts) {
      const d = scatterAdd(p.rows, p.indices, this.shape[0]);
      out = out ? addAny(out, d) : d;
    }
    // scatterAdd into shape[0] rows of rows shaped [n, ...shape[1:]] has exactly `shape`
    return (out ?? fromHost(new Float32Array(sizeOf(this.shape)), this.shape)) as Tensor<S>;
  }

  plus(other: Cotangent): Cotangent {
    if (!sameShape(other.shape, this.shape)) throw new ShapeError('RowSparse.plus', 'other', other.shape, `must have the shape ${fmt(this.shape)}`);
    if (other instanceof RowSparse) return new RowSparse(this.shape, [...this.parts, ...other.parts]);
    return addAny(this.dense(), denseCotangent(other));
  }

  /** The distinct rows (computed once per value). Each id's rows are summed in the order `dense()` sums them, so they are bit-identical to its rows. */
  coalesce(): CoalescedRows {
    const known = coalesced.get(this);
    if (known) return known;
    const lists = this.parts.map((p) => toArray(rawOf(p.indices)));
    const all = new Int32Array(lists.reduce((a, l) => a + l.length, 0));
    let at = 0;
    for (const l of lists) for (const v of l) all[at++] = v;
    all.sort();
    let u = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[u++] = all[i];
    const ids = all.slice(0, u);
    const padded = rowBucket(u);
    // Positions by binary search: ids ascend, so the remapped order keeps each row's summation order.
    const position = (v: number): number => {
      let lo = 0, hi = u - 1;
      while (lo < hi) { const mid = (lo + hi) >> 1; if (ids[mid] < v) lo = mid + 1; else hi = mid; }
      return lo;
    };
    let rows: Tensor | undefined;
    this.parts.forEach((p, k) => {
      const remapped = fromHost(Float32Array.from(lists[k], position), [lists[k].length]);
      const r = scatterAdd(p.rows, remapped, padded);
      rows = rows ? addAny(rows, r) : r;
    });
    const index = new Float32Array(padded).fill(u > 0 ? ids[u - 1] : 0);
    index.set(ids);
    const result: CoalescedRows = {
      ids,
      rows: rows ?? fromHost(new Float32Array(0), [0, ...this.shape.slice(1)]),
      index: fromHost(index, [padded]),
    };
    coalesced.set(this, result);
    return result;
  }

  toString(): string { return `RowSparse[${this.shape.join(', ')}] (${this.count} rows)`; }
}

/** Whether a value (a gradient leaf) is row-sparse. */
export const isRowSparse = (u: unknown): u is RowSparse => u instanceof RowSparse;

/**
 * A row-sparse value of shape `shape` whose row `ids[i]` holds `rows[i]` (repeated ids add up): the
 * form to build one by hand (tests, custom gradients).
 */
export const rowSparse = <const S extends Shape>(shape: S, ids: Tensor, rows: Tensor): RowSparse<S> => {
  const op = 'rowSparse';
  checkTensor(op, 'ids', ids);
  checkTensor(op, 'rows', rows);
  if (!Array.isArray(shape) || shape.length < 1) throw new ArgumentError(op, 'shape', `must be a shape of rank ≥ 1, got ${describe(shape)}`);
  const want = [ids.size, ...shape.slice(1)];
  if (!sameShape(rows.shape, want)) throw new ShapeError(op, 'rows', rows.shape, `must be ${fmt(want)}: one row per id`);
  checkIndices(op, ids, shape[0]);
  return new RowSparse(shape, [{ indices: ids, rows }]);
};

/** The dense tensor of a gradient leaf, whichever kind it is. */
export const toDense = <S extends Shape>(g: Tensor<S> | SparseCotangent<S>): Tensor<S> => {
  if (g instanceof Tensor) return g;
  if (isSparseCotangent(g)) return g.dense();
  throw new ArgumentError('toDense', 'g', `must be a tensor or a row-sparse gradient, got ${describe(g)}`);
};

// ---------- scatterRows ----------

const scatterRowsPrim = definePrimitive<Int32Array>({
  name: 'scatterRows',
  shape: ([t, r], ids) => {
    if (r.length !== t.length || r[0] < ids.length || !sameShape(r.slice(1), t.slice(1)))
      throw new ShapeError('scatterRows', 'rows', r, `must be [n, ${t.slice(1).join(', ')}] with n ≥ ${ids.length}: a row per id (rows past the ids are ignored)`);
    return t;
  },
  forward: ([table, rows], ids, shape) => {
    const row = sizeOf(shape.slice(1));
    const s = table.storage!;
    if (s.host !== undefined && s.device === undefined) {
      // A host table: one copy and the touched rows written over it (no kernel pass over V rows).
      const out = s.host.slice();
      const r = toArray(rows);
      for (let i = 0; i < ids.length; i++) out.set(r.subarray(i * row, (i + 1) * row), ids[i] * row);
      return fromStorage(shape, s.backend.upload(out));
    }
    const pos = new Float32Array(shape[0]).fill(-1);
    ids.forEach((v, i) => { pos[v] = i; });
    return launch('scatterRows', scatterRowsSource(row), [table, rows, fromHost(pos, [shape[0]])], shape);
  },
  vjp: (g, [, rows], _out, ids) => {
    // rows past the ids get no gradient: gather them from a zero row appended to g
    const index = new Float32Array(rows.shape[0]).fill(g.shape[0]);
    ids.forEach((v, i) => { index[i] = v; });
    const zeroRow = fromHost(new Float32Array(sizeOf(g.shape.slice(1))), [1, ...g.shape.slice(1)]);
    return [scatterRows(g, ids, fromHost(new Float32Array(rows.size), rows.shape)), gather(concat([g, zeroRow]), fromHost(index, [index.length]))];
  },
});

/**
 * `table` with row `ids[i]` replaced by `rows[i]` (ids ascending and distinct, as `coalesce` gives
 * them; rows past `ids.length`, a bucket's padding, are ignored); the other rows are the table's,
 * bit for bit. How a sparse optimiser step writes back the rows it touched.
 */
export const scatterRows = <S extends Shape>(table: Tensor<S>, ids: Int32Array, rows: Tensor): Tensor<S> => {
  const op = 'scatterRows';
  checkTensor(op, 'table', table);
  checkTensor(op, 'rows', rows);
  if (table.rank < 1) throw new ShapeError(op, 'table', table.shape, 'must have rank ≥ 1');
  if (!(ids instanceof Int32Array)) throw new ArgumentError(op, 'ids', `must be an Int32Array of distinct row ids, got ${describe(ids)}`);
  for (let i = 0; i < ids.length; i++)
    if (ids[i] < 0 || ids[i] >= table.shape[0] || (i > 0 && ids[i] <= ids[i - 1]))
      throw new OptionError(op, `ids must ascend, each in [0, ${table.shape[0]}): ids[${i}] is ${ids[i]}`);
  // the primitive's shape rule returns the table's shape
  return scatterRowsPrim([table, rows], ids) as Tensor<S>;
};
