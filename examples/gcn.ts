// Semi-supervised node classification on Cora with Kipf & Welling's graph convolutional network:
// two gcnConv layers (16 hidden units, ReLU, dropout 0.5), Adam lr 0.01, L2 5e-4 on the first
// layer, 200 epochs, row-normalised features, Â = D^−½(A + I)D^−½. Trained on the 140 labelled
// nodes of the Planetoid split; the epoch with the best validation accuracy (500 nodes) is the
// model, and its accuracy on the 1,000 test nodes is reported, mean ± std over seeds.
//
// --model gat: Veličković et al.'s graph attention network as PyG's example trains it: 8 heads × 8
// hidden units (ELU), an output layer of one head averaged, dropout 0.6 on the inputs of both layers
// and on the attention coefficients, Adam lr 0.005, weight decay 5e-4 on every parameter.
//
//   npx tsx examples/gcn.ts [--model gcn|gat] [--seeds 10] [--epochs 200] [--out out/gcn]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, currentBackend, exp, foldIn, gather, greater, item, key, leaves, minimum, mul, square, sub, sum, tensor, valueAndGrad, where, type Tensor, type Tree } from '../src/index.js';
import { loadCora, rowNormalize } from '../src/graph/index.js';
import { accuracy, softmaxCrossEntropy } from '../src/losses/index.js';
import * as nn from '../src/nn/index.js';
import { meanStd } from './support/stats.js';
import { adam } from '../src/optim/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const seeds = Number(arg('seeds', '10')), epochs = Number(arg('epochs', '200')), out = arg('out', 'out/gcn');
const kind = arg('model', 'gcn');
if (kind !== 'gcn' && kind !== 'gat') { console.error(`--model must be gcn or gat, got ${kind}`); process.exit(1); }
mkdirSync(out, { recursive: true });

const cora = loadCora();
if (E.isLeft(cora)) { console.error(cora.left.message); process.exit(1); }
const { graph, features, labels, split } = cora.right;
// GCN's preprocessing (row-normalised features), kept sparse: 49,216 of 3.9 million entries are nonzero
const x = nn.sparseFeatures(rowNormalize(features));
const pick = (ids: Int32Array) => ({ ids: tensor(Array.from(ids), [ids.length]), labels: Int32Array.from(ids, (i) => labels[i]) });
const train = pick(split.train), val = pick(split.val), test = pick(split.test);
console.log(`Cora: ${graph.nodeCount} nodes, ${graph.edgeCount} directed edges, ${x.featureCount} features (${x.matrix.colIdx.length} nonzero), ${cora.right.classCount} classes; split ${split.train.length}/${split.val.length}/${split.test.length}; backend ${currentBackend()}`);

const gcn = nn.sequential(
  nn.featureDropout(0.5), nn.gcnConv(1433, 16), nn.onNodes(nn.relu()), nn.onNodes(nn.dropout(0.5)), nn.gcnConv(16, 7),
);
const elu = nn.activation('elu', (v) => where(greater(v, 0), v, sub(exp(minimum(v, 0)), 1)));
const gat = nn.sequential(
  nn.featureDropout(0.6), nn.gatConv(1433, 8, { heads: 8, dropout: 0.6 }), nn.onNodes(elu), nn.onNodes(nn.dropout(0.6)),
  nn.gatConv(64, 7, { heads: 1, concat: false, dropout: 0.6 }),
);
const input = { x, graph };
const name = kind === 'gcn' ? 'gcnConv (16 hidden)' : 'gatConv (8 heads × 8 hidden, then 1 head)';

const runs: { seed: number; test: number; val: number; epoch: number; seconds: number }[] = [];
/** One seed of `model`: Adam at `lr`, `decay(p)` added to the labelled nodes' cross-entropy, the best-validation epoch's test accuracy. */
const trainSeed = <P extends Tree, S extends Tree>(model: nn.Layer<P, S, nn.GraphData | nn.SparseGraphData, nn.GraphData>, seed: number, lr: number, decay: (p: P) => Tensor) => {
  const t0 = Date.now();
  const init = model.init(key(seed), { x: [1433], graph: {} });
  const opt = adam({ lr });
  let params: P = init.params, os = opt.init(params);
  const logits = (p: P, training: boolean, k?: number) => model.apply(p, init.state, input, { training, ...(k === undefined ? {} : { key: foldIn(key(1000 + seed), k) }) }).y.x;
  const loss = (p: P, e: number): Tensor => add(softmaxCrossEntropy(gather(logits(p, true, e), train.ids), train.labels), decay(p));
  let best = { val: -1, test: 0, epoch: 0 };
  for (let e = 0; e < epochs; e++) {
    const [l, g] = valueAndGrad((p: P) => loss(p, e))(params);
    const r = opt.step(params, g, os);
    params = r.params; os = r.state;
    const y = logits(params, false);
    const va = accuracy(gather(y, val.ids), val.labels);
    if (va > best.val) best = { val: va, test: accuracy(gather(y, test.ids), test.labels), epoch: e + 1 };
    if (seed === 0 && (e + 1) % 50 === 0) console.log(`  seed 0 epoch ${e + 1}: loss ${item(l).toFixed(4)}, validation accuracy ${(100 * va).toFixed(1)}%`);
  }
  runs.push({ seed, ...best, seconds: (Date.now() - t0) / 1000 });
  console.log(`seed ${seed}: test accuracy ${(100 * best.test).toFixed(1)}% at epoch ${best.epoch} (validation ${(100 * best.val).toFixed(1)}%), ${((Date.now() - t0) / 1000).toFixed(1)} s`);
};
/** ½ · 5e-4 · ‖p‖² over every leaf (torch's weight_decay 5e-4). */
const weightDecay = (p: Tree): Tensor => leaves(p).reduce<Tensor>((acc, l) => add(acc, mul(sum(square(l.value)), 2.5e-4)), tensor([0], []));
for (let seed = 0; seed < seeds; seed++)
  // Kipf & Welling's loss: cross-entropy on the labelled nodes plus 5e-4 · ½‖W₁‖²
  if (kind === 'gcn') trainSeed(gcn, seed, 0.01, (p) => mul(sum(square(p[1].weight)), 2.5e-4));
  else trainSeed(gat, seed, 0.005, weightDecay);

const mean = (v: number[]) => meanStd(v).mean, std = (v: number[]) => meanStd(v).std;
const accs = runs.map((r) => 100 * r.test), secs = runs.map((r) => r.seconds);
const table = [
  `${kind.toUpperCase()} on Cora (Planetoid split), ${seeds} seeds, ${epochs} epochs, model at the best validation accuracy, backend ${currentBackend()}:`, '',
  '| | test accuracy | time per run |', '| --- | ---: | ---: |',
  `| nn-ts ${name} | ${mean(accs).toFixed(1)} ± ${std(accs).toFixed(1)}% | ${mean(secs).toFixed(1)} s |`,
  ...(kind === 'gcn'
    ? ['| PyTorch Geometric GCN (same machine kind, 10 seeds) | 81.6 ± 0.7% | 10.7 s |', '| Kipf & Welling 2017 (reported) | 81.5% | — |']
    : ['| GAT, Veličković et al. 2018 (reported; early stopping over up to 100,000 epochs) | 83.0 ± 0.7% | — |']),
].join('\n');
writeFileSync(join(out, `results-${kind}.md`), `${table}\n\nper seed: ${runs.map((r) => `${r.seed}: ${(100 * r.test).toFixed(1)}% (epoch ${r.epoch})`).join(', ')}\n`);
console.log(`\n${table}`);
