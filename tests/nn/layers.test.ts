import { describe, expect, it } from 'vitest';
import { layerBackendLaw, layerGradientLaw, layerShapeLaw, holds } from '../../laws/index.js';
import * as nn from '../../src/nn/index.js';
import type { Layer } from '../../src/nn/index.js';
import { grad, key, leaves, mapLeaves, normal, sum, tensor, toArray, useBackend, type Tensor, type Tree, mul } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('layers');

import { layerCases } from './cases.js';

describe.each(testedBackends)('layer laws on %s', (backend) => {
  for (const c of layerCases) {
    const o = { training: c.training ?? false, ...(c.ids ? { input: c.ids, inputConstant: true } : {}), ...(c.value ? { input: c.value, inputConstant: c.constant ?? [] } : {}) };
    it(`${c.name}: shape and gradient laws`, () => {
      useBackend(backend, { strict: true });
      holds(layerShapeLaw(c.layer, c.input, o));
      // freeze: the pullback into its parameters is zero by design; its own law is below.
      if (c.name !== 'freeze') holds(layerGradientLaw(c.layer, c.input, { ...o, seed: 3 }));
    });
  }
});

describe(`layer backend agreement (${testedBackends.join(', ')})`, () => {
  for (const c of layerCases)
    it(c.name, () => { holds(layerBackendLaw(c.layer, c.input, { training: c.training ?? false, backends: testedBackends, ...(c.ids ? { input: c.ids } : {}), ...(c.value ? { input: c.value } : {}) })); });
});

describe('combinator laws', () => {
  const A = nn.dense(4, 5), B = nn.sequential(nn.tanh(), nn.dense(5, 3)), C = nn.dense(3, 2);
  const x = normal(key(5), [3, 4]);
  // Runs `l` with the leaves of `ref`'s parameters, in order (same layers, different nesting).
  const runWith = <P extends Tree, S extends Tree>(l: Layer<P, S>, refParams: Tree) => {
    const init = l.init(key(0), [4]);
    const vals = leaves(refParams).map((v) => v.value);
    let i = 0;
    return toArray(l.apply(mapLeaves(init.params, () => vals[i++]), init.state, x).y);
  };

  it('sequential is associative', () => {
    const left = nn.sequential(nn.sequential(A, B), C), right = nn.sequential(A, nn.sequential(B, C));
    const p = left.init(key(1), [4]).params;
    expect(runWith(right, p)).toEqual(runWith(left, p));
  });

  it('identity is a unit on both sides', () => {
    const p = A.init(key(2), [4]).params;
    const plain = toArray(A.apply(p, {}, x).y);
    expect(runWith(nn.sequential(nn.identity(), A), p)).toEqual(plain);
    expect(runWith(nn.sequential(A, nn.identity()), p)).toEqual(plain);
  });

  it('freeze gives zero gradients for the frozen part and the usual ones for the rest', () => {
    const model = nn.sequential({ features: nn.freeze(nn.dense(4, 5)), head: nn.dense(5, 2) });
    const { params, state } = model.init(key(3), [4]);
    const g = grad((p: typeof params) => sum(mul(model.apply(p, state, x).y, model.apply(p, state, x).y)))(params);
    for (const l of leaves(g)) {
      const nz = toArray(l.value).some((v) => v !== 0);
      expect(nz, l.path).toBe(!l.path.startsWith('features'));
    }
    expect(leaves(params).map((l) => l.path)).toEqual(['features.weight', 'features.bias', 'head.weight', 'head.bias'].sort((a, b) => (a < b ? -1 : 1)));
  });

  it('partition and combine: a frozen feature extractor plus a trainable head in one line', () => {
    const model = nn.sequential({ features: nn.sequential(nn.dense(4, 6), nn.relu()), head: nn.dense(6, 2) });
    const { params, state } = model.init(key(4), [4]);
    const [head, frozen] = nn.partition(params, (path) => path.startsWith('head.'));
    const g = grad((h: typeof head) => sum(model.apply(nn.combine(h, frozen), state, x).y))(head);
    expect(leaves(g).map((l) => l.path)).toEqual(['head.bias', 'head.weight']);
    expect(leaves(nn.combine(head, frozen)).map((l) => l.path)).toEqual(leaves(params).map((l) => l.path));
  });

  it('sequential refuses a layer that does not fit, naming it (ShapeError at init)', () => {
    const bad = nn.sequential(nn.flatten(), nn.dense(10, 3)) as Layer;
    expect(() => bad.init(key(0), [2, 4])).toThrow(/sequential \(layer '1', dense\): input has shape \[8\]/);
  });

  it('batch norm returns new running statistics and never mutates', () => {
    const bn = nn.batchNorm(2);
    const { params, state } = bn.init(key(0), [2]);
    const xb = tensor([1, 10, 3, 20, 5, 30], [3, 2]);
    const r = bn.apply(params, state, xb, { training: true });
    expect(Array.from(toArray(state.runningMean as Tensor))).toEqual([0, 0]);
    const rm = toArray(r.state.runningMean as Tensor);
    expect(rm[0]).toBeCloseTo(0.3, 6);
    expect(rm[1]).toBeCloseTo(2, 6);
    expect(toArray(r.state.runningVar as Tensor)[1]).toBeCloseTo(0.9 + 0.1 * 100, 4); // unbiased var of 10,20,30 is 100
  });
});

describe('parameterCount', () => {
  it('sums the sizes of every leaf, nested trees included', () => {
    // PyTorch's LSTM layout: weights [4H, I] and [4H, H], two biases [4H]
    expect(nn.parameterCount(nn.lstm(16, 96).init(key(0), [5, 16]).params)).toBe(4 * 96 * (16 + 96 + 2));
    expect(nn.parameterCount(nn.sequential(nn.dense(3, 2), nn.dense(2, 1)).init(key(0), [3]).params)).toBe(3 * 2 + 2 + 2 * 1 + 1);
    expect(nn.parameterCount({})).toBe(0);
  });
});
