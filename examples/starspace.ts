// StarSpace (Wu et al. 2018) on three tasks, with StarSpace's defaults (dim 100, lr 0.01 AdaGrad,
// margin 0.05, cosine, p 0.5, 10 of 50 negatives) unless a flag says otherwise:
// (a) text classification with label embeddings (StarSpace trainMode 0): the Brown corpus's 500
//     texts, lhs = a text's words (vocabulary of the training texts, min count 1, as StarSpace's
//     default), rhs = its genre as a feature "__label__genre"; 5-fold stratified cross-validation,
//     accuracy of ranking the 15 label entities, beside tf-idf logistic regression (top 5,000 words,
//     C chosen on a held-out third of the training texts) and the majority genre.
// (b) document similarity (trainMode 3): each text cut into chunks of 5 sentences, 2 chunks per
//     text held out; positives are two training chunks of the same text. A held-out chunk is then
//     ranked against the 500 texts (each the bag of its training chunks): own text first
//     (precision@1), its mean reciprocal rank, and whether the nearest text has its genre; beside
//     tf-idf cosine.
// (c) link prediction on Cora (graph mode: lhs a node, rhs a neighbour, features the node ids):
//     10% of the edges and as many non-edges held out, pairs scored by the cosine, ROC-AUC; beside
//     DeepWalk's 83.1% (VGAE paper, Table 1).
// Each StarSpace run is made twice: with the exact gradient of the hinge (nn-ts's default) and with
// StarSpace's own update direction (`update: 'starspace'`). Writes out/starspace/results.md and the
// label/text vectors.
//
//   npx tsx examples/starspace.ts [--tasks text,docsim,cora] [--updates gradient,starspace] [--text-epochs 5,20] [--doc-epochs 5]
//                                 [--cora-epochs 5,50] [--out out/starspace]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, foldIn, key, toArray, type Key } from '../src/index.js';
import { embedBags, holdOutEdges, rank, rocAuc, trainStarSpace, word2vecText, type StarSpace, type StarSpacePair } from '../src/embeddings/index.js';
import { loadCora } from '../src/graph/index.js';
import { mulhi32, randomBits } from '../src/random/philox.js';
import { permutationData } from '../src/random/index.js';
import { buildVocabulary, loadBrownSentences, tokenize } from '../src/text/index.js';
import { meanStd } from './support/stats.js';
import { documentFrequencies, fitSparseSoftmax, smoothIdf, sparseDot, tfidf, type SparseRow } from './support/sparse-text.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const numbers = (name: string, dflt: string) => arg(name, dflt).split(',').map(Number);
const tasks = arg('tasks', 'text,docsim,cora').split(',');
// 'gradient': the exact gradient of the hinge (nn-ts's default); 'starspace': StarSpace's own update direction
const updates = arg('updates', 'gradient,starspace').split(',').filter((u): u is 'gradient' | 'starspace' => u === 'gradient' || u === 'starspace');
const variants = (epochList: readonly number[]) => epochList.flatMap((epochs) => updates.map((update) => ({ epochs, update, name: `${epochs} epochs, update ${update}` })));
const out = arg('out', 'out/starspace');
mkdirSync(out, { recursive: true });
const root = key(2018);
const t0All = Date.now();
const seconds = (t0: number) => (Date.now() - t0) / 1000;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const pctStd = (v: readonly number[]) => { const s = meanStd(v.map((a) => 100 * a)); return `${s.mean.toFixed(1)} ± ${s.std.toFixed(1)}%`; };
const sections: string[] = [];
const section = (s: string) => { console.log(`\n${s}\n`); sections.push(s); };
const progress = (name: string) => (p: { epoch: number; loss: number; violated: number; pairsPerSecond: number }) =>
  console.log(`    ${name} epoch ${p.epoch}: loss ${p.loss.toFixed(4)}, ${pct(p.violated)} of pairs violated, ${Math.round(p.pairsPerSecond)} pairs/s`);

