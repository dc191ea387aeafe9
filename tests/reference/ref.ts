// Float64 reference tensors: a shape plus row-major data, independent of src/.

export interface Ref {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

// Number of elements of a shape (1 for a scalar []).
export function size(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

// Builds a Ref from data and shape, copying into a fresh Float64Array; throws on length mismatch.
export function ref(data: ArrayLike<number>, shape: readonly number[]): Ref {
  if (data.length !== size(shape)) {
    throw new Error(`ref: ${data.length} values do not fit shape [${shape.join(', ')}]`);
  }
  return { shape: [...shape], data: Float64Array.from(data) };
}

// Row-major strides of a shape.
export function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

// Multi-index of a flat row-major offset.
export function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let i = shape.length - 1; i >= 0; i--) {
    idx[i] = flat % shape[i];
    flat = Math.floor(flat / shape[i]);
  }
  return idx;
}

// Flat row-major offset of a multi-index.
export function ravel(idx: readonly number[], shape: readonly number[]): number {
  let flat = 0;
  for (let i = 0; i < shape.length; i++) flat = flat * shape[i] + idx[i];
  return flat;
}

// Fresh zero-filled Ref of the given shape.
export function zeros(shape: readonly number[]): Ref {
  return { shape: [...shape], data: new Float64Array(size(shape)) };
}
