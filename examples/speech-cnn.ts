// Spoken-digit recognition on the Free Spoken Digit Dataset (FSDD: 3,000 recordings, 6 speakers,
// 8 kHz): a small CNN on log-mel spectrograms, beside a logistic-regression (softmax) baseline on
// the same features, under two protocols: the official split (takes 0–4 test) and
// leave-one-speaker-out (train on five speakers, test on every recording of the sixth; all six, mean).
//
// Features (nn-ts/signal, on the backend): each recording centred in 6,272 samples (0.78 s; longer
// ones keep their centre), peak normalised, framed 256 / hop 128 with a periodic Hann window,
// |DFT|² (256 points, 129 bins), 40 HTK-mel filters 0–4 kHz, log(· + 1e-4): 48 frames × 40 mel
// bins, each mel bin's mean over the utterance removed (cepstral mean normalisation), then
// standardised per utterance (its own mean and deviation). Augmentation for the CNN: one
// augmented copy of every recording (random time shift ±0.1 s, speed 0.9–1.1, white noise at
// 10–30 dB SNR), and at every step a random choice between the clean and the augmented copy, a
// shift of ±4 frames and SpecAugment masks (a time band ≤ 6 frames, a mel band ≤ 6 bins). Prints
// accuracy tables and confusion matrices, and writes docs/speech-spectrograms.png (examples,
// labelled) and docs/speech-filters.png (the first-layer filters).
//
//   npx tsx examples/speech-cnn.ts [--epochs 12] [--channels 16] [--batch 32] [--lr 0.003] [--seed 0] [--out out/speech-cnn] [--no-cache]
//                                  [--protocol all|official|loso] [--speakers theo,george] [--no-augment] [--no-cmn]
//                                  [--quick]   (3 epochs, official split and two held-out speakers: a smoke run)
import * as E from 'fp-ts/lib/Either.js';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { currentBackend, key, split, tensor, toArray, type Tensor } from '../src/index.js';
import { compose, randomShift, type Augmentation } from '../src/data/index.js';
import { uniformData } from '../src/random/index.js';
import { FSDD_SPEAKERS, fsddOfficialSplit, leaveOneSpeakerOut, loadFsdd, type FsddRecording, type FsddSpeaker, type FsddSplit } from '../src/data/fsdd.js';
import { softmaxCrossEntropy } from '../src/losses/index.js';
import { adam, cosineDecay } from '../src/optim/index.js';
import * as nn from '../src/nn/index.js';
import { fit, tensorDataset } from '../src/train/index.js';
import { blank, drawText, imageGrid, setPixel, writePng, type Image } from '../src/viz/index.js';
import { additiveNoise, frequencyMask, hannWindow, logMelSpectrogram, randomSpeed, randomTimeShift, timeMask } from '../src/signal/index.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : dflt;
};
const flag = (name: string) => process.argv.includes(`--${name}`);
const quick = flag('quick');
const epochs = Number(arg('epochs', quick ? '3' : '12')), batchSize = Number(arg('batch', '32')), lr = Number(arg('lr', '0.003'));
const channels = Number(arg('channels', '16'));
if (!Number.isInteger(channels) || channels < 1) { console.error(`--channels must be a positive integer, got ${arg('channels', '16')}`); process.exit(1); }
const cmn = !flag('no-cmn');
const seed = Number(arg('seed', '0')), out = arg('out', 'out/speech-cnn'), protocol = arg('protocol', 'all'), augment = !flag('no-augment');
const isSpeaker = (s: string): s is FsddSpeaker => FSDD_SPEAKERS.some((v) => v === s);
const speakerList = arg('speakers', quick ? 'theo,george' : FSDD_SPEAKERS.join(',')).split(',');
const heldOut = speakerList.filter(isSpeaker);
if (heldOut.length !== speakerList.length) { console.error(`--speakers: unknown speaker in ${speakerList.join(',')} (known: ${FSDD_SPEAKERS.join(', ')})`); process.exit(1); }

// ---------- data and features ----------

