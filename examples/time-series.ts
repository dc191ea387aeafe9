// Forecasting a noisy multi-seasonal series (hourly data: daily and weekly cycles, a trend, a
// drifting level, noise) 24 hours ahead with a GRU, against the naive seasonal forecasts (same hour
// yesterday, same hour last week) by mean absolute error on the last weeks, never seen in training.
//
//   npx tsx examples/time-series.ts [--steps 600] [--input 48] [--hidden 48] [--out out/time-series]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, gather, item, key, mean, split, square, sub, tensor, toArray, valueAndGrad, type Tensor } from '../src/index.js';
import { forecastWindows, seasonalNaive, seasonalSeries } from '../src/data/index.js';
import { uniformData } from '../src/random/index.js';
import * as nn from '../src/nn/index.js';
import { adam, clipByGlobalNorm, cosineDecay } from '../src/optim/index.js';
import { lineChart, writePng } from '../src/viz/index.js';

const arg = (name: string, dflt: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const steps = Number(arg('steps', '600')), input = Number(arg('input', '48')), hidden = Number(arg('hidden', '48')), out = arg('out', 'out/time-series');
const horizon = 24, noise = 0.5, weeks = 20, testWeeks = 4;
mkdirSync(out, { recursive: true });

// Twenty weeks of hourly data; the last four are the test period (chronological split, no leakage:
// the scale comes from the training part and no training target lies in the test period).
const series = seasonalSeries(key(0), { length: 168 * weeks, periods: [24, 168], amplitudes: [3, 2], noise });
const cut = 168 * (weeks - testWeeks);
const train = series.subarray(0, cut);
const mu = train.reduce((a, v) => a + v, 0) / cut;
const scale = Math.sqrt(train.reduce((a, v) => a + (v - mu) ** 2, 0) / cut);
// The calendar (hour of day, hour of week) is known in advance: it enters as sin/cos features.
const win = { input, horizon, calendar: [24, 168], scale } as const;
const trainSet = forecastWindows(series, { ...win, start: input, end: cut - horizon + 1 });
const testSet = forecastWindows(series, { ...win, start: cut, end: series.length - horizon + 1, stride: 4 });
const F = trainSet.x.shape[2];
console.log(`series: ${series.length} hourly steps (periods 24 and 168, noise σ ${noise}); ${trainSet.origins.length} training windows, ${testSet.origins.length} test forecasts of ${horizon} h from ${input} h of history; backend ${currentBackend()}`);

const model = nn.sequential(nn.gru(F, hidden, { returnSequences: false }), nn.dense(hidden, horizon));
const { params: init, state } = model.init(key(1), [input, F]);
const predict = (p: typeof init, x: Tensor) => model.apply(p, state, x).y;
const opt = adam({ lr: cosineDecay(0.005, steps) });
let params = init, os = opt.init(params);
const t0 = Date.now(), B = 64, keys = split(key(2), steps);
for (let s = 0; s < steps; s++) {
  const rows = tensor(Array.from(uniformData(keys[s], B), (u) => Math.floor(u * trainSet.origins.length)), [B]);
  const x = gather(trainSet.x, rows), y = gather(trainSet.y, rows);
  const [loss, g] = valueAndGrad((p: typeof init) => mean(square(sub(predict(p, x), y))))(params);
  const r = opt.step(params, clipByGlobalNorm(g, 1).grads, os);
  params = r.params; os = r.state;
  if ((s + 1) % Math.max(1, Math.floor(steps / 8)) === 0) console.log(`  step ${s + 1}/${steps}: training MSE ${item(loss).toFixed(4)} (scaled units, ${((Date.now() - t0) / 1000).toFixed(0)} s)`);
}

// Mean absolute errors on the test period, in the series' own units.
const pred = toArray(predict(params, testSet.x));
const mae = (f: (i: number, h: number) => number) => {
  let e = 0;
  testSet.origins.forEach((o, i) => { for (let h = 0; h < horizon; h++) e += Math.abs(f(i, h) - series[o + h]); });
  return e / (testSet.origins.length * horizon);
};
const naive = (P: number) => testSet.origins.map((o) => seasonalNaive(series, P, o, horizon));
const n24 = naive(24), n168 = naive(168);
const rows = [
  { name: `GRU (hidden ${hidden}, ${input} h of history)`, mae: mae((i, h) => testSet.anchors[i] + scale * pred[i * horizon + h]) },
  { name: 'seasonal naive, same hour yesterday', mae: mae((i, h) => n24[i][h]) },
  { name: 'seasonal naive, same hour last week', mae: mae((i, h) => n168[i][h]) },
  { name: 'last value (persistence)', mae: mae((i) => testSet.anchors[i]) },
  { name: 'noise floor E|ε| = σ√(2/π) (the true pattern known)', mae: noise * Math.sqrt(2 / Math.PI) },
];
const bestNaive = Math.min(rows[1].mae, rows[2].mae);
const table = [`24-hour forecasts over the last ${testWeeks} weeks (${testSet.origins.length} origins 4 h apart, ${steps} Adam steps, backend ${currentBackend()}): mean absolute error`, '',
  '| forecast | test MAE |', '| --- | ---: |', ...rows.map((r) => `| ${r.name} | ${r.mae.toFixed(3)} |`), '',
  `The GRU's error is ${Math.abs((1 - rows[0].mae / bestNaive) * 100).toFixed(1)}% ${rows[0].mae < bestNaive ? 'below' : 'above'} the better naive seasonal forecast's.`].join('\n');
writeFileSync(join(out, 'results.md'), `${table}\n`);
console.log(`\n${table}`);

// One test forecast: the history and what followed (blue), the GRU (red), same hour last week (green).
const i = Math.floor(testSet.origins.length / 2), o = testSet.origins[i];
const truth = Array.from(series.subarray(o - 72, o + horizon));
const gap = (vals: ArrayLike<number>) => [...Array(72).fill(NaN), ...Array.from(vals)];
writePng(join(out, 'forecast.png'), lineChart([
  { name: 'series', values: truth },
  { name: 'GRU', values: gap(Array.from({ length: horizon }, (_, h) => testSet.anchors[i] + scale * pred[i * horizon + h])) },
  { name: 'naive 168', values: gap(n168[i]) },
]));
console.log(`wrote ${join(out, 'forecast.png')} (72 h of history, then the next ${horizon} h: series blue, GRU red, same hour last week green) and ${join(out, 'results.md')}`);
