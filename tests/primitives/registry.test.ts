import { describe, expect, it } from 'vitest';
import { primitives } from '../support/api.js';
import { cases } from './cases.js';
import { convCases, poolCases } from './cases-conv.js';
import { recurrentCases } from '../recurrent/cases.js';

describe('primitive registry', () => {
  it('every built-in primitive has a law case', () => {
    const covered = new Set([...cases, ...convCases, ...poolCases, ...recurrentCases].map((c) => c.prim));
    const builtIn = [...primitives().keys()].filter((n) => !n.startsWith('user.'));
    const missing = builtIn.filter((n) => !covered.has(n));
    expect(missing, `primitives without laws: ${missing.join(', ')}`).toEqual([]);
    expect(builtIn.length).toBeGreaterThanOrEqual(40);
    console.log(`[nn-ts registry] ${builtIn.length} built-in primitives, all with law cases`);
  });
});
