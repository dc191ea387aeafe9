/// <reference lib="dom" />
// The page: picks webgl2 (falling back visibly to cpu), trains the CNN a step at a time between
// frames, draws the loss and test accuracy, the learned filters, and the probabilities of a digit
// drawn on the pad. `?steps=N` stops after N steps; `?laws=1` first runs the backend-agreement laws.
// What it measured is left in window.nnTsDemo for the headless check (scripts/browser-check.mjs).
import { availableBackends, backendStats, currentBackend, useBackend, onNotice } from '../../src/portable.js';
import { imageGrid, lineChart, type Image } from '../../src/viz/portable.js';
import { loadDigits, makeTrainer, FILTERS } from './model.js';
import { runLaws, type LawReport } from './laws.js';

export interface DemoResult {
  readonly backend: string;
  readonly renderer: string;
  readonly notices: readonly string[];
  readonly laws: readonly LawReport[];
  readonly steps: number;
  readonly accuracy: readonly { readonly step: number; readonly value: number }[];
  readonly losses: readonly number[];
  readonly stepsPerSecond: number;
  readonly imagesPerSecond: number;
  readonly done: boolean;
  readonly error?: string;
}
declare global { interface Window { nnTsDemo: DemoResult } }

const params = new URLSearchParams(location.search);
const maxSteps = Number(params.get('steps') ?? 'Infinity');
const batchSize = 32, evalEvery = 50;
const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`no #${id} in the page`);
  return el as T; // the ids are this page's own (index.html)
};

const notices: string[] = [];
onNotice((m) => { notices.push(m); console.warn(m); });
let result: DemoResult = { backend: '', renderer: '', notices, laws: [], steps: 0, accuracy: [], losses: [], stepsPerSecond: 0, imagesPerSecond: 0, done: false };
const publish = (patch: Partial<DemoResult>) => { result = { ...result, ...patch }; window.nnTsDemo = result; };
publish({});

/** The GL renderer a WebGL2 context reports (the unmasked one where the browser allows it). */
const glRenderer = (): string => {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (!gl) return 'no WebGL2 context';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
};

const show = (canvas: HTMLCanvasElement, img: Image) => {
  canvas.width = img.width;
  canvas.height = img.height;
  const ctx = canvas.getContext('2d');
  if (ctx) ctx.putImageData(new ImageData(new Uint8ClampedArray(img.rgba), img.width, img.height), 0, 0);
};

