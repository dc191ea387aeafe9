import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The embedding examples, run as a user runs them, in short versions: graph2vec on MUTAG with one
// seed (measured 81.5 ± 9.3% with degree labels; the graph2vec paper reports 83.15 ± 9.25%).
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const run = (args: string[]) => spawnSync(tsx, args, { encoding: 'utf8', env: { ...process.env, NN_TS_BACKEND: 'cpu' } });

describe('embedding examples (end to end)', () => {
  it('examples/graph2vec.ts: graph2vec vectors classify MUTAG at ≥ 75% (10-fold, degree labels), and inference recovers the trained vectors', () => {
    const out = mkdtempSync(join(tmpdir(), 'nn-ts-graph2vec-'));
    const r = run(['examples/graph2vec.ts', '--seeds', '1', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    console.log(`[nn-ts e2e] graph2vec: ${r.stdout.split('\n').filter((l) => /seed 0|inference/.test(l)).join(' | ')}`);
    const degree = Number(/degree, seed 0: ([\d.]+) ±/.exec(r.stdout)?.[1]);
    expect(degree).toBeGreaterThanOrEqual(75);
    const cosines = [...r.stdout.matchAll(/mean cosine between inferred and trained vectors ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(cosines).toHaveLength(2);
    for (const c of cosines) expect(c).toBeGreaterThan(0.9);
    expect(readFileSync(join(out, 'vectors-degree.txt'), 'utf8').split('\n')[0]).toBe('188 128');
  }, 1_200_000);
});
