// The simd backend's reuse of result buffers freed at the end of a scope: a reused buffer holds only
// its new numbers (the engine's packed copy of the old ones is forgotten), a tensor kept past its
// scope reads as released, and training in scoped steps gives the bits training without scopes gives.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SimdBackend } from '../../src/backend/wasm/backend.js';
import { withBackendInstance } from '../../src/backend/select.js';
import { add, conv2d, grad, matmul, mean, mul, relu, scoped, scopedStep, sub, tensor, toArray, type Tensor } from '../support/api.js';

const rand = (n: number, seed: number): Float32Array => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
};

const onSimd = <T>(f: (b: SimdBackend) => T): T => {
  const b = new SimdBackend(1);
  try { return withBackendInstance(b, () => f(b)); } finally { b.destroy(); }
};

describe('simd result buffers reused after their scope', () => {
  it('hold only their new numbers, also where the engine kept a packed copy of the old ones', () => {
    console.log('[nn-ts reuse] backend: simd (1 thread)');
    onSimd((b) => {
      // B past the engine's 16,384 cells, from which a weight's packed copy is kept
      const A = tensor(rand(96 * 160, 1), [96, 160]);
      const B1 = tensor(rand(160 * 128, 2), [160, 128]), B2 = tensor(rand(160 * 128, 3), [160, 128]);
      const want = toArray(matmul(A, B2));
      // B used three times: the second use packs it and keeps the copy, the third reads the copy
      scoped(() => { const B = add(B1, 0); for (let i = 0; i < 3; i++) toArray(matmul(A, B)); });
      const before = b.reusedResults;
      scoped(() => {
        const B = add(B2, 0);
        expect(b.reusedResults).toBeGreaterThan(before);
        for (let i = 0; i < 3; i++) expect(toArray(matmul(A, B))).toEqual(want);
      });
    });
  });

  it('make a tensor kept past its scope read as released, and keep what the scope returns', () => {
    onSimd(() => {
      const x = tensor(rand(1000, 4), [1000]);
      let leaked: Tensor | undefined;
      const kept = scoped(() => { leaked = mul(x, 2); return add(x, 1); });
      expect(() => toArray(leaked!)).toThrow(/released/);
      expect(toArray(kept)).toEqual(toArray(add(x, 1)));
    });
  });

  it('give a convolutional net trained in scoped steps the same bits as without scopes', () => {
    onSimd((b) => {
      const x = tensor(rand(32 * 3 * 12 * 12, 5), [32, 3, 12, 12]), y = tensor(rand(32 * 8 * 10 * 10, 6), [32, 8, 10, 10]);
      type P = { w: Tensor; v: Tensor };
      const loss = (p: P) => { const d = sub(conv2d(relu(conv2d(x, p.w, { padding: 'same' })), p.v), y); return mean(mul(d, d)); };
      const update = (p: P): P => { const g = grad(loss)(p); return { w: sub(p.w, mul(g.w, 0.1)), v: sub(p.v, mul(g.v, 0.1)) }; };
      const p0: P = { w: tensor(rand(6 * 3 * 3 * 3, 7), [6, 3, 3, 3]), v: tensor(rand(8 * 6 * 3 * 3, 8), [8, 6, 3, 3]) };
      const step = scopedStep(update);
      let a = p0, c = p0;
      const before = b.reusedResults;
      for (let i = 0; i < 12; i++) { a = step(a); c = update(c); }
      console.log(`[nn-ts reuse] 12 scoped steps wrote ${b.reusedResults - before} results into reused buffers`);
      expect(b.reusedResults - before).toBeGreaterThan(100);
      expect(toArray(a.w)).toEqual(toArray(c.w));
      expect(toArray(a.v)).toEqual(toArray(c.v));
    });
  });

  it('are tracked only up to 64 MB a scope, so one long scope does not keep alive what it dropped', () => {
    // 400 results of 4 MB (1.6 GB) made and dropped in one scope, in a process with gc exposed
    const printed = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/simd/fixtures/long-scope.ts'], { encoding: 'utf8', env: { ...process.env, ITER: '400' } });
    const { peakMB } = JSON.parse(printed.trim().split('\n').pop() ?? '{}') as { peakMB: number };
    console.log(`[nn-ts reuse] one scope, 400 dropped results of 4 MB: at most ${peakMB.toFixed(0)} MB of array buffers alive`);
    expect(peakMB).toBeLessThan(400);
  }, 120_000);
});
