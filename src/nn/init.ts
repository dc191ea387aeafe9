// Keyed parameter initialisers. fanIn/fanOut follow PyTorch: for weights [out, in, ...kernel],
// fanIn = in·∏kernel and fanOut = out·∏kernel.
import { OptionError } from '../shape/errors.js';
import { sizeOf, type Shape } from '../shape/shape.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Key } from '../random/key.js';
import { normalData, uniformData } from '../random/sample.js';

export type Initializer = (key: Key, shape: Shape) => Tensor;

export const fans = (shape: Shape): { fanIn: number; fanOut: number } => {
  if (shape.length < 2) return { fanIn: shape[0] ?? 1, fanOut: shape[0] ?? 1 };
  const receptive = sizeOf(shape.slice(2));
  return { fanIn: shape[1] * receptive, fanOut: shape[0] * receptive };
};

/** He (Kaiming) normal: std = gain/√fanIn with gain √2 (for ReLU nets). */
export const heNormal = (gain = Math.SQRT2): Initializer => (k, s) =>
  fromHost(normalData(k, sizeOf(s), 0, gain / Math.sqrt(Math.max(1, fans(s).fanIn))), s);

/** He (Kaiming) uniform: bound = gain·√(3/fanIn). */
export const heUniform = (gain = Math.SQRT2): Initializer => (k, s) => {
  const b = gain * Math.sqrt(3 / Math.max(1, fans(s).fanIn));
  return fromHost(uniformData(k, sizeOf(s), -b, b), s);
};

/** Glorot (Xavier) uniform: bound = gain·√(6/(fanIn + fanOut)). */
export const glorotUniform = (gain = 1): Initializer => (k, s) => {
  const { fanIn, fanOut } = fans(s);
  const b = gain * Math.sqrt(6 / Math.max(1, fanIn + fanOut));
  return fromHost(uniformData(k, sizeOf(s), -b, b), s);
};

/** Glorot (Xavier) normal: std = gain·√(2/(fanIn + fanOut)). */
export const glorotNormal = (gain = 1): Initializer => (k, s) => {
  const { fanIn, fanOut } = fans(s);
  return fromHost(normalData(k, sizeOf(s), 0, gain * Math.sqrt(2 / Math.max(1, fanIn + fanOut))), s);
};

/** PyTorch's default for Linear/Conv weights and biases: uniform(±1/√fanIn). */
export const lecunUniform = (fanIn?: number): Initializer => (k, s) => {
  const b = 1 / Math.sqrt(Math.max(1, fanIn ?? fans(s).fanIn));
  return fromHost(uniformData(k, sizeOf(s), -b, b), s);
};

/**
 * Orthogonal (Saxe et al. 2014): rows (or columns) orthonormal, from Gram–Schmidt on a normal
 * matrix viewed as [shape[0], rest]; scaled by `gain`.
 */
export const orthogonal = (gain = 1): Initializer => (k, s) => {
  if (s.length < 2) throw new OptionError('orthogonal', `needs a shape of rank ≥ 2, got [${s.join(', ')}]`);
  const rows = s[0], cols = sizeOf(s.slice(1));
  const [r, c] = rows < cols ? [rows, cols] : [cols, rows]; // orthonormalise the r shorter vectors of length c
  const a = Float64Array.from(normalData(k, r * c));
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < i; j++) {
      let d = 0;
      for (let t = 0; t < c; t++) d += a[i * c + t] * a[j * c + t];
      for (let t = 0; t < c; t++) a[i * c + t] -= d * a[j * c + t];
    }
    let n = 0;
    for (let t = 0; t < c; t++) n += a[i * c + t] ** 2;
    n = Math.sqrt(n) || 1;
    for (let t = 0; t < c; t++) a[i * c + t] /= n;
  }
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < r; i++) for (let t = 0; t < c; t++) {
    const v = gain * a[i * c + t];
    if (rows < cols) out[i * cols + t] = v; else out[t * cols + i] = v;
  }
  return fromHost(out, s);
};

export const zerosInit: Initializer = (_k, s) => fromHost(new Float32Array(sizeOf(s)), s);
export const constantInit = (v: number): Initializer => (_k, s) => fromHost(new Float32Array(sizeOf(s)).fill(v), s);
