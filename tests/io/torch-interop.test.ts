// Weights saved the way PyTorch saves them (safetensors, state_dict names) load by name into the
// nn-ts model of the same architecture and give the same output: the fixture holds the weights of
// torch.nn.Sequential(Conv2d(1, 2, 3), ReLU(), MaxPool2d(2), Flatten(), Linear(18, 4)) under
// "0.weight" … "4.bias" and the output PyTorch's semantics give for a fixed input
// (fixtures/torch-style-cnn.py writes it; see there how).
import { readFileSync } from 'node:fs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors } from '../../src/io/safetensors.js';
import { restoreTree } from '../../src/io/restore.js';
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
