// Split invariance: a direct convolution kernel (forward, dx, dw) whose outer reduction loop is cut
// into chunks of any size, with the partial sums added by launchInParts, gives the result of the
// uncut kernel. The chunking runs by itself only at sizes too big for a property test (more than
// 16,384 loop iterations per thread), so the law forces chunk sizes from 1 to the whole loop on
// small random convolutions, on every backend, with kernels cached across all of them.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  convForwardSource, convGradInputSource, convGradWeightSource, forwardSplit, gradInputSplit, gradWeightSplit, type ConvPlan, type Split,
} from '../../src/backend/gpujs/kernels/conv.js';
import { convPlan } from '../../src/ops/conv.js';
import { launchInParts } from '../../src/ops/partials.js';
import { tensor, toArray, useBackend, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';

announceBackends('numerics');

interface Kernel {
  readonly name: string;
  readonly source: (p: ConvPlan, sp: Split) => string;
  readonly split: (p: ConvPlan) => Split;
  /** The kernel's two inputs and its output shape for a plan. */
  readonly io: (p: ConvPlan, x: Tensor, w: Tensor, gy: Tensor) => { inputs: Tensor[]; shape: number[] };
}

const kernels: Kernel[] = [
  { name: 'conv2d', source: convForwardSource, split: forwardSplit, io: (p, x, w) => ({ inputs: [x, w], shape: [p.N, p.O, p.OH, p.OW] }) },
  { name: 'conv2dGradInput', source: convGradInputSource, split: gradInputSplit, io: (p, _x, w, gy) => ({ inputs: [gy, w], shape: [p.N, p.C, p.H, p.W] }) },
  { name: 'conv2dGradWeight', source: convGradWeightSource, split: gradWeightSplit, io: (p, x, _w, gy) => ({ inputs: [x, gy], shape: [p.O, p.C / p.groups, p.KH, p.KW] }) },
];

const wave = (n: number, k: number) => Array.from({ length: n }, (_, i) => Math.sin(0.61 * i + k));
const T = (shape: number[], k: number) => tensor(wave(shape.reduce((a, b) => a * b, 1), k), shape);

const plans = fc.record({
  n: fc.integer({ min: 1, max: 2 }), g: fc.integer({ min: 1, max: 2 }), cg: fc.integer({ min: 1, max: 3 }), og: fc.integer({ min: 1, max: 3 }),
  h: fc.integer({ min: 3, max: 7 }), k: fc.integer({ min: 1, max: 3 }), stride: fc.integer({ min: 1, max: 2 }), pad: fc.integer({ min: 0, max: 1 }),
});

describe.each(testedBackends)('direct convolution kernels cut into chunks on %s', (backend) => {
  beforeAll(() => { useBackend(backend, { strict: true }); });

  it.each(kernels.map((k) => [k.name, k] as const))('%s: any chunk size gives the uncut result', (_name, kernel) => {
    fc.assert(fc.property(plans, fc.double({ min: 0, max: 1, noNaN: true }), (r, frac) => {
      const C = r.g * r.cg, O = r.g * r.og;
      const p = convPlan('conv2d', [r.n, C, r.h, r.h], [O, r.cg, r.k, r.k], { stride: r.stride, padding: r.pad, groups: r.g });
      const x = T([p.N, p.C, p.H, p.W], 1), w = T([p.O, r.cg, p.KH, p.KW], 2), gy = T([p.N, p.O, p.OH, p.OW], 3);
      const { inputs, shape } = kernel.io(p, x, w, gy);
      const whole = kernel.split(p);
      expect(whole.count).toBe(1); // small enough not to be cut by itself
      const size = 1 + Math.floor(frac * (whole.items - 1));
      const cut: Split = { count: Math.ceil(whole.items / size), size, items: whole.items };
      const want = toArray(launchInParts(kernel.name, kernel.source(p, whole), inputs, 1, shape, 1));
      const got = toArray(launchInParts(kernel.name, kernel.source(p, cut), inputs, cut.count, shape, 1));
      const { atol, rtol } = tol(backend, whole.items);
      got.forEach((v, i) => expect(Math.abs(v - want[i]), `${kernel.name} cut into ${cut.count} chunks of ${size}, cell ${i}`).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i])));
    }), { numRuns: backend === 'headlessgl' ? 8 : 16, seed: 11 });
  });
});
