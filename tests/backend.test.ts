import { describe, expect, it } from 'vitest';
import {
  availableBackends, backendStats, conv2d, currentBackend, grad, matmul, maxPool2d, mean, mul, onNotice, relu, scopedStep,
  sub, sum, tensor, toArray, useBackend, withBackend, type Tensor,
} from './support/api.js';
import { GpujsBackend } from '../src/backend/gpujs/backend.js';
import { withBackendInstance } from '../src/backend/select.js';
import { announceBackends, missingBackends, testedBackends } from './support/backends.js';

announceBackends('backend');

const seq = (n: number, f = (i: number) => Math.sin(i * 1.7)) => Array.from({ length: n }, (_, i) => f(i));

describe('backend selection', () => {
  it('lists what works here and picks a default that is one of them', () => {
    const av = availableBackends();
    expect(av).toContain('cpu');
    expect(av).toContain(currentBackend());
  });

  it('rejects an unknown backend name or option with a clear error', () => {
    expect(() => useBackend('tpu' as never)).toThrow(/unknown backend 'tpu'; expected one of simd, cpu, webasm, headlessgl, webgl2/);
    expect(() => useBackend('cpu', { fast: true } as never)).toThrow(/unknown option 'fast'/);
  });

  it('never falls back silently: a notice names the backend used and why; strict refuses', () => {
    const notices: string[] = [];
    onNotice((m) => notices.push(m));
    const prev = currentBackend();
    expect(() => useBackend('webgl2', { strict: true })).toThrow(/backend 'webgl2' cannot run here: WebGL2 exists only in a browser/);
    const used = useBackend('webgl2');
    expect(used).not.toBe('webgl2');
    expect(notices).toEqual([`nn-ts: backend 'webgl2' is unavailable (WebGL2 exists only in a browser); running on '${used}' instead`]);
    useBackend(prev);
  });

  it('reports headless-GL as missing with the reason when it cannot start', () => {
    for (const m of missingBackends) expect(m.why.length).toBeGreaterThan(10);
  });
});

describe.each(testedBackends)('kernels on %s', (backend) => {
  it('compile once per shape: a training loop does not recompile', () => {
    useBackend(backend, { strict: true });
    const x = tensor(seq(2 * 3 * 8 * 8), [2, 3, 8, 8]);
    const w0 = tensor(seq(4 * 3 * 3 * 3, Math.cos), [4, 3, 3, 3]);
    const loss = (w: Tensor) => mean(maxPool2d(relu(conv2d(x, w, { padding: 1 })), { size: 2 }));
    let w: Tensor = w0;
    w = sub(w, mul(grad(loss)(w), 0.1)); // first step compiles
    const before = backendStats().compiles;
    for (let i = 0; i < 5; i++) w = sub(w, mul(grad(loss)(w), 0.1));
    expect(backendStats().compiles).toBe(before);
    expect(toArray(w).every(Number.isFinite)).toBe(true);
  });
});

describe('threads', () => {
  it.each(['cpu', 'webasm'] as const)('split kernels on %s give bit-identical results to one thread', (mode) => {
    const one = new GpujsBackend(mode, 1), two = new GpujsBackend(mode, 2);
    try {
      expect(two.stats().threads).toBe(2);
      // A matmul and a conv (forward and both gradients) big enough to be split over the threads.
      const run = () => {
        const a = tensor(seq(130 * 70), [130, 70]), b = tensor(seq(70 * 90, Math.cos), [70, 90]);
        const x = tensor(seq(4 * 8 * 12 * 12), [4, 8, 12, 12]), w = tensor(seq(16 * 8 * 3 * 3, Math.cos), [16, 8, 3, 3]);
        const g = grad((p: Tensor[]) => sum(mul(conv2d(p[0], p[1], { padding: 1 }), conv2d(p[0], p[1], { padding: 1 }))))([x, w]);
        return [toArray(matmul(a, b)), toArray(g[0]), toArray(g[1])];
      };
      const r1 = withBackendInstance(one, run);
      const launchesBefore = two.stats().launches;
      const r2 = withBackendInstance(two, run);
      expect(two.stats().launches).toBeGreaterThan(launchesBefore);
      expect(r2).toEqual(r1);
      // the workers compiled kernels too: the work really was split
      expect(two.stats().compiles).toBeGreaterThan(one.stats().compiles);
    } finally { one.destroy(); two.destroy(); }
  });
});

describe.skipIf(!testedBackends.includes('headlessgl'))('GL device memory', () => {
  it('stays flat over 2,000 training steps with no user calls', () => {
    useBackend('headlessgl', { strict: true });
    const x = tensor(seq(8 * 5), [8, 5]);
    const y = tensor(seq(8 * 2, Math.cos), [8, 2]);
    const loss = (p: { w: Tensor; b: Tensor }) => mean(mul(sub(relu(matmul(x, p.w)), y), sub(relu(matmul(x, p.w)), y)));
    const step = scopedStep((p: { w: Tensor; b: Tensor }) => {
      const g = grad(loss)(p);
      return { w: sub(p.w, mul(g.w, 0.05)), b: sub(p.b, mul(g.b, 0.05)) };
    });
    let p: { w: Tensor; b: Tensor } = { w: tensor(seq(5 * 2, (i) => 0.1 * Math.cos(i)), [5, 2]), b: tensor([0, 0], [2]) };
    const live: number[] = [];
    for (let i = 0; i < 2000; i++) {
      p = step(p);
      if (i % 250 === 0 || i === 1999) live.push(backendStats().liveDeviceBuffers);
    }
    console.log(`[nn-ts backend] live GL textures every 250 steps: ${live.join(', ')}`);
    expect(Math.max(...live.slice(1))).toBe(live[1]);
    expect(sum(p.w).size).toBe(1);
  });
});
