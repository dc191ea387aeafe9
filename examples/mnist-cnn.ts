// LeNet-5 on MNIST (the 10,000 digits of the `mnist` package, fixed 8,000 / 2,000 split), trained
// with Adam on the default backend. Prints per-epoch loss and accuracy and a confusion matrix,
// writes the learned first-layer filters and the loss curve as PNGs, and saves a checkpoint.
//
//   npx tsx examples/mnist-cnn.ts [--epochs 5] [--batch 32] [--lr 0.003] [--seed 0] [--out out/mnist-cnn]
//                                 [--resume] [--no-augment] [--constant-lr] [--limit N]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backendStats, currentBackend, key, tensor, toArray, type Tensor } from '../src/index.js';
import { loadMnist, normalizeMnist, compose, randomShift } from '../src/data/index.js';
import { softmaxCrossEntropy, accuracy } from '../src/losses/index.js';
import { adam, cosineDecay } from '../src/optim/index.js';
import * as nn from '../src/nn/index.js';
import { fit, tensorDataset } from '../src/train/index.js';
import { imageGrid, lineChart, writePng } from '../src/viz/index.js';
import { lenet5 } from './support/lenet.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const epochs = Number(arg('epochs', '5')), batchSize = Number(arg('batch', '32')), lr = Number(arg('lr', '0.003'));
const seed = Number(arg('seed', '0')), out = arg('out', 'out/mnist-cnn'), limit = flag('limit') ? Number(arg('limit', '0')) : undefined;
mkdirSync(out, { recursive: true });

const data = loadMnist(limit ? { limit } : {});
if (E.isLeft(data)) { console.error(data.left.message); process.exit(1); }
const { train, test, stats } = data.right;
console.log(`MNIST: ${train.count} training and ${test.count} test digits (fixed split), pixel mean ${stats.mean.toFixed(4)}, std ${stats.std.toFixed(4)}`);
console.log(`backend: ${currentBackend()} (${backendStats().threads} threads)`);

const xTrain = normalizeMnist(train.images, stats), xTest = normalizeMnist(test.images, stats);
const labels = (l: Int32Array) => tensor(Float32Array.from(l), [l.length]);

const model = lenet5();

const ckpt = join(out, 'mnist-cnn.safetensors');
if (!flag('resume')) rmSync(ckpt, { force: true });
const stepLosses: number[] = [];
const t0 = Date.now();
const result = fit({
  model,
  loss: (logits, y) => softmaxCrossEntropy(logits, y),
  // cosine decay of the learning rate to 0 over the run: large steps early, fine ones at the end
  optimizer: adam({ lr: flag('constant-lr') ? lr : cosineDecay(lr, epochs * Math.ceil(train.count / batchSize)) }),
  train: tensorDataset(xTrain, labels(train.labels)),
  validation: tensorDataset(xTest, labels(test.labels)),
  metrics: { accuracy: (logits, b) => accuracy(logits, b.y) },
  inputShape: [1, 28, 28],
  epochs, batchSize, key: key(seed),
  // small random translations (±2 px): the usual MNIST augmentation
  ...(flag('no-augment') ? {} : { augment: compose((k, x) => randomShift(k, x, { maxShift: 2 })) }),
  checkpoint: { path: ckpt },
  onStep: (_s, l) => stepLosses.push(l),
  onEpoch: (r) => console.log(`epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, test loss ${r.validation.loss.toFixed(4)}, test accuracy ${(100 * r.validation.accuracy).toFixed(2)}% (${r.seconds.toFixed(1)} s)`),
});
console.log(`trained ${result.train.step} steps in ${((Date.now() - t0) / 1000).toFixed(1)} s${result.resumedFrom ? ` (resumed at epoch ${result.resumedFrom.epoch + 1})` : ''}`);

// Confusion matrix on the held-out digits.
const logits = model.apply(result.train.params, result.train.state, xTest, { training: false }).y;
const pred = toArray(logits), cm = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
for (let i = 0; i < test.count; i++) {
  let best = 0;
  for (let c = 1; c < 10; c++) if (pred[i * 10 + c] > pred[i * 10 + best]) best = c;
  cm[test.labels[i]][best]++;
}
const correct = cm.reduce((a, row, i) => a + row[i], 0);
console.log(`\ntest accuracy ${(100 * correct / test.count).toFixed(2)}% (${correct}/${test.count}); confusion matrix (rows: true digit, columns: predicted):`);
console.log('      ' + [...Array(10).keys()].map((c) => String(c).padStart(5)).join(''));
cm.forEach((row, i) => console.log(`  ${i}:  ${row.map((v) => String(v).padStart(5)).join('')}`));

// Pictures: first-layer filters (6 × 5×5, red positive, blue negative) and the loss curve.
const filters = toArray(result.train.params.features[0].weight); // a Tensor<[6, 1, 5, 5]>
writePng(join(out, 'filters.png'), imageGrid(filters, 6, 5, 5, { cols: 6, zoom: 16 }));
const smooth = stepLosses.map((_, i) => { const w = stepLosses.slice(Math.max(0, i - 19), i + 1); return w.reduce((a, b) => a + b, 0) / w.length; });
writePng(join(out, 'loss.png'), lineChart([{ name: 'batch loss', values: stepLosses, rgb: [180, 200, 230] }, { name: 'moving mean (20)', values: smooth }], { logY: true }));
console.log(`\nwrote ${join(out, 'filters.png')} (first-layer filters), ${join(out, 'loss.png')} (training loss per step, log scale), checkpoint ${ckpt}`);