// ---------- Brown ----------
const loadTexts = () => {
  const loaded = loadBrownSentences();
  if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
  const texts = loaded.right;
  // a text's sentences as lower-cased word tokens (punctuation dropped)
  const sentences = texts.map((t) => t.sentences.map((s) => s.words.flatMap((w) => tokenize(w))).filter((s) => s.length > 0));
  const genres = [...new Set(texts.map((t) => t.genre))].sort();
  return { texts, sentences, genres, labels: Int32Array.from(texts, (t) => genres.indexOf(t.genre)) };
};
type Brown = ReturnType<typeof loadTexts>;
let brownCache: Brown | undefined;
const brown = (): Brown => (brownCache ??= loadTexts());

/** Stratified folds: each class's members shuffled with a fixed key and dealt round-robin. */
const stratifiedFolds = (labels: Int32Array, classes: number, folds: number, k: Key): Int32Array => {
  const foldOf = new Int32Array(labels.length);
  for (let c = 0; c < classes; c++) {
    const ids = Array.from(labels.keys()).filter((i) => labels[i] === c);
    Array.from(permutationData(foldIn(k, c), ids.length)).forEach((p, r) => { foldOf[ids[p]] = r % folds; });
  }
  return foldOf;
};

// ---------- (a) text classification with label embeddings ----------
if (tasks.includes('text')) {
  const t0 = Date.now();
  const { sentences, genres, labels } = brown();
  const words = sentences.map((s) => s.flat());
  const G = genres.length, N = words.length, folds = 5;
  const foldOf = stratifiedFolds(labels, G, folds, foldIn(root, 1));
  const epochList = numbers('text-epochs', '5,20');
  const acc = new Map<string, number[]>();
  const push = (name: string, v: number) => acc.set(name, [...(acc.get(name) ?? []), v]);
  const times = new Map<string, number>();
  const time = (name: string, s: number) => times.set(name, (times.get(name) ?? 0) + s);
  const chosenC: number[] = [];
  let lastModel: { m: StarSpace; V: number } | undefined;
  for (let f = 0; f < folds; f++) {
    const train = Array.from({ length: N }, (_, i) => i).filter((i) => foldOf[i] !== f), test = Array.from({ length: N }, (_, i) => i).filter((i) => foldOf[i] === f);
    const yTrain = Int32Array.from(train, (i) => labels[i]), yTest = Int32Array.from(test, (i) => labels[i]);
    // majority genre of the training texts
    const counts = new Int32Array(G); yTrain.forEach((y) => counts[y]++);
    const major = counts.indexOf(Math.max(...counts));
    push('majority', yTest.filter((y) => y === major).length / test.length);
    // StarSpace: the training texts' vocabulary (min count 1); the labels are features V … V + 14
    const vocab = buildVocabulary(train.map((i) => words[i]), { minCount: 1 });
    const V = vocab.words.length;
    const bags = words.map((w) => vocab.encode(w));
    const labelBags = genres.map((_, g) => Int32Array.of(V + g));
    const pairs: StarSpacePair[] = train.map((i) => ({ lhs: bags[i], rhs: labelBags[labels[i]] }));
    for (const { epochs, update, name } of variants(epochList)) {
      const m = trainStarSpace(pairs, { features: V + G, epochs, update, candidates: labelBags, key: foldIn(foldIn(root, 10 + f), epochs), progressEvery: 100_000, onProgress: f === 0 ? progress(`fold ${f}, ${name}`) : undefined });
      time(name, m.seconds);
      const right = test.filter((i, j) => rank(m, bags[i], labelBags).order[0] === yTest[j]).length;
      push(name, right / test.length);
      lastModel = { m, V };
    }
    // tf-idf over the 5,000 words in most training texts, then logistic regression
    const tb = Date.now();
    const byDf = documentFrequencies(train.map((i) => bags[i]), V);
    const top = Int32Array.from({ length: V }, (_, t) => t).sort((a, b) => byDf[b] - byDf[a] || a - b).subarray(0, 5000);
    const remap = new Int32Array(V).fill(-1); top.forEach((t, j) => { remap[t] = j; });
    const topBags = bags.map((b) => b.map((t) => remap[t]).filter((t) => t >= 0));
    const rowsOf = (ids: readonly number[], idf: Float64Array): SparseRow[] => ids.map((i) => tfidf(topBags[i], idf));
    const idfOf = (ids: readonly number[]) => smoothIdf(documentFrequencies(ids.map((i) => topBags[i]), top.length), ids.length);
    // C chosen on a stratified third of the training texts (one split: each fit is ~10 s on this machine)
    const inner = stratifiedFolds(yTrain, G, 3, foldIn(root, 20 + f));
    const Cs = [100, 1000, 10000];
    const fit = train.filter((_, j) => inner[j] !== 0), val = train.filter((_, j) => inner[j] === 0);
    const fitIdf = idfOf(fit);
    const innerAcc = Cs.map((C) => {
      const model = fitSparseSoftmax(rowsOf(fit, fitIdf), Int32Array.from(fit, (i) => labels[i]), G, top.length, { C });
      return model.predict(rowsOf(val, fitIdf)).filter((p, j) => p === labels[val[j]]).length / val.length;
    });
    const C = Cs[innerAcc.indexOf(Math.max(...innerAcc))];
    chosenC.push(C);
    const idf = idfOf(train);
    const lr = fitSparseSoftmax(rowsOf(train, idf), yTrain, G, top.length, { C });
    push('tfidf-lr', lr.predict(rowsOf(test, idf)).filter((p, j) => p === yTest[j]).length / test.length);
    time('tfidf-lr', seconds(tb));
    console.log(`  fold ${f}: ${[...acc].map(([k, v]) => `${k} ${pct(v[f])}`).join(', ')} (C ${C}; inner ${innerAcc.map((a) => a.toFixed(3)).join('/')}; tf-idf fits ${seconds(tb).toFixed(1)} s)`);
  }
  if (lastModel) {
    const { m, V } = lastModel;
    writeFileSync(join(out, 'brown-labels.txt'), word2vecText(embedBags(m, genres.map((_, g) => Int32Array.of(V + g))), genres.map((g) => `__label__${g}`)));
  }
  const row = (name: string, key_: string, note: string) => `| ${name} | ${pctStd(acc.get(key_) ?? [])} | ${(times.get(key_) ?? 0).toFixed(1)} s | ${note} |`;
  section([
    `(a) Brown genre classification, 500 texts, 15 genres, 5-fold stratified cross-validation (mean ± std over folds):`,
    '',
    '| model | accuracy | time (5 folds) | notes |',
    '| --- | ---: | ---: | --- |',
    ...variants(epochList).map((v) => row(`StarSpace, label embedding (trainMode 0), ${v.name}`, v.name, 'dim 100, cosine, margin 0.05, 10 of 50 negatives from the 15 labels, AdaGrad lr 0.01')),
    row('tf-idf (top 5,000 words) + logistic regression', 'tfidf-lr', `C from 100, 1,000, 10,000 by a held-out third of the training texts: chose ${chosenC.join(', ')}`),
    row('majority genre of the training folds', 'majority', ''),
    '',
    `Whole task: ${seconds(t0).toFixed(0)} s.`,
  ].join('\n'));
}

