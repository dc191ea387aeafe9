// inferenceMode: the wrapped layer runs in evaluation mode in a training step, so a frozen,
// transferred batch norm keeps the base task's statistics; plus the layer laws on every backend.
import { describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import { leaves } from '../../src/autodiff/tree.js';
import { inferenceMode } from '../../src/nn/inference-mode.js';
import * as nn from '../../src/nn/index.js';
import { add, key, normal, tensor, toArray, useBackend } from '../../src/index.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('inferenceMode');

const block = () => nn.sequential(nn.conv2d(2, 3, 3, { padding: 1 }), nn.batchNorm(3), nn.tanh(), nn.dropout(0.5)) // tanh: smooth, so finite differences hold;

describe('inferenceMode', () => {
  it('ignores training: true (running statistics used and kept, no dropout) and equals the evaluation-mode apply', () => {
    const f = block(), g = inferenceMode(f);
    const init = f.init(key(1), [2, 5, 5]);
    // running statistics that differ from any batch's, so batch statistics would show
    const state = [init.state[0], { runningMean: tensor([0.3, -0.2, 1], [3]), runningVar: tensor([2, 0.5, 1.5], [3]) }, init.state[2], init.state[3]] as const;
    const x = add(normal(key(2), [4, 2, 5, 5]), 1);
    const trained = g.apply(init.params, state, x, { training: true, key: key(3) });
    const evaluated = f.apply(init.params, state, x, { training: false });
    expect(Array.from(toArray(trained.y))).toEqual(Array.from(toArray(evaluated.y)));
    expect(leaves(trained.state).map((l) => Array.from(toArray(l.value)))).toEqual(leaves(state).map((l) => Array.from(toArray(l.value))));
    const moving = f.apply(init.params, state, x, { training: true, key: key(3) });
    expect(Array.from(toArray(moving.state[1].runningMean))).not.toEqual([0.3, -0.2, 1].map(Math.fround));
  });

  describe.each(testedBackends)('layer laws on %s', (backend) => {
    it('shape and gradient', () => {
      useBackend(backend, { strict: true });
      holds(layerShapeLaw(inferenceMode(block()), [2, 5, 5], { training: true }));
      holds(layerGradientLaw(inferenceMode(block()), [2, 5, 5], { training: true, seed: 4 }));
    });
  });
  it(`backend agreement (${testedBackends.join(', ')})`, () => {
    holds(layerBackendLaw(inferenceMode(block()), [2, 5, 5], { training: true, backends: testedBackends }));
  });
  it('refuses what is not a layer', () => {
    // @ts-expect-error not a layer
    expect(() => inferenceMode({})).toThrow(/inferenceMode/);
  });
});
