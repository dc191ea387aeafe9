// fastText's supervised classifier (Joulin et al. 2016) on SST-2 and MR, beside bag-of-words
// logistic regression. Input as `fasttext supervised` sees it: the sentence split on spaces plus
// fastText's end-of-line token `</s>`, vocabulary of the training rows with min count 1, words
// unknown to it dropped; 5 epochs, lr 0.1 falling linearly to 0, n-grams hashed into 2,000,000
// buckets; dim 10 with bigrams (the paper's sentiment setting) and dim 100 with unigrams (the
// command's defaults), and the other two mixes.
//
// SST-2: train on train (in file order); dev and test accuracy, mean ± std over 5 keys, for
// fastText's defaults and for settings chosen on dev (nothing is chosen on test). MR: 10-fold
// stratified CV (fold key 11), defaults and the SST-2-dev settings, each fold's training rows in a
// keyed shuffled order (the file is sorted by class), vocabulary from the training folds only.
// Baselines: L2 logistic regression (scikit-learn's objective, C = 1, solved by L-BFGS) on binary
// unigram and unigram+bigram presence features. Writes out/fasttext-classifier/results.{md,json}.
//
//   npx tsx examples/fasttext-classifier.ts [--keys 5] [--out out/fasttext-classifier]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { foldIn, key } from '../src/index.js';
import { loadMr, loadSst2, type LabelledSentence } from '../src/data/index.js';
import { predictFastText, trainFastTextClassifier, type FastTextClassifierOptions } from '../src/embeddings/index.js';
import { buildVocabulary, type Vocabulary } from '../src/text/index.js';
import { permutationData } from '../src/random/index.js';
import { stratifiedFolds } from './support/folds.js';
import { fitLogistic, logisticAccuracy, sparseRows } from './support/logistic.js';
import { meanStd } from './support/stats.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const keys = Number(arg('keys', '5')), out = arg('out', 'out/fasttext-classifier');
const folds = 10;
mkdirSync(out, { recursive: true });
const started = performance.now();

const unwrap = <A>(e: E.Either<Error, A>): A => { if (E.isLeft(e)) { console.error(e.left.message); process.exit(1); } return e.right; };
const sst = unwrap(loadSst2());
const mr = unwrap(loadMr());

/** fastText's tokens: split on white space, then `</s>` for the end of the line. */
const tokensOf = (s: LabelledSentence) => [...s.text.split(' '), '</s>'];

interface Encoded { readonly tokens: Int32Array; readonly label: number }
const encode = (vocab: Vocabulary, rows: readonly LabelledSentence[]): Encoded[] => rows.map((s) => ({ tokens: vocab.encode(tokensOf(s)), label: s.label }));

interface Method { readonly name: string; readonly fit: (train: Encoded[], V: number, k: number) => (x: Encoded) => number; readonly seeded: boolean; readonly onMr?: boolean }

const fastText = (name: string, o: Partial<FastTextClassifierOptions>, onMr = true): Method => ({
  name, seeded: true, onMr,
  fit: (train, V, k) => { const m = trainFastTextClassifier(train, { classes: 2, vocabSize: V, ...o, key: key(k) }); return (x) => predictFastText(m, x.tokens); },
});

/** Presence features: the words (ids < V), and with bigrams each adjacent id pair, numbered as first seen in training. */
const bow = (name: string, bigrams: boolean): Method => ({
  name, seeded: false,
  fit: (train, V) => {
    const pairs = new Map<number, number>();
    const features = (x: Encoded, grow: boolean): Int32Array => {
      const f = new Set<number>();
      const t = x.tokens;
      for (let i = 0; i < t.length; i++) f.add(t[i]);
      if (bigrams) for (let i = 0; i + 1 < t.length; i++) {
        const p = t[i] * V + t[i + 1];
        let id = pairs.get(p);
        if (id === undefined && grow) { id = V + pairs.size; pairs.set(p, id); }
        if (id !== undefined) f.add(id);
      }
      return Int32Array.from(f);
    };
    const rows = train.map((x) => features(x, true));
    const dim = V + pairs.size;
    const m = fitLogistic(sparseRows(rows, dim), Uint8Array.from(train, (x) => x.label));
    return (x) => (logisticAccuracy(m, sparseRows([features(x, false)], dim), Uint8Array.of(1)) === 1 ? 1 : 0);
  },
});

const accuracy = (predict: (x: Encoded) => number, xs: readonly Encoded[]) => xs.filter((x) => predict(x) === x.label).length / xs.length;
const fmt = (v: { mean: number; std: number }) => `${(100 * v.mean).toFixed(1)} ± ${(100 * v.std).toFixed(1)}`;

// SST-2: fixed splits.
const sstVocab = buildVocabulary(sst.train.map(tokensOf), { minCount: 1 });
const [sTrain, sDev, sTest] = [sst.train, sst.dev, sst.test].map((rows) => encode(sstVocab, rows));
console.log(`SST-2: ${sTrain.length}/${sDev.length}/${sTest.length} sentences, vocabulary ${sstVocab.words.length} (train, min count 1, with </s>)`);

