// Embedding trainers' throughput on one corpus, side by side in one run: Brown's sentences (tags
// stripped, lower-cased, min count 5, t = 1e-3), d 100, window 5, 5 negatives, one epoch each of
// word2vec skip-gram and CBOW, fastText CBOW (the per-pair host engine), and the minibatch
// tensor-op skip-gram (`trainSkipGram`, row-sparse gradients through valueAndGrad) on a share of
// the same pairs. Reports raw words/s and pairs/s, and each as a ratio to gensim Word2Vec's
// 370,926 raw words/s with 2 workers, measured here on the same tokens (bench/embedding-peers.ts runs it beside).
//   npx tsx bench/embeddings.ts [--share 0.01]    (the tensor-op trainer's share of a pass)
import * as E from 'fp-ts/lib/Either.js';
import { currentBackend, key } from '../src/index.js';
import { trainFastText, trainSkipGram, trainWord2vec } from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities, loadBrownSentences, subsampleAll, tokenize } from '../src/text/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const share = Number(arg('share', '0.01'));
const GENSIM = 370_926;
const loaded = loadBrownSentences();
if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
const sentences = loaded.right.flatMap((d) => d.sentences.map((s) => s.words.flatMap((w) => tokenize(w))));
const vocab = buildVocabulary(sentences, { minCount: 5 });
const sequences = sentences.map((s) => vocab.encode(s));
const keep = keepProbabilities(vocab.counts, 1e-3);
const tokens = sequences.reduce((a, s) => a + s.length, 0);
const base = { dim: 100, window: 5, negatives: 5, epochs: 1, keep, counts: vocab.counts, vocabSize: vocab.words.length, key: key(1) };
const rows: string[] = [];
const row = (name: string, words: number, pairs: number, seconds: number) => {
  const wps = words / seconds;
  rows.push(`| ${name} | ${Math.round(wps).toLocaleString('en-US')} | ${Number.isFinite(pairs) ? Math.round(pairs / seconds).toLocaleString('en-US') : '—'} | ×${(wps / GENSIM).toFixed(3)} |`);
  console.log(rows[rows.length - 1]);
};
console.log(`Brown: ${tokens.toLocaleString('en-US')} in-vocabulary tokens, ${vocab.words.length.toLocaleString('en-US')} words; backend ${currentBackend()} (tensor-op trainer only)`);
const sg = trainWord2vec(sequences, { ...base, model: 'skipgram' });
row('trainWord2vec skip-gram (host, per pair)', sg.words, sg.pairs, sg.seconds);
const cbow = trainWord2vec(sequences, { ...base, model: 'cbow' });
row('trainWord2vec CBOW (host, per centre)', cbow.words, cbow.pairs, cbow.seconds);
const { vocabSize: _v, ...ftBase } = base;
const ft = trainFastText(sequences, vocab.words, { ...ftBase, model: 'cbow' });
row('trainFastText CBOW, n-grams 3–6 (host)', tokens, NaN, ft.seconds);
// The tensor-op trainer has no subsampling of its own: give it the subsampled sentences.
const t0 = performance.now();
const mb = trainSkipGram(subsampleAll(sequences, keep, key(2)), { dim: 100, window: 5, negatives: 5, epochs: share, batchSize: 4096, vocabSize: vocab.words.length, key: key(3) });
const seconds = (performance.now() - t0) / 1000;
row(`trainSkipGram minibatch 4,096, row-sparse (${share} of a pass)`, tokens * share, mb.pairs, seconds);
console.log(`\n| trainer | raw words/s | updates/s | of gensim's 371k |\n|---|---:|---:|---:|\n${rows.join('\n')}`);
