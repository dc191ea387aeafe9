// node2vec (Grover & Leskovec 2016) and DeepWalk (its p = q = 1 case, Perozzi et al. 2014): keyed
// second-order random walks, skip-gram with negative sampling on them, and the embeddings judged
// by a linear probe (L2 logistic regression on standardised vectors) and by link prediction.
//
// Karate club: d 16, 10 walks × 80 per node, window 5, one pass; faction prediction, 5-fold
// stratified cross-validation. DeepWalk, and node2vec with (p, q) from {¼, 1, 4}² \ {(1, 1)} chosen
// per outer fold by 3-fold cross-validation on that fold's training members only.
// The skip-gram is word2vec's (trainWord2vec: one update per pair, rate 0.025 falling linearly,
// no subsampling). Cora: d 128, 10 walks × 80, window 10, one pass (the paper's settings; about 24
// million pairs, --cora-epochs for more); q from {½, 2} (p = 1) chosen on the Planetoid validation
// nodes. (a) The probe on the Planetoid split (its L2 strength also chosen on the validation
// nodes) and on 50/50 random splits (C = 1); (b) link prediction, VGAE's split: 10% of the edges and
// as many non-edges held out for the test, 5% for choosing how pairs are scored (the dot product,
// the cosine, or the cosine against the skip-gram's context vectors), the rest embedded; ROC-AUC.
//
//   npx tsx examples/node2vec.ts [--cora-epochs 1] [--skip-karate] [--skip-cora] [--out out/node2vec]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, foldIn, gather, item, key, tensor, type Key, type Tensor } from '../src/index.js';
import { shuffledIndices } from '../src/data/index.js';
import { cosineScores, dotScores, fitLinearProbe, holdOutEdges, rocAuc, trainWord2vec, word2vecText, type LinearProbe, type NodePairs, type ProbeOptions } from '../src/embeddings/index.js';
import { loadCora, loadKarate, randomWalks, type Graph } from '../src/graph/index.js';
import { softmaxCrossEntropy } from '../src/losses/index.js';
import { meanStd } from './support/stats.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const coraEpochs = Number(arg('cora-epochs', '1')), out = arg('out', 'out/node2vec');
const skipKarate = process.argv.includes('--skip-karate'), skipCora = process.argv.includes('--skip-cora');
mkdirSync(out, { recursive: true });
const root = key(2016);
const seconds = (t0: number) => (Date.now() - t0) / 1000;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const pctStd = (v: number[]) => { const s = meanStd(v.map((a) => 100 * a)); return `${s.mean.toFixed(1)} ± ${s.std.toFixed(1)}%`; };

interface WalkSettings { readonly dim: number; readonly window: number; readonly epochs: number }
interface Embedding { readonly vectors: Tensor<[number, number]>; readonly context: Tensor<[number, number]>; readonly pairs: number; readonly seconds: number }

/** Walks (10 × 80 per node) on g with (p, q), then skip-gram on them. */
function embed(g: Graph, p: number, q: number, s: WalkSettings, k: Key): Embedding {
  const t0 = Date.now();
  const walks = randomWalks(g, { walkLength: 80, walksPerNode: 10, p, q, key: foldIn(k, 0) });
  const m = trainWord2vec(walks, { dim: s.dim, window: s.window, negatives: 5, epochs: s.epochs, vocabSize: g.nodeCount, key: foldIn(k, 1) });
  return { vectors: m.input, context: m.output, pairs: m.pairs, seconds: seconds(t0) };
}

const rowsOf = (x: Tensor, ids: Int32Array) => gather(x, tensor(ids, [ids.length]));
const labelsOf = (labels: Int32Array, ids: Int32Array) => Int32Array.from(ids, (v) => labels[v]);

/** The probe fitted on `train`, with its accuracy and mean cross-entropy on `test`. */
function probe(x: Tensor, labels: Int32Array, classes: number, train: Int32Array, test: Int32Array, options: ProbeOptions = {}): { accuracy: number; logLoss: number; fitted: LinearProbe } {
  const fitted = fitLinearProbe(rowsOf(x, train), labelsOf(labels, train), classes, options);
  const rows = rowsOf(x, test), y = labelsOf(labels, test);
  return { accuracy: fitted.accuracy(rows, y), logLoss: item(softmaxCrossEntropy(fitted.logits(rows), y)), fitted };
}

