// Kim (2014), "Convolutional neural networks for sentence classification", on his own data sets:
// SST-2 (fixed train/dev/test) and MR (10-fold CV). The four variants: CNN-rand (a random table,
// trained), CNN-static (word2vec vectors, held fixed), CNN-non-static (word2vec vectors, trained)
// and CNN-multichannel (both channels); filters of widths 3, 4, 5 × 100 maps, ReLU, max over time
// (padding never wins: `maskedMaxOverTime`), dropout 0.5, max-norm s = 3 on the rows of the
// classifier weight after every step, mini-batches of 50. Beside them: bag-of-words logistic
// regression and fastText's classifier, trained on the same rows.
//
// Word vectors: our word2vec (skip-gram, `--dim`, window 5, 5 negatives, subsampling 1e-3,
// min count 2) on the Brown corpus (tags stripped, `tokenize`d) plus the training sentences of the
// data set at hand: SST-2's train split for SST-2, and for each MR fold that fold's training
// sentences (so no test sentence, labelled or not, is seen). Saved in word2vec's binary format
// under --out and loaded back before use. Words without a vector start U[−a, a] with a matched to
// the vectors' variance (Kim's rule); CNN-rand's whole table is drawn the same way.
//
// Vocabulary: the training sentences' words, plus dev/test words that have a vector (their rows
// are pretrained; a dev/test word with neither is dropped). Optimiser: Adam (lr 1e-3; lazy on the
// embedding rows a batch reads) instead of Kim's Adadelta. Model selection: the epoch with the best
// dev accuracy (SST-2 dev; for MR a stratified 10% of the training folds), early stopping after
// `--patience` epochs without a better dev score; test accuracy is read once, for that epoch.
//
// The recurrent baseline (variant 'lstm'): the same word2vec table (fine-tuned), an LSTM of
// `--lstm-hidden` units reading each sentence (the mask keeps the state over padding, as in
// examples/text-rnn.ts), its state after the last real token → dropout 0.5 → dense, trained by the
// same loop (same batches, optimiser, max-norm on the classifier rows and model selection).
//
//   npx tsx examples/text-cnn.ts [--quick] [--datasets sst2,mr] [--variants rand,static,non-static,multichannel,lstm] [--lstm-hidden 100]
//     [--mr-variants rand,non-static] [--mr-folds 10] [--epochs 4] [--patience 2] [--dim 50] [--maps 100]
//     [--mr-first-fold 1] [--batch 50] [--lr 0.001] [--w2v-epochs 5] [--reuse-vectors] [--out out/text-cnn]
//   --quick: 1,200 training sentences, 10,000 Brown sentences, d 20, 16 maps, 1 epoch, 1 MR fold.
//   --reuse-vectors: read --out's saved vectors instead of training them again (same --dim).
// Training is slow on a CPU (a step of 50 sentences at d 32 is ~0.5–1 s on one free core): the
// README's numbers come from reduced runs, with the flags they say.
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, foldIn, item, key, split, tensor, toArray, uniform, valueAndGrad, Tensor, type Key, type Tree } from '../src/index.js';
import { loadMr, loadSst2, type LabelledSentence } from '../src/data/index.js';
import { loadWordVectors, predictFastText, saveWordVectors, trainFastTextClassifier, trainWord2vec, vectorsProblemText, wordVectors, type WordVectors } from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities, loadBrownSentences, tokenize } from '../src/text/index.js';
import { permutationData } from '../src/random/index.js';
import { softmaxCrossEntropy } from '../src/losses/index.js';
import { adam } from '../src/optim/index.js';
import { combine, partition } from '../src/nn/combinators.js';
import { parameterCount } from '../src/nn/layer.js';
import { maxNorm } from '../src/nn/max-norm.js';
import { isFrozenTextCnnParam, TEXT_CNN_CLASSIFIER_WEIGHT, textCnn, type EmbeddingMode, type TextBatch } from '../src/nn/text-cnn.js';
import { embeddingFrom } from '../src/nn/pretrained-embedding.js';
import { dense, dropout, lstm, type DenseParams, type EmbeddingParams, type RecurrentParams } from '../src/nn/index.js';
import type { Empty, Layer } from '../src/nn/layer.js';
import { matchedScale, wordVectorTable } from '../src/nn/word-vector-init.js';
import { stratifiedFolds } from './support/folds.js';
import { fitLogistic, logisticAccuracy, sparseRows } from './support/logistic.js';
import { meanStd } from './support/stats.js';

