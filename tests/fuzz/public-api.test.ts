// The fuzz law over the public API: random shapes (0-size, wrong rank, mismatched, huge), option
// objects (valid, out of range, wrong types, unknown keys), arguments of the wrong kind (strings,
// null, undefined, booleans, nested arrays, numbers, cycles) and random trees. Each call returns
// valid values or throws an NnTsError whose message starts with the op's name.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { holds } from '../../laws/index.js';
import { useBackend } from '../support/api.js';
import { coreCases } from './cases-core.js';
import { nnCases } from './cases-nn.js';
import { opCases } from './cases-ops.js';
import { typedErrorLaw } from './law.js';
import type { FuzzCase } from './targets.js';

/** Runs per function: 100 (about 8,500 calls) keeps the suite near 6 s on cpu; NN_TS_FUZZ_RUNS=10000 searches harder. */
const RUNS = Number(process.env.NN_TS_FUZZ_RUNS ?? 100);
/** A fixed seed keeps CI reproducible; NN_TS_FUZZ_SEED=<n> (with more runs) explores other inputs. */
const SEED = Number(process.env.NN_TS_FUZZ_SEED ?? 20261201);

const run = (c: FuzzCase) => fc.assert(fc.property(c.args, (args) => holds(typedErrorLaw(c, args))), { numRuns: RUNS, seed: SEED });

describe('fuzz: bad input to the public API gives a typed error naming the op', () => {
  beforeAll(() => { useBackend('cpu', { strict: true }); });
  for (const [group, cases] of [['core', coreCases], ['ops', opCases], ['nn', nnCases]] as const)
    describe(group, () => { for (const c of cases) it(c.name, () => run(c)); });
});