const data = loadFsdd();
if (E.isLeft(data)) { console.error(data.left.message); process.exit(1); }
const { recordings, sampleRate } = data.right;
console.log(`FSDD: ${recordings.length} recordings, ${FSDD_SPEAKERS.length} speakers, ${sampleRate} Hz; backend ${currentBackend()}`);

const SAMPLES = 6272, FRAME = 256, HOP = 128, MELS = 40, FRAMES = 1 + (SAMPLES - FRAME) / HOP, IMAGE = FRAMES * MELS;
const featureOptions = { sampleRate, frameLength: FRAME, hop: HOP, nfft: FRAME, window: hannWindow(FRAME), melBins: MELS, fMax: sampleRate / 2, epsilon: 1e-4 } as const;

/** A recording centred in SAMPLES samples (zero-padded, or its centre kept), scaled to peak 1. */
function fixedLength(r: FsddRecording): Float32Array {
  const out = new Float32Array(SAMPLES), s = r.samples;
  const from = Math.max(0, (s.length - SAMPLES) >> 1), to = Math.max(0, (SAMPLES - s.length) >> 1);
  const n = Math.min(SAMPLES, s.length);
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(s[from + i]));
  for (let i = 0; i < n; i++) out[to + i] = s[from + i] / (peak || 1);
  return out;
}

const waveforms = (rs: readonly FsddRecording[]): Tensor<[number, number]> => {
  const x = new Float32Array(rs.length * SAMPLES);
  rs.forEach((r, i) => x.set(fixedLength(r), i * SAMPLES));
  return tensor(x, [rs.length, SAMPLES]);
};

/** Standardised log-mel spectrograms of waveforms [B, N] (the STFT and mel matmuls on the backend), 250 at a time. */
function logMelImages(x: Tensor): Float32Array {
  const b = x.shape[0], all = new Float32Array(b * IMAGE), flat = toArray(x);
  for (let i = 0; i < b; i += 250) {
    const n = Math.min(250, b - i);
    all.set(toArray(logMelSpectrogram(tensor(flat.subarray(i * SAMPLES, (i + n) * SAMPLES), [n, SAMPLES]), featureOptions)), i * IMAGE);
  }
  // per-utterance standardisation: each spectrogram to mean 0, deviation 1 (removes level and channel offsets)
  for (let i = 0; i < b; i++) {
    const z = all.subarray(i * IMAGE, (i + 1) * IMAGE);
    // each mel bin's mean over the utterance's frames first (cepstral mean normalisation, off with --no-cmn:
    // removes the utterance's average spectral envelope, part of what differs between speakers and microphones)
    if (cmn)
      for (let m = 0; m < MELS; m++) {
        let mu = 0;
        for (let t = 0; t < FRAMES; t++) mu += z[t * MELS + m];
        mu /= FRAMES;
        for (let t = 0; t < FRAMES; t++) z[t * MELS + m] -= mu;
      }
    const mu = z.reduce((a, v) => a + v, 0) / IMAGE;
    const sd = Math.sqrt(z.reduce((a, v) => a + (v - mu) ** 2, 0) / IMAGE) || 1;
    for (let j = 0; j < IMAGE; j++) z[j] = (z[j] - mu) / sd;
  }
  return all;
}

// Waveform augmentation, drawn once per recording (an STFT of every training batch at every step
// would cost more than the CNN on a CPU): time shift ±0.1 s, speed 0.9–1.1, white noise 10–30 dB SNR.
const waveAugment = compose(
  (k, x) => randomTimeShift(k, x, { maxShift: 800 }),
  (k, x) => randomSpeed(k, x, { minRate: 0.9, maxRate: 1.1 }),
  (k, x) => additiveNoise(k, x, { snrDb: [10, 30] }),
);