// lr 0.1 for 5 epochs underfits 6,920 short sentences (train accuracy ≈ 0.8 with
// bigrams), so the SST-2 protocol's dev selection is run too: dim 10, key 0, the grid below, best dev.
const grid = [1, 2].flatMap((wordNgrams) => [5, 10, 25].flatMap((epochs) => [0.1, 0.25, 0.5, 1].map((lr) => ({ wordNgrams, epochs, lr }))));
const gridStart = performance.now();
const scored = grid.map((g) => ({ g, dev: accuracy(fastText('', { dim: 10, ...g }).fit(sTrain, sstVocab.words.length, 0), sDev) }));
const best = scored.reduce((a, b) => (b.dev > a.dev ? b : a));
const tuned = best.g;
const gridSeconds = (performance.now() - gridStart) / 1000;
const tunedName = `lr ${tuned.lr}, ${tuned.epochs} epochs, ${tuned.wordNgrams === 2 ? 'bigrams' : 'unigrams'}`;
console.log(`dev selection over ${grid.length} settings (${gridSeconds.toFixed(0)} s): ${tunedName}, dev ${(100 * best.dev).toFixed(1)}`);

const methods: Method[] = [
  fastText('fastText, paper settings: dim 10, bigrams (our defaults)', { dim: 10, wordNgrams: 2 }),
  fastText('fastText, command defaults: dim 100, unigrams', { dim: 100, wordNgrams: 1 }),
  fastText('fastText, dim 100, bigrams', { dim: 100, wordNgrams: 2 }, false), // SST-2 only: it keeps MR under 10 minutes
  fastText('fastText, dim 10, unigrams', { dim: 10, wordNgrams: 1 }),
  fastText(`fastText dev-selected, dim 10 (${tunedName})`, { dim: 10, ...tuned }),
  fastText(`fastText dev-selected, dim 100 (${tunedName})`, { dim: 100, ...tuned }),
  bow('BoW logistic regression, unigrams', false),
  bow('BoW logistic regression, uni+bigrams', true),
];

const sstRows: string[] = [];
const json: Record<string, unknown> = { devSelection: { grid: scored.map(({ g, dev }) => ({ ...g, dev })), chosen: tuned, seconds: gridSeconds } };
for (const m of methods) {
  const t0 = performance.now();
  const runs = Array.from({ length: m.seeded ? keys : 1 }, (_, k) => { const p = m.fit(sTrain, sstVocab.words.length, k); return [accuracy(p, sDev), accuracy(p, sTest)]; });
  const dev = meanStd(runs.map((r) => r[0])), test = meanStd(runs.map((r) => r[1]));
  const secs = (performance.now() - t0) / 1000 / runs.length;
  sstRows.push(`| ${m.name} | ${fmt(dev)} | ${fmt(test)} | ${runs.length} | ${secs.toFixed(1)} s |`);
  json[`sst2/${m.name}`] = { dev, test, runs: runs.length, secondsPerRun: secs };
  console.log(sstRows[sstRows.length - 1]);
}

// MR: 10-fold stratified CV.
const labels = Int32Array.from(mr.sentences, (s) => s.label);
const foldOf = stratifiedFolds(labels, 2, folds, key(11));
const mrRows: string[] = [];
const foldData = Array.from({ length: folds }, (_, f) => {
  const order = Array.from(permutationData(foldIn(key(12), f), mr.sentences.length)); // shuffled: the file is sorted by class
  const train = order.filter((i) => foldOf[i] !== f).map((i) => mr.sentences[i]);
  const test = mr.sentences.filter((_, i) => foldOf[i] === f);
  const vocab = buildVocabulary(train.map(tokensOf), { minCount: 1 });
  return { train: encode(vocab, train), test: encode(vocab, test), V: vocab.words.length };
});
console.log(`MR: ${mr.sentences.length} sentences, ${folds} folds of ${foldData[0].test.length}, vocabulary ≈ ${foldData[0].V} per fold`);
for (const m of methods.filter((x) => x.onMr !== false)) {
  const t0 = performance.now();
  const accs = foldData.map((fd, f) => accuracy(m.fit(fd.train, fd.V, f), fd.test));
  const s = meanStd(accs);
  const secs = (performance.now() - t0) / 1000 / folds;
  mrRows.push(`| ${m.name} | ${fmt(s)} | ${secs.toFixed(1)} s |`);
  json[`mr/${m.name}`] = { accuracy: s, folds: accs, secondsPerFold: secs };
  console.log(mrRows[mrRows.length - 1]);
}

const total = (performance.now() - started) / 1000;
const table = [
  `SST-2 (train on train; dev selection over ${grid.length} settings chose ${tunedName}; nothing chosen on test), accuracy % (mean ± std over runs). Peer: fastText supervised 80.2 (test).`, '',
  '| model | dev | test | runs | time per run |', '|---|---|---|---|---|', ...sstRows, '',
  `MR, ${folds}-fold stratified CV (fold key 11; the dev-selected rows use SST-2 dev's choice), accuracy % (mean ± std over folds). Peers: Kim (2014) CNN-rand 76.1, CNN-static 81.0.`, '',
  '| model | accuracy | time per fold |', '|---|---|---|', ...mrRows, '',
  `Total ${total.toFixed(0)} s.`,
].join('\n');
console.log(`\n${table}`);
writeFileSync(join(out, 'results.md'), `${table}\n`);
writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...json, seconds: total }, null, 2)}\n`);
