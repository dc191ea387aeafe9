// Import-cycle finder for the TypeScript sources (plain Node, no dependencies).
// Strict like madge: `import type` and type-position `import('./x.js')` count as edges, because a
// cycle of types still ties the modules' layering together even if it vanishes at run time.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** Source with comments blanked out; strings and template literals are kept as they are. */
export function stripComments(src) {
  let out = '';
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    const d = src[i + 1];
    if (c === '/' && d === '/') {
      while (i < src.length && src[i] !== '\n') i++;
    } else if (c === '/' && d === '*') {
      const end = src.indexOf('*/', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop).replace(/[^\n]/g, ' '); // keep line numbers
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      out += src.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const STATIC_FROM = /\b(?:import|export)\b[^'"`;]*?\bfrom\s*(['"])([^'"]+)\1/g;
const SIDE_EFFECT = /\bimport\s*(['"])([^'"]+)\1/g;
const DYNAMIC = /\bimport\s*\(\s*(['"])([^'"]+)\1\s*[,)]/g;

/** Every module specifier a file imports or re-exports from (static, type-only, side-effect, dynamic). */
export function parseImports(src) {
  const code = stripComments(src);
  const specs = new Set();
  for (const re of [STATIC_FROM, SIDE_EFFECT, DYNAMIC]) {
    for (const m of code.matchAll(re)) specs.add(m[2]);
  }
  return [...specs];
}

/** The .ts file a relative specifier names: `./x.js` -> x.ts, `./dir` -> dir/index.ts; else undefined. */
export function resolveSpecifier(fromFile, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  const candidates = [
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.js$/, '.tsx'),
    base.replace(/\.mjs$/, '.mts'),
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
  ];
  return candidates.find((p) => /\.(ts|tsx|mts)$/.test(p) && existsSync(p) && statSync(p).isFile());
}

function walk(dir, acc) {
  for (const name of readdirSync(dir).sort()) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (/\.(ts|tsx|mts)$/.test(name) && !name.endsWith('.d.ts')) acc.push(p);
  }
  return acc;
}

/**
 * Module graph of every .ts file under `roots`: Map<absolute file, Set<absolute file>>.
 * Edges to files outside the roots are dropped (they cannot close a cycle among these modules);
 * relative specifiers that resolve to nothing are returned in `unresolved` for the caller to report.
 */
export function buildGraph(roots) {
  const files = roots.filter((r) => existsSync(r)).flatMap((r) => walk(resolve(r), []));
  const known = new Set(files);
  const graph = new Map();
  const unresolved = [];
  for (const file of files) {
    const deps = new Set();
    for (const spec of parseImports(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolveSpecifier(file, spec);
      if (target === undefined) unresolved.push({ file, spec });
      else if (known.has(target)) deps.add(target);
    }
    graph.set(file, deps);
  }
  return { graph, unresolved };
}

/** Tarjan's strongly connected components, iterative so deep graphs cannot overflow the stack. */
export function stronglyConnected(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const sccs = [];
  let next = 0;
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ v: root, it: (graph.get(root) ?? new Set()).values() }];
    index.set(root, next); low.set(root, next); next++;
    stack.push(root); onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const step = frame.it.next();
      if (!step.done) {
        const w = step.value;
        if (!index.has(w)) {
          index.set(w, next); low.set(w, next); next++;
          stack.push(w); onStack.add(w);
          work.push({ v: w, it: (graph.get(w) ?? new Set()).values() });
        } else if (onStack.has(w)) {
          low.set(frame.v, Math.min(low.get(frame.v), index.get(w)));
        }
        continue;
      }
      work.pop();
      const v = frame.v;
      if (work.length > 0) {
        const parent = work[work.length - 1].v;
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === index.get(v)) {
        const scc = [];
        let w;
        do { w = stack.pop(); onStack.delete(w); scc.push(w); } while (w !== v);
        sccs.push(scc);
      }
    }
  }
  return sccs;
}

/** Shortest path from `from` to `to` using only nodes in `within` (BFS); [from, ..., to]. */
function shortestPath(graph, from, to, within) {
  const prev = new Map([[from, from]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const u = queue[q];
    if (u === to) break;
    for (const w of graph.get(u) ?? []) {
      if (within.has(w) && !prev.has(w)) { prev.set(w, u); queue.push(w); }
    }
  }
  if (!prev.has(to)) return undefined;
  const path = [to];
  while (path[path.length - 1] !== from) path.push(prev.get(path[path.length - 1]));
  return path.reverse();
}

/** A closed chain rotated to start at its smallest node, so the same cycle is printed once. */
function canonical(cycle) {
  const open = cycle.slice(0, -1);
  let start = 0;
  open.forEach((n, i) => { if (n < open[start]) start = i; });
  const rotated = [...open.slice(start), ...open.slice(0, start)];
  return [...rotated, rotated[0]];
}

/**
 * Cycles in the graph: for every import edge u -> v inside a strongly connected component, the
 * shortest cycle through that edge. Every import that takes part in some cycle thus shows up in
 * at least one printed chain, without enumerating the (possibly exponential) set of all cycles.
 * Each cycle is closed: [a, b, ..., a].
 */
export function cyclesOf(graph) {
  const seen = new Map();
  for (const scc of stronglyConnected(graph)) {
    const within = new Set(scc);
    for (const u of scc) {
      for (const v of graph.get(u) ?? []) {
        if (!within.has(v)) continue;
        const back = u === v ? [u] : shortestPath(graph, v, u, within);
        if (back === undefined) continue;
        const cycle = canonical([u, ...back]);
        seen.set(cycle.join('\0'), cycle);
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.length - b.length || a.join().localeCompare(b.join()));
}

/**
 * Everything the CLI prints, for files under `roots` shown relative to `base`:
 * { modules, cycles: string[][] (closed chains of relative paths), unresolved }.
 */
export function findCycles(roots, base = process.cwd()) {
  const { graph, unresolved } = buildGraph(roots.map((r) => resolve(base, r)));
  const rel = (p) => relative(base, p).split(sep).join('/');
  return {
    modules: graph.size,
    cycles: cyclesOf(graph).map((c) => c.map(rel)),
    unresolved: unresolved.map(({ file, spec }) => ({ file: rel(file), spec })),
  };
}