const fail: (message: string) => never = (message) => { console.error(message); process.exit(1); };
const arg = (name: string, dflt: string): string => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const quick = process.argv.includes('--quick');
const num = (name: string, dflt: string, min: number): number => {
  const v = Number(arg(name, dflt));
  if (!Number.isFinite(v) || v < min) fail(`--${name} must be a number ≥ ${min}, got ${arg(name, dflt)}`);
  return v;
};
const VARIANTS = ['rand', 'static', 'non-static', 'multichannel', 'lstm'] as const;
type Variant = (typeof VARIANTS)[number];
const isVariant = (s: string): s is Variant => (VARIANTS as readonly string[]).includes(s);
const variantsArg = (name: string, dflt: string): Variant[] => arg(name, dflt).split(',').map((s) => (isVariant(s) ? s : fail(`--${name}: unknown variant '${s}' (${VARIANTS.join(', ')})`)));
const datasets = arg('datasets', 'sst2,mr').split(',');
const sstVariants = variantsArg('variants', VARIANTS.join(','));
const mrVariants = variantsArg('mr-variants', 'rand,non-static');
const mrFolds = num('mr-folds', quick ? '1' : '10', 1);
const epochs = num('epochs', quick ? '1' : '4', 1), patience = num('patience', '2', 1);
const DIM = num('dim', quick ? '20' : '50', 1), MAPS = num('maps', quick ? '16' : '100', 1), BATCH = num('batch', '50', 1);
const LSTM_HIDDEN = num('lstm-hidden', quick ? '16' : '100', 1);
const LR = num('lr', '0.001', 0), W2V_EPOCHS = num('w2v-epochs', quick ? '1' : '5', 1);
const out = arg('out', quick ? 'out/text-cnn-quick' : 'out/text-cnn');
/** Read the vectors saved by an earlier run with the same settings instead of training them again. */
const reuseVectors = process.argv.includes('--reuse-vectors');
const mrFirstFold = num('mr-first-fold', '1', 1) - 1;
const WIDTHS = [3, 4, 5], DROPOUT = 0.5, MAX_NORM = 3;
/** Padded lengths are multiples of this (each distinct shape compiles its kernels once). */
const LEN_STEP = 8;
/** --quick trains on this many sentences of each training set. */
const QUICK_ROWS = 1200;
mkdirSync(out, { recursive: true });
const started = Date.now();
const secs = (t0: number) => (Date.now() - t0) / 1000;
const pct = (v: number) => (100 * v).toFixed(1);

const unwrap = <A>(e: E.Either<Error, A>): A => (E.isLeft(e) ? fail(e.left.message) : e.right);
const words = (s: LabelledSentence): string[] => s.text.split(' ');

// ---------- word vectors ----------
const brown = unwrap(loadBrownSentences()).flatMap((d) => d.sentences.map((s) => s.words.flatMap((w) => tokenize(w))));
const brownTokens = brown.reduce((n, s) => n + s.length, 0);
console.log(`Brown: ${brown.length.toLocaleString('en-US')} sentences, ${brownTokens.toLocaleString('en-US')} tokens; backend ${currentBackend()}${quick ? ' (--quick)' : ''}`);

/** word2vec on Brown + `extra` sentences, saved to `file` (word2vec binary) and read back from it. */
const vectorsFor = (name: string, extra: readonly LabelledSentence[], k: Key): WordVectors => {
  const t0 = Date.now();
  const file = join(out, `vectors-${name}.bin`);
  if (reuseVectors && existsSync(file)) {
    const cached = loadWordVectors(file, 'binary');
    if (E.isLeft(cached)) fail(vectorsProblemText(cached.left));
    if (cached.right.dim !== DIM) fail(`${file} holds vectors of dim ${cached.right.dim}, not --dim ${DIM}; delete it or drop --reuse-vectors`);
    console.log(`  word2vec ${name}: read ${file} (--reuse-vectors), vocabulary ${cached.right.words.length.toLocaleString('en-US')}`);
    return cached.right;
  }
  const sentences = [...(quick ? brown.slice(0, 10000) : brown), ...extra.map(words)];
  const vocab = buildVocabulary(sentences, { minCount: 2 });
  const trained = trainWord2vec(sentences.map((s) => vocab.encode(s)), {
    dim: DIM, window: 5, negatives: 5, epochs: W2V_EPOCHS, keep: keepProbabilities(vocab.counts, 1e-3), counts: vocab.counts, vocabSize: vocab.words.length, key: k,
  });
  const saved = saveWordVectors(file, wordVectors(vocab.words, trained.input), 'binary');
  if (E.isLeft(saved)) fail(vectorsProblemText(saved.left));
  const loaded = loadWordVectors(file, 'binary');
  if (E.isLeft(loaded)) fail(vectorsProblemText(loaded.left));
  console.log(`  word2vec ${name}: ${sentences.length.toLocaleString('en-US')} sentences, ${trained.words.toLocaleString('en-US')} words trained on, vocabulary ${vocab.words.length.toLocaleString('en-US')}, d ${DIM}, ${W2V_EPOCHS} epochs, ${secs(t0).toFixed(0)} s → ${file}`);
  return loaded.right;
};

