// The trained LeNet-5 as an image vectoriser: the 84-unit penultimate layer embeds each test digit;
// nearest neighbours by cosine similarity should share its label. Reports precision@10 against raw
// pixels as the baseline. Needs the checkpoint of examples/mnist-cnn.ts (run that first).
//
//   npx tsx examples/mnist-retrieval.ts [--checkpoint out/mnist-cnn/mnist-cnn.safetensors]
import * as E from 'fp-ts/lib/Either.js';
import { div, flattenTree, key, matmul, reshape, sqrt, sum, mul, toArray, type Tensor } from '../src/index.js';
import { loadMnist, normalizeMnist } from '../src/data/index.js';
import { loadSafetensorsSync, restoreTree } from '../src/io/index.js';
import { adam } from '../src/optim/index.js';
import { decodeCheckpoint, initTrain } from '../src/train/index.js';
import { lenet5, lenet5Embedding } from './support/lenet.js';

const i = process.argv.indexOf('--checkpoint');
const path = i >= 0 ? process.argv[i + 1] : 'out/mnist-cnn/mnist-cnn.safetensors';
const data = loadMnist();
if (E.isLeft(data)) { console.error(data.left.message); process.exit(1); }
const { test, stats } = data.right;

const file = loadSafetensorsSync(path);
if (E.isLeft(file)) { console.error(`${file.left.message}\n(run: npx tsx examples/mnist-cnn.ts)`); process.exit(1); }
const template = initTrain(lenet5(), adam({ lr: 1e-3 }), key(0), [1, 28, 28]);
const ck = decodeCheckpoint(file.right.tensors, file.right.metadata, template);
if (E.isLeft(ck)) { console.error(ck.left); process.exit(1); }
// The embedding network is lenet5 without its last layer: its parameters are the checkpoint's, less the head's.
const embedding = lenet5Embedding();
const own = embedding.init(key(0), [1, 28, 28]);
const restored = restoreTree({ params: own.params, state: own.state }, flattenTree({ params: ck.right.train.params, state: ck.right.train.state }), { allowExtra: true });
if (E.isLeft(restored)) { console.error(restored.left.message); process.exit(1); }
const { params, state } = restored.right;

const x = normalizeMnist(test.images, stats);
const embed = embedding.apply(params, state, x, { training: false }).y; // [2000, 84]

/** precision@k of cosine nearest neighbours (the query itself excluded). */
const precisionAtK = (v: Tensor, labels: Int32Array, k: number): number => {
  const n = v.shape[0];
  const unit = div(v, sqrt(sum(mul(v, v), 1, true)));
  const sim = toArray(matmul(unit, unit, { transposeB: true }));
  let hits = 0;
  for (let q = 0; q < n; q++) {
    const row = sim.subarray(q * n, (q + 1) * n);
    const top = Array.from(row.keys()).filter((j) => j !== q).sort((a, b) => row[b] - row[a] || a - b).slice(0, k);
    hits += top.filter((j) => labels[j] === labels[q]).length;
  }
  return hits / (n * k);
};

const pixels = reshape(x, [test.count, 784]);
const pCnn = precisionAtK(embed, test.labels, 10), pPix = precisionAtK(pixels, test.labels, 10);
console.log(`precision@10 over ${test.count} test digits (cosine nearest neighbours, query excluded):`);
console.log(`  LeNet-5 penultimate layer (84-d): ${(100 * pCnn).toFixed(2)}%`);
console.log(`  raw pixels (784-d, baseline):     ${(100 * pPix).toFixed(2)}%`);
