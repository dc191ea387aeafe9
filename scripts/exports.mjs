#!/usr/bin/env node
// package.json "exports" from scripts/subpaths.mjs. Usage:
//   node scripts/exports.mjs           print the map
//   node scripts/exports.mjs --write   write it into package.json
//   node scripts/exports.mjs --check   exit 1 when package.json's map differs (run by prepack and the tests)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUBPATHS, built } from './subpaths.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const entry = (source) => ({ types: built(source, '.d.ts'), import: built(source, '.js') });

/** The "exports" map for the folders as they are on disk under `base`. */
export function exportsMap(base = root) {
  const map = {};
  for (const [subpath, dir] of SUBPATHS) {
    const node = `${dir}/index.ts`;
    const portable = `${dir}/portable.ts`;
    if (!existsSync(join(base, node))) throw new Error(`${subpath}: ${node} does not exist`);
    map[subpath] = existsSync(join(base, portable))
      ? { browser: entry(portable), node: entry(node), default: entry(portable) }
      : entry(node);
  }
  map['./package.json'] = './package.json';
  return map;
}

const main = () => {
  const file = join(root, 'package.json');
  const text = readFileSync(file, 'utf8');
  const pkg = JSON.parse(text);
  const map = exportsMap();
  const mode = process.argv[2];
  if (mode === '--write') {
    pkg.exports = map;
    writeFileSync(file, `${JSON.stringify(pkg, null, 2)}\n`);
    console.log(`package.json: exports for ${SUBPATHS.length} subpaths`);
  } else if (mode === '--check') {
    if (JSON.stringify(pkg.exports) !== JSON.stringify(map)) {
      console.error('package.json "exports" is out of date with scripts/subpaths.mjs and the portable.ts files: run node scripts/exports.mjs --write');
      process.exit(1);
    }
    console.log(`package.json exports match scripts/subpaths.mjs (${SUBPATHS.length} subpaths)`);
  } else {
    console.log(JSON.stringify(map, null, 2));
  }
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