// ---------- batches ----------
interface Split { readonly ids: Int32Array[]; readonly labels: Int32Array }
interface Prepared { readonly vocab: readonly string[]; readonly train: Split; readonly dev: Split; readonly test: Split; readonly dropped: number }

/** The vocabulary (<pad> = 0, training words, then dev/test words with a vector) and the three splits as ids. */
const prepare = (train: readonly LabelledSentence[], dev: readonly LabelledSentence[], test: readonly LabelledSentence[], wv: WordVectors): Prepared => {
  const known = new Set(wv.words);
  const list = ['<pad>', ...buildVocabulary(train.map(words), { minCount: 1 }).words];
  const id = new Map(list.map((w, i) => [w, i]));
  for (const s of [...dev, ...test]) for (const w of words(s)) if (!id.has(w) && known.has(w)) { id.set(w, list.length); list.push(w); }
  let dropped = 0;
  const encode = (rows: readonly LabelledSentence[]): Split => ({
    ids: rows.map((s) => Int32Array.from(words(s).flatMap((w) => { const i = id.get(w); if (i === undefined) { dropped++; return []; } return [i]; }))),
    labels: Int32Array.from(rows, (s) => s.label),
  });
  const [a, b, c] = [encode(train), encode(dev), encode(test)];
  return { vocab: list, train: a, dev: b, test: c, dropped };
};

interface Batch { readonly input: { readonly x: Tensor; readonly mask: Tensor }; readonly labels: Int32Array }
/** Rows `idx` of a split, padded with <pad> to the longest rounded up to LEN_STEP. */
const batchOf = (s: Split, idx: readonly number[]): Batch => {
  const longest = Math.max(1, ...idx.map((i) => s.ids[i].length));
  const T = Math.ceil(longest / LEN_STEP) * LEN_STEP;
  const x = new Float32Array(idx.length * T), m = new Float32Array(idx.length * T);
  idx.forEach((i, r) => s.ids[i].forEach((v, t) => { x[r * T + t] = v; m[r * T + t] = 1; }));
  return { input: { x: tensor(x, [idx.length, T]), mask: tensor(m, [idx.length, T]) }, labels: Int32Array.from(idx, (i) => s.labels[i]) };
};
const shuffled = <A>(k: Key, xs: readonly A[]): A[] => Array.from(permutationData(k, xs.length), (j) => xs[j]);
/** One epoch: a keyed shuffle, sorted by length within windows of 20 batches, full batches only (the rest waits for another epoch's shuffle), batches shuffled. */
const epochBatches = (s: Split, k: Key): number[][] => {
  const [kOrder, kBatches] = split(k, 2);
  const order = shuffled(kOrder, Array.from(s.labels, (_, i) => i)), batches: number[][] = [];
  for (let w = 0; w < order.length; w += 20 * BATCH) {
    const window = order.slice(w, w + 20 * BATCH).sort((a, b) => s.ids[a].length - s.ids[b].length || a - b);
    for (let i = 0; i + BATCH <= window.length; i += BATCH) batches.push(window.slice(i, i + BATCH));
  }
  return shuffled(kBatches, batches);
};

// ---------- the CNN ----------
interface Run { readonly dev: number; readonly test: number; readonly bestEpoch: number; readonly epochs: number; readonly seconds: number; readonly stepMs: number; readonly params: number; readonly covered: number }

const modeOf = (v: Exclude<Variant, 'lstm'>): EmbeddingMode => (v === 'rand' ? 'non-static' : v);

