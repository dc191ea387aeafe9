// The laws as plain predicates: each takes a function and concrete inputs and says whether the law
// holds, with the numbers that show why. The fast-check drivers in index.ts feed them random inputs.
import { withBackend } from '../src/backend/select.js';
import type { BackendName } from '../src/backend/types.js';
import { vjp } from '../src/autodiff/grad.js';
import { ShapeError } from '../src/shape/errors.js';
import { fmt, sameShape, type Shape } from '../src/shape/shape.js';
import { fromHost, toArray } from '../src/tensor/create.js';
import { Tensor } from '../src/tensor/tensor.js';
import { key, split } from '../src/random/key.js';
import { uniformData } from '../src/random/sample.js';

export interface LawResult {
  readonly law: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** f takes a list of tensors and returns one tensor. */
export type TensorFn = (...xs: Tensor[]) => Tensor;

const dotHost = (a: Float32Array | Float64Array, b: Float32Array | Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

export interface GradientLawOptions {
  /** Step of the central difference (default 1e-2: float32 rounding dominates below it). */
  readonly eps?: number;
  /** Relative tolerance (default 2e-2) and absolute floor (default 2e-3) on the directional derivative. */
  readonly rtol?: number;
  readonly atol?: number;
  /** Seed of the random direction and cotangent. */
  readonly seed?: number;
  /** Inputs (by position) not to differentiate (integer indices, masks). */
  readonly constant?: readonly number[];
}

/**
 * Gradient law: for a random cotangent u and a random direction v, the pullback agrees with a central
 * finite difference: ⟨u, f(x + εv) − f(x − εv)⟩ / 2ε ≈ ⟨vjp(u), v⟩.
 */
export const gradientLaw = (f: TensorFn, xs: readonly Tensor[], o: GradientLawOptions = {}): LawResult => {
  const eps = o.eps ?? 1e-2, rtol = o.rtol ?? 2e-2, atol = o.atol ?? 2e-3;
  const ks = split(key(o.seed ?? 0), xs.length + 1);
  const active = xs.map((_, i) => !(o.constant ?? []).includes(i));
  const dirs = xs.map((x, i) => (active[i] ? uniformData(ks[i], x.size, -1, 1) : new Float32Array(x.size)));
  const [y, pullback] = vjp((args: Tensor[]) => f(...args), [...xs]);
  const u = uniformData(ks[xs.length], y.size, -1, 1);
  const gs = pullback(fromHost(u, y.shape));
  const ad = gs.reduce((acc, g, i) => acc + (active[i] ? dotHost(toArray(g), dirs[i]) : 0), 0);
  const shifted = (sgn: number) => xs.map((x, i) => {
    const d = toArray(x);
    const out = new Float32Array(d.length);
    for (let j = 0; j < d.length; j++) out[j] = d[j] + sgn * eps * dirs[i][j];
    return fromHost(out, x.shape);
  });
  const fd = (dotHost(toArray(f(...shifted(1))), u) - dotHost(toArray(f(...shifted(-1))), u)) / (2 * eps);
  const err = Math.abs(ad - fd);
  const ok = Number.isFinite(ad) && err <= atol + rtol * Math.max(Math.abs(fd), Math.abs(ad));
  return { law: 'gradient', ok, detail: `pullback·v = ${ad.toPrecision(6)}, finite difference = ${fd.toPrecision(6)}, |diff| = ${err.toExponential(2)}` };
};

/** Shape law: the output has the shape the op documents. */
export const shapeLaw = (f: TensorFn, xs: readonly Tensor[], expected: Shape): LawResult => {
  const y = f(...xs);
  return { law: 'shape', ok: sameShape(y.shape, expected), detail: `got ${fmt(y.shape)}, expected ${fmt(expected)}` };
};

/** Shape law, the other half: inputs that do not fit are refused with a ShapeError (not a crash, not garbage). */
export const rejectsLaw = (f: TensorFn, badXs: readonly Tensor[]): LawResult => {
  try {
    const y = f(...badXs);
    return { law: 'rejects bad shapes', ok: false, detail: `accepted ${badXs.map((x) => fmt(x.shape)).join(', ')} and returned ${fmt(y.shape)}` };
  } catch (e) {
    return { law: 'rejects bad shapes', ok: e instanceof ShapeError, detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
};

export interface AgreementOptions {
  readonly backends: readonly BackendName[];
  /** max |a − b| ≤ atol + rtol·max|a| (defaults 1e-5, 1e-4: webasm and GL compute in float32, cpu in float64). */
  readonly atol?: number;
  readonly rtol?: number;
}

/** Backend-agreement law: every backend computes the same numbers within float32 tolerance. */
export const backendAgreementLaw = (f: TensorFn, xs: readonly Tensor[], o: AgreementOptions): LawResult => {
  const atol = o.atol ?? 1e-5, rtol = o.rtol ?? 1e-4;
  const results = o.backends.map((b) => ({ b, y: withBackend(b, () => toArray(f(...xs.map((x) => withBackend(b, () => fromHost(toArray(x), x.shape)))))) }));
  const [ref, ...rest] = results;
  let worst = 0, where = '';
  const scale = ref.y.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  for (const { b, y } of rest) {
    for (let i = 0; i < y.length; i++) {
      const d = Math.abs(y[i] - ref.y[i]);
      if (d > worst || Number.isNaN(d) !== (Number.isNaN(y[i]) && Number.isNaN(ref.y[i]))) { worst = Number.isNaN(d) ? Infinity : d; where = `${b} vs ${ref.b} at ${i}: ${y[i]} vs ${ref.y[i]}`; }
    }
  }
  return { law: 'backend agreement', ok: worst <= atol + rtol * scale, detail: `backends ${o.backends.join(', ')}; max |diff| = ${worst.toExponential(2)}${where ? ` (${where})` : ''}` };
};

/** Compares two tensors (or a tensor and numbers) within tolerance: the building block of algebraic laws. */
export const closeLaw = (law: string, a: Tensor | ArrayLike<number>, b: Tensor | ArrayLike<number>, atol = 1e-5, rtol = 1e-4): LawResult => {
  const x = a instanceof Tensor ? toArray(a) : Float32Array.from(a);
  const y = b instanceof Tensor ? toArray(b) : Float32Array.from(b);
  if (x.length !== y.length) return { law, ok: false, detail: `lengths differ: ${x.length} vs ${y.length}` };
  let worst = 0, at = -1, scale = 0;
  for (let i = 0; i < x.length; i++) {
    scale = Math.max(scale, Math.abs(y[i]));
    const d = Math.abs(x[i] - y[i]);
    if (!(d <= worst)) { worst = d; at = i; }
  }
  const ok = worst <= atol + rtol * scale;
  return { law, ok, detail: `max |diff| = ${worst}${at >= 0 ? ` at ${at} (${x[at]} vs ${y[at]})` : ''}` };
};
