// Every exported function that takes an options object refuses unknown keys (and non-objects),
// naming itself and the keys it knows.
import { describe, expect, it } from 'vitest';
import * as api from '../support/api.js';
import { OptionError } from '../support/api.js';

const { nn, losses, data, train, viz, optim } = api;
const z = (s: number[]) => api.zeros(s);
const k = api.key(0);
const bad = { bogus: 1 } as never;

/** Each public function with an options object, called with an unknown option. */
const calls: readonly (readonly [string, () => unknown])[] = [
  ['matmul', () => api.matmul(z([2, 2]), z([2, 2]), bad)],
  ['conv2d', () => api.conv2d(z([1, 1, 3, 3]), z([1, 1, 1, 1]), bad)],
  ['conv1d', () => api.conv1d(z([1, 1, 3]), z([1, 1, 1]), bad)],
  ['maxPool2d', () => api.maxPool2d(z([1, 1, 2, 2]), bad)],
  ['avgPool2d', () => api.avgPool2d(z([1, 1, 2, 2]), bad)],
  ['rnnCell', () => api.rnnCell({ weightIh: z([1, 1]), weightHh: z([1, 1]), biasIh: z([1]), biasHh: z([1]) }, z([1, 1]), z([1, 1]), bad)],
  ['useBackend', () => api.useBackend('cpu', bad)],
  ['dense', () => nn.dense(2, 2, bad)],
  ['conv2d layer', () => nn.conv2d(1, 1, 3, bad)],
  ['conv1d layer', () => nn.conv1d(1, 1, 3, bad)],
  ['batchNorm', () => nn.batchNorm(2, bad)],
  ['layerNorm', () => nn.layerNorm(2, bad)],
  ['embedding', () => nn.embedding(4, 2, bad)],
  ['maxPool2d', () => nn.maxPool2d(bad)],
  ['lstm', () => nn.lstm(2, 2, bad)],
  ['recurrent', () => nn.recurrent({ cell: 'gru', inputSize: 2, hiddenSize: 2, ...(bad as object) })],
  ['scan', () => nn.scan((c: api.Tensor, x: api.Tensor) => ({ carry: c, y: x }), z([1, 1]), z([1, 2, 1]), bad)],
  ['parallel', () => nn.parallel([nn.relu()], bad)],
  ['sgd', () => optim.sgd({ lr: 1, ...(bad as object) })],
  ['mse', () => losses.mse(z([2]), z([2]), bad)],
  ['softmaxCrossEntropy', () => losses.softmaxCrossEntropy(z([1, 2]), Int32Array.of(0), bad)],
  ['progress', () => train.progress({ total: 1, label: 'x', ...(bad as object) })],
  ['loadMnist', () => data.loadMnist(bad)],
  ['batchIndices', () => data.batchIndices(4, 2, bad)],
  ['seasonalSeries', () => data.seasonalSeries(k, bad)],
  ['forecastWindows', () => data.forecastWindows(new Float32Array(10), { input: 1, horizon: 1, start: 1, end: 2, ...(bad as object) })],
  ['loadBrown', () => data.loadBrown(bad)],
  ['buildVocab', () => data.buildVocab([], bad)],
  ['randomShift', () => data.randomShift(k, z([1, 1, 2, 2]), { maxShift: 1, ...(bad as object) })],
  ['randomFlip', () => data.randomFlip(k, z([1, 1, 2, 2]), bad)],
  ['gaussianNoise', () => data.gaussianNoise(k, z([2]), { std: 1, ...(bad as object) })],
  ['flipImages', () => data.flipImages(z([1, 1, 2, 2]), bad)],
  ['lineChart', () => viz.lineChart([], bad)],
  ['imageGrid', () => viz.imageGrid(new Float32Array(4), 1, 2, 2, bad)],
];

describe('unknown options are refused', () => {
  it("matmul names the option and the ones it knows", () => {
    expect(() => api.matmul(z([2, 2]), z([2, 2]), { transposeC: true } as never)).toThrow(OptionError);
    expect(() => api.matmul(z([2, 2]), z([2, 2]), { transposeC: true } as never)).toThrow("matmul: unknown option 'transposeC'; expected one of transposeA, transposeB");
    expect(() => api.matmul(z([2, 2]), z([2, 2]), { transposeA: 'yes' } as never)).toThrow('matmul: transposeA must be true or false');
  });

  it('loadMnist refuses a misspelt limit before reading anything', () => {
    expect(() => data.loadMnist({ limt: 5 } as never)).toThrow("loadMnist: unknown option 'limt'; expected one of limit, dir");
  });

  it.each(calls)('%s', (op, call) => {
    expect(call).toThrow(OptionError);
    expect(call).toThrow(new RegExp(`^${op.replace(/[()]/g, '\\$&')}: unknown option 'bogus'`));
  });

  it('options that are not objects, or null values, are refused too', () => {
    expect(() => api.matmul(z([2, 2]), z([2, 2]), 'yes' as never)).toThrow("matmul: options must be an object, got a string ('yes')");
    expect(() => api.matmul(z([2, 2]), z([2, 2]), [true] as never)).toThrow('matmul: options must be an object, got an array of 1');
    expect(() => api.conv2d(z([1, 1, 3, 3]), z([1, 1, 1, 1]), { stride: null } as never)).toThrow("conv2d: option 'stride' is null; leave it out");
  });

  it('options read by one kind of cell only are refused for the others', () => {
    expect(() => nn.lstm(2, 2, { variant: 'pytorch' })).toThrow("lstm: option 'variant' applies to gru layers only");
    expect(() => nn.gru(2, 2, { nonlinearity: 'relu' })).toThrow("gru: option 'nonlinearity' applies to rnn layers only");
  });

  it('nested fit options are checked', () => {
    const o = { model: nn.dense(1, 1), loss: losses.mse, optimizer: optim.sgd({ lr: 0.1 }), train: train.tensorDataset(z([2, 1]), z([2, 1])), inputShape: [1], epochs: 1, batchSize: 1, key: k };
    expect(() => train.fit({ ...o, epoch: 2 } as never)).toThrow("fit: unknown option 'epoch'");
    expect(() => train.fit({ ...o, earlyStopping: { monitor: 'loss', mode: 'min', patience: 1, patients: 2 } } as never)).toThrow("fit: unknown option 'patients'");
    expect(() => train.fit({ ...o, checkpoint: { path: '/tmp/x', every: 3 } } as never)).toThrow("fit: unknown option 'every'");
  });
});
