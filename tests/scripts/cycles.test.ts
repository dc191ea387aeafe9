// The import-cycle finder behind `npm run check:cycles` (scripts/check-cycles.mjs), on tiny trees.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { cyclesOf, findCycles, parseImports, stronglyConnected } from '../../scripts/cycles.mjs';

const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true }); });

/** A temp folder holding `files` (path -> source); returns its path. */
const tree = (files: Record<string, string>): string => {
  const root = mkdtempSync(join(tmpdir(), 'nnts-cycles-'));
  dirs.push(root);
  for (const [p, src] of Object.entries(files)) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), src);
  }
  return root;
};

const script = fileURLToPath(new URL('../../scripts/check-cycles.mjs', import.meta.url));
const cli = (cwd: string) => spawnSync('node', [script], { cwd, encoding: 'utf8' });

describe('import cycle finder', () => {
  it('parses every kind of relative import, ignoring comments', () => {
    const src = [
      `import { a } from './a.js';`,
      `import type { B } from "./b.js";`,
      `import {\n  c,\n  d,\n} from './c.js';`,
      `export * from './e.js';`,
      `export { f } from './f.js';`,
      `import './side.js';`,
      `type G = typeof import('./g.js');`,
      `const h = () => import('./h.js');`,
      `// import { x } from './commented.js';`,
      `/* export * from './blocked.js'; */`,
      `const url = 'https://example.com/x'; import { i } from './i.js';`,
    ].join('\n');
    expect(parseImports(src).sort()).toEqual(['./a.js', './b.js', './c.js', './e.js', './f.js', './g.js', './h.js', './i.js', './side.js']);
  });

  it('reports a known cycle (through a type-only import and a directory index) as a chain', () => {
    const root = tree({
      'src/a.ts': `import { b } from './b.js';\nexport const a = () => b;`,
      'src/b.ts': `import type { C } from './sub/index.js';\nexport const b = 1; export type B = C;`,
      'src/sub/index.ts': `export * from './c.js';`,
      'src/sub/c.ts': `import { a } from '../a.js';\nexport type C = typeof a;`,
      'src/leaf.ts': `import { a } from './a.js';\nexport const leaf = a;`,
    });
    const { modules, cycles } = findCycles(['src'], root);
    expect(modules).toBe(5);
    expect(cycles).toEqual([['src/a.ts', 'src/b.ts', 'src/sub/index.ts', 'src/sub/c.ts', 'src/a.ts']]);
  });

  it('resolves a bare directory specifier to its index.ts', () => {
    const root = tree({ 'src/a.ts': `import { b } from './pkg';`, 'src/pkg/index.ts': `import { a } from '../a.js';` });
    expect(findCycles(['src'], root).cycles).toEqual([['src/a.ts', 'src/pkg/index.ts', 'src/a.ts']]);
  });

  it('finds nothing in an acyclic tree, and a self-import is a cycle', () => {
    const ok = tree({ 'src/a.ts': `import './b.js';`, 'src/b.ts': `export {};` });
    expect(findCycles(['src'], ok)).toMatchObject({ modules: 2, cycles: [] });
    expect(cyclesOf(new Map([['x', new Set(['x'])]]))).toEqual([['x', 'x']]);
  });

  it('gives every import edge inside a component a cycle through it', () => {
    // a <-> b and b <-> c: one component, two cycles; d hangs off it.
    const g = new Map([['a', new Set(['b'])], ['b', new Set(['a', 'c'])], ['c', new Set(['b'])], ['d', new Set(['a'])]]);
    expect(stronglyConnected(g).map((s) => s.sort()).sort()).toEqual([['a', 'b', 'c'], ['d']]);
    expect(cyclesOf(g)).toEqual([['a', 'b', 'a'], ['b', 'c', 'b']]);
  });

  it('the CLI exits 1 and prints the chain for a cycle, 0 and a summary otherwise', () => {
    const bad = tree({ 'src/a.ts': `import { b } from './b.js';`, 'src/b.ts': `import { a } from './a.js';` });
    const failed = cli(bad);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toContain('src/a.ts -> src/b.ts -> src/a.ts');
    const ok = tree({ 'src/a.ts': `export {};`, 'laws/b.ts': `import '../src/a.js';` });
    const passed = cli(ok);
    expect(passed.status).toBe(0);
    expect(passed.stdout).toContain('no import cycles among 2 modules');
  });
});
