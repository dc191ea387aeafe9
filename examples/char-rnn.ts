// Character-level language model (Karpathy's char-rnn) on the Brown corpus: RNN, LSTM, GRU and
// peephole LSTM at (about) equal parameter counts, trained the same way; reports validation bits
// per character and prints samples at temperature 0.8.
//
//   npx tsx examples/char-rnn.ts [--steps 300] [--batch 32] [--seq 48] [--cells rnn,lstm,gru,peephole] [--out out/char-rnn]
import * as E from 'fp-ts/lib/Either.js';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { add, categorical, currentBackend, div, foldIn, gather, item, key, leaves, matmul, reshape, slice, split, tensor, toArray, valueAndGrad, type Tensor } from '../src/index.js';
import { uniformData } from '../src/random/index.js';
import { loadBrown } from '../src/data/index.js';
import * as nn from '../src/nn/index.js';
import { softmaxCrossEntropy } from '../src/losses/index.js';
import { adam, clipByGlobalNorm, cosineDecay } from '../src/optim/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const steps = Number(arg('steps', '300')), B = Number(arg('batch', '32')), T = Number(arg('seq', '48')), out = arg('out', 'out/char-rnn');
const cells = arg('cells', 'rnn,lstm,gru,peephole').split(',') as ('rnn' | 'lstm' | 'gru' | 'peephole')[];
mkdirSync(out, { recursive: true });

// Data: press and fiction genres for training, the humour genre (cr) held out for validation.
const corpus = loadBrown();
if (E.isLeft(corpus)) { console.error(corpus.left.message); process.exit(1); }
const trainText = corpus.right.filter((t) => t.category !== 'cr').map((t) => t.text).join('\n').slice(0, 1_500_000);
const valText = corpus.right.filter((t) => t.category === 'cr').map((t) => t.text).join('\n').slice(0, 24_000);
const vocab = [...new Set(trainText + valText)].sort();
const V = vocab.length, index = new Map(vocab.map((c, i) => [c, i]));
const encode = (s: string) => Int32Array.from(s, (c) => index.get(c)!);
const trainIds = encode(trainText), valIds = encode(valText);
console.log(`Brown corpus: ${trainIds.length} training characters, ${valIds.length} validation characters (genre cr), vocabulary ${V}; backend ${currentBackend()}`);

const EMB = 16;
const recurrentParams = (cell: string, H: number) => (cell === 'rnn' ? 1 : cell === 'gru' ? 3 : 4) * H * (EMB + H + 2) + (cell === 'peephole' ? 3 * H : 0);
const total = (cell: string, H: number) => V * EMB + recurrentParams(cell, H) + H * V + V;
const target = total('lstm', 96);
const hiddenFor = (cell: string) => { let H = 8; while (total(cell, H + 1) <= target) H++; return H; };

const makeRecurrent = (cell: string, H: number) => cell === 'rnn' ? nn.rnn(EMB, H) : cell === 'gru' ? nn.gru(EMB, H)
  : nn.lstm(EMB, H, { forgetBias: 1, ...(cell === 'peephole' ? { peephole: { gates: ['i', 'f', 'o'] as const } } : {}) });

/** A batch of windows: inputs ids [B, T] and next-character targets [B·T]. */
const windows = (ids: Int32Array, starts: number[]) => ({
  x: tensor(starts.flatMap((s) => Array.from(ids.subarray(s, s + T))), [starts.length, T]),
  y: tensor(starts.flatMap((s) => Array.from(ids.subarray(s + 1, s + T + 1))), [starts.length * T]),
});

const results: { cell: string; H: number; params: number; bpc: number; sample: string }[] = [];
for (const cell of cells) {
  const H = hiddenFor(cell);
  const rec = makeRecurrent(cell, H);
  const [k1, k2, k3] = split(key(0), 3);
  const init = { emb: nn.embedding(V, EMB).init(k1, [T]).params, rec: rec.init(k2, [T, EMB]).params, out: nn.dense(H, V).init(k3, [H]).params };
  const forward = (p: typeof init, x: Tensor): Tensor => {
    const e = gather(p.emb.weight as Tensor, x);
    const ys = rec.apply(p.rec, {}, e).y;
    const flat = reshape(ys, [x.shape[0] * x.shape[1], H]);
    return add(matmul(flat, p.out.weight as Tensor, { transposeB: true }), p.out.bias as Tensor);
  };
  const opt = adam({ lr: cosineDecay(0.003, steps) });
  let params = init, os = opt.init(params);
  const t0 = Date.now();
  for (let s = 0; s < steps; s++) {
    const offs = Array.from(uniformData(foldIn(key(1), s), B), (u) => Math.floor(u * (trainIds.length - T - 2)));
    const { x, y } = windows(trainIds, offs);
    const [loss, g] = valueAndGrad((p: typeof init) => softmaxCrossEntropy(forward(p, x), y))(params);
    const r = opt.step(params, clipByGlobalNorm(g, 1).grads, os);
    params = r.params; os = r.state;
    if ((s + 1) % Math.max(1, Math.floor(steps / 5)) === 0) console.log(`  ${cell} step ${s + 1}/${steps}: batch loss ${(item(loss) / Math.LN2).toFixed(3)} bits/char (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  // Validation bits per character over non-overlapping windows of the held-out genre.
  const starts = Array.from({ length: Math.floor((valIds.length - 1) / T) }, (_, i) => i * T);
  let ce = 0, n = 0;
  for (let i = 0; i < starts.length; i += 64) {
    const w = windows(valIds, starts.slice(i, i + 64));
    ce += item(softmaxCrossEntropy(forward(params, w.x), w.y, { reduction: 'sum' }));
    n += w.y.size;
  }
  const bpc = ce / n / Math.LN2;
  // Sampling at temperature 0.8: feed the model its own characters.
  let text = 'The ';
  for (let i = 0; i < 160; i++) {
    const ctx = encode(text.slice(-T));
    const logits = forward(params, tensor(Array.from(ctx), [1, ctx.length]));
    const last = slice(logits, [ctx.length - 1, 0], [1, V]);
    text += vocab[toArray(categorical(foldIn(key(2), i), div(last, 0.8)))[0]];
  }
  const count = leaves(params).reduce((a, l) => a + l.value.size, 0);
  results.push({ cell, H, params: count, bpc, sample: text });
  console.log(`${cell}: hidden ${H}, ${count} parameters, validation ${bpc.toFixed(3)} bits/char (${((Date.now() - t0) / 1000).toFixed(0)} s)\n  sample: ${JSON.stringify(text)}`);
}
const table = [`char-rnn on Brown (${steps} steps, batch ${B}, ${T}-character windows, Adam 0.003 cosine, backend ${currentBackend()}):`, '', '| cell | hidden | parameters | validation bits/char |', '| --- | ---: | ---: | ---: |',
  ...results.map((r) => `| ${r.cell} | ${r.H} | ${r.params} | ${r.bpc.toFixed(3)} |`)].join('\n');
writeFileSync(join(out, 'results.md'), `${table}\n\n${results.map((r) => `${r.cell}: ${r.sample}`).join('\n\n')}\n`);
console.log(`\n${table}`);
