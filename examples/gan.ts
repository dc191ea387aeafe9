// A DCGAN on MNIST (or Fashion-MNIST with --fashion): a generator of transposed convolutions
// (noise → dense 7×7 → convT ×2 → 28×28, batch norm, tanh) against a strided-conv discriminator,
// trained by the two-player step of src/gan (k D-updates per G-update, the lecture's minimax or the
// non-saturating criterion, optional R1 penalty). Each epoch it writes a sample grid from fixed
// noise and scores the generator: a Fréchet distance between Gaussians fitted to the 84-unit
// features of an independently trained LeNet-5 on real test digits vs generated ones ("MNIST FID"),
// and the spread of the classes that LeNet predicts for the samples (coverage, entropy).
// `--compare` trains the four variants {minimax, non-saturating} × {no R1, R1} for the same number
// of steps and prints them side by side, with the generator's gradient norm early in training.
//
//   npx tsx examples/gan.ts [--fashion] [--epochs 20] [--limit 8000] [--batch 32] [--lr 5e-4] [--k 1] [--objective ns|minimax]
//                           [--r1 0] [--channels 32] [--fid-samples 1000] [--final-samples 10000] [--seed 0]
//                           [--out out/gan-mnist] [--classifier out/gan-classifier-mnist.safetensors] [--docs] [--quick]
//                           [--compare --compare-steps 150]
// The classifier is trained once (3 epochs) and then read back from its checkpoint.
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { backendStats, currentBackend, flattenTree, key, normal, reshape, split, tensor, toArray, type Key, type Tensor } from '../src/index.js';
import { fromHost } from '../src/tensor/create.js';
import { restoreTree } from '../src/io/index.js';
import { loadMnist, normalizeMnist, type ImageSet } from '../src/data/index.js';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { classSpread, frechetDistance, gaussianStats, initGan, makeGanStep, type GanMetrics, type GeneratorObjective, type GaussianStats } from '../src/gan/index.js';
import { convTranspose2d } from '../src/nn/conv-transpose.js';
import * as nn from '../src/nn/index.js';
import { softmaxCrossEntropy, accuracy } from '../src/losses/index.js';
import { adam } from '../src/optim/index.js';
import { permutationData } from '../src/random/index.js';
import { fit, tensorDataset } from '../src/train/index.js';
import { imageGrid, lineChart, writePng } from '../src/viz/index.js';
import { lenet5, lenet5Embedding } from './support/lenet.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const quick = flag('quick'), fashion = flag('fashion');
const epochs = Number(arg('epochs', quick ? '1' : '20')), limit = Number(arg('limit', quick ? '320' : '8000'));
const lr = Number(arg('lr', '5e-4')), batch = Number(arg('batch', '32')), k = Number(arg('k', '1')), r1 = Number(arg('r1', '0')), channels = Number(arg('channels', quick ? '16' : '32'));
const objective: GeneratorObjective = arg('objective', 'ns') === 'minimax' ? 'minimax' : 'nonSaturating';
const fidSamples = Number(arg('fid-samples', quick ? '500' : '1000')), finalSamples = Number(arg('final-samples', quick ? '500' : '10000'));
const seed = Number(arg('seed', '0')), name = fashion ? 'fashion' : 'mnist', out = arg('out', join('out', `gan-${name}`));
const LATENT = 64;
mkdirSync(out, { recursive: true });

// ---------- data: pixels in [0, 1]; the GAN sees them in [−1, 1] ----------
const loaded = fashion ? loadFashionMnist() : loadMnist();
if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
const { train, test } = loaded.right;
const trainPx = toArray(train.images).subarray(0, Math.min(limit, train.count) * 784);
const nTrain = trainPx.length / 784;
console.log(`${fashion ? 'Fashion-MNIST' : 'MNIST'}: GAN trained on the first ${nTrain} of ${train.count} training images; scores against the ${test.count} test images`);
console.log(`backend: ${currentBackend()} (${backendStats().threads} threads)`);

