// Compares an op's output with its float64 reference, within the backend's float tolerance.
import { expect } from 'vitest';
import type { BackendName } from '../../src/backend/types.js';
import type { RefCheck } from '../primitives/cases.js';
import * as R from '../reference/index.js';
import { toArray, type Tensor } from './api.js';
import { tol } from './backends.js';

export const toRef = (t: Tensor): R.Ref => R.ref(toArray(t), t.shape);

export const checkRef = (backend: BackendName, fn: (...xs: Tensor[]) => Tensor, r: RefCheck): void => {
  const xs = r.inputs();
  const want = r.ref(xs.map(toRef));
  const got = fn(...xs);
  expect(got.shape).toEqual(want.shape);
  const g = toArray(got);
  const { atol, rtol } = tol(backend, r.reduction ?? 1);
  let worst = 0, at = -1;
  for (let i = 0; i < g.length; i++) {
    const d = Math.abs(g[i] - want.data[i]);
    if (!(d <= atol + rtol * Math.abs(want.data[i])) && (at < 0 || d > worst)) { worst = d; at = i; }
  }
  expect(at, `worst |diff| ${worst} at ${at}: got ${g[at]}, reference ${want.data[at]}`).toBe(-1);
};
