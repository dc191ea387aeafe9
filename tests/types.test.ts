import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Runs the TypeScript compiler over tests/types: shapes.good.ts must compile, and every line of
// shapes.bad.ts marked @ts-expect-error must be a type error (an unused directive fails tsc).
describe('typed shapes (tsc)', () => {
  it('accepts the literal-shape programs and rejects every mismatch', () => {
    const expected = (readFileSync(new URL('./types/shapes.bad.ts', import.meta.url), 'utf8').match(/@ts-expect-error/g) ?? []).length;
    expect(expected).toBeGreaterThanOrEqual(10);
    let out = '';
    try {
      out = execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tests/types'], { encoding: 'utf8' });
    } catch (e) {
      out = `${(e as { stdout?: string }).stdout ?? ''}${(e as Error).message}`;
    }
    expect(out).toBe('');
    console.log(`[nn-ts types] ${expected} must-fail snippets rejected by tsc; must-pass snippets compile`);
  });
});
