// Elementwise references with NumPy broadcasting.
import { type Ref, ravel, size, unravel } from './ref.js';

// NumPy broadcast of several shapes: align from the right; each dim equal or 1.
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - rank + i;
      const v = k >= 0 ? s[k] : 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) throw new Error(`broadcast: incompatible shapes ${shapes.map((x) => `[${x.join(',')}]`).join(' ')}`);
      d = v;
    }
    out.push(d);
  }
  return out;
}

// Value of x at an output multi-index of the broadcast shape (size-1 / missing dims read index 0).
function at(x: Ref, outIdx: readonly number[]): number {
  const off = outIdx.length - x.shape.length;
  const idx = x.shape.map((d, i) => (d === 1 ? 0 : outIdx[off + i]));
  return x.data[ravel(idx, x.shape)];
}

// y = f(x) elementwise.
export function unary(x: Ref, f: (v: number) => number): Ref {
  return { shape: [...x.shape], data: x.data.map((v) => f(v)) };
}

// y = f(a, b) elementwise with broadcasting.
export function binary(a: Ref, b: Ref, f: (x: number, y: number) => number): Ref {
  const shape = broadcastShapes(a.shape, b.shape);
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) {
    const idx = unravel(i, shape);
    data[i] = f(at(a, idx), at(b, idx));
  }
  return { shape, data };
}

// y = c != 0 ? a : b elementwise with broadcasting over all three.
export function where(c: Ref, a: Ref, b: Ref): Ref {
  const shape = broadcastShapes(c.shape, a.shape, b.shape);
  const data = new Float64Array(size(shape));
  for (let i = 0; i < data.length; i++) {
    const idx = unravel(i, shape);
    data[i] = at(c, idx) !== 0 ? at(a, idx) : at(b, idx);
  }
  return { shape, data };
}