/** k stratified folds of `ids`: shuffled (keyed), then each class dealt round-robin. */
function folds(ids: Int32Array, labels: Int32Array, k: number, shuffle: Key): Int32Array[] {
  const order = Int32Array.from(shuffledIndices(shuffle, ids.length), (i) => ids[i]);
  const byClass = [...new Set(labels)].sort((a, b) => a - b).flatMap((c) => Array.from(order).filter((v) => labels[v] === c));
  return Array.from({ length: k }, (_, f) => Int32Array.from(byClass.filter((_, i) => i % k === f)).sort());
}
const without = (ids: Int32Array, drop: Int32Array) => { const d = new Set(drop); return ids.filter((v) => !d.has(v)); };
const allIds = (n: number) => Int32Array.from({ length: n }, (_, v) => v);

/** The karate club's probe: ~27 rows, a tiny convex fit, C = 1 (l2 = 1/rows, the default). */
const KARATE_PROBE: ProbeOptions = { steps: 200 };
/** Cora's probe on 1,354 rows (the 50/50 splits), C = 1 as in the DeepWalk and node2vec papers. */
const HALF_PROBE: ProbeOptions = { steps: 300 };
/** The L2 strengths tried on the Planetoid validation nodes (140 training rows, 128 dimensions: C = 1 is weak). */
const PLANETOID_L2 = [1 / 140, 0.01, 0.1, 1];
const writeVectors = (name: string, x: Tensor) => writeFileSync(join(out, `${name}.txt`), word2vecText(x));
/** fitLinearProbe's default number of Adam steps. */
const DEFAULT_STEPS = 500;
const grid = [0.25, 1, 4].flatMap((p) => [0.25, 1, 4].map((q) => ({ p, q }))).filter(({ p, q }) => p !== 1 || q !== 1);
const sections: string[] = [];
const tStart = Date.now();

// ---------- Karate club ----------
if (!skipKarate) {
  const karate = loadKarate();
  if (E.isLeft(karate)) { console.error(karate.left.message); process.exit(1); }
  const { graph: g, labels } = karate.right;
  const settings: WalkSettings = { dim: 16, window: 5, epochs: 1 };
  const kk = foldIn(root, 1);
  console.log(`karate club: ${g.nodeCount} members; d ${settings.dim}, 10 walks × 80, window ${settings.window}, 5 negatives, ${settings.epochs} pass; backend ${currentBackend()}`);
  const deepwalk = embed(g, 1, 1, settings, foldIn(kk, 0));
  const candidates = grid.map((pq, i) => ({ ...pq, ...embed(g, pq.p, pq.q, settings, foldIn(kk, i + 1)) }));
  candidates.forEach((c) => writeVectors(`karate-p${c.p}-q${c.q}`, c.vectors));
  writeVectors('karate-deepwalk', deepwalk.vectors);
  const outer = folds(allIds(g.nodeCount), labels, 5, foldIn(kk, 100));
  const t0 = Date.now();
  const deepwalkAcc: number[] = [], node2vecAcc: number[] = [], chosen: string[] = [];
  outer.forEach((test, f) => {
    const train = without(allIds(g.nodeCount), test);
    deepwalkAcc.push(probe(deepwalk.vectors, labels, 2, train, test, KARATE_PROBE).accuracy);
    // inner 3-fold CV on this fold's training members: accuracy, ties to the lower log-loss
    const inner = folds(train, labels, 3, foldIn(kk, 200 + f));
    const scored = candidates.map((c) => {
      const r = inner.map((val) => probe(c.vectors, labels, 2, without(train, val), val, KARATE_PROBE));
      return { c, accuracy: meanStd(r.map((x) => x.accuracy)).mean, logLoss: meanStd(r.map((x) => x.logLoss)).mean };
    });
    const best = scored.reduce((a, b) => (b.accuracy > a.accuracy || (b.accuracy === a.accuracy && b.logLoss < a.logLoss) ? b : a));
    chosen.push(`(${best.c.p}, ${best.c.q})`);
    node2vecAcc.push(probe(best.c.vectors, labels, 2, train, test, KARATE_PROBE).accuracy);
    console.log(`  fold ${f + 1}: DeepWalk ${pct(deepwalkAcc[f])}, node2vec (p, q) = ${chosen[f]} by inner CV ${pct(best.accuracy)} → ${pct(node2vecAcc[f])} on the ${test.length} held-out members`);
  });
  const embedSeconds = candidates.reduce((a, c) => a + c.seconds, 0);
  sections.push([
    `Karate club, faction prediction, 5-fold stratified cross-validation (mean ± std over folds); d ${settings.dim}, 10 walks × 80 per node, window ${settings.window}, 5 negatives, one pass (${deepwalk.pairs.toLocaleString('en-US')} pairs), word2vec's per-pair SGD at rate 0.025 → 0; probe: L2 logistic regression (C = 1) on standardised vectors, ${KARATE_PROBE.steps} full-batch Adam steps:`, '',
    '| embedding | (p, q) | accuracy | embedding time |', '| --- | --- | ---: | ---: |',
    `| nn-ts DeepWalk | (1, 1) | ${pctStd(deepwalkAcc)} | ${deepwalk.seconds.toFixed(1)} s |`,
    `| nn-ts node2vec, (p, q) by inner 3-fold CV on each training fold | ${chosen.join(', ')} | ${pctStd(node2vecAcc)} | ${embedSeconds.toFixed(1)} s for the ${grid.length} candidates |`,
    '| karateclub Node2Vec (peer, 5-fold) | — | 91.4% | — |', '',
    `probes (${5 + 5 * (1 + 3 * grid.length)} fits): ${seconds(t0).toFixed(1)} s. Vectors: ${out}/karate-deepwalk.txt, ${out}/karate-p{p}-q{q}.txt.`,
  ].join('\n'));
  console.log(`\n${sections[sections.length - 1]}\n`);
}

