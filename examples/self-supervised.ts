// Self-supervised learning by predicting the relative position of two patches (Doersch, Gupta &
// Efros 2015; the lecture's example). A patch encoder is pretrained without labels on Fashion-MNIST
// images: a centre patch and one of its 8 neighbours (7×7 pixels, a 2-pixel gap, ±1 pixel jitter)
// go through the same encoder (a siamese pair: overItems), and a small head says which neighbour
// it is. Downstream, an image is its 3 × 3 grid of patches through the encoder (9 × 32 features),
// and with m labels per class (10, 100, 1000) we compare
//   pretext encoder: a linear probe on its frozen features, and the whole network fine-tuned;
//   random encoder:  the same two from random initialisation;
//   supervised:      a linear probe on an encoder trained with the labels of all the unlabelled images.
// Test accuracy on the test images (all 10,000 by default); nearest neighbours in the learned space as a PNG.
//
//   npx tsx examples/self-supervised.ts [--unlabelled 20000] [--pretext-epochs 4] [--sizes 10,100,1000]
//                                      [--seeds 2] [--steps 300] [--supervised-epochs 3] [--test-images 10000]
//                                      [--out out/self-supervised] [--quick]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, key, split, stack, tensor, toArray, type Key, type Tensor } from '../src/index.js';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { shuffledIndices } from '../src/data/index.js';
import { gridPatches, patchPairs } from '../src/data/patch-pairs.js';
import { accuracy, softmaxCrossEntropy } from '../src/losses/index.js';
import * as nn from '../src/nn/index.js';
import { overItems } from '../src/nn/over-items.js';
import { adam } from '../src/optim/index.js';
import { evaluate, fit, tensorDataset } from '../src/train/index.js';
import { imageGrid, writePng } from '../src/viz/index.js';
import { meanStd } from './support/stats.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const quick = process.argv.includes('--quick');
const unlabelled = Number(arg('unlabelled', quick ? '2000' : '20000')), pretextEpochs = Number(arg('pretext-epochs', quick ? '1' : '4'));
const sizes = arg('sizes', quick ? '10,100' : '10,100,1000').split(',').map(Number);
const seeds = Number(arg('seeds', quick ? '1' : '2')), steps = Number(arg('steps', quick ? '60' : '300'));
const out = arg('out', 'out/self-supervised'), testCount = Number(arg('test-images', '10000'));
const supervisedEpochs = Number(arg('supervised-epochs', quick ? '1' : '3'));
mkdirSync(out, { recursive: true });
const GRID = { patch: 7, gap: 2, jitter: 1 }, FEATURES = 32, PIXELS = 784;

const data = loadFashionMnist();
if (E.isLeft(data)) { console.error(data.left.message); process.exit(1); }
const { train, test: fullTest } = data.right;
// the first testCount test images (all 10,000 by default)
const test = { images: tensor(toArray(fullTest.images).slice(0, Math.min(testCount, fullTest.count) * 784), [Math.min(testCount, fullTest.count), 1, 28, 28]), labels: fullTest.labels.slice(0, Math.min(testCount, fullTest.count)), count: Math.min(testCount, fullTest.count) };
console.log(`Fashion-MNIST: ${train.count} training and ${test.count} test images; backend ${currentBackend()}`);
// standardised by the training pixels' mean and deviation
const rawTrain = toArray(train.images), rawTest = toArray(test.images);
const mu = rawTrain.reduce((a, v) => a + v, 0) / rawTrain.length;
const sd = Math.sqrt(rawTrain.reduce((a, v) => a + (v - mu) ** 2, 0) / rawTrain.length);
const standard = (px: Float32Array, n: number) => tensor(px.map((v) => (v - mu) / sd), [n, 1, 28, 28]);
const pool = shuffledIndices(key(7), train.count).slice(0, unlabelled); // the "unlabelled" images
const rowsOf = (px: Float32Array, rows: ArrayLike<number>) => {
  const o = new Float32Array(rows.length * PIXELS);
  for (let j = 0; j < rows.length; j++) o.set(px.subarray(rows[j] * PIXELS, (rows[j] + 1) * PIXELS), j * PIXELS);
  return o;
};
const poolImages = standard(rowsOf(rawTrain, pool), pool.length), testImages = standard(rawTest, test.count);
const poolLabels = Int32Array.from(pool, (r) => train.labels[r]);

