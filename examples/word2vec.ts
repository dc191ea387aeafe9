// word2vec (Mikolov et al. 2013) on the Brown corpus, with the settings the peers' runs used:
// Brown's sentences as the corpus gives them, tags stripped, words lower-cased by `tokenize`;
// vocabulary min count 5; frequent-word subsampling t = 1e-3; skip-gram (or CBOW) with d 100,
// window 5, 5 negatives, 10 epochs, learning rate 0.025 → 0 (0.05 for CBOW). The vectors are judged
// by WordSim-353 (Spearman ρ, as gensim's evaluate_word_pairs) and by part-of-speech agreement of
// nearest neighbours (each word's share of its 10 nearest words with its own majority Brown tag),
// then queried (neighbours, analogies) and pictured (PCA of five word groups).
//
// Writes out/word2vec/vectors.txt (word2vec text format), out/word2vec/results.md and
// docs/word2vec-pca.png. The trainer is single-threaded plain JS: 10 epochs take minutes.
//
//   npx tsx examples/word2vec.ts [--epochs 10] [--model skipgram|cbow] [--quick]   (--quick: 1 epoch)
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { key } from '../src/index.js';
import { loadWordSim353 } from '../src/data/index.js';
import {
  analogy, evaluateWordPairs, indexOf, majorityTags, nearestNeighbours, pca2, posAgreement, saveWordVectors, trainWord2vec, vectorsProblemText, wordVectors,
  type AnalogyMethod, type WordVectors,
} from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities, loadBrownSentences, tokenize } from '../src/text/index.js';
import { PALETTE, PALETTE_NAMES, writePng } from '../src/viz/index.js';
import { scatterPanels, type Point } from './support/scatter.js';

// annotated, so that TypeScript narrows after a call (an Either's Left, a bad flag)
const fail: (message: string) => never = (message) => { console.error(message); process.exit(1); };
const arg = (name: string): string | undefined => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
const quick = process.argv.includes('--quick');
const epochs = Number(arg('epochs') ?? (quick ? '1' : '10'));
if (!Number.isSafeInteger(epochs) || epochs < 1) fail(`--epochs must be an integer ≥ 1, got ${arg('epochs')}`);
const modelArg = arg('model') ?? 'skipgram';
const model = modelArg === 'cbow' ? 'cbow' : modelArg === 'skipgram' ? 'skipgram' : fail(`--model must be skipgram or cbow, got ${modelArg}`);
const out = 'out/word2vec', picture = 'docs/word2vec-pca.png';
const SETTINGS = { dim: 100, window: 5, negatives: 5, minCount: 5, sample: 1e-3, k: 10 };
/** gensim 4.2 Word2Vec's throughput on these tokens here (2 workers, raw words per second; bench/embedding-peers.ts runs it beside). */
const GENSIM_WORDS_PER_SECOND = 370_926;
const int = (v: number) => Math.round(v).toLocaleString('en-US');
const tStart = Date.now();

// ---------- corpus ----------
const loaded = loadBrownSentences();
if (E.isLeft(loaded)) fail(loaded.left.message);
const docs = loaded.right;
const sentences = docs.flatMap((d) => d.sentences.map((s) => s.words.flatMap((w) => tokenize(w))));
const vocab = buildVocabulary(sentences, { minCount: SETTINGS.minCount });
const sequences = sentences.map((s) => vocab.encode(s));
const rawTokens = sentences.reduce((a, s) => a + s.length, 0);
console.log(`Brown: ${docs.length} texts, ${int(sentences.length)} sentences, ${int(rawTokens)} tokens; vocabulary (count ≥ ${SETTINGS.minCount}) ${int(vocab.words.length)} words covering ${int(vocab.total)} tokens`);
console.log(`word2vec ${model}: d ${SETTINGS.dim}, window ${SETTINGS.window}, ${SETTINGS.negatives} negatives, subsampling t = ${SETTINGS.sample}, ${epochs} epoch${epochs > 1 ? 's' : ''}`);

