import { beforeAll, describe, expect, it } from 'vitest';
import { checkRef } from '../support/refcheck.js';
import { checkBackendAgreement, checkGradient, checkShape, holds, rejectsLaw } from '../../laws/index.js';
import { matmul, useBackend } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';
import { cases, matmulTransposedRefs, type Case } from './cases.js';
import { convCases, poolCases } from './cases-conv.js';

announceBackends('primitives');
// (the fused recurrent primitives run their law cases in tests/recurrent/cells.test.ts)
export const allCases: Case[] = [...cases, ...convCases, ...poolCases];


describe.each(testedBackends)('primitives on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });
  for (const c of allCases) {
    describe(c.prim, () => {
      for (const r of c.refs ?? []) it(`agrees with the float64 reference: ${r.label}`, () => checkRef(backend, c.fn, r));
      if (c.shape) it('shape law', () => checkShape(c.fn, c.inputs, c.shape!, { numRuns: 6 }));
      if (c.bad) it('refuses shapes that do not fit, with a ShapeError', () => { holds(rejectsLaw(c.fn, c.bad!())); });
      if (c.grad !== false) it('gradient law', () => checkGradient(c.fn, c.inputs, { numRuns: 6, ...(c.grad ?? {}) }));
    });
  }
  for (const [i, r] of matmulTransposedRefs.entries())
    it(`matmul with ${i ? 'transposeB' : 'transposeA'} agrees with the reference`, () =>
      checkRef(backend, (a, b) => matmul(a, b, i ? { transposeB: true } : { transposeA: true }), r));
});

describe.skipIf(testedBackends.length < 2)(`backend agreement (${testedBackends.join(', ')})`, () => {
  for (const c of allCases)
    it(c.prim, () => { useBackend('cpu'); checkBackendAgreement(c.fn, c.inputs, { backends: testedBackends, numRuns: 4, atol: 1e-4, rtol: 1e-3 }); });
});
