// Cache transparency, model-based: random programs of ops with random shapes, run one after another
// in ONE backend instance (so its kernel cache is full of kernels compiled for other sizes), give
// bit-identical results to each program run alone on a fresh instance. A cache key that leaves out
// anything gpu.js fixes at the first call (input sizes) fails this law: webasm throws "argument
// changed size", headless-GL reads the wrong texels.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backend/types.js';
import { createBackend, withBackendInstance } from '../../src/backend/select.js';
import {
  add, conv2d, gather, grad, gruCell, lstmCell, matmul, maxPool2d, mul, sum, tanh, tensor, toArray, transpose, type Tensor,
} from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('numerics');

const wave = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(0.37 * i + k));
const T = (shape: number[], k = 0) => tensor(wave(shape.reduce((a, b) => a * b, 1), k), shape);

/** One step of a program: an op with its sizes. Each returns the arrays it computed. */
type Step = { readonly label: string; readonly run: () => Float32Array[] };

const dim = fc.integer({ min: 1, max: 5 });

const steps: fc.Arbitrary<Step>[] = [
  fc.tuple(dim, dim, dim).map(([m, k, n]) => ({
    label: `matmul ${m}x${k}x${n}`,
    run: () => [toArray(matmul(T([m, k]), T([k, n], 1)))],
  })),
  // gather's kernel source names only the row length: the table size must still key the kernel.
  fc.tuple(fc.integer({ min: 1, max: 7 }), dim, fc.integer({ min: 1, max: 4 })).map(([rows, d, n]) => ({
    label: `gather table [${rows}, ${d}] with ${n} indices`,
    run: () => {
      const idx = tensor(Array.from({ length: n }, (_, i) => (i * 3) % rows), [n]);
      const table = T([rows, d], 2);
      return [toArray(gather(table, idx)), toArray(grad((t: Tensor) => sum(mul(gather(t, idx), gather(t, idx))))(table))];
    },
  })),
  fc.tuple(dim, dim, fc.integer({ min: 3, max: 6 }), fc.integer({ min: 1, max: 3 })).map(([c, o, hw, k]) => ({
    label: `conv2d c${c} o${o} ${hw}x${hw} k${k}`,
    run: () => {
      const x = T([2, c, hw, hw]), w = T([o, c, k, k], 3);
      const g = grad((p: Tensor[]) => sum(tanh(conv2d(p[0], p[1], { padding: 1 }))))([x, w]);
      return [toArray(conv2d(x, w)), toArray(g[0]), toArray(g[1])];
    },
  })),
  fc.tuple(dim, dim).map(([h, i]) => ({
    label: `gru cho B2 I${i} H${h}`,
    run: () => {
      const p = { weightIh: T([3 * h, i], 4), weightHh: T([3 * h, h], 5), biasIh: T([3 * h], 6), biasHh: T([3 * h], 7) };
      const x = T([2, i], 8), h0 = T([2, h], 9);
      return [toArray(grad((xx: Tensor) => sum(gruCell(p, h0, xx)))(x))];
    },
  })),
  fc.tuple(dim, dim, fc.boolean()).map(([h, i, full]) => ({
    label: `lstm ${full ? 'full' : 'diagonal'} peepholes B2 I${i} H${h}`,
    run: () => {
      const ps = full ? [h, h] : [h];
      const p = {
        weightIh: T([4 * h, i], 1), weightHh: T([4 * h, h], 2), biasIh: T([4 * h], 3), biasHh: T([4 * h], 4),
        peepholeI: T(ps, 5), peepholeF: T(ps, 6), peepholeO: T(ps, 7),
      };
      const x = T([2, i], 8), s = { h: T([2, h], 9), c: T([2, h], 10) };
      return [toArray(grad((xx: Tensor) => { const r = lstmCell(p, s, xx); return sum(add(r.h, r.c)); })(x))];
    },
  })),
  fc.tuple(dim, dim, fc.integer({ min: 0, max: 2 })).map(([r, c, axis]) => ({
    label: `sum axis ${axis % 2} of [${r}, ${c}] and a transpose`,
    run: () => [toArray(sum(T([r, c]), axis % 2)), toArray(transpose(T([r, c])))],
  })),
  fc.tuple(dim, fc.integer({ min: 2, max: 6 })).map(([c, hw]) => ({
    label: `maxPool2d c${c} ${hw}x${hw}`,
    run: () => {
      const x = T([1, c, hw, hw], 11);
      return [toArray(maxPool2d(x, { size: 2 })), toArray(grad((xx: Tensor) => sum(maxPool2d(xx, { size: 2 })))(x))];
    },
  })),
];

const program = fc.array(fc.oneof(...steps), { minLength: 2, maxLength: 5 });
const fresh: Backend[] = [];
afterAll(() => { for (const b of fresh) b.destroy(); });

describe.each(testedBackends)('kernel cache on %s', (backend) => {
  it('is transparent: programs in one long-lived instance agree bit for bit with fresh instances', () => {
    const shared = createBackend(backend, 1);
    fresh.push(shared);
    fc.assert(fc.property(fc.array(program, { minLength: 2, maxLength: 3 }), (programs) => {
      for (const prog of programs) for (const step of prog) {
        const once = createBackend(backend, 1);
        let want: Float32Array[];
        try { want = withBackendInstance(once, step.run); } finally { once.destroy(); }
        const got = withBackendInstance(shared, step.run);
        expect(got, step.label).toEqual(want);
      }
    }), { numRuns: backend === 'headlessgl' ? 6 : 10, seed: 20261201 });
  });
});
