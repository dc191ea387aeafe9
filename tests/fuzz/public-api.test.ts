// The fuzz law over the public API: random shapes (0-size, wrong rank, mismatched, huge), option
// objects (valid, out of range, wrong types, unknown keys), arguments of the wrong kind (strings,
// null, undefined, booleans, nested arrays, numbers, cycles) and random trees. Each call returns
// valid values or throws an NnTsError whose message starts with the op's name.
import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { holds } from '../../laws/index.js';
import { useBackend } from '../support/api.js';
import { testedBackends } from '../support/backends.js';
import { coreCases } from './cases-core.js';
import { nnCases } from './cases-nn.js';
import { opCases } from './cases-ops.js';
import { typedErrorLaw } from './law.js';
import type { FuzzCase } from './targets.js';

/** Runs per function: 100 (about 8,500 calls) keeps the suite near 6 s on cpu; NN_TS_FUZZ_RUNS=10000 searches harder. */
const RUNS = Number(process.env.NN_TS_FUZZ_RUNS ?? 100);
/** A fixed seed keeps CI reproducible; NN_TS_FUZZ_SEED=<n> (with more runs) explores other inputs. */
const SEED = Number(process.env.NN_TS_FUZZ_SEED ?? 20261201);

const run = (c: FuzzCase, numRuns: number) => fc.assert(fc.property(c.args, (args) => holds(typedErrorLaw(c, args))), { numRuns, seed: SEED });

// Every backend: a kernel-side failure (a loop cap, a texture limit, a gpu.js internal error) must
// surface as a typed error too. The float32 backends compile a kernel per new shape, so they take
// a quarter of the runs.
describe.each(testedBackends)('fuzz on %s: bad input to the public API gives a typed error naming the op', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });
  const runs = backend === 'cpu' ? RUNS : Math.max(1, Math.round(RUNS / 4));
  for (const [group, cases] of [['core', coreCases], ['ops', opCases], ['nn', nnCases]] as const)
    describe(group, () => { for (const c of cases) it(c.name, () => run(c, runs)); });
});
