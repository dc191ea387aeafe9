// Data-movement references: permute, slice, pad, concat, gather, scatterAdd.
import { type Ref, ravel, size, unravel, zeros } from './ref.js';

// y[i_0..] = x[i at positions given by perm]: y.shape[k] = x.shape[perm[k]].
export function permute(x: Ref, perm: readonly number[]): Ref {
  const shape = perm.map((p) => x.shape[p]);
  const data = new Float64Array(x.data.length);
  for (let i = 0; i < data.length; i++) {
    const yi = unravel(i, shape);
    const xi = new Array<number>(perm.length);
    perm.forEach((p, k) => (xi[p] = yi[k]));
    data[i] = x.data[ravel(xi, x.shape)];
  }
  return { shape, data };
}

// y = x[begin[k] : begin[k] + size[k]] on every axis.
export function slice(x: Ref, begin: readonly number[], sizes: readonly number[]): Ref {
  const shape = [...sizes];
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) {
    const idx = unravel(i, shape).map((v, k) => v + begin[k]);
    data[i] = x.data[ravel(idx, x.shape)];
  }
  return { shape, data };
}

// y = x surrounded by pads[k] = [before, after] cells of value on each axis.
export function pad(x: Ref, pads: readonly (readonly [number, number])[], value = 0): Ref {
  const shape = x.shape.map((d, k) => pads[k][0] + d + pads[k][1]);
  const data = new Float64Array(size(shape)).fill(value);
  for (let i = 0; i < x.data.length; i++) {
    const idx = unravel(i, x.shape).map((v, k) => v + pads[k][0]);
    data[ravel(idx, shape)] = x.data[i];
  }
  return { shape, data };
}

// Joins xs end to end along axis (negative allowed).
export function concat(xs: readonly Ref[], axis: number): Ref {
  const ax = axis < 0 ? axis + xs[0].shape.length : axis;
  const shape = [...xs[0].shape];
  shape[ax] = xs.reduce((s, x) => s + x.shape[ax], 0);
  const out = zeros(shape);
  let offset = 0;
  for (const x of xs) {
    for (let i = 0; i < x.data.length; i++) {
      const idx = unravel(i, x.shape);
      idx[ax] += offset;
      out.data[ravel(idx, shape)] = x.data[i];
    }
    offset += x.shape[ax];
  }
  return out;
}

// y[n, ...] = table[indices[n], ...] (rows along axis 0).
export function gather(table: Ref, indices: readonly number[]): Ref {
  const rest = table.shape.slice(1);
  const row = size(rest);
  const data = new Float64Array(indices.length * row);
  indices.forEach((ix, n) => {
    if (ix < 0 || ix >= table.shape[0]) throw new Error(`gather: index ${ix} out of range`);
    for (let r = 0; r < row; r++) data[n * row + r] = table.data[ix * row + r];
  });
  return { shape: [indices.length, ...rest], data };
}

// y[v, ...] = Σ_{n : indices[n] = v} values[n, ...], y has V rows.
export function scatterAdd(values: Ref, indices: readonly number[], V: number): Ref {
  const rest = values.shape.slice(1);
  const row = size(rest);
  const data = new Float64Array(V * row);
  indices.forEach((ix, n) => {
    if (ix < 0 || ix >= V) throw new Error(`scatterAdd: index ${ix} out of range`);
    for (let r = 0; r < row; r++) data[ix * row + r] += values.data[n * row + r];
  });
  return { shape: [V, ...rest], data };
}

// y = table with row ids[i] replaced by rows[i] (ids distinct).
export function scatterRows(table: Ref, ids: readonly number[], rows: Ref): Ref {
  const row = size(table.shape.slice(1));
  const data = Float64Array.from(table.data);
  ids.forEach((ix, i) => {
    if (ix < 0 || ix >= table.shape[0]) throw new Error(`scatterRows: id ${ix} out of range`);
    for (let r = 0; r < row; r++) data[ix * row + r] = rows.data[i * row + r];
  });
  return { shape: table.shape, data };
}