// ---------- Cora ----------
if (!skipCora) {
  const cora = loadCora();
  if (E.isLeft(cora)) { console.error(cora.left.message); process.exit(1); }
  const { graph: g, labels, classCount, split } = cora.right;
  const settings: WalkSettings = { dim: 128, window: 10, epochs: coraEpochs };
  const kc = foldIn(root, 2);
  console.log(`Cora: ${g.nodeCount} nodes, ${g.edgeCount / 2} edges; d ${settings.dim}, 10 walks × 80, window ${settings.window}, 5 negatives, ${settings.epochs} pass${settings.epochs > 1 ? 'es' : ''}`);
  const runs = [{ p: 1, q: 1 }, { p: 1, q: 0.5 }, { p: 1, q: 2 }].map((pq, i) => {
    const e = embed(g, pq.p, pq.q, settings, foldIn(kc, i));
    // the L2 strength with the best validation accuracy (the first on ties), then its test accuracy
    const fits = PLANETOID_L2.map((l2) => {
      const fitted = probe(e.vectors, labels, classCount, split.train, split.test, { l2 });
      return { l2, test: fitted.accuracy, val: fitted.fitted.accuracy(rowsOf(e.vectors, split.val), labelsOf(labels, split.val)) };
    });
    const best = fits.reduce((a, b) => (b.val > a.val ? b : a));
    console.log(`  (p, q) = (${pq.p}, ${pq.q}): ${e.pairs.toLocaleString('en-US')} pairs in ${e.seconds.toFixed(1)} s; Planetoid validation by l2 ${fits.map((f) => `${f.l2.toPrecision(2)}: ${pct(f.val)}`).join(', ')} → test ${pct(best.test)}`);
    return { ...pq, ...e, ...best };
  });
  const [deepwalk, ...node2vecRuns] = runs;
  const node2vec = node2vecRuns.reduce((a, b) => (b.val > a.val ? b : a));
  const name = (r: { p: number; q: number }) => (r.p === 1 && r.q === 1 ? 'deepwalk' : `node2vec-p${r.p}-q${r.q}`);
  for (const r of [deepwalk, node2vec]) writeVectors(`cora-${name(r)}`, r.vectors);

  // 50/50 random splits (3, keyed), the same embeddings
  const t1 = Date.now();
  const halves = Array.from({ length: 3 }, (_, s) => { const order = shuffledIndices(foldIn(kc, 100 + s), g.nodeCount); return { train: order.slice(0, g.nodeCount / 2), test: order.slice(g.nodeCount / 2) }; });
  const halfAcc = (r: Embedding) => halves.map((h) => probe(r.vectors, labels, classCount, h.train, h.test, HALF_PROBE).accuracy);
  const [deepwalkHalf, node2vecHalf] = [halfAcc(deepwalk), halfAcc(node2vec)];
  const halfSeconds = seconds(t1);

  // link prediction, VGAE's 85/5/10 split: 10% of the edges held out for the test, 5% for choosing
  // the score; the rest embedded
  const heldOut = holdOutEdges(g, { fraction: 0.1, validation: 0.05, key: foldIn(kc, 200) });
  const val = heldOut.validation;
  if (!val) throw new Error('holdOutEdges gave no validation split');
  const scorings = [
    { name: '⟨x_u, x_v⟩', score: (e: Embedding, pairs: NodePairs) => dotScores(e.vectors, pairs) },
    { name: 'cos∠(x_u, x_v)', score: (e: Embedding, pairs: NodePairs) => cosineScores(e.vectors, pairs) },
    { name: '½(cos∠(x_u, c_v) + cos∠(x_v, c_u)), c the context vectors', score: (e: Embedding, pairs: NodePairs) => cosineScores(e.vectors, pairs, e.context) },
  ];
  const auc = (r: { p: number; q: number }, i: number) => {
    const e = embed(heldOut.train, r.p, r.q, settings, foldIn(kc, 300 + i));
    const scored = scorings.map((s) => ({
      name: s.name,
      val: rocAuc(s.score(e, val.edges), s.score(e, val.nonEdges)),
      test: rocAuc(s.score(e, heldOut.edges), s.score(e, heldOut.nonEdges)),
    }));
    const best = scored.reduce((a, b) => (b.val > a.val ? b : a));
    console.log(`  link prediction (p, q) = (${r.p}, ${r.q}), ${e.seconds.toFixed(1)} s: validation AUC ${scored.map((x) => `${x.name} ${pct(x.val)}`).join(', ')} → test ${pct(best.test)} by ${best.name}`);
    return { scored, best, seconds: e.seconds };
  };
  const [deepwalkAuc, node2vecAuc] = [auc(deepwalk, 0), auc(node2vec, 1)];
  const n2v = `(${node2vec.p}, ${node2vec.q})`;
  sections.push([
    `Cora, node classification; d ${settings.dim}, 10 walks × 80 per node, window ${settings.window}, 5 negatives, ${settings.epochs} pass${settings.epochs > 1 ? 'es' : ''} (${deepwalk.pairs.toLocaleString('en-US')} pairs), word2vec's per-pair SGD at rate 0.025 → 0; q chosen on the validation nodes from ${node2vecRuns.map((r) => `(${r.p}, ${r.q}) ${pct(r.val)}`).join(', ')}; probe as above, ${DEFAULT_STEPS} steps, its l2 chosen on the validation nodes from ${PLANETOID_L2.map((l) => l.toPrecision(2)).join(', ')} for the Planetoid split, C = 1 (l2 = 1/1,354) and ${HALF_PROBE.steps} steps for the 50/50 splits:`, '',
    '| embedding | Planetoid validation | Planetoid test (l2) | 50/50 random splits (3) | embedding time |', '| --- | ---: | ---: | ---: | ---: |',
    `| nn-ts DeepWalk (1, 1) | ${pct(deepwalk.val)} | ${pct(deepwalk.test)} (${deepwalk.l2.toPrecision(2)}) | ${pctStd(deepwalkHalf)} | ${deepwalk.seconds.toFixed(1)} s |`,
    `| nn-ts node2vec ${n2v} | ${pct(node2vec.val)} | ${pct(node2vec.test)} (${node2vec.l2.toPrecision(2)}) | ${pctStd(node2vecHalf)} | ${node2vec.seconds.toFixed(1)} s |`,
    '| DeepWalk, Planetoid split (Yang et al. 2016, as cited by Kipf & Welling 2017) | — | 67.2% | — | — |', '',
    `50/50 probes: ${halfSeconds.toFixed(1)} s. Vectors: ${out}/cora-deepwalk.txt, ${out}/cora-${name(node2vec)}.txt.`, '',
    `Cora, link prediction (VGAE's 85/5/10 split): ${heldOut.edges.u.length} of ${g.edgeCount / 2} edges and as many non-edges held out for the test, ${val.edges.u.length} edges and as many non-edges for choosing the score, the rest embedded with the settings above; test ROC-AUC under each score, the one chosen on the validation pairs in bold:`, '',
    `| embedding | ${scorings.map((x) => x.name).join(' | ')} | embedding time |`, `| --- | ${scorings.map(() => '---:').join(' | ')} | ---: |`,
    ...[['DeepWalk (1, 1)', deepwalkAuc] as const, [`node2vec ${n2v}`, node2vecAuc] as const].map(([label, r]) =>
      `| nn-ts ${label} | ${r.scored.map((x) => (x === r.best ? `**${pct(x.test)}**` : pct(x.test))).join(' | ')} | ${r.seconds.toFixed(1)} s |`),
    `| DeepWalk (Kipf & Welling 2016, VGAE, Table 1: 85/5/10 edge split) | ${scorings.map((_, i) => (i === 0 ? '83.1%' : '—')).join(' | ')} | — |`,
  ].join('\n'));
}

const summary = `${sections.join('\n\n')}\n\n\`${['npx tsx examples/node2vec.ts', ...process.argv.slice(2)].join(' ')}\`, backend ${currentBackend()}; whole run ${seconds(tStart).toFixed(0)} s.\n`;
writeFileSync(join(out, 'results.md'), summary);
console.log(`\n${summary}`);