// ---- the patch encoder: [·, 1, 7, 7] → [·, 32]
const encoder = () => nn.sequential(
  nn.conv2d(1, 8, 3, { padding: 1 }), nn.relu(), nn.conv2d(8, 16, 3, { padding: 1 }), nn.relu(),
  nn.maxPool2d({ size: 2 }), nn.flatten(), nn.dense(16 * 3 * 3, FEATURES), nn.relu(),
);
type Enc = ReturnType<typeof encoder>;
type EncState = { params: nn.ParamsOf<Enc>; state: nn.StateOf<Enc> };

// ---- 1. pretext: which of the 8 neighbours? fresh pairs every epoch
const pairs = (k: Key, images: Tensor) => {
  const p = patchPairs(k, images, GRID);
  return { x: stack([p.centre, p.neighbour], 1), y: tensor(Float32Array.from(p.position), [p.position.length]) };
};
const pretextModel = nn.sequential({ encoder: overItems(encoder()), head: nn.sequential(nn.flatten(), nn.dense(2 * FEATURES, 64), nn.relu(), nn.dense(64, 8)) });
const heldOut = pairs(key(9), testImages);
console.log(`\npretext task: ${unlabelled} unlabelled images, ${pretextEpochs} epochs of fresh pairs (chance 12.5%)`);
let pre = pretextModel.init(key(10), [2, 1, 7, 7]);
let preOpt: ReturnType<typeof fit<unknown, nn.ParamsOf<typeof pretextModel>, nn.StateOf<typeof pretextModel>>>['train'] | undefined;
const optimizer = adam({ lr: 2e-3 });
const t0 = Date.now();
for (let e = 0; e < pretextEpochs; e++) {
  const p = pairs(split(key(11), pretextEpochs)[e], poolImages);
  const r = fit({
    model: pretextModel, loss: softmaxCrossEntropy, optimizer, train: tensorDataset(p.x, p.y), inputShape: [2, 1, 7, 7],
    epochs: 1, batchSize: 128, key: split(key(12), pretextEpochs)[e], progress: false,
    initial: preOpt ?? { params: pre.params, state: pre.state, opt: optimizer.init(pre.params), step: 0 },
  });
  preOpt = r.train;
  const acc = evaluate(pretextModel, r.train, tensorDataset(heldOut.x, heldOut.y), softmaxCrossEntropy, { accuracy: (o, b) => accuracy(o, b.y) });
  console.log(`  epoch ${e + 1}: train loss ${r.history[0].trainLoss.toFixed(4)}, held-out pretext accuracy ${(100 * acc.accuracy).toFixed(2)}% (test images, ${test.count} pairs; ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}
const pretext: EncState = { params: preOpt!.params.encoder, state: preOpt!.state.encoder };
const pretextAccuracy = evaluate(pretextModel, preOpt!, tensorDataset(heldOut.x, heldOut.y), softmaxCrossEntropy, { accuracy: (o, b) => accuracy(o, b.y) }).accuracy;

// ---- downstream: an image is its 9 grid patches through the encoder
const gridOf = (images: Tensor) => {
  const g = gridPatches(images, GRID);
  return tensor(toArray(g), [images.shape[0], 9, 1, 7, 7]);
};
const poolGrid = gridOf(poolImages), testGrid = gridOf(testImages);
const features = (enc: EncState, grid: Tensor): Tensor => {
  // the grid is read back once, then encoded 1,000 images at a time by one layer value
  const n = grid.shape[0], outs: Float32Array[] = [], px = toArray(grid), layer = overItems(encoder());
  for (let s = 0; s < n; s += 1000) {
    const part = tensor(px.subarray(s * 9 * 49, Math.min(n, s + 1000) * 9 * 49), [Math.min(n, s + 1000) - s, 9, 1, 7, 7]);
    outs.push(toArray(layer.apply(enc.params, enc.state, part, { training: false }).y));
  }
  const all = new Float32Array(n * 9 * FEATURES);
  let at = 0;
  for (const o of outs) { all.set(o, at); at += o.length; }
  return tensor(all, [n, 9 * FEATURES]);
};
const labelsOf = (l: Int32Array) => tensor(Float32Array.from(l), [l.length]);
const testY = labelsOf(test.labels);
const perClass = (m: number, k: Key): number[] => {
  const order = shuffledIndices(k, pool.length), taken = new Array<number>(10).fill(0), rows: number[] = [];
  for (const r of order) if (taken[poolLabels[r]] < m) { taken[poolLabels[r]]++; rows.push(r); }
  return rows.sort((a, b) => a - b);
};
const pick = (t: Tensor, rows: number[]) => {
  const per = t.shape.slice(1).reduce((a, b) => a * b, 1), src = toArray(t), o = new Float32Array(rows.length * per);
  rows.forEach((r, j) => o.set(src.subarray(r * per, (r + 1) * per), j * per));
  return tensor(o, [rows.length, ...t.shape.slice(1)]);
};
const epochsFor = (n: number) => Math.max(1, Math.round(steps / Math.ceil(n / Math.min(64, n))));
const metric = { accuracy: (o: Tensor, b: { y: Tensor }) => accuracy(o, b.y) };

/** A linear probe (softmax regression) on frozen features: test accuracy. */
const probe = (trainF: Tensor, y: Tensor, testF: Tensor, k: Key): number => {
  const head = nn.dense(9 * FEATURES, 10);
  const r = fit({ model: head, loss: softmaxCrossEntropy, optimizer: adam({ lr: 3e-3 }), train: tensorDataset(trainF, y), inputShape: [9 * FEATURES], epochs: epochsFor(y.shape[0]), batchSize: Math.min(64, y.shape[0]), key: k, progress: false });
  return evaluate(head, r.train, tensorDataset(testF, testY), softmaxCrossEntropy, metric).accuracy;
};
const gridModel = () => nn.sequential({ encoder: overItems(encoder()), head: nn.sequential(nn.flatten(), nn.dense(9 * FEATURES, 10)) });
/** The whole network trained on the labelled grids, from `start`'s encoder (or random): test accuracy. */
const fineTune = (x: Tensor, y: Tensor, k: Key, start?: EncState): number => {
  const m = gridModel(), ks = split(k, 2), init = m.init(ks[0], [9, 1, 7, 7]);
  const params = start ? { ...init.params, encoder: start.params } : init.params, state = start ? { ...init.state, encoder: start.state } : init.state;
  const opt = adam({ lr: 1e-3 });
  const r = fit({ model: m, loss: softmaxCrossEntropy, optimizer: opt, train: tensorDataset(x, y), inputShape: [9, 1, 7, 7], epochs: epochsFor(y.shape[0]), batchSize: Math.min(64, y.shape[0]), key: ks[1], progress: false, initial: { params, state, opt: opt.init(params), step: 0 } });
  return evaluate(m, r.train, tensorDataset(testGrid, testY), softmaxCrossEntropy, metric).accuracy;
};

const randomEnc = (k: Key): EncState => { const i = overItems(encoder()).init(k, [9, 1, 7, 7]); return { params: i.params, state: i.state }; };
// the supervised reference: the same network trained with the labels of every pool image
console.log(`\nsupervised encoder: trained with the labels of all ${unlabelled} pool images`);
const ts = Date.now();
const supModel = gridModel(), supOpt = adam({ lr: 1e-3 });
const sup = fit({ model: supModel, loss: softmaxCrossEntropy, optimizer: supOpt, train: tensorDataset(poolGrid, labelsOf(poolLabels)), inputShape: [9, 1, 7, 7], epochs: supervisedEpochs, batchSize: 64, key: key(13), progress: false }).train;
const supervisedAll = evaluate(supModel, sup, tensorDataset(testGrid, testY), softmaxCrossEntropy, metric).accuracy;
console.log(`  test accuracy with all ${unlabelled} labels: ${(100 * supervisedAll).toFixed(2)}% (${((Date.now() - ts) / 1000).toFixed(0)} s)`);
const supervised: EncState = { params: sup.params.encoder, state: sup.state.encoder };

const fPretext = { pool: features(pretext, poolGrid), test: features(pretext, testGrid) };
const fSup = { pool: features(supervised, poolGrid), test: features(supervised, testGrid) };
const rows: { m: number; cells: number[][] }[] = [];
for (const m of sizes) {
  const cells: number[][] = [[], [], [], [], []];
  for (let s = 0; s < seeds; s++) {
    const k = split(key(500 + s), 8), picked = perClass(m, k[0]), y = labelsOf(Int32Array.from(picked, (r) => poolLabels[r]));
    const rnd = randomEnc(k[1]), fRnd = { pool: features(rnd, pick(poolGrid, picked)), test: features(rnd, testGrid) };
    cells[0].push(probe(pick(fPretext.pool, picked), y, fPretext.test, k[2]));
    cells[1].push(fineTune(pick(poolGrid, picked), y, k[3], pretext));
    cells[2].push(probe(fRnd.pool, y, fRnd.test, k[4]));
    cells[3].push(fineTune(pick(poolGrid, picked), y, k[5]));
    cells[4].push(probe(pick(fSup.pool, picked), y, fSup.test, k[6]));
    console.log(`  m = ${m}, seed ${s}: ${cells.map((c) => (100 * c[c.length - 1]).toFixed(1)).join(' / ')}`);
  }
  rows.push({ m, cells });
}

const cell = (v: number[]) => { const r = meanStd(v.map((a) => 100 * a)); return v.length > 1 ? `${r.mean.toFixed(1)} ± ${r.std.toFixed(1)}` : r.mean.toFixed(1); };
console.log(`\npretext (8-way relative position) accuracy on held-out test pairs: ${(100 * pretextAccuracy).toFixed(2)}% (chance 12.5%)`);
console.log(`\nFashion-MNIST test accuracy (%), the first ${test.count} test images; m labelled images per class; mean ± std over ${seeds} seeds`);
console.log('| m per class | pretext: linear probe | pretext: fine-tuned | random: linear probe | random: trained | supervised encoder: probe |\n|---|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.m} | ${r.cells.map(cell).join(' | ')} |`);
console.log(`(the supervised encoder itself, trained with all ${unlabelled} labels: ${(100 * supervisedAll).toFixed(1)}%)`);

// ---- nearest neighbours of a few test images among the pool, by cosine similarity of features
const neighbours = (f: { pool: Tensor; test: Tensor }, query: number, k: number): number[] => {
  const P = toArray(f.pool), Q = toArray(f.test), d = 9 * FEATURES, q = Q.subarray(query * d, (query + 1) * d);
  const qn = Math.hypot(...q) || 1, score: [number, number][] = [];
  for (let i = 0; i < pool.length; i++) {
    const p = P.subarray(i * d, (i + 1) * d);
    let dot = 0, pn = 0;
    for (let j = 0; j < d; j++) { dot += p[j] * q[j]; pn += p[j] * p[j]; }
    score.push([dot / (qn * (Math.sqrt(pn) || 1)), i]);
  }
  return score.sort((a, b) => b[0] - a[0]).slice(0, k).map((s) => s[1]);
};
const queries = [0, 1, 2, 3, 4, 5], K = 7, tiles: Float32Array[] = [];
let agree = 0;
for (const q of queries) {
  tiles.push(rawTest.subarray(q * PIXELS, (q + 1) * PIXELS));
  for (const i of neighbours(fPretext, q, K)) { tiles.push(rawTrain.subarray(pool[i] * PIXELS, (pool[i] + 1) * PIXELS)); agree += Number(poolLabels[i] === test.labels[q]); }
}
const grid = new Float32Array(tiles.length * PIXELS);
tiles.forEach((t, i) => grid.set(t, i * PIXELS));
const png = join(out, 'self-supervised-neighbours.png');
writePng(png, imageGrid(grid, tiles.length, 28, 28, { cols: K + 1, zoom: 3 }));
console.log(`\nwrote ${png}: each row a test image, then its ${K} nearest pool images in the pretext encoder's space; ${agree} of ${queries.length * K} share the query's class`);