/** The recurrent baseline: ids → word vectors (fine-tuned) → LSTM, state after the last real token → dropout → classifier. */
type LstmClassifierParams = { readonly embed: EmbeddingParams; readonly reader: RecurrentParams; readonly classifier: DenseParams<number, 2> };
const isLstmParams = (p: Tree): p is LstmClassifierParams => typeof p === 'object' && p !== null && !(p instanceof Tensor) && 'embed' in p && 'reader' in p && 'classifier' in p;
const lstmClassifier = (table: Tensor, hidden: number): Layer<Tree, Empty, TextBatch, Tensor> => {
  const D = table.shape[1];
  const embed = embeddingFrom(table), reader = lstm(D, hidden, { stateful: true, returnSequences: false, forgetBias: 1 });
  const drop = dropout(DROPOUT), classifier = dense(hidden, 2);
  return {
    kind: `LSTM classifier (hidden ${hidden})`,
    init: (k, s) => {
      const [ke, kr, kc] = split(k, 3), T = Array.isArray(s.x) ? s.x[0] : LEN_STEP;
      return { params: { embed: embed.init(ke, [T]).params, reader: reader.init(kr, { x: [T, D] }).params, classifier: classifier.init(kc, [hidden]).params }, state: {}, outputShape: [2] };
    },
    apply: (p, st, b, ctx) => {
      if (!isLstmParams(p)) throw new Error('lstmClassifier: params must be { embed, reader, classifier }');
      const [kd] = ctx?.key ? split(ctx.key, 1) : [];
      const e = embed.apply(p.embed, {}, b.x).y;
      const last = reader.apply(p.reader, {}, { x: e, mask: b.mask }).y.y;
      const h = drop.apply({}, {}, last, ctx?.training && kd ? { training: true, key: kd } : { training: false }).y;
      return { y: classifier.apply(p.classifier, {}, h).y, state: st };
    },
  };
};
const rowName = (v: Variant): string => (v === 'lstm' ? `LSTM (hidden ${LSTM_HIDDEN}, non-static word2vec)` : `CNN-${v}`);

const trainCnn = (label: string, variant: Variant, data: Prepared, wv: WordVectors, k: Key): Run => {
  const t0 = Date.now();
  const [kTable, kInit, kTrain] = split(k, 3);
  const V = data.vocab.length;
  const a = matchedScale(wv);
  const init = variant === 'rand' ? { table: uniform(kTable, [V, wv.dim], -a, a), found: 0 } : wordVectorTable(data.vocab, wv, { key: kTable, scale: a });
  const model = variant === 'lstm' ? lstmClassifier(init.table, LSTM_HIDDEN) : textCnn({ table: init.table, classes: 2, embedding: modeOf(variant), widths: WIDTHS, maps: MAPS, dropout: DROPOUT });
  const start = model.init(kInit, { x: [LEN_STEP], mask: [LEN_STEP] });
  const [trainable, frozen] = partition(start.params, (path) => !isFrozenTextCnnParam(path));
  const opt = adam({ lr: LR });
  let params = trainable, os = opt.init(params);
  const full = (p: typeof params): Tree => combine(p, frozen);
  const accuracy = (p: typeof params, s: Split): number => {
    const order = Array.from(s.labels, (_, i) => i).sort((x, y) => s.ids[x].length - s.ids[y].length || x - y);
    let right = 0;
    for (let i = 0; i < order.length; i += 200) {
      const b = batchOf(s, order.slice(i, i + 200));
      const z = toArray(model.apply(full(p), start.state, b.input).y);
      b.labels.forEach((y, r) => { if ((z[2 * r + 1] > z[2 * r] ? 1 : 0) === y) right++; });
    }
    return right / s.labels.length;
  };
  let best = { dev: -1, epoch: 0, params }, steps = 0, stepTime = 0, ran = 0;
  for (let e = 0; e < epochs; e++) {
    const te = Date.now();
    let loss = 0;
    const batches = epochBatches(data.train, foldIn(kTrain, e));
    batches.forEach((idx, j) => {
      const ts = Date.now();
      const b = batchOf(data.train, idx);
      const ctx = { training: true, key: foldIn(foldIn(kTrain, e), j + 1) };
      const [l, g] = valueAndGrad((p: typeof params) => softmaxCrossEntropy(model.apply(full(p), start.state, b.input, ctx).y, b.labels), { rowSparse: true })(params);
      const r = opt.step(params, g, os);
      params = maxNorm(r.params, { maxNorm: MAX_NORM, select: (path) => path === TEXT_CNN_CLASSIFIER_WEIGHT });
      os = r.state;
      loss += item(l);
      steps++; stepTime += Date.now() - ts;
      if ((j + 1) % 25 === 0) console.log(`      ${label} ${variant} epoch ${e + 1}: step ${j + 1}/${batches.length}, loss ${(loss / (j + 1)).toFixed(4)}, ${(stepTime / steps).toFixed(0)} ms per step`);
    });
    ran = e + 1;
    const dev = accuracy(params, data.dev);
    const better = dev > best.dev;
    if (better) best = { dev, epoch: e + 1, params };
    console.log(`    ${label} ${variant} epoch ${e + 1}: loss ${(loss / batches.length).toFixed(4)}, dev ${pct(dev)}${better ? ' (best)' : ''}, ${secs(te).toFixed(0)} s`);
    if (e + 1 - best.epoch >= patience) break;
  }
  const test = accuracy(best.params, data.test);
  return { dev: best.dev, test, bestEpoch: best.epoch, epochs: ran, seconds: secs(t0), stepMs: stepTime / steps, params: parameterCount(full(best.params)), covered: init.found };
};