// ---------- training ----------
const trained = trainWord2vec(sequences, {
  dim: SETTINGS.dim, model, window: SETTINGS.window, negatives: SETTINGS.negatives, epochs,
  keep: keepProbabilities(vocab.counts, SETTINGS.sample), counts: vocab.counts, vocabSize: vocab.words.length,
  key: key(2013), progressEvery: 250_000,
  onProgress: (p) => console.log(`  epoch ${p.epoch}/${epochs}  ${(100 * p.words / p.totalWords).toFixed(1).padStart(5)}%  ${int(p.words).padStart(10)} words  loss ${p.loss.toFixed(4)}  alpha ${p.alpha.toFixed(5)}  ${int(p.wordsPerSecond)} words/s`),
});
const wordsPerSecond = trained.words / trained.seconds;
console.log(`trained ${int(trained.pairs)} pairs on ${int(trained.words)} words in ${trained.seconds.toFixed(1)} s: ${int(wordsPerSecond)} words/s`);
const wv = wordVectors(vocab.words, trained.input);

// ---------- evaluation ----------
const wordsim = loadWordSim353();
if (E.isLeft(wordsim)) fail(wordsim.left.message);
const ws = evaluateWordPairs(wv, wordsim.right);
const tPos = Date.now();
const tagOf = majorityTags(docs, (w) => tokenize(w), { coarse: true });
const pos = posAgreement(wv, tagOf, { k: SETTINGS.k }); // every vocabulary word with a tag: ~14k × 14k cosines, seconds
const posSeconds = (Date.now() - tPos) / 1000;
const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
const scores = [
  `Brown, word2vec ${model}, ${epochs} epoch${epochs > 1 ? 's' : ''} (peers: 10), d ${SETTINGS.dim}, window ${SETTINGS.window}, ${SETTINGS.negatives} negatives, min count ${SETTINGS.minCount}, t = ${SETTINGS.sample}:`, '',
  '| implementation | WS-353 Spearman ρ (OOV pairs) | POS agreement, k = 10 (majority baseline) | raw words/s |', '| --- | ---: | ---: | ---: |',
  `| nn-ts trainWord2vec | ${ws.spearman.toFixed(3)} (${pct(ws.oovShare)}, ${ws.pairsUsed} pairs used) | ${pct(pos.agreement)} (${pct(pos.majorityBaseline)}) | ${int(wordsPerSecond)} |`,
  '| word2vec C (peer) | 0.335 | not measured | — |',
  `| gensim 4.2 (peer, run here) | 0.321 | not measured | ${int(GENSIM_WORDS_PER_SECOND)} |`, '',
  `POS agreement over the ${int(pos.words)} vocabulary words with a Brown tag (each word's most frequent universal tag); random neighbours would agree ${pct(pos.randomBaseline)}; ${posSeconds.toFixed(1)} s. Per tag: ${[...pos.perTag].map(([t, a]) => `${t} ${pct(a.agreement)} (${int(a.words)})`).join(', ')}.`,
  `Throughput: ${int(wordsPerSecond)} words/s (in-vocabulary tokens before subsampling, one thread, WebAssembly SIMD step), gensim's ${int(GENSIM_WORDS_PER_SECOND)} is ${(GENSIM_WORDS_PER_SECOND / wordsPerSecond).toFixed(1)}× that (nn-ts at ${(100 * wordsPerSecond / GENSIM_WORDS_PER_SECOND).toFixed(1)}% of gensim).`,
].join('\n');
console.log(`\n${scores}`);

