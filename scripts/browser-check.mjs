#!/usr/bin/env node
// The browser demo (examples/browser) in headless Chromium: Vite serves the page from the sources,
// Debian's chromium runs it (software GL through SwiftShader; no browser is downloaded), and the
// page itself runs the backend-agreement laws of the core primitives on webgl2 and on simd against cpu, then
// trains the CNN. Fails unless every law holds and the test accuracy rose; prints the GL renderer
// and the throughput, and saves a screenshot.
// Usage: node scripts/browser-check.mjs [--steps N] [--out DIR] [--chromium PATH]
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : dflt; };
const steps = Number(arg('steps', '300'));
const out = arg('out', join(root, 'out', 'browser-demo'));
const executablePath = arg('chromium', process.env.CHROMIUM ?? '/usr/bin/chromium');
const t0 = Date.now();
const say = (m) => console.log(`[browser-check ${((Date.now() - t0) / 1000).toFixed(1)}s] ${m}`);
const fail = (m) => { console.error(`[browser-check] FAIL: ${m}`); process.exitCode = 1; };

const { createServer } = await import('vite');
const puppeteer = (await import('puppeteer-core')).default;
const server = await createServer({ root: join(root, 'examples', 'browser'), configFile: false, logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const url = `${server.resolvedUrls.local[0]}?steps=${steps}&laws=1`;
// Chromium's first start on a fresh machine can take longer than puppeteer's default 30 s (font
// caches are built, the disk is cold, the tests have just loaded both cores): give it two minutes,
// and try again with a new profile, passing Chromium's own output through, before failing.
const flags = ['--headless', '--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage', '--no-first-run'];
const profiles = [];
const launch = async (attempt) => {
  const profile = mkdtempSync(join(tmpdir(), 'nn-ts-chromium-'));
  profiles.push(profile);
  const began = Date.now();
  try {
    const b = await puppeteer.launch({ executablePath, headless: true, timeout: 120_000, dumpio: attempt > 1, args: [...flags, `--user-data-dir=${profile}`] });
    say(`Chromium started in ${((Date.now() - began) / 1000).toFixed(1)} s (attempt ${attempt})`);
    return b;
  } catch (e) {
    say(`Chromium did not start (attempt ${attempt}, ${((Date.now() - began) / 1000).toFixed(1)} s): ${e.message.split('\n').slice(0, 12).join('\n  ')}`);
    if (attempt >= 3) throw e;
    return launch(attempt + 1);
  }
};
const browser = await launch(1);
try {
  say(`${await browser.version()} at ${url}`);
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warn') console.log(`  [page ${m.type()}] ${m.text()}`); });
  page.on('pageerror', (e) => console.log(`  [page error] ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  let last = -1;
  for (;;) {
    const r = await page.evaluate(() => window.nnTsDemo);
    if (r?.done) break;
    if (r && r.steps !== last && r.steps > 0 && r.steps % 50 < 10) { say(`step ${r.steps}, ${r.stepsPerSecond.toFixed(2)} steps/s`); last = r.steps; }
    if (Date.now() - t0 > 9 * 60_000) { fail('the page did not finish within 9 minutes'); break; }
    await new Promise((res) => setTimeout(res, 2000));
  }
  const r = await page.evaluate(() => window.nnTsDemo);
  mkdirSync(out, { recursive: true });
  await page.screenshot({ path: join(out, 'screenshot.png'), fullPage: true });
  say(`backend ${r.backend}; GL renderer: ${r.renderer}`);
  for (const n of r.notices) say(`notice: ${n}`);
  if (r.error) fail(`the page failed: ${r.error}`);
  for (const l of r.laws) say(`law ${l.ok ? 'holds' : 'FAILS'}: ${l.name}: ${l.detail} (${l.ms.toFixed(0)} ms)`);
  if (r.backend !== 'webgl2') fail(`the page fell back to ${r.backend}`);
  if (r.laws.length === 0 || r.laws.some((l) => !l.ok)) fail('backend-agreement laws did not all hold on webgl2 and simd');
  if (!r.laws.some((l) => l.name.startsWith('simd: '))) fail('the WebAssembly SIMD engine did not run in the page');
  const first = r.accuracy[0], lastAcc = r.accuracy[r.accuracy.length - 1];
  say(`trained ${r.steps} steps of 32 images: test accuracy ${(100 * first.value).toFixed(1)}% -> ${(100 * lastAcc.value).toFixed(1)}%, ${r.stepsPerSecond.toFixed(2)} steps/s (${r.imagesPerSecond.toFixed(0)} images/s)`);
  if (!(lastAcc.value > first.value + 0.3)) fail('test accuracy did not rise by 30 points');
  say(`screenshot ${join(out, 'screenshot.png')}`);
} finally {
  await browser.close();
  await server.close();
  for (const p of profiles) rmSync(p, { recursive: true, force: true });
}
