// Paragraph vectors beside gensim's Doc2Vec, in one run on Brown's 500 texts (the tokens of
// examples/doc2vec.ts, written once to out/doc2vec-peers/brown-texts.txt, a text a line): d 100,
// window 5, 5 negatives, min count 5, t = 1e-3, `--epochs` passes. Every model's document vectors
// are scored by the same genre probe (logistic regression, the same 5 stratified folds).
// PV-DM comes in both input rules: the mean of the document and context vectors (each getting the
// whole error) and their sum (the error shared out); gensim 4.2's Doc2Vec() uses the mean whatever
// dm_mean says (see bench/peers/gensim_doc2vec.py), its sum needs cbow_mean=0.
//   apt-get install python3-gensim
//   npx tsx bench/doc2vec-peers.ts [--epochs 10] [--threads 2] [--seeds 3]
// With --seeds n each model trains n times (nn-ts keys 1 … n, gensim seeds 1 … n); the table gives
// each run's 5-fold mean and their mean over the runs.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { key, tensor, type Tensor } from '../src/index.js';
import { readWord2vecText, trainDoc2vec, vectorsProblemText, type Doc2vecMode } from '../src/embeddings/index.js';
import { keepProbabilities } from '../src/text/index.js';
import { brownGenres, genreAccuracies } from '../examples/support/brown-genres.js';
import { meanStd } from '../examples/support/stats.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const epochs = Number(arg('epochs', '10')), threads = Number(arg('threads', '2')), seeds = Number(arg('seeds', '1'));
const out = 'out/doc2vec-peers';
mkdirSync(out, { recursive: true });

const b = brownGenres(5);
const corpusFile = join(out, 'brown-texts.txt');
writeFileSync(corpusFile, `${b.tokens.map((t) => t.join(' ')).join('\n')}\n`);
const tokens = b.docs.reduce((a, d) => a + d.length, 0);
console.log(`Brown: ${b.texts.length} texts, ${b.genres.length} genres (majority ${(100 * b.majority).toFixed(1)}%), ${b.vocab.words.length} words (min count 5); ${epochs} epochs; gensim on ${threads} threads, nn-ts on 1`);

const rows: string[] = [];
/** One row: each run's 5-fold mean (± std over folds), and the mean ± std over runs. */
const row = (name: string, runs: readonly { readonly accs: number[]; readonly seconds: number }[]) => {
  const per = runs.map((r) => meanStd(r.accs)), over = meanStd(per.map((p) => p.mean));
  const seconds = runs.reduce((a, r) => a + r.seconds, 0) / runs.length;
  rows.push(`| ${name} | ${per.map((p) => `${p.mean.toFixed(3)} ± ${p.std.toFixed(3)}`).join('; ')} | ${over.mean.toFixed(3)} ± ${over.std.toFixed(3)} | ${seconds.toFixed(1)} s |`);
  console.log(rows[rows.length - 1]);
};

const base = { dim: 100, window: 5, negatives: 5, epochs, keep: keepProbabilities(b.vocab.counts, 1e-3), counts: b.vocab.counts, vocabSize: b.vocab.words.length };
const runs: readonly { name: string; mode: Doc2vecMode; dmMean: boolean; gensim: string }[] = [
  { name: 'PV-DM, mean of the inputs', mode: 'dm', dmMean: true, gensim: 'dm' },
  { name: 'PV-DM, sum of the inputs', mode: 'dm', dmMean: false, gensim: 'dm-sum' },
  { name: 'PV-DBOW', mode: 'dbow', dmMean: false, gensim: 'dbow' },
];
const seedList = Array.from({ length: seeds }, (_, i) => i + 1);
/** gensim's document vectors for one seed, in text order, and its training time; undefined (said) when gensim is missing or fails. */
const gensimRun = (mode: string, seed: number): { vectors: Tensor; seconds: number } | undefined => {
  const file = join(out, `gensim-${mode}-${seed}.txt`);
  if (!existsSync('/usr/bin/python3')) { console.log('  gensim: /usr/bin/python3 not found (apt-get install python3-gensim); left out'); return undefined; }
  try {
    const printed = execFileSync('/usr/bin/python3', ['bench/peers/gensim_doc2vec.py', corpusFile, mode, String(epochs), String(threads), file, String(seed)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const info: unknown = JSON.parse(printed.trim().split('\n').pop() ?? '{}');
    const seconds = typeof info === 'object' && info !== null && 'seconds' in info && typeof info.seconds === 'number' ? info.seconds : NaN;
    const v = readWord2vecText(readFileSync(file, 'utf8'));
    if (E.isLeft(v)) throw new Error(`${file}: ${vectorsProblemText(v.left)}`);
    // row named i is text i's vector, whatever order the file lists them in
    const { words, vectors, dim } = v.right, rowOf = new Map(words.map((w, i) => [Number(w), i]));
    const ordered = new Float32Array(b.texts.length * dim);
    b.texts.forEach((_, i) => { const at = rowOf.get(i); if (at === undefined) throw new Error(`${file}: no row for text ${i}`); ordered.set(vectors.subarray(at * dim, (at + 1) * dim), i * dim); });
    return { vectors: tensor(ordered, [b.texts.length, dim]), seconds };
  } catch (e) { console.log(`  gensim failed: ${String(e).slice(0, 300)}`); return undefined; }
};
for (const r of runs) {
  row(`${r.name}: nn-ts trainDoc2vec`, seedList.map((s) => {
    const m = trainDoc2vec(b.docs, { ...base, key: key(s), mode: r.mode, dmMean: r.dmMean });
    return { accs: genreAccuracies(b, m.docs), seconds: m.seconds };
  }));
  const g = seedList.map((s) => gensimRun(r.gensim, s));
  if (g.every((x) => x !== undefined)) row(`${r.name}: gensim 4.2 Doc2Vec`, g.map((x) => ({ accs: genreAccuracies(b, x.vectors), seconds: x.seconds })));
}
const table = ['| model | genre accuracy, 5-fold (mean ± std over folds), each run | mean ± std over runs | training time (mean) |', '|---|---|---:|---:|', ...rows].join('\n');
console.log(`\n${table}\n\n(${tokens.toLocaleString('en-US')} tokens in the vocabulary)`);
writeFileSync(join(out, 'results.md'), `${table}\n`);