// ---------- baselines ----------
/** L2 logistic regression (C = 1) on unigram presence (ids of the training vocabulary). */
const bowAccuracy = (data: Prepared): { dev: number; test: number } => {
  const V = data.vocab.length;
  const rows = (s: Split) => sparseRows(s.ids.map((x) => Int32Array.from(new Set(x))), V);
  const m = fitLogistic(rows(data.train), Uint8Array.from(data.train.labels));
  return { dev: logisticAccuracy(m, rows(data.dev), Uint8Array.from(data.dev.labels)), test: logisticAccuracy(m, rows(data.test), Uint8Array.from(data.test.labels)) };
};
/** fastText's supervised classifier with its paper settings (dim 10, bigrams, 5 epochs, lr 0.1), on the same ids. */
const fastTextAccuracy = (data: Prepared, k: Key): { dev: number; test: number } => {
  const m = trainFastTextClassifier(data.train.ids.map((tokens, i) => ({ tokens, label: data.train.labels[i] })), { classes: 2, vocabSize: data.vocab.length, key: k });
  const acc = (s: Split) => s.ids.filter((x, i) => predictFastText(m, x) === s.labels[i]).length / s.labels.length;
  return { dev: acc(data.dev), test: acc(data.test) };
};

const results: Record<string, unknown> = {};
/** The finished tables, and the one being filled (written after every model, so a stopped run leaves what it measured). */
const tables: string[] = [];
const flush = (current?: string): string => {
  const text = [...tables, ...(current ? [current] : []), `${current ? 'So far' : 'Whole run'} ${secs(started).toFixed(0)} s.`].join('\n\n');
  writeFileSync(join(out, 'results.md'), `${text}\n`);
  writeFileSync(join(out, 'results.json'), `${JSON.stringify({ settings, results, seconds: secs(started) }, null, 2)}\n`);
  return text;
};
const settings = `filters ${WIDTHS.join('/')} × ${MAPS}, word vectors d ${DIM}, dropout ${DROPOUT}, max-norm ${MAX_NORM}, batch ${BATCH}, Adam lr ${LR}, ≤ ${epochs} epochs (patience ${patience}), backend ${currentBackend()}`;

// ---------- SST-2 ----------
if (datasets.includes('sst2')) {
  const sst = unwrap(loadSst2());
  const train = quick ? sst.train.slice(0, QUICK_ROWS) : sst.train;
  const wv = vectorsFor('sst2', train, key(2014));
  const data = prepare(train, sst.dev, sst.test, wv);
  console.log(`SST-2: ${train.length}/${sst.dev.length}/${sst.test.length} sentences, vocabulary ${data.vocab.length}, ${data.dropped} dev/test tokens without an id dropped`);
  const rows: string[] = [];
  const bow = bowAccuracy(data), ft = fastTextAccuracy(data, key(0));
  rows.push(`| BoW logistic regression (unigrams) | ${pct(bow.dev)} | ${pct(bow.test)} | — | — | — |`);
  rows.push(`| fastText (dim 10, bigrams, key 0) | ${pct(ft.dev)} | ${pct(ft.test)} | — | — | — |`);
  results['sst2/bow'] = bow; results['sst2/fasttext'] = ft;
  const table = () => [
    `SST-2 (train ${train.length}, dev ${sst.dev.length}, test ${sst.test.length}; word2vec on Brown + SST-2 train; ${settings}). Accuracy %; the CNN rows are the best-dev epoch's. fastText here runs its paper settings; with settings chosen on dev, examples/fasttext-classifier.ts measured 81.0 test. Kim (2014): CNN-rand 82.7, static 86.8, non-static 87.2, multichannel 88.1 (300-d Google News vectors, trained with the treebank's phrases too).`, '',
    '| model | dev | test | best epoch | step | time |', '|---|---:|---:|---:|---:|---:|', ...rows,
  ].join('\n');
  flush(table());
  for (const v of sstVariants) {
    const r = trainCnn('SST-2', v, data, wv, key(7));
    rows.push(`| ${rowName(v)} | ${pct(r.dev)} | ${pct(r.test)} | ${r.bestEpoch} of ${r.epochs} | ${r.stepMs.toFixed(0)} ms | ${r.seconds.toFixed(0)} s |`);
    results[`sst2/${v === 'lstm' ? 'lstm' : `cnn-${v}`}`] = r;
    console.log(rows[rows.length - 1]);
    flush(table());
  }
  tables.push(table());
}