// ---------- the independent classifier (LeNet-5), trained once and kept as a checkpoint ----------
const pixelStats = { mean: 0, std: 0 };
{
  let s = 0, s2 = 0;
  const all = toArray(train.images);
  for (const v of all) { s += v; s2 += v * v; }
  pixelStats.mean = s / all.length;
  pixelStats.std = Math.sqrt(s2 / all.length - pixelStats.mean ** 2);
}
const classifierSet = fashion ? { images: fromHost(toArray(train.images).subarray(0, 20000 * 784).slice(), [20000, 1, 28, 28]), labels: train.labels.subarray(0, 20000) } : train;
const labelsOf = (l: Int32Array) => tensor(Float32Array.from(l), [l.length]);
const t0 = Date.now();
const classifier = fit({
  model: lenet5(), loss: softmaxCrossEntropy, optimizer: adam({ lr: 2e-3 }),
  train: tensorDataset(normalizeMnist(classifierSet.images, pixelStats), labelsOf(classifierSet.labels)),
  validation: tensorDataset(normalizeMnist(test.images, pixelStats), labelsOf(test.labels)),
  metrics: { accuracy: (logits, b) => accuracy(logits, b.y) },
  inputShape: [1, 28, 28], epochs: 3, batchSize: 64, key: key(1000 + seed),
  checkpoint: { path: arg('classifier', join('out', `gan-classifier-${name}.safetensors`)) },
  onEpoch: (r) => console.log(`classifier epoch ${r.epoch}: test accuracy ${(100 * r.validation.accuracy).toFixed(2)}%`),
});
const classifierParams = classifier.train.params;
console.log(`classifier (LeNet-5, ${classifierSet.labels.length} training images, 3 epochs): ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
const embed = lenet5Embedding(), head = lenet5();
// The feature network is LeNet without its last layer: the classifier's parameters, less the head's.
const own = embed.init(key(0), [1, 28, 28]);
const restored = restoreTree({ params: own.params, state: own.state }, flattenTree({ params: classifierParams, state: classifier.train.state }), { allowExtra: true });
if (E.isLeft(restored)) { console.error(restored.left.message); process.exit(1); }
const embedParams = restored.right.params, embedState = restored.right.state;

/** LeNet's 84 penultimate features and predicted classes of images in [0, 1], in batches. */
const judge = (px: Float32Array): { features: Float32Array; classes: Int32Array } => {
  const n = px.length / 784, features = new Float32Array(n * 84), classes = new Int32Array(n);
  for (let i = 0; i < n; i += 500) {
    const m = Math.min(500, n - i), x = normalizeMnist(fromHost(px.slice(i * 784, (i + m) * 784), [m, 1, 28, 28]), pixelStats);
    features.set(toArray(embed.apply(embedParams, embedState, x).y), i * 84);
    const logits = toArray(head.apply(classifierParams, classifier.train.state, x).y);
    for (let j = 0; j < m; j++) { let b = 0; for (let c = 1; c < 10; c++) if (logits[j * 10 + c] > logits[j * 10 + b]) b = c; classes[i + j] = b; }
  }
  return { features, classes };
};
const realJudged = judge(toArray(test.images));
const realStats = gaussianStats(realJudged.features, test.count, 84);
// The floor for this many samples: real training images scored against the real test images.
const floorN = Math.min(fidSamples, train.count);
const floorFid = frechetDistance(gaussianStats(judge(toArray(train.images).subarray(train.count * 784 - floorN * 784)).features, floorN, 84), realStats);
console.log(`FID of ${floorN} real training images vs the test images (the floor at this sample size): ${floorFid.toFixed(2)}`);

// ---------- the two players ----------
const reshapeTo = (shape: number[]) => nn.statelessLayer('reshape', (x) => reshape(x, [x.shape[0], ...shape]), () => shape);
const generator = (c: number) => nn.sequential(
  nn.dense(LATENT, 2 * c * 49), reshapeTo([2 * c, 7, 7]), nn.batchNorm(2 * c), nn.relu(),
  convTranspose2d(2 * c, c, 4, { stride: 2, padding: 1 }), nn.batchNorm(c), nn.relu(), // 7×7 → 14×14
  convTranspose2d(c, 1, 4, { stride: 2, padding: 1 }), nn.tanh(), // 14×14 → 28×28
);
const discriminator = (c: number) => nn.sequential(
  nn.conv2d(1, c, 4, { stride: 2, padding: 1 }), nn.leakyRelu(0.2), // 28 → 14
  nn.conv2d(c, 2 * c, 4, { stride: 2, padding: 1 }), nn.leakyRelu(0.2), // 14 → 7
  nn.flatten(), nn.dense(2 * c * 49, 1),
);

interface Variant { readonly objective: GeneratorObjective; readonly r1: number }
interface Run { readonly metrics: GanMetrics[]; readonly fids: number[]; readonly seconds: number; readonly final: Scores }
interface Scores { readonly fid: number; readonly covered: number; readonly entropy: number; readonly shares: readonly number[]; readonly n: number }

const batchOf = (order: Int32Array, at: number): Tensor => {
  const px = new Float32Array(batch * 784);
  for (let i = 0; i < batch; i++) { const src = order[(at + i) % order.length] * 784; for (let j = 0; j < 784; j++) px[i * 784 + j] = 2 * trainPx[src + j] - 1; }
  return fromHost(px, [batch, 1, 28, 28]);
};

const train1 = (v: Variant, steps: number | undefined, label: string, everyEpoch: boolean): Run => {
  const g = { model: generator(channels), optimizer: adam({ lr, beta1: 0.5 }) };
  const d = { model: discriminator(channels), optimizer: adam({ lr, beta1: 0.5 }) };
  const step = makeGanStep(g, d, { latent: [LATENT], objective: v.objective, discriminatorSteps: k, r1: v.r1 });
  const [kInit, kFixed, kTrain] = split(key(seed), 3);
  let gan = initGan(g, d, kInit, { latent: [LATENT], data: [1, 28, 28] });
  const fixedNoise = normal(kFixed, [64, LATENT]);
  /** Generated images in [0, 1] (batch-norm with the statistics of each batch of 100, as in training). */
  const sample = (n: number, kk: Key): Float32Array => {
    const px = new Float32Array(n * 784), ks = split(kk, Math.ceil(n / 100));
    for (let i = 0; i < n; i += 100) {
      const m = Math.min(100, n - i), z = i === 0 && n === 64 ? fixedNoise : normal(ks[i / 100], [m, LATENT]);
      const y = toArray(g.model.apply(gan.generator.params, gan.generator.state, z, { training: true }).y);
      for (let j = 0; j < y.length; j++) px[i * 784 + j] = (y[j] + 1) / 2;
    }
    return px;
  };
  const score = (n: number, kk: Key): Scores => {
    const j = judge(sample(n, kk));
    const spread = classSpread(j.classes, 10);
    return { fid: frechetDistance(gaussianStats(j.features, n, 84), realStats), covered: spread.covered, entropy: spread.entropy, shares: spread.shares, n };
  };
  const metrics: GanMetrics[] = [], fids: number[] = [];
  const perEpoch = Math.floor(nTrain / (batch * k)), total = steps ?? epochs * perEpoch;
  const t = Date.now();
  let order = permutationData(split(kTrain, 1)[0], nTrain), at = 0, epoch = 0;
  const ks = split(kTrain, total + epochs + 2);
  for (let s = 0; s < total; s++) {
    if (at + batch * k > nTrain) { order = permutationData(ks[total + (++epoch % epochs)], nTrain); at = 0; }
    const reals = Array.from({ length: k }, (_, i) => batchOf(order, at + i * batch));
    at += batch * k;
    const r = step(gan, reals, ks[s]);
    gan = r.gan;
    metrics.push(r.metrics);
    if (s === 0 || (s + 1) % 25 === 0 || s + 1 === total) {
      const m = r.metrics;
      console.log(`${label} step ${s + 1}/${total}: D loss ${m.dLoss.toFixed(3)}, G loss ${m.gLoss.toFixed(3)}, D(x) ${m.dReal.toFixed(3)}, D(G(z)) ${m.dFake.toFixed(3)}, |∇G| ${m.gGradNorm.toExponential(2)}${v.r1 ? `, R1 ${m.r1.toFixed(4)}` : ''} (${((Date.now() - t) / 1000 / (s + 1)).toFixed(2)} s/step)`);
    }
    if (everyEpoch && ((s + 1) % perEpoch === 0 || s + 1 === total)) {
      const e = Math.ceil((s + 1) / perEpoch);
      writePng(join(out, `samples-epoch-${String(e).padStart(2, '0')}.png`), imageGrid(sample(64, kFixed), 64, 28, 28, { cols: 8, zoom: 3, diverging: false }));
      const sc = score(fidSamples, key(7000 + e));
      fids.push(sc.fid);
      console.log(`${label} epoch ${e} (${s + 1} steps): FID ${sc.fid.toFixed(2)} over ${fidSamples} samples, ${sc.covered}/10 classes covered, class entropy ${sc.entropy.toFixed(3)} nats (uniform ${Math.log(10).toFixed(3)}) — wrote ${join(out, `samples-epoch-${String(e).padStart(2, '0')}.png`)}`);
    }
  }
  const seconds = (Date.now() - t) / 1000;
  const final = score(everyEpoch ? finalSamples : fidSamples, key(9001));
  if (everyEpoch) {
    const grid = imageGrid(sample(64, kFixed), 64, 28, 28, { cols: 8, zoom: 3, diverging: false });
    writePng(join(out, 'samples-final.png'), grid);
    const smooth = (xs: number[]) => xs.map((_, i) => { const w = xs.slice(Math.max(0, i - 9), i + 1); return w.reduce((a, b) => a + b, 0) / w.length; });
    const curves = lineChart([
      { name: 'D(x) (real)', values: smooth(metrics.map((m) => m.dReal)) },
      { name: 'D(G(z)) (generated)', values: smooth(metrics.map((m) => m.dFake)) },
    ]);
    writePng(join(out, 'curves.png'), curves);
    const fidChart = lineChart([{ name: 'FID per epoch', values: fids }]);
    writePng(join(out, 'fid.png'), fidChart);
    if (flag('docs')) {
      writePng(join('docs', `gan-${name}-samples.png`), grid);
      writePng(join('docs', `gan-${name}-curves.png`), curves);
      writePng(join('docs', `gan-${name}-fid.png`), fidChart);
    }
  }
  return { metrics, fids, seconds, final };
};

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const early = (r: Run, f: (m: GanMetrics) => number) => mean(r.metrics.slice(0, 20).map(f));

if (!flag('compare')) {
  const v: Variant = { objective, r1 };
  const run = train1(v, undefined, `${objective}${r1 ? ` + R1 ${r1}` : ''}`, true);
  console.log(`\ntrained ${run.metrics.length} steps (batch ${batch}, k = ${k}, ${channels}/${2 * channels} channels) in ${run.seconds.toFixed(0)} s (${(run.seconds / run.metrics.length).toFixed(2)} s/step)`);
  console.log(`FID per epoch (${fidSamples} samples each): ${run.fids.map((f) => f.toFixed(2)).join(' → ')}`);
  console.log(`final: FID ${run.final.fid.toFixed(2)} over ${run.final.n} generated samples vs ${test.count} test images (floor ${floorFid.toFixed(2)}); ${run.final.covered}/10 classes covered; entropy ${run.final.entropy.toFixed(3)} nats of ${Math.log(10).toFixed(3)}`);
  console.log(`predicted-class shares: ${run.final.shares.map((p, c) => `${c}: ${(100 * p).toFixed(1)}%`).join(', ')}`);
  console.log(`wrote ${join(out, 'samples-final.png')}, ${join(out, 'curves.png')}, ${join(out, 'fid.png')}, per-epoch grids in ${out}${flag('docs') ? `, docs/gan-${name}-{samples,curves,fid}.png` : ''}`);
} else {
  const steps = Number(arg('compare-steps', quick ? '20' : '150')), gamma = Number(arg('r1', '0')) || 1;
  const variants: Variant[] = [{ objective: 'minimax', r1: 0 }, { objective: 'nonSaturating', r1: 0 }, { objective: 'minimax', r1: gamma }, { objective: 'nonSaturating', r1: gamma }];
  const rows = variants.map((v) => ({ v, run: train1(v, steps, `${v.objective}${v.r1 ? `+R1` : ''}`, false) }));
  console.log(`\n${steps} steps each (batch ${batch}, k = ${k}, first ${nTrain} training images); "early" = mean over steps 1–20; FID over ${fidSamples} samples (floor ${floorFid.toFixed(2)})`);
  console.log('| objective | R1 γ | early ‖∇G‖ | early D(G(z)) | last-20 ‖∇G‖ | last-20 D(x) | last-20 D(G(z)) | FID | classes | entropy | s/step |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const { v, run } of rows) {
    const last = run.metrics.slice(-20), lm = (f: (m: GanMetrics) => number) => mean(last.map(f));
    console.log(`| ${v.objective} | ${v.r1 || '—'} | ${early(run, (m) => m.gGradNorm).toExponential(2)} | ${early(run, (m) => m.dFake).toFixed(3)} | ${lm((m) => m.gGradNorm).toExponential(2)} | ${lm((m) => m.dReal).toFixed(3)} | ${lm((m) => m.dFake).toFixed(3)} | ${run.final.fid.toFixed(2)} | ${run.final.covered}/10 | ${run.final.entropy.toFixed(3)} | ${(run.seconds / steps).toFixed(2)} |`);
  }
}
