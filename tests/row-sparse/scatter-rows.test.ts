// scatterRows at the sizes optimisers use it: a 50,000 × 64 embedding table (3.2 M cells; on GL a
// kernel pass over every cell, on host backends a copy) with 3,000 rows written, then a table of
// another shape in the same process (kernels are cached per source and size) and padding rows past
// the ids, which must be ignored. Checked cell by cell: written rows equal the new rows, every other
// row keeps its number bit for bit.
import { beforeAll, describe, expect, it } from 'vitest';
import { scatterRows, tensor, toArray, useBackend } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

const data = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + seed));

beforeAll(() => announceBackends('scatterRows'));

describe.each(testedBackends)('scatterRows at embedding sizes on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([[50_000, 64, 3_000, 3_200], [70_001, 3, 9_000, 9_000], [50_000, 64, 2_999, 3_200]])('a %i × %i table with %i rows written (%i rows given)', (V, d, n, given) => {
    const table = data(V * d, 1);
    const ids = Int32Array.from({ length: n }, (_, i) => Math.floor((i * V) / n)); // ascending, distinct, spread over the table
    const rows = data(given * d, 2);
    const out = toArray(scatterRows(tensor(table, [V, d]), ids, tensor(rows, [given, d])));
    const written = new Int32Array(V).fill(-1);
    ids.forEach((v, i) => { written[v] = i; });
    let bad = 0;
    for (let v = 0; v < V; v++) for (let c = 0; c < d; c++) {
      const want = written[v] >= 0 ? rows[written[v] * d + c] : table[v * d + c];
      if (!Object.is(out[v * d + c], want)) bad++;
    }
    expect(bad).toBe(0);
  });
});
