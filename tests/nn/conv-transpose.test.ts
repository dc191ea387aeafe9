// Transposed convolution: the adjoint law against conv2d (⟨conv2d(z, w), x⟩ = ⟨z, convTranspose2d(x, w)⟩),
// second-order gradients, the shape rule's errors, the layer laws (shape, gradient through input and
// parameters, backend agreement), and a DCGAN generator layer at batch 64 against the float64 reference.
import { describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw, gradientLaw } from '../../laws/index.js';
import { convTranspose2d } from '../../src/ops/conv-transpose.js';
import { convTranspose2d as convTransposeLayer } from '../../src/nn/conv-transpose.js';
import { conv2d, grad, key, tensor, mul, normal, OptionError, ShapeError, split, sum, toArray, useBackend, type Conv2dOptions, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends, tol } from '../support/backends.js';
import * as R from '../reference/index.js';
import type { Layer } from '../../src/nn/layer.js';
import { toRef } from '../support/refcheck.js';

announceBackends('transposed convolution');

const dot = (a: Tensor, b: Tensor) => { const x = toArray(a), y = toArray(b); let s = 0; for (let i = 0; i < x.length; i++) s += x[i] * y[i]; return s; };

// conv2d configurations with the outputPadding that makes convTranspose2d give back the input's size.
// (the window options both take, and the outputPadding that gives back the conv input's size)
type Shared = Pick<Conv2dOptions, 'stride' | 'dilation' | 'groups'> & { readonly padding?: number };
const adjointCases: { label: string; z: number[]; w: number[]; conv: Shared; outputPadding: [number, number] }[] = [
  { label: 'stride 2, pad 1, kernel 4 (DCGAN)', z: [2, 3, 8, 8], w: [4, 3, 4, 4], conv: { stride: 2, padding: 1 }, outputPadding: [0, 0] },
  { label: 'stride 2 on odd 7×9, kernel 3, pad 1', z: [1, 2, 7, 9], w: [3, 2, 3, 3], conv: { stride: 2, padding: 1 }, outputPadding: [0, 0] },
  { label: 'stride 2 on even 8×6, kernel 3, pad 1 (outputPadding 1)', z: [1, 2, 8, 6], w: [3, 2, 3, 3], conv: { stride: 2, padding: 1 }, outputPadding: [1, 1] },
  { label: 'groups 2, dilation 2, stride [3,1]', z: [2, 4, 10, 7], w: [6, 2, 2, 3], conv: { groups: 2, dilation: 2, stride: [3, 1] }, outputPadding: [1, 0] },
  { label: 'im2col path: 16 → 24 channels, stride 2', z: [1, 16, 6, 6], w: [24, 16, 3, 3], conv: { stride: 2, padding: 1 }, outputPadding: [1, 1] },
];

// The realistic size, and its float64 reference computed once (the tensors are made per backend).
let dcganCase: { x: Float32Array; w: Float32Array; b: Float32Array; want: R.Ref } | undefined;
const dcgan = () => {
  if (!dcganCase) {
    useBackend('cpu');
    const [kx, kw, kb] = split(key(64), 3);
    const x = normal(kx, [64, 64, 7, 7]), w = normal(kw, [64, 32, 4, 4]), b = normal(kb, [32]);
    const want = R.convTranspose2d(toRef(x), toRef(w), { stride: [2, 2], padding: [1, 1], outputPadding: [0, 0], dilation: [1, 1], groups: 1, bias: toRef(b) });
    dcganCase = { x: toArray(x), w: toArray(w), b: toArray(b), want };
  }
  return dcganCase;
};

describe.each(testedBackends)('convTranspose2d on %s', (backend) => {
  it('is the adjoint of conv2d: ⟨conv2d(z, w), x⟩ = ⟨z, convTranspose2d(x, w)⟩', () => {
    useBackend(backend, { strict: true });
    for (const [i, c] of adjointCases.entries()) {
      const [kz, kw, kx] = split(key(40 + i), 3);
      const z = normal(kz, c.z), w = normal(kw, c.w);
      const y = conv2d(z, w, c.conv);
      const x = normal(kx, [...y.shape]);
      const back = convTranspose2d(x, w, { ...c.conv, outputPadding: c.outputPadding });
      expect(back.shape, c.label).toEqual(c.z);
      const lhs = dot(y, x), rhs = dot(z, back);
      expect(Math.abs(lhs - rhs), `${c.label}: ${lhs} vs ${rhs}`).toBeLessThan(1e-4 * (1 + Math.abs(lhs)) * Math.sqrt(y.size));
    }
  });

  it('has second-order gradients (the gradient of a gradient passes the gradient law)', () => {
    useBackend(backend, { strict: true });
    const [kx, kw, kg] = split(key(7), 3);
    const x0 = normal(kx, [1, 2, 3, 3]), w0 = normal(kw, [2, 3, 4, 4]), gy = normal(kg, [1, 3, 6, 6]);
    const opts = { stride: 2, padding: 1 } as const;
    // d/dw of ⟨convTranspose2d(x, w)², gy⟩, then differentiated again through the law
    const inner = (x: Tensor, w: Tensor) => grad((wt: Tensor) => sum(mul(mul(convTranspose2d(x, wt, opts), convTranspose2d(x, wt, opts)), gy)))(w);
    holds(gradientLaw(inner, [x0, w0], { seed: 3 }));
  });

  it('a DCGAN generator layer at batch 64 (64 → 32 channels, 7×7 → 14×14) agrees with the float64 reference', () => {
    const c = dcgan();
    useBackend(backend, { strict: true });
    const x = tensor(c.x, [64, 64, 7, 7]), w = tensor(c.w, [64, 32, 4, 4]), b = tensor(c.b, [32]), want = c.want;
    const y = convTranspose2d(x, w, { stride: 2, padding: 1, bias: b });
    expect(y.shape).toEqual([64, 32, 14, 14]);
    const got = toArray(y);
    const { atol, rtol } = tol(backend, 64 * 4);
    let bad = 0;
    for (let i = 0; i < got.length; i++) if (!(Math.abs(got[i] - want.data[i]) <= atol + rtol * Math.abs(want.data[i]))) bad++;
    expect(bad).toBe(0);
  });
});

