// Weights saved the way PyTorch saves them (safetensors, state_dict names) load by name into the
// nn-ts model of the same architecture and give the same output: the fixture holds the weights of
// torch.nn.Sequential(Conv2d(1, 2, 3), ReLU(), MaxPool2d(2), Flatten(), Linear(18, 4)) under
// "0.weight" … "4.bias" and the output PyTorch's semantics give for a fixed input
// (fixtures/torch-style-cnn.py writes it; see there how). A second fixture adds a BatchNorm2d, with its
// running statistics, its int64 num_batches_tracked and an F16 bias, as a trained model's state_dict has them.
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { restoreModel, restoreTree } from '../../src/io/restore.js';
import { fromTorchNames } from '../../src/io/torch-names.js';
import * as nn from '../../src/nn/index.js';
import { key, tensor, toArray, useBackend } from '../../src/index.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('torch interop');

const file = decodeSafetensors(readFileSync(new URL('./fixtures/torch-style-cnn.safetensors', import.meta.url)));
const model = nn.sequential(nn.conv2d(1, 2, 3), nn.relu(), nn.maxPool2d({ size: 2 }), nn.flatten(), nn.dense(18, 4));

describe.each(testedBackends)('PyTorch-named safetensors weights on %s', (backend) => {
  it('load by name into the same architecture and reproduce the output', () => {
    useBackend(backend, { strict: true });
    if (isLeft(file)) throw new Error(file.left.message);
    const { tensors, metadata } = file.right;
    expect(metadata.format).toBe('pt');
    const init = model.init(key(0), [1, 8, 8]);
    const params = restoreTree(init.params, tensors);
    if (isLeft(params)) throw new Error(params.left.message);
    const x = tensor(JSON.parse(metadata.input) as number[], [1, 1, 8, 8]);
    const y = Array.from(toArray(model.apply(params.right, init.state, x).y));
    const want = JSON.parse(metadata.output) as number[];
    y.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i]))));
  });
});

const bnFile = decodeSafetensors(readFileSync(new URL('./fixtures/torch-style-bn-cnn.safetensors', import.meta.url)));
const bnModel = nn.sequential(nn.conv2d(1, 2, 3), nn.batchNorm(2), nn.relu(), nn.maxPool2d({ size: 2 }), nn.flatten(), nn.dense(18, 4));

describe.each(testedBackends)('a PyTorch state_dict with BatchNorm buffers, int64 and F16 tensors, on %s', (backend) => {
  it('loads params and running statistics by name (num_batches_tracked left out) and reproduces the eval-mode output', () => {
    useBackend(backend, { strict: true });
    if (isLeft(bnFile)) throw new Error(bnFile.left.message);
    const { tensors, metadata, converted } = bnFile.right;
    expect(converted).toEqual({ '1.num_batches_tracked': 'I64', '5.bias': 'F16' });
    expect(Array.from(toArray(tensors['1.num_batches_tracked']))).toEqual([1234]);
    const named = fromTorchNames(tensors);
    expect(named.dropped).toEqual(['1.num_batches_tracked']);
    expect(Object.keys(named.tensors).sort()).toEqual(['0.bias', '0.weight', '1.bias', '1.runningMean', '1.runningVar', '1.weight', '5.bias', '5.weight']);
    const restored = restoreModel(bnModel.init(key(0), [1, 8, 8]), named.tensors);
    if (isLeft(restored)) throw new Error(restored.left.message);
    expect(Array.from(toArray(restored.right.state[1].runningVar))).toEqual([Math.fround(0.5), Math.fround(1.7)]);
    const x = tensor(JSON.parse(metadata.input) as number[], [1, 1, 8, 8]);
    const y = Array.from(toArray(bnModel.apply(restored.right.params, restored.right.state, x, { training: false }).y));
    const want = JSON.parse(metadata.output) as number[];
    y.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-5 * (1 + Math.abs(want[i]))));
  });
});

describe('restoreModel', () => {
  const init = bnModel.init(key(0), [1, 8, 8]);
  it('lists every missing, wrongly shaped and unknown name of params and state together', () => {
    if (isLeft(bnFile)) throw new Error(bnFile.left.message);
    const { tensors } = fromTorchNames(bnFile.right.tensors);
    const { ['1.runningVar']: _var, ['0.bias']: _bias, ...rest } = tensors;
    const r = restoreModel(init, { ...rest, '1.runningMean': tensor([0, 0, 0], [3]), 'head.weight': tensor([1], [1]) });
    if (!isLeft(r)) throw new Error('expected a Left');
    expect(r.left.reason).toBe('tree');
    expect(r.left.message).toMatch(/^restoreModel: /);
    for (const part of ['0.bias', '1.runningVar', '1.runningMean', 'head.weight']) expect(r.left.message).toContain(part);
  });
  it('takes state names only into the state: a raw PyTorch name (running_mean) is reported, not silently dropped', () => {
    if (isLeft(bnFile)) throw new Error(bnFile.left.message);
    const r = restoreModel(init, bnFile.right.tensors);
    if (!isLeft(r)) throw new Error('expected a Left');
    expect(r.left.message).toContain('1.running_mean');
    expect(r.left.message).toContain('1.runningMean');
    const loose = restoreModel(init, { ...bnFile.right.tensors, ...fromTorchNames(bnFile.right.tensors).tensors }, { allowExtra: true });
    expect(isLeft(loose)).toBe(false);
  });
  it('refuses a state that is not a tree', () => {
    const r = restoreModel({ params: init.params, state: 3 as unknown as typeof init.state }, {});
    if (!isLeft(r)) throw new Error('expected a Left');
    expect(r.left.message).toMatch(/init\.state/);
  });
});
