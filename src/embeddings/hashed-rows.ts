// fastText's input matrix — word rows, then `bucket` rows for hashed n-grams, every row starting
// uniform in ±1/d (fastText's `input_->uniform(1.0 / dim)`) — kept sparse: an n-gram row is
// allocated when first touched. Each row's start is drawn from its own key (foldIn(key, row)), so
// 2,000,000 buckets cost memory only for the n-grams a corpus has, and a row's value does not
// depend on when it was first touched: the table is the dense matrix, stored differently.
import { foldIn, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';

/** @internal host state of a trainer; rows 0 … eager − 1 sit at slot = row. */
export interface HashedRows {
  readonly d: number;
  readonly key: Key;
  readonly eager: number;
  data: Float32Array;
  readonly slots: Map<number, number>;
  size: number;
}

/**
 * @internal the two matrices of a trainer whose inputs are hashed rows (the fastText classifier,
 * sent2vec): the input rows (words, then n-gram buckets) and a dense output matrix.
 */
export interface HashedTables {
  readonly input: HashedRows;
  readonly output: Float32Array;
}

/** Row `row`'s starting value. */
export const initialRow = (key: Key, row: number, d: number): Float32Array => uniformData(foldIn(key, row), d, -1 / d, 1 / d);

/** @internal a table whose rows 0 … eager − 1 (the words) are allocated now. */
export function hashedRows(key: Key, d: number, eager: number): HashedRows {
  const data = new Float32Array(Math.max(eager, 16) * d);
  for (let r = 0; r < eager; r++) data.set(initialRow(key, r, d), r * d);
  return { d, key, eager, data, slots: new Map(), size: eager };
}

/** @internal the offset of row `row` in `t.data`, allocating (and initialising) it on first use. */
export function rowOffset(t: HashedRows, row: number): number {
  if (row < t.eager) return row * t.d;
  const slot = t.slots.get(row);
  if (slot !== undefined) return slot * t.d;
  if ((t.size + 1) * t.d > t.data.length) {
    const grown = new Float32Array(2 * t.data.length);
    grown.set(t.data);
    t.data = grown;
  }
  t.data.set(initialRow(t.key, row, t.d), t.size * t.d);
  t.slots.set(row, t.size);
  return t.size++ * t.d;
}

/** @internal acc += row `row` (its trained value, or its start when never touched); nothing is allocated. */
export function addRowTo(t: HashedRows, row: number, acc: Float64Array): void {
  const slot = row < t.eager ? row : t.slots.get(row);
  const d = t.d;
  if (slot === undefined) { const r = initialRow(t.key, row, d); for (let q = 0; q < d; q++) acc[q] += r[q]; return; }
  const at = slot * d;
  for (let q = 0; q < d; q++) acc[q] += t.data[at + q];
}

/** @internal the rows 0 … count − 1 (the words), as a fresh `[count · d]` array. */
export const eagerRows = (t: HashedRows, count: number): Float32Array => t.data.slice(0, count * t.d);
