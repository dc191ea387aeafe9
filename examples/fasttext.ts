// fastText subword vectors (Bojanowski et al. 2017) on the Brown corpus, beside word2vec on the same
// words: gensim FastText's defaults (CBOW, d 100, window 5, 5 negatives, n-grams 3–6; min count 5,
// subsampling 1e-3), `--epochs` passes (default 5, gensim's). Measured:
//  - WordSim-353 Spearman ρ on the pairs both words of which are in the vocabulary (as gensim), and
//    on all 353 pairs, which fastText can score since any word gets a vector from its n-grams;
//  - morphology: 200 frequent inflected forms (stem + s / ed / ing, both forms frequent) are held
//    out of the vocabulary (their occurrences dropped from training), and each held-out form's
//    n-gram vector must find its stem: the stem's rank among all vocabulary words by cosine, as
//    hits@10 and median rank (word2vec has no vector for them at all).
// Writes out/fasttext/vectors.vec (fastText's .vec), out/fasttext/results.md.
//
//   npx tsx examples/fasttext.ts [--epochs 5] [--model cbow|skipgram] [--out out/fasttext]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { key, toArray } from '../src/index.js';
import { loadWordSim353 } from '../src/data/index.js';
import { evaluateWordPairs, fastTextLookup, spearman, trainFastText, wordVectors, writeFastTextVec } from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities, loadBrownSentences, tokenize } from '../src/text/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const epochs = Number(arg('epochs', '5'));
const model = arg('model', 'cbow') === 'skipgram' ? 'skipgram' : 'cbow';
const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : 'out/fasttext';
mkdirSync(out, { recursive: true });
const int = (v: number) => Math.round(v).toLocaleString('en-US');

const loaded = loadBrownSentences();
if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
const sentences = loaded.right.flatMap((d) => d.sentences.map((s) => s.words.flatMap((w) => tokenize(w))));
const full = buildVocabulary(sentences, { minCount: 5 });
const countOf = (w: string) => { const i = full.idOf(w); return i === undefined ? 0 : full.counts[i]; };

// Held-out inflections: the most frequent forms stem+suffix whose stem is frequent too (≥ 20 each).
const heldOut: { form: string; stem: string }[] = [];
for (const w of full.words) {
  if (heldOut.length === 200) break;
  if (countOf(w) < 20) continue;
  for (const suffix of ['ing', 'ed', 's']) {
    if (!w.endsWith(suffix) || w.length < suffix.length + 3) continue;
    const stem = w.slice(0, -suffix.length);
    if (countOf(stem) >= 20 && !heldOut.some((h) => h.stem === stem || h.form === stem)) { heldOut.push({ form: w, stem }); break; }
  }
}
const held = new Set(heldOut.map((h) => h.form));
const trainSentences = sentences.map((s) => s.filter((w) => !held.has(w)));
const vocab = buildVocabulary(trainSentences, { minCount: 5 });
const sequences = trainSentences.map((s) => vocab.encode(s));
console.log(`Brown: ${int(sentences.length)} sentences; vocabulary ${int(vocab.words.length)} words after holding out ${heldOut.length} inflected forms (e.g. ${heldOut.slice(0, 6).map((h) => `${h.form}→${h.stem}`).join(', ')})`);
console.log(`fastText ${model}: d 100, window 5, 5 negatives, n-grams 3–6, 200,000 buckets, subsampling 1e-3, ${epochs} epochs`);

const m = trainFastText(sequences, vocab.words, {
  dim: 100, model, epochs, keep: keepProbabilities(vocab.counts, 1e-3), counts: vocab.counts, key: key(2017), progressEvery: 500_000,
  onProgress: (p) => console.log(`  epoch ${p.epoch}/${epochs} ${(100 * p.words / p.totalWords).toFixed(1).padStart(5)}%  loss ${p.loss.toFixed(4)}  alpha ${p.alpha.toFixed(5)}  ${int(p.wordsPerSecond)} words/s`),
});
console.log(`trained in ${m.seconds.toFixed(0)} s (${int(sequences.reduce((a, s) => a + s.length, 0) * epochs / m.seconds)} words/s)`);
const wv = wordVectors(vocab.words, m.wordVectors);
const lookup = fastTextLookup(m);

// ---------- WordSim-353 ----------
const ws = loadWordSim353();
if (E.isLeft(ws)) { console.error(ws.left.message); process.exit(1); }
const inVocab = evaluateWordPairs(wv, ws.right);
const cos = (a: Float32Array, b: Float32Array) => { let ab = 0, aa = 0, bb = 0; for (let i = 0; i < a.length; i++) { ab += a[i] * b[i]; aa += a[i] * a[i]; bb += b[i] * b[i]; } return aa && bb ? ab / Math.sqrt(aa * bb) : 0; };
const allPairs = spearman(ws.right.map((p) => cos(lookup(p.a.toLowerCase()), lookup(p.b.toLowerCase()))), ws.right.map((p) => p.score));

// ---------- morphology: held-out forms find their stems ----------
const rows = toArray(m.wordVectors), d = 100, V = vocab.words.length;
const norms = Float64Array.from({ length: V }, (_, i) => Math.hypot(...rows.subarray(i * d, i * d + d)) || 1);
const ranks = heldOut.map(({ form, stem }) => {
  const v = lookup(form), vn = Math.hypot(...v) || 1;
  const sims = Float64Array.from({ length: V }, (_, i) => { let s = 0; for (let q = 0; q < d; q++) s += v[q] * rows[i * d + q]; return s / (vn * norms[i]); });
  const target = sims[vocab.idOf(stem) ?? 0];
  return 1 + sims.reduce((n, s) => n + (s > target ? 1 : 0), 0);
});
const hits10 = ranks.filter((r) => r <= 10).length / ranks.length;
const median = [...ranks].sort((a, b) => a - b)[Math.floor(ranks.length / 2)];

const table = [
  '| measure | nn-ts fastText | peer |', '|---|---:|---:|',
  `| WS-353 ρ, in-vocabulary pairs (${inVocab.pairsUsed}; ${(100 * inVocab.oovShare).toFixed(1)}% OOV) | ${inVocab.spearman.toFixed(3)} | gensim FastText 0.310 (10 epochs) |`,
  `| WS-353 ρ, all 353 pairs (OOV words from n-grams) | ${allPairs.toFixed(3)} | word2vec: cannot score OOV pairs |`,
  `| held-out inflections: stem within the 10 nearest | ${(100 * hits10).toFixed(1)}% | word2vec: no vector (0%); random ${(1000 / V).toFixed(2)}% |`,
  `| held-out inflections: median rank of the stem (of ${int(V)}) | ${median} | |`,
].join('\n');
console.log(`\n${table}\n`);
for (const { form, stem } of heldOut.slice(0, 8)) console.log(`  ${form} (held out) → stem ${stem}: rank ${ranks[heldOut.findIndex((h) => h.form === form)]}`);
writeFileSync(join(out, 'vectors.vec'), writeFastTextVec(wv));
writeFileSync(join(out, 'results.md'), `${table}\n`);