// ---------- (b) document similarity from sentence chunks of the same text ----------
if (tasks.includes('docsim')) {
  const t0 = Date.now();
  const { texts, sentences, labels } = brown();
  const per = 5, heldPerText = 2, epochs = Number(arg('doc-epochs', '5'));
  // chunks of 5 consecutive sentences; a short tail joins the chunk before it
  const chunksOf = (s: readonly string[][]): string[][] => {
    const out: string[][] = [];
    for (let i = 0; i < s.length; i += per) out.push(s.slice(i, i + per).flat());
    if (out.length > 1 && s.length % per !== 0 && s.length % per < 3) out[out.length - 2].push(...(out.pop() ?? []));
    return out;
  };
  const chunks = sentences.map(chunksOf);
  const held = chunks.map((c, t) => new Set(Array.from(permutationData(foldIn(foldIn(root, 2), t), c.length).subarray(0, heldPerText))));
  const trainChunks = chunks.map((c, t) => c.filter((_, j) => !held[t].has(j)));
  const queries = chunks.flatMap((c, t) => c.filter((_, j) => held[t].has(j)).map((words) => ({ words, text: t })));
  const vocab = buildVocabulary(trainChunks.flat(), { minCount: 1 });
  const V = vocab.words.length;
  const trainBags = trainChunks.map((cs) => cs.map((w) => vocab.encode(w)));
  const textBags = trainBags.map((bs) => Int32Array.from(bs.flatMap((b) => Array.from(b))));
  const queryBags = queries.map((q) => vocab.encode(q.words));
  const nChunks = trainBags.reduce((a, b) => a + b.length, 0);
  console.log(`(b) ${nChunks} training chunks (${(trainBags.flat().reduce((a, b) => a + b.length, 0) / nChunks).toFixed(0)} words on average), ${queries.length} held-out chunks, ${V} words`);

  // trainMode 3: each epoch pairs every training chunk with another chunk of its text, drawn afresh
  const pairs: StarSpacePair[] = [];
  for (let e = 0; e < epochs; e++) trainBags.forEach((bs, t) => {
    const bits = randomBits(foldIn(foldIn(foldIn(root, 3), e), t), bs.length);
    bs.forEach((b, j) => { const o = mulhi32(bits[j], bs.length - 1); pairs.push({ lhs: b, rhs: bs[o >= j ? o + 1 : o] }); });
  });
  const trained = updates.map((update) => {
    const m = trainStarSpace(pairs, { features: V, epochs: 1, update, candidates: trainBags.flat(), key: foldIn(root, 4), progressEvery: nChunks, onProgress: progress(`docsim, update ${update}`) });
    const textRows = embedBags(m, textBags);
    writeFileSync(join(out, `brown-texts-${update}.txt`), word2vecText(textRows, texts.map((t) => t.id)));
    return { update, m, textRows };
  });

  /** Precision@1 of the own text, its mean reciprocal rank, and whether the top text shares the genre, from each query's ranking. */
  const score = (orders: readonly Int32Array[]) => {
    let p1 = 0, mrr = 0, genre = 0;
    orders.forEach((order, i) => {
      const own = queries[i].text, r = order.indexOf(own);
      p1 += r === 0 ? 1 : 0;
      mrr += 1 / (r + 1);
      genre += labels[order[0]] === labels[own] ? 1 : 0;
    });
    const n = orders.length;
    return { p1: p1 / n, mrr: mrr / n, genre: genre / n };
  };
  const tb = Date.now();
  const idf = smoothIdf(documentFrequencies(textBags, V), textBags.length);
  const textTfidf = textBags.map((b) => tfidf(b, idf));
  const tfidfOrders = queryBags.map((b) => {
    const q = tfidf(b, idf);
    const s = textTfidf.map((r) => sparseDot(q, r));
    return Int32Array.from(s.keys()).sort((x, y) => s[y] - s[x] || x - y);
  });
  const base = score(tfidfOrders);
  const tfidfSeconds = seconds(tb);
  const line = (name: string, r: { p1: number; mrr: number; genre: number }, s: number) => `| ${name} | ${pct(r.p1)} | ${r.mrr.toFixed(3)} | ${pct(r.genre)} | ${s.toFixed(1)} s |`;
  const genreShare = queries.reduce((a, q) => a + labels.filter((l) => l === labels[q.text]).length / labels.length, 0) / queries.length;
  section([
    `(b) Brown document similarity: ${queries.length} held-out chunks of 5 sentences (2 per text) ranked against the 500 texts (each the bag of its ${(nChunks / 500).toFixed(1)} training chunks on average); StarSpace trainMode 3 on ${pairs.length} pairs (${epochs} rounds of one same-text partner per training chunk), negatives from the ${nChunks} training chunks:`,
    '',
    '| model | own text @1 | own text MRR | nearest text same genre | time |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...trained.map(({ update, m, textRows }) => line(`StarSpace (dim 100, cosine), ${epochs} rounds, update ${update}`, score(queryBags.map((b) => rank(m, b, textRows).order)), m.seconds)),
    line('tf-idf cosine (idf over the 500 texts)', base, tfidfSeconds),
    `| chance | ${pct(1 / 500)} | ${(Array.from({ length: 500 }, (_, r) => 1 / (r + 1)).reduce((a, b) => a + b) / 500).toFixed(3)} | ${pct(genreShare)} | |`,
    '',
    `Whole task: ${seconds(t0).toFixed(0)} s. Text vectors: ${join(out, 'brown-texts-<update>.txt')}.`,
  ].join('\n'));
}

