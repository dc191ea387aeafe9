// sent2vec (Pagliardini et al. 2018) trained, unsupervised, on MR's own 10,662 sentences, then a
// logistic-regression probe on the sentence vectors by 10-fold stratified CV (fold key 11, the
// folds of examples/fasttext-classifier.ts), beside averaged word2vec vectors trained on the same
// sentences. Tokens: the sentence split on spaces; vocabulary min count 5 (sent2vec's default).
// sent2vec: the reference's `sent2vec` defaults (dim 100, 5 epochs, lr 0.2, 10 negatives from
// counts^0.5, dropoutK 2, t 1e-4, bigrams in 2,000,000 buckets), and the same with more epochs.
// word2vec: skip-gram and CBOW, dim 100, window 5, 5 negatives, 5 epochs, subsampling 1e-3, the
// sentence vector the mean of its words' vectors. Probe: L2 logistic regression on standardised
// vectors (scikit-learn's objective, C = 1, solved by Newton's method); fold 0 of sent2vec is
// cross-checked with the tensor probe `fitLinearProbe`. Writes out/sent2vec/{results.md,results.json,sentences-*.txt}.
//
//   npx tsx examples/sent2vec.ts [--epochs 5,20] [--out out/sent2vec] [--no-tensor-probe]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gather, key, tensor } from '../src/index.js';
import { loadMr } from '../src/data/index.js';
import { fitLinearProbe, sentenceVectors, trainSent2vec, trainWord2vec, word2vecText } from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities } from '../src/text/index.js';
import { fromHost, toArray } from '../src/tensor/create.js';
import { stratifiedFolds } from './support/folds.js';
import { denseRows, fitLogisticNewton, logisticAccuracy, standardizer } from './support/logistic.js';
import { meanStd } from './support/stats.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const epochList = arg('epochs', '5,20').split(',').map(Number);
const out = arg('out', 'out/sent2vec');
const tensorProbe = !process.argv.includes('--no-tensor-probe');
const folds = 10, dim = 100;
mkdirSync(out, { recursive: true });
const started = performance.now();

const loaded = loadMr();
if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
const mr = loaded.right;
const tokens = mr.sentences.map((s) => s.text.split(' '));
const vocab = buildVocabulary(tokens, { minCount: 5 });
const sentences = tokens.map((t) => vocab.encode(t));
const labels = Int32Array.from(mr.sentences, (s) => s.label);
const y = Uint8Array.from(labels);
const foldOf = stratifiedFolds(labels, 2, folds, key(11));
console.log(`MR: ${sentences.length} sentences, ${vocab.words.length} words (min count 5), ${vocab.total} tokens kept, ${sentences.filter((s) => s.length === 0).length} sentences left empty`);

/** 10-fold accuracies of the host logistic probe on rows of x `[N, dim]`. */
const probe = (x: Float32Array): number[] => Array.from({ length: folds }, (_, f) => {
  const train: number[] = [], test: number[] = [];
  foldOf.forEach((g, i) => (g === f ? test : train).push(i));
  const st = standardizer(x, dim, train);
  const m = fitLogisticNewton(denseRows(x, dim, train, st), Uint8Array.from(train, (i) => y[i]));
  return logisticAccuracy(m, denseRows(x, dim, test, st), Uint8Array.from(test, (i) => y[i]));
});

/** Mean of the rows of each sentence's words (zeros for an empty one). */
const averaged = (wordRows: Float32Array): Float32Array => {
  const xs = new Float32Array(sentences.length * dim);
  sentences.forEach((s, i) => {
    for (const w of s) for (let q = 0; q < dim; q++) xs[i * dim + q] += wordRows[w * dim + q];
    if (s.length) for (let q = 0; q < dim; q++) xs[i * dim + q] /= s.length;
  });
  return xs;
};

