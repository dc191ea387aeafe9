#!/usr/bin/env node
// npm run build: the package's dist/ from the sources. tsc compiles src/ and laws/ (ESM JavaScript,
// declarations, source maps with the sources inlined, since the .ts files are not shipped); the
// data sets the built-in loaders read beside the code are copied to dist/data/, where their URLs
// (new URL('../../data/…', import.meta.url) from dist/src/<folder>/) point.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** The folders of data/ that loaders in the package read (data/fsdd and anything larger stay in the repository). */
export const SHIPPED_DATA = ['cora', 'karate', 'mutag', 'sentences', 'wordsim353'];

const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
for (const name of SHIPPED_DATA) {
  const from = join(root, 'data', name);
  if (!existsSync(from)) throw new Error(`build: data/${name} is missing`);
  cpSync(from, join(dist, 'data', name), { recursive: true });
}
console.log(`build: dist/ (src, laws, data: ${SHIPPED_DATA.join(', ')})`);