// The features are a pure function of the data, the options above and the seed: cached under out/
// so the protocols can run in separate processes (--no-cache recomputes them).
const cacheFile = join(out, `features-${FRAMES}x${MELS}-seed${seed}${augment ? '-augmented' : ''}${cmn ? '-cmn' : ''}.f32`);
const tf = Date.now();
const cached = !flag('no-cache') && existsSync(cacheFile) ? new Float32Array(readFileSync(cacheFile).buffer.slice(0)) : undefined;
const features = cached?.length === (augment ? 2 : 1) * recordings.length * IMAGE ? cached : (() => {
  const clean = logMelImages(waveforms(recordings));
  const both = new Float32Array((augment ? 2 : 1) * clean.length);
  both.set(clean);
  if (augment) both.set(logMelImages(waveAugment(key(seed + 1000), waveforms(recordings))), clean.length);
  mkdirSync(out, { recursive: true });
  writeFileSync(cacheFile, new Uint8Array(both.buffer));
  return both;
})();
const clean = features.subarray(0, recordings.length * IMAGE), augmented = features.subarray(recordings.length * IMAGE);
console.log(`log-mel features (${FRAMES} frames × ${MELS} mel bins) of the ${recordings.length} recordings${augment ? ' and of one augmented copy of each' : ''}: ${features === cached ? `read from ${cacheFile}` : `computed in ${((Date.now() - tf) / 1000).toFixed(1)} s, saved to ${cacheFile}`}`);

const position = new Map(recordings.map((r, i) => [r, i]));
/** The spectrograms of `rs` from each of `copies`, as channels: [rs.length, copies.length, T, M]. */
const imagesOf = (rs: readonly FsddRecording[], copies: readonly Float32Array[]): Tensor => {
  const x = new Float32Array(rs.length * copies.length * IMAGE);
  rs.forEach((r, i) => copies.forEach((c, j) => {
    const at = position.get(r) ?? 0;
    x.set(c.subarray(at * IMAGE, (at + 1) * IMAGE), (i * copies.length + j) * IMAGE);
  }));
  return tensor(x, [rs.length, copies.length, FRAMES, MELS]);
};
const labels = (rs: readonly FsddRecording[]) => tensor(Float32Array.from(rs, (r) => r.digit), [rs.length]);

/**
 * Training-batch augmentation of [B, 2, T, M] (each recording's clean and augmented spectrograms):
 * one of the two per example, a time shift of up to ±4 frames, then SpecAugment (one time band of
 * ≤ 6 frames, one mel band of ≤ 6 bins, set to 0, the utterance mean).
 */
const specAugment: Augmentation = (k, x) => {
  const [kc, ks, kt, kf] = split(k, 4);
  const b = x.shape[0], src = toArray(x), pick = uniformData(kc, b), one = new Float32Array(b * IMAGE);
  for (let i = 0; i < b; i++) {
    const c = 2 * i + (pick[i] < 0.5 ? 0 : 1);
    one.set(src.subarray(c * IMAGE, (c + 1) * IMAGE), i * IMAGE);
  }
  const shifted = randomShift(ks, tensor(one, [b, 1, FRAMES, MELS]), { maxShift: [4, 0] });
  return frequencyMask(kf, timeMask(kt, shifted, { maxWidth: 6 }), { maxWidth: 6 });
};

// Small on purpose (C = 16: about 1.7 M multiply-adds per spectrogram; C = 8 a quarter of that), so
// both protocols train in minutes on a CPU.
const cnn = (c: number) => nn.sequential(
  nn.conv2d(1, c, 3, { padding: 1 }), nn.batchNorm(c), nn.relu(), nn.maxPool2d({ size: 2 }),                       // C × 24 × 20
  nn.conv2d(c, 2 * c, 3, { padding: 1, stride: 2 }), nn.batchNorm(2 * c), nn.relu(), nn.maxPool2d({ size: 2 }),   // 2C × 6 × 5
  nn.conv2d(2 * c, 4 * c, 3, { padding: 1 }), nn.batchNorm(4 * c), nn.relu(),                                      // 4C × 6 × 5
  nn.flatten(), nn.dropout(0.3), nn.dense(4 * c * 6 * 5, 10),
);

// ---------- training and evaluation ----------

interface Outcome { readonly accuracy: number; readonly confusion: number[][]; readonly seconds: number }

function confusion(logits: Tensor, rs: readonly FsddRecording[]): number[][] {
  const p = toArray(logits), cm = Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
  rs.forEach((r, i) => {
    let best = 0;
    for (let c = 1; c < 10; c++) if (p[i * 10 + c] > p[i * 10 + best]) best = c;
    cm[r.digit][best]++;
  });
  return cm;
}
const correctOf = (cm: number[][]) => cm.reduce((a, row, i) => a + row[i], 0);