// ---------- queries ----------
const PROBES = ['king', 'money', 'church', 'war', 'city', 'water', 'good', 'said', 'president', 'music'];
const countOf = (w: string) => vocab.counts[vocab.idOf(w) ?? -1] ?? 0;
const neighbours = [
  'Nearest neighbours (cosine):', '',
  '| word | count | 8 nearest |', '| --- | ---: | --- |',
  ...PROBES.filter((w) => indexOf(wv, w) >= 0).map((w) => `| ${w} | ${countOf(w)} | ${nearestNeighbours(wv, w, 8).map((n) => `${n.word} ${n.similarity.toFixed(2)}`).join(', ')} |`),
].join('\n');
console.log(`\n${neighbours}`);
const ANALOGIES: readonly (readonly [string, string, string, string])[] = [['man', 'king', 'woman', 'queen'], ['go', 'went', 'come', 'came'], ['france', 'paris', 'england', 'london']];
const METHODS: readonly AnalogyMethod[] = ['3CosAdd', '3CosMul'];
const analogies = [
  'Analogies a : b :: c : ? (top 3; ✓ where the expected word is first):', '',
  `| a : b :: c : expected | ${METHODS.join(' | ')} |`, '| --- | --- | --- |',
  ...ANALOGIES.filter((q) => q.every((w) => indexOf(wv, w) >= 0)).map(([a, b, c, want]) => `| ${a} : ${b} :: ${c} : ${want} | ${METHODS.map((method) => {
    const answers = analogy(wv, a, b, c, { method, k: 3 });
    return `${answers[0]?.word === want ? '✓ ' : ''}${answers.map((x) => `${x.word} ${x.score.toFixed(3)}`).join(', ')}`;
  }).join(' | ')} |`),
].join('\n');
console.log(`\n${analogies}`);

// ---------- files ----------
const vectorsFile = join(out, 'vectors.txt');
const saved = saveWordVectors(vectorsFile, wv, 'text');
if (E.isLeft(saved)) fail(vectorsProblemText(saved.left));

const GROUPS: readonly (readonly [string, readonly string[]])[] = [
  ['numbers', ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']],
  ['days and months', ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'april', 'july', 'october']],
  ['family', ['mother', 'father', 'son', 'daughter', 'brother', 'sister', 'wife', 'husband', 'uncle', 'aunt']],
  ['colours', ['red', 'blue', 'green', 'white', 'black', 'yellow', 'brown', 'gray']],
  ['verbs of saying', ['said', 'says', 'told', 'asked', 'replied', 'answered', 'explained', 'added']],
];
/** The group words in the vocabulary, as unit rows (cosine geometry), projected on their own first two principal components. */
const pictured = (vectors: WordVectors) => {
  const items = GROUPS.flatMap(([, ws], g) => ws.flatMap((w) => { const i = indexOf(vectors, w); return i >= 0 ? [{ w, g, i }] : []; }));
  const d = vectors.dim;
  const rows = new Float32Array(items.length * d);
  items.forEach(({ i }, r) => {
    const row = vectors.vectors.subarray(i * d, (i + 1) * d);
    const size = Math.hypot(...row) || 1;
    for (let q = 0; q < d; q++) rows[r * d + q] = row[q] / size;
  });
  const xy = pca2(rows, items.length, d);
  return items.map(({ w, g }, r): Point => ({ x: xy[2 * r], y: xy[2 * r + 1], rgb: PALETTE[g], label: w.toUpperCase() }));
};
const points = pictured(wv);
writePng(picture, scatterPanels([{ label: `WORD2VEC ${model.toUpperCase()} ON BROWN - ${epochs} EPOCH${epochs > 1 ? 'S' : ''} - PCA OF ${points.length} WORDS`, points }], 760));
const legend = `${picture}: the ${points.length} words of five groups (unit vectors) on their first two principal components; ${GROUPS.map(([name], g) => `${PALETTE_NAMES[g]} ${name}`).join(', ')}.`;
mkdirSync(out, { recursive: true });
const summary = `${scores}\n\n${neighbours}\n\n${analogies}\n\n${legend}\nVectors: ${vectorsFile} (word2vec text format).\n\n\`${['npx tsx examples/word2vec.ts', ...process.argv.slice(2)].join(' ')}\`; whole run ${((Date.now() - tStart) / 1000).toFixed(0)} s.\n`;
writeFileSync(join(out, 'results.md'), summary);
console.log(`\n${legend}\nVectors: ${vectorsFile}; summary: ${join(out, 'results.md')}; whole run ${((Date.now() - tStart) / 1000).toFixed(0)} s.`);
