// Host-side helpers of the non-finite laws: a case's inputs as host arrays, one cell replaced by NaN
// or ±Inf, the op run on one backend (forward, and the pullback of ½Σy²), and results sorted into
// classes (NaN, +Inf, −Inf, finite) that every backend must reproduce exactly.
import type { BackendName } from '../../src/backend/types.js';
import { tensor, toArray, vjp, withBackend, type Tensor } from '../support/api.js';

export interface Host { readonly data: Float32Array; readonly shape: readonly number[] }
export type Fn = (...xs: Tensor[]) => Tensor;

export const toHost = (t: Tensor): Host => ({ data: Float32Array.from(toArray(t)), shape: t.shape });

/** The inputs with cell `at` of input `k` set to `v`. */
export const poisoned = (xs: readonly Host[], k: number, at: number, v: number): Host[] =>
  xs.map((x, i) => {
    if (i !== k) return x;
    const data = x.data.slice();
    data[at] = v;
    return { data, shape: x.shape };
  });

export interface Run { readonly y: Float32Array; readonly grads?: readonly Float32Array[] }

/**
 * f on backend b. With `withGrad`, also the pullback of the output itself: the gradient of the loss
 * ½Σy², which carries a NaN of y back into the gradients (a loss linear in y would not).
 */
export const runOn = (b: BackendName, f: Fn, xs: readonly Host[], withGrad: boolean): Run =>
  withBackend(b, () => {
    const ts = xs.map((x) => tensor(x.data, x.shape));
    if (!withGrad) return { y: toArray(f(...ts)) };
    const [y, back] = vjp((args: Tensor[]) => f(...args), ts);
    return { y: toArray(y), grads: back(y).map((g) => toArray(g)) };
  });

export type Kind = 'NaN' | '+Inf' | '-Inf' | 'finite';
export const kind = (v: number): Kind => (Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : 'finite');

/** Cells whose value differs (NaN equals NaN). */
const differs = (a: number, b: number) => a !== b && !(Number.isNaN(a) && Number.isNaN(b));

/**
 * The output cells that depend on input k's cell `at`, measured on cpu: those that change when that
 * cell is moved to a few other finite values (a small step and two large ones of either sign, so a
 * max, a relu or a saturating activation also moves).
 */
export const dependents = (f: Fn, xs: readonly Host[], k: number, at: number): boolean[] => {
  const base = runOn('cpu', f, xs, false).y;
  const dep = new Array<boolean>(base.length).fill(false);
  const v = xs[k].data[at];
  for (const w of [v + 0.5, 1e3, -1e3]) {
    const y = runOn('cpu', f, poisoned(xs, k, at, w), false).y;
    y.forEach((u, i) => { if (differs(u, base[i])) dep[i] = true; });
  }
  return dep;
};

/**
 * Whether the gradient of ½Σy² in input k's cell `at` is zero at the inputs and at the moved values
 * `dependents` tries (on cpu): a piecewise-constant dependence such as g·relu′(a), whose derivative
 * autodiff leaves out, so no NaN can reach that gradient.
 */
export const zeroGradient = (f: Fn, xs: readonly Host[], k: number, at: number): boolean => {
  const v = xs[k].data[at];
  return [v, v + 0.5, 1e3, -1e3].every((w) => runOn('cpu', f, poisoned(xs, k, at, w), true).grads![k][at] === 0);
};

/** Indices where `got` and `want` are not of the same class, or are finite and not close; at most `limit`. */
export const mismatches = (got: Float32Array, want: Float32Array, limit = 5): string[] => {
  const out: string[] = [];
  for (let i = 0; i < want.length && out.length < limit; i++) {
    const g = got[i], w = want[i];
    const close = kind(g) === kind(w) && (kind(w) !== 'finite' || Math.abs(g - w) <= 1e-3 + 1e-3 * Math.max(Math.abs(g), Math.abs(w)));
    if (!close) out.push(`[${i}] ${g} vs cpu ${w}`);
  }
  return out;
};

/** Where NaN appears in `y` but should not, or is missing where it should be. */
export const nanMaskErrors = (y: Float32Array, expected: readonly boolean[], limit = 5): string[] => {
  const out: string[] = [];
  for (let i = 0; i < y.length && out.length < limit; i++)
    if (Number.isNaN(y[i]) !== expected[i]) out.push(`[${i}] = ${y[i]}, ${expected[i] ? 'depends on the NaN' : 'cannot see the NaN'}`);
  return out;
};