// ---------- MR ----------
if (datasets.includes('mr')) {
  const mr = unwrap(loadMr());
  const labels = Int32Array.from(mr.sentences, (s) => s.label);
  const foldOf = stratifiedFolds(labels, 2, 10, key(11));
  const per = new Map<string, { dev: number; test: number }[]>();
  const mrTable = () => {
    const rows = [...per].map(([name, rs]) => {
      const t = meanStd(rs.map((r) => r.test));
      results[`mr/${name}`] = { folds: rs, test: t };
      return `| ${name} | ${pct(t.mean)} ± ${pct(t.std)} | ${rs.map((r) => pct(r.test)).join(', ')} |`;
    });
    return [
      `MR, ${mrFolds === 10 ? '10-fold CV' : `fold${mrFolds > 1 ? 's' : ''} ${mrFirstFold + 1}${mrFolds > 1 ? `–${mrFirstFold + mrFolds}` : ''} of a 10-fold CV (reduced protocol)`} (stratified, fold key 11; word2vec per fold on Brown + that fold's training sentences; dev = a stratified 10% of the training folds; ${settings}). Test accuracy %, mean ± std over folds. Kim (2014): CNN-rand 76.1, static 81.0, non-static 81.5, multichannel 81.1.`, '',
      '| model | test | per fold |', '|---|---:|---|', ...rows,
    ].join('\n');
  };
  const note = (name: string, r: { dev: number; test: number }) => { per.set(name, [...(per.get(name) ?? []), r]); flush(mrTable()); };
  for (let f = mrFirstFold; f < mrFirstFold + mrFolds; f++) {
    const order = Array.from(permutationData(foldIn(key(12), f), mr.sentences.length));
    const rest = order.filter((i) => foldOf[i] !== f);
    // a stratified tenth of the training folds is the dev set (model selection, early stopping)
    const devOf = stratifiedFolds(Int32Array.from(rest, (i) => labels[i]), 2, 10, foldIn(key(13), f));
    let train = rest.filter((_, j) => devOf[j] !== 0).map((i) => mr.sentences[i]);
    if (quick) train = train.slice(0, QUICK_ROWS);
    const dev = rest.filter((_, j) => devOf[j] === 0).map((i) => mr.sentences[i]);
    const test = mr.sentences.filter((_, i) => foldOf[i] === f);
    const wv = vectorsFor(`mr-fold${f + 1}`, train, foldIn(key(2014), f));
    const data = prepare(train, dev, test, wv);
    console.log(`MR fold ${f + 1}/10: train ${train.length}, dev ${dev.length}, test ${test.length}, vocabulary ${data.vocab.length}`);
    note('BoW logistic regression (unigrams)', bowAccuracy(data));
    note('fastText (dim 10, bigrams)', fastTextAccuracy(data, key(f)));
    for (const v of mrVariants) {
      const r = trainCnn(`MR fold ${f + 1}`, v, data, wv, foldIn(key(7), f));
      note(rowName(v), r);
      console.log(`    MR fold ${f + 1} ${rowName(v)}: dev ${pct(r.dev)}, test ${pct(r.test)} (best epoch ${r.bestEpoch} of ${r.epochs}, ${r.seconds.toFixed(0)} s)`);
    }
  }
  tables.push(mrTable());
}

console.log(`\n${flush()}`);