const main = async () => {
  const backend = useBackend('webgl2'); // falls back to cpu with a notice where WebGL2 cannot run
  const badge = $('backend');
  badge.textContent = backend === 'webgl2' ? 'webgl2' : `${backend} (WebGL2 unavailable: ${notices.join('; ')})`;
  if (backend !== 'webgl2') badge.className = 'fallback';
  publish({ backend, renderer: glRenderer() });

  if (params.get('laws') === '1') {
    const lawsEl = $('laws');
    lawsEl.textContent = 'running…';
    await new Promise((r) => setTimeout(r, 0));
    // webgl2 against cpu, and the WebAssembly SIMD engine against cpu (here on one thread, and on a
    // plain memory unless the page is cross-origin isolated)
    const have = availableBackends();
    const laws = [
      ...(have.includes('webgl2') ? runLaws(['cpu', 'webgl2']) : []),
      ...(have.includes('simd') ? runLaws(['cpu', 'simd']).map((l) => ({ ...l, name: `simd: ${l.name}` })) : []),
    ];
    lawsEl.innerHTML = laws.length === 0 ? 'neither WebGL2 nor WebAssembly SIMD is available: nothing to compare' : '';
    for (const l of laws) {
      const div = document.createElement('div');
      div.className = l.ok ? 'ok' : 'bad';
      div.textContent = `${l.ok ? '✓' : '✗'} ${l.name}: ${l.detail} (${l.ms.toFixed(0)} ms)`;
      lawsEl.append(div);
    }
    publish({ laws });
  }

  const status = $('status');
  const mnist = await loadDigits(2000);
  status.textContent = `${mnist.train.count} training and ${mnist.test.count} test digits; training…`;
  const trainer = makeTrainer(mnist, 0, batchSize);
  const losses: number[] = [], accuracy: { step: number; value: number }[] = [];
  const chart = $<HTMLCanvasElement>('chart'), filters = $<HTMLCanvasElement>('filters');
  const redraw = () => {
    const smooth = losses.map((_, i) => { const w = losses.slice(Math.max(0, i - 19), i + 1); return w.reduce((a, b) => a + b, 0) / w.length; });
    // a step function over training steps: the latest test accuracy measured at or before each step
    const acc = Array.from({ length: losses.length }, (_, j) => [...accuracy].reverse().find((a) => a.step <= j + 1)?.value ?? 0);
    show(chart, lineChart([
      { name: 'loss (moving mean of 20)', values: smooth.length > 1 ? smooth : [0, 0] },
      { name: 'test accuracy', values: acc.length > 1 ? acc : [0, 0] },
    ], { width: 480, height: 300 }));
    show(filters, imageGrid(trainer.filters(), FILTERS, 5, 5, { cols: FILTERS, zoom: 6, diverging: true }));
  };

  let step = 0, trainMs = 0;
  const tick = () => {
    const t0 = performance.now();
    while (step < maxSteps && performance.now() - t0 < 100) { losses.push(trainer.step()); step++; }
    trainMs += performance.now() - t0;
    if (step % evalEvery === 0 || step >= maxSteps) accuracy.push({ step, value: trainer.testAccuracy() });
    const sps = step / (trainMs / 1000);
    status.textContent = `step ${step}, loss ${losses[losses.length - 1].toFixed(3)}, test accuracy ${accuracy.length ? (100 * accuracy[accuracy.length - 1].value).toFixed(1) : '–'}%, ${sps.toFixed(1)} steps/s (${(sps * batchSize).toFixed(0)} images/s), ${backendStats().compiles} kernels compiled`;
    redraw();
    publish({ steps: step, losses: [...losses], accuracy: [...accuracy], stepsPerSecond: sps, imagesPerSecond: sps * batchSize, done: step >= maxSteps });
    if (step < maxSteps) setTimeout(tick, 0);
  };
  accuracy.push({ step: 0, value: trainer.testAccuracy() });
  tick();
  setupPad(trainer.probabilities);
};

/** The drawing pad: strokes in white on black, scaled to 28×28 on each change. */
const setupPad = (probabilities: (pixels: Float32Array) => Float32Array) => {
  const pad = $<HTMLCanvasElement>('pad');
  const ctx = pad.getContext('2d', { willReadFrequently: true });
  if (!ctx) return;
  const clear = () => { ctx.fillStyle = '#000'; ctx.fillRect(0, 0, pad.width, pad.height); };
  clear();
  let drawing = false;
  const predict = () => {
    const small = document.createElement('canvas');
    small.width = small.height = 28;
    const sctx = small.getContext('2d', { willReadFrequently: true });
    if (!sctx) return;
    sctx.drawImage(pad, 0, 0, 28, 28);
    const rgba = sctx.getImageData(0, 0, 28, 28).data;
    const pixels = Float32Array.from({ length: 784 }, (_, i) => rgba[i * 4] / 255);
    const p = probabilities(pixels);
    $('probs').innerHTML = [...p].map((v, c) => `<div>${c} ${'█'.repeat(Math.round(v * 30)).padEnd(30, '·')} ${(100 * v).toFixed(1)}%</div>`).join('');
  };
  pad.addEventListener('pointerdown', (e) => { drawing = true; ctx.beginPath(); ctx.moveTo(e.offsetX, e.offsetY); });
  pad.addEventListener('pointermove', (e) => {
    if (!drawing) return;
    ctx.strokeStyle = '#fff'; ctx.lineWidth = 18; ctx.lineCap = 'round';
    ctx.lineTo(e.offsetX, e.offsetY); ctx.stroke();
  });
  pad.addEventListener('pointerup', () => { drawing = false; predict(); });
  $('clear').addEventListener('click', () => { clear(); $('probs').textContent = ''; });
};

main().catch((e: unknown) => {
  const message = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
  $('status').textContent = `failed: ${message}`;
  publish({ error: message, done: true });
});