const rows: string[] = [];
const json: Record<string, unknown> = {};
const record = (name: string, x: Float32Array, trainSeconds: number, file: string): number[] => {
  const t0 = performance.now();
  const accs = probe(x);
  const s = meanStd(accs);
  const probeSeconds = (performance.now() - t0) / 1000;
  rows.push(`| ${name} | ${(100 * s.mean).toFixed(1)} ± ${(100 * s.std).toFixed(1)} | ${trainSeconds.toFixed(0)} s | ${probeSeconds.toFixed(0)} s |`);
  json[name] = { accuracy: s, folds: accs, trainSeconds, probeSeconds };
  console.log(rows[rows.length - 1]);
  writeFileSync(join(out, file), word2vecText(fromHost(x, [sentences.length, dim]), sentences.map((_, i) => `s${i}`)));
  return accs;
};

const base = { dim, counts: vocab.counts, vocabSize: vocab.words.length, key: key(1), progressEvery: 1_000_000 };
let crossCheck: { host: number; tensor: number; seconds: number } | undefined;
for (const epochs of epochList) {
  const m = trainSent2vec(sentences, { ...base, epochs, onProgress: (p) => console.log(`  sent2vec epoch ${p.epoch}: loss ${p.loss.toFixed(3)}, lr ${p.alpha.toFixed(3)}, ${Math.round(p.wordsPerSecond)} tokens/s`) });
  const x = toArray(sentenceVectors(m, sentences));
  console.log(`  sent2vec ${epochs} epochs: ${m.targets} targets, ${m.ngramRows} bigram rows, ${m.seconds.toFixed(0)} s`);
  const accs = record(`sent2vec uni+bigrams, ${epochs} epochs`, x, m.seconds, `sentences-sent2vec-${epochs}.txt`);
  if (tensorProbe && crossCheck === undefined) {
    const t0 = performance.now();
    const train: number[] = [], test: number[] = [];
    foldOf.forEach((g, i) => (g === 0 ? test : train).push(i));
    const xt = fromHost(x, [sentences.length, dim]);
    const at = (ids: number[]) => gather(xt, tensor(ids, [ids.length]));
    const p = fitLinearProbe(at(train), Int32Array.from(train, (i) => labels[i]), 2);
    crossCheck = { host: accs[0], tensor: p.accuracy(at(test), Int32Array.from(test, (i) => labels[i])), seconds: (performance.now() - t0) / 1000 };
    console.log(`  fold 0 cross-check: host probe ${crossCheck.host.toFixed(3)}, fitLinearProbe ${crossCheck.tensor.toFixed(3)} (${crossCheck.seconds.toFixed(0)} s)`);
  }
}
for (const model of ['skipgram', 'cbow'] as const) {
  const w = trainWord2vec(sentences, { ...base, model, window: 5, negatives: 5, epochs: 5, keep: keepProbabilities(vocab.counts, 1e-3) });
  record(`averaged word2vec (${model === 'skipgram' ? 'skip-gram' : 'CBOW'}), 5 epochs`, averaged(toArray(w.input)), w.seconds, `sentences-word2vec-${model}.txt`);
}

const total = (performance.now() - started) / 1000;
const table = [
  `MR sentence vectors (trained on MR's own sentences, unsupervised), logistic-regression probe, ${folds}-fold stratified CV (fold key 11), accuracy % (mean ± std over folds). Peer: sent2vec on MR 61.9.`, '',
  '| vectors | accuracy | training | probe (10 folds) |', '|---|---|---|---|', ...rows, '',
  crossCheck ? `Fold 0 with the tensor probe fitLinearProbe (Adam, 500 steps): ${(100 * crossCheck.tensor).toFixed(1)} (host Newton probe: ${(100 * crossCheck.host).toFixed(1)}).` : '',
  `Total ${total.toFixed(0)} s.`,
].join('\n');
console.log(`\n${table}`);
writeFileSync(join(out, 'results.md'), `${table}\n`);
writeFileSync(join(out, 'results.json'), `${JSON.stringify({ ...json, crossCheck, seconds: total }, null, 2)}\n`);
