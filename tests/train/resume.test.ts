import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const fixture = new URL('./fixtures/train-run.ts', import.meta.url).pathname;
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const runToEnd = (ckpt: string, out: string) => {
  const r = spawnSync(tsx, [fixture, ckpt, out], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`training run failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as { steps: number; resumedFrom: { epoch: number; batch: number } | null; bits: { path: string; bits: number[] }[] };
};

describe('checkpoint and resume (cpu backend)', () => {
  it('a run killed mid-training (SIGKILL) and resumed ends with bit-identical parameters', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-resume-'));
    const full = runToEnd('-', join(dir, 'full.json'));
    const ckpt = join(dir, 'run.safetensors');
    // Start a slow run, kill it hard once a few checkpoints exist.
    const child = spawn(tsx, [fixture, ckpt, join(dir, 'never.json')], { env: { ...process.env, SLOW_MS: '150' } });
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/step (\d+)/g)) seen = Math.max(seen, Number(m[1]));
        if (seen >= 7 && existsSync(ckpt)) { child.kill('SIGKILL'); }
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`the run was not killed (exit ${_code})`))));
    });
    expect(seen).toBeLessThan(full.steps);
    const resumed = runToEnd(ckpt, join(dir, 'resumed.json'));
    expect(resumed.resumedFrom).not.toBeNull();
    expect(resumed.steps).toBe(full.steps);
    expect(resumed.bits).toEqual(full.bits);
    console.log(`[nn-ts resume] killed after step ${seen} of ${full.steps}, resumed at epoch ${resumed.resumedFrom!.epoch + 1} batch ${resumed.resumedFrom!.batch}: ${full.bits.length} tensors bit-identical`);
  }, 120_000);

  it('a truncated or corrupted checkpoint is refused with a message naming the problem', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-bad-'));
    const ckpt = join(dir, 'run.safetensors');
    runToEnd(ckpt, join(dir, 'a.json'));
    const bytes = readFileSync(ckpt);
    writeFileSync(ckpt, bytes.subarray(0, bytes.length - 10));
    const r = spawnSync(tsx, [fixture, ckpt, join(dir, 'b.json')], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot resume from .*run\.safetensors: .*(truncat|short|bytes|end of)/i);
    writeFileSync(ckpt, Buffer.from('not a checkpoint at all'));
    const r2 = spawnSync(tsx, [fixture, ckpt, join(dir, 'c.json')], { encoding: 'utf8' });
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/cannot resume from .*run\.safetensors: /);
  }, 120_000);
});