describe('convTranspose2d shape rule', () => {
  const x = normal(key(1), [1, 3, 4, 4]), w = normal(key(2), [3, 2, 3, 3]);
  it('output = (in − 1)·stride − 2·pad + dil·(k − 1) + outputPadding + 1', () => {
    useBackend('cpu');
    expect(convTranspose2d(x, w).shape).toEqual([1, 2, 6, 6]);
    expect(convTranspose2d(x, w, { stride: 2, padding: 1, outputPadding: 1 }).shape).toEqual([1, 2, 8, 8]);
    expect(convTranspose2d(x, w, { stride: [3, 1], padding: [0, 1], dilation: [1, 2] }).shape).toEqual([1, 2, 12, 6]);
    expect(convTranspose2d(normal(key(3), [0, 3, 4, 4]), w).shape).toEqual([0, 2, 6, 6]);
  });
  it('refuses what does not fit, naming the argument', () => {
    useBackend('cpu');
    expect(() => convTranspose2d(normal(key(3), [1, 4, 4, 4]), w)).toThrow(ShapeError);
    expect(() => convTranspose2d(normal(key(3), [1, 4, 4, 4]), w)).toThrow(/convTranspose2d: w has shape \[3, 2, 3, 3\] but must have C_in = 4/);
    expect(() => convTranspose2d(normal(key(3), [3, 4, 4]), w)).toThrow(/x has shape \[3, 4, 4\] but must be rank 4/);
    expect(() => convTranspose2d(normal(key(3), [1, 3, 1, 1]), w, { padding: 2 })).toThrow(/empty -1×-1 output/);
    expect(() => convTranspose2d(x, w, { stride: 2, outputPadding: 2 })).toThrow(OptionError);
    expect(() => convTranspose2d(x, w, { groups: 2 })).toThrow(/groups 2 must divide the input channels 3/);
    expect(() => convTranspose2d(x, w, { bias: normal(key(4), [3]) })).toThrow(/bias has shape \[3\] but must be \[2\]/);
    // @ts-expect-error a misspelt option is refused, not ignored
    expect(() => convTranspose2d(x, w, { output_padding: 1 })).toThrow(/unknown option 'output_padding'/);
  });
});

const layers: { name: string; layer: Layer; spec: number[]; out: number[] }[] = [
  { name: 'kernel 4, stride 2, pad 1 (doubles H, W)', layer: convTransposeLayer(3, 2, 4, { stride: 2, padding: 1 }), spec: [3, 3, 4], out: [2, 6, 8] },
  { name: 'kernel [3,2], stride 2, outputPadding 1, no bias', layer: convTransposeLayer(2, 3, [3, 2], { stride: 2, outputPadding: 1, bias: false }), spec: [2, 3, 3], out: [3, 8, 7] },
  { name: 'groups 2, dilation 2', layer: convTransposeLayer(4, 2, 3, { groups: 2, dilation: 2 }), spec: [4, 3, 3], out: [2, 7, 7] },
];

describe.each(testedBackends)('convTranspose2d layer laws on %s', (backend) => {
  for (const c of layers)
    it(`${c.name}: shape and gradient laws`, () => {
      useBackend(backend, { strict: true });
      expect(c.layer.init(key(0), c.spec).outputShape).toEqual(c.out);
      holds(layerShapeLaw(c.layer, c.spec));
      holds(layerGradientLaw(c.layer, c.spec, { seed: 2 }));
    });
});

describe(`convTranspose2d layer backend agreement (${testedBackends.join(', ')})`, () => {
  for (const c of layers) it(c.name, () => { holds(layerBackendLaw(c.layer, c.spec, { backends: testedBackends })); });
  it('refuses a bad input spec and bad options', () => {
    // @ts-expect-error 2 channels where the layer takes 3
    expect(() => convTransposeLayer(3, 2, 4).init(key(0), [2, 4, 4])).toThrow(/must be \[3, H, W\] per example/);
    expect(() => convTransposeLayer(3, 2, 4, { groups: 2 })).toThrow(/groups 2 must divide both inChannels 3/);
    expect(() => convTransposeLayer(3, 0, 4)).toThrow(/outChannels must be an integer/);
    const p = convTransposeLayer(3, 2, 4).init(key(0), [3, 4, 4]).params;
    expect(p.weight.shape).toEqual([3, 2, 4, 4]); // PyTorch's ConvTranspose2d layout
    expect(p.bias?.shape).toEqual([2]);
  });
});
