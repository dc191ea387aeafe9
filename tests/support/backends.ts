// Which backends the suites run on here, said out loud: a GL suite that cannot run is reported as
// skipped with the reason, never silently replaced by another backend.
import { availableBackends, unavailableReason } from '../../src/backend/select.js';
import type { BackendName } from '../../src/backend/types.js';

const wanted: BackendName[] = ['simd', 'cpu', 'webasm', 'headlessgl'];

export const testedBackends: BackendName[] = availableBackends().filter((b) => wanted.includes(b));
export const missingBackends = wanted.filter((b) => !testedBackends.includes(b)).map((b) => ({ name: b, why: unavailableReason(b) ?? '' }));

let said = false;
export const announceBackends = (suite: string): void => {
  if (said) return;
  said = true;
  const miss = missingBackends.map((m) => `${m.name} SKIPPED (${m.why})`).join('; ');
  console.log(`[nn-ts ${suite}] backends: ${testedBackends.join(', ')}${miss ? ` | ${miss}` : ''}`);
  if (process.env.CI && missingBackends.length) console.warn(`[nn-ts ${suite}] WARNING: in CI every backend should run; missing: ${miss}`);
};

/** Per-backend float tolerance: cpu computes in float64 inside kernels; webasm, GL and the SIMD engine's products in float32. */
export const tol = (b: BackendName, reduction = 1): { atol: number; rtol: number } =>
  b === 'cpu' ? { atol: 1e-5 * Math.sqrt(reduction), rtol: 1e-5 } : { atol: 2e-5 * Math.sqrt(reduction), rtol: 1e-4 };
