import { describe, expect, it } from 'vitest';
import { key, normal, tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { adam, sgd } from '../../src/optim/index.js';
import { accuracy, mse, softmaxCrossEntropy } from '../../src/losses/index.js';
import { fit, progress, tensorDataset } from '../../src/train/index.js';

const x = normal(key(1), [64, 6]);
const labels = tensor(Array.from({ length: 64 }, (_, i) => i % 2), [64]);
const data = tensorDataset(x, labels);
const model = nn.sequential(nn.dense(6, 8), nn.tanh(), nn.dense(8, 2));

describe('fit', () => {
  it('reports validation metrics per epoch and the loss goes down', () => {
    const r = fit({ model, loss: softmaxCrossEntropy, optimizer: adam({ lr: 0.05 }), train: data, validation: data, metrics: { accuracy: (y, b) => accuracy(y, b.y) }, inputShape: [6], epochs: 4, batchSize: 16, key: key(0), progress: false });
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3, 4]);
    expect(r.history[3].validation.loss).toBeLessThan(r.history[0].validation.loss);
    expect(Object.keys(r.history[0].validation).sort()).toEqual(['accuracy', 'loss']);
    expect(r.train.step).toBe(16);
  });

  it('stops early when the monitored metric stops improving', () => {
    const lines: string[] = [];
    // lr 0 never improves the loss: patience 2 stops after epoch 3
    const r = fit({ model, loss: softmaxCrossEntropy, optimizer: sgd({ lr: 0 }), train: data, validation: data, inputShape: [6], epochs: 10, batchSize: 32, key: key(0), progress: false, earlyStopping: { monitor: 'loss', mode: 'min', patience: 2 }, log: (l) => lines.push(l) });
    expect(r.stoppedEarly).toBe(true);
    expect(r.history.length).toBe(3);
    expect(lines.join('\n')).toMatch(/early stop after epoch 3: 'loss' did not improve for 2 epochs/);
  });

  it('refuses bad options with clear messages', () => {
    const base = { model, loss: mse, optimizer: adam({ lr: 0.01 }), train: data, inputShape: [6], key: key(0), progress: false as const };
    expect(() => fit({ ...base, epochs: 0, batchSize: 8 })).toThrow('fit: epochs must be a positive integer, got 0');
    expect(() => fit({ ...base, epochs: 1, batchSize: 2.5 })).toThrow('fit: batchSize must be a positive integer, got 2.5');
    expect(() => fit({ ...base, loss: softmaxCrossEntropy, epochs: 2, batchSize: 8, validation: data, earlyStopping: { monitor: 'f1', mode: 'max', patience: 1 } })).toThrow(/earlyStopping.monitor 'f1' is not a validation metric \(have: loss, trainLoss\)/);
  });
});

describe('progress', () => {
  const sink = (isTTY: boolean) => { const out: string[] = []; return { out, stream: { isTTY, write: (s: string) => { out.push(s); return true; } } as unknown as NodeJS.WriteStream }; };
  it('draws a bar on a terminal and plain lines elsewhere', () => {
    const tty = sink(true), pipe = sink(false);
    for (const s of [tty, pipe]) {
      const p = progress({ total: 20, label: 'epoch 1/1', stream: s.stream });
      for (let i = 1; i <= 20; i++) p.update(i, 'loss 0.5');
      p.finish('done');
    }
    expect(tty.out.some((l) => l.startsWith('\r') && l.includes('[##'))).toBe(true);
    expect(pipe.out.every((l) => !l.includes('\r') && l.endsWith('\n'))).toBe(true);
    expect(pipe.out.length).toBeLessThanOrEqual(11); // one line per 10% and the summary
    expect(pipe.out[pipe.out.length - 1]).toMatch(/^epoch 1\/1 20\/20 in \d+s done/);
  });
});