function trainCnn(name: string, s: FsddSplit, k: ReturnType<typeof key>): Outcome & { firstLayer: Float32Array } {
  const model = cnn(channels);
  const t0 = Date.now();
  const steps = epochs * Math.ceil(s.train.length / batchSize);
  const result = fit({
    model, loss: (logits, y) => softmaxCrossEntropy(logits, y),
    optimizer: adam({ lr: cosineDecay(lr, steps) }),
    train: tensorDataset(imagesOf(s.train, augment ? [clean, augmented] : [clean]), labels(s.train)),
    inputShape: [1, FRAMES, MELS], epochs, batchSize, key: k, progress: false,
    ...(augment ? { augment: specAugment } : {}),
    onEpoch: (r) => console.log(`  [${name}] epoch ${r.epoch}: train loss ${r.trainLoss.toFixed(4)} (${r.seconds.toFixed(1)} s)`),
  });
  const { params, state } = result.train;
  const cm = confusion(model.apply(params, state, imagesOf(s.test, [clean]), { training: false }).y, s.test);
  return { accuracy: correctOf(cm) / s.test.length, confusion: cm, seconds: (Date.now() - t0) / 1000, firstLayer: toArray(params[0].weight) };
}

/** Multinomial logistic regression (softmax of one dense layer) on the same clean features, flattened (1,920 inputs). */
function trainLogistic(name: string, s: FsddSplit, k: ReturnType<typeof key>): Outcome {
  const flat = (rs: readonly FsddRecording[]) => tensor(toArray(imagesOf(rs, [clean])), [rs.length, IMAGE]);
  const model = nn.dense(IMAGE, 10);
  const t0 = Date.now();
  const lrEpochs = 10, steps = lrEpochs * Math.ceil(s.train.length / 64);
  const result = fit({
    model, loss: (logits, y) => softmaxCrossEntropy(logits, y),
    optimizer: adam({ lr: cosineDecay(0.001, steps) }),
    train: tensorDataset(flat(s.train), labels(s.train)),
    inputShape: [IMAGE], epochs: lrEpochs, batchSize: 64, key: k, progress: false,
  });
  const cm = confusion(model.apply(result.train.params, result.train.state, flat(s.test), { training: false }).y, s.test);
  console.log(`  [${name}] logistic regression: ${(100 * correctOf(cm) / s.test.length).toFixed(1)}% (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  return { accuracy: correctOf(cm) / s.test.length, confusion: cm, seconds: (Date.now() - t0) / 1000 };
}

const printConfusion = (title: string, cm: number[][]) => {
  console.log(`\n${title} (rows: spoken digit, columns: predicted)`);
  console.log('      ' + [...Array(10).keys()].map((c) => String(c).padStart(4)).join(''));
  cm.forEach((row, i) => console.log(`  ${i}:  ${row.map((v) => String(v).padStart(4)).join('')}`));
};

// ---------- pictures ----------

/** Log-mel spectrograms of a few recordings, time rightwards and frequency upwards, labelled with digit and speaker. */
function spectrogramSheet(rs: readonly FsddRecording[]): Image {
  const z = logMelImages(waveforms(rs));
  const zoom = 4, cols = 5, cellW = FRAMES * zoom + 12, cellH = MELS * zoom + 26;
  const img = blank(cols * cellW, Math.ceil(rs.length / cols) * cellH);
  rs.forEach((r, i) => {
    const x0 = (i % cols) * cellW + 6, y0 = Math.floor(i / cols) * cellH + 20;
    drawText(img, `${r.digit} ${r.speaker.toUpperCase()}`, x0, y0 - 14);
    for (let t = 0; t < FRAMES; t++)
      for (let m = 0; m < MELS; m++) {
        // standardised values in about [-2.5, 2.5] → a dark-blue → yellow ramp
        const v = Math.max(0, Math.min(1, (z[(i * FRAMES + t) * MELS + m] + 2.5) / 5));
        const rgb: [number, number, number] = [Math.round(255 * Math.min(1, 2 * v)), Math.round(255 * v), Math.round(255 * (1 - v) * 0.6)];
        for (let dy = 0; dy < zoom; dy++) for (let dx = 0; dx < zoom; dx++) setPixel(img, x0 + t * zoom + dx, y0 + (MELS - 1 - m) * zoom + dy, rgb);
      }
  });
  return img;
}

// ---------- protocols ----------

const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
// keys by protocol and speaker (not by position in --speakers), so a subset run repeats the full run's numbers
const keys = split(key(seed), 2 + 2 * FSDD_SPEAKERS.length);
const rows: { protocol: string; logistic: number; cnn: number; test: number }[] = [];
mkdirSync('docs', { recursive: true });
console.log(`CNN: channels ${channels}/${2 * channels}/${4 * channels}, features ${cmn ? 'with' : 'without'} cepstral mean normalisation, ${epochs} epochs, batch ${batchSize}, Adam lr ${lr} (cosine decay), augmentation ${augment ? 'on' : 'off'}`);

if (protocol === 'all' || protocol === 'official') {
  const s = fsddOfficialSplit(recordings);
  console.log(`\nofficial split: ${s.train.length} train, ${s.test.length} test`);
  const lr0 = trainLogistic('official', s, keys[0]);
  const c = trainCnn('official', s, keys[1]);
  console.log(`  [official] CNN: ${pct(c.accuracy)} (${c.seconds.toFixed(0)} s)`);
  rows.push({ protocol: 'official split', logistic: lr0.accuracy, cnn: c.accuracy, test: s.test.length });
  printConfusion(`official split, CNN: ${pct(c.accuracy)}`, c.confusion);
  printConfusion(`official split, logistic regression: ${pct(lr0.accuracy)}`, lr0.confusion);
  writePng('docs/speech-filters.png', imageGrid(c.firstLayer, channels, 3, 3, { cols: 8, zoom: 24, diverging: true }));
  // one test recording of each digit, the speakers taken in turn
  const examples = Array.from({ length: 10 }, (_, d) => s.test.find((r) => r.digit === d && r.speaker === FSDD_SPEAKERS[d % FSDD_SPEAKERS.length])).filter((r): r is FsddRecording => r !== undefined);
  writePng('docs/speech-spectrograms.png', spectrogramSheet(examples));
  console.log('wrote docs/speech-filters.png (the 8 first-layer 3×3 filters, red positive, blue negative) and docs/speech-spectrograms.png (standardised log-mel spectrograms of test recordings)');
}

if (protocol === 'all' || protocol === 'loso') {
  const loso: { speaker: string; logistic: number; cnn: number }[] = [];
  heldOut.forEach((sp) => {
    const s = leaveOneSpeakerOut(recordings, sp), i = FSDD_SPEAKERS.indexOf(sp);
    console.log(`\nleave out ${sp}: ${s.train.length} train, ${s.test.length} test`);
    const lr0 = trainLogistic(sp, s, keys[2 + 2 * i]);
    const c = trainCnn(sp, s, keys[3 + 2 * i]);
    console.log(`  [${sp}] CNN: ${pct(c.accuracy)} (${c.seconds.toFixed(0)} s)`);
    printConfusion(`held-out speaker ${sp}, CNN: ${pct(c.accuracy)}`, c.confusion);
    loso.push({ speaker: sp, logistic: lr0.accuracy, cnn: c.accuracy });
    rows.push({ protocol: `leave out ${sp}`, logistic: lr0.accuracy, cnn: c.accuracy, test: s.test.length });
  });
  const m = (f: (r: { logistic: number; cnn: number }) => number) => loso.reduce((a, r) => a + f(r), 0) / loso.length;
  rows.push({ protocol: `leave-one-speaker-out mean (${loso.length} of 6)`, logistic: m((r) => r.logistic), cnn: m((r) => r.cnn), test: loso.length * 500 });
}

console.log('\n| protocol | test recordings | logistic regression | CNN |\n|---|---|---|---|');
rows.forEach((r) => console.log(`| ${r.protocol} | ${r.test} | ${pct(r.logistic)} | ${pct(r.cnn)} |`));