// ---------- (c) link prediction on Cora ----------
if (tasks.includes('cora')) {
  const t0 = Date.now();
  const cora = loadCora();
  if (E.isLeft(cora)) { console.error(cora.left.message); process.exit(1); }
  const g = cora.right.graph, n = g.nodeCount;
  const split_ = holdOutEdges(g, { fraction: 0.1, key: foldIn(root, 5) });
  const nodes = Array.from({ length: n }, (_, v) => Int32Array.of(v));
  const { src, dst } = split_.train;
  const pairs: StarSpacePair[] = Array.from(src, (u, e) => ({ lhs: nodes[u], rhs: nodes[dst[e]] }));
  const rows: string[] = [];
  for (const { epochs, update, name } of variants(numbers('cora-epochs', '5,50'))) {
    const m = trainStarSpace(pairs, { features: n, epochs, update, candidates: nodes, key: foldIn(root, 6), progressEvery: 10 * pairs.length, onProgress: progress(`cora ${name}`) });
    const x = toArray(embedBags(m, nodes)), d = m.embeddings.shape[1];
    const cos = (a: number, b: number) => {
      let ab = 0, aa = 0, bb = 0;
      for (let q = 0; q < d; q++) { ab += x[a * d + q] * x[b * d + q]; aa += x[a * d + q] ** 2; bb += x[b * d + q] ** 2; }
      return ab / Math.sqrt(aa * bb);
    };
    const scores = (p: { u: Int32Array; v: Int32Array }) => Float64Array.from(p.u, (u, i) => cos(u, p.v[i]));
    const auc = rocAuc(scores(split_.edges), scores(split_.nonEdges));
    rows.push(`| StarSpace graph mode, ${name} | ${pct(auc)} | ${m.seconds.toFixed(1)} s |`);
    console.log(rows[rows.length - 1]);
  }
  section([
    `(c) Cora link prediction: ${split_.edges.u.length} of 5278 edges and as many non-edges held out; StarSpace on the ${pairs.length} directed training edges (lhs a node, rhs its neighbour, features the node ids, negatives uniform over the 2,708 nodes, dim 100, cosine); pairs scored by the cosine:`,
    '',
    '| embedding | ROC-AUC | training time |',
    '| --- | ---: | ---: |',
    ...rows,
    '| DeepWalk (Kipf & Welling 2016, VGAE, Table 1: 85/5/10 edge split) | 83.1% | — |',
    '',
    `Whole task: ${seconds(t0).toFixed(0)} s.`,
  ].join('\n'));
}

const footer = `\`npx tsx examples/starspace.ts ${process.argv.slice(2).join(' ')}\`, backend ${currentBackend()}, 2-core machine shared with other jobs; whole run ${seconds(t0All).toFixed(0)} s.`;
console.log(`\n${footer}`);
writeFileSync(join(out, 'results.md'), `${[...sections, footer].join('\n\n')}\n`);
