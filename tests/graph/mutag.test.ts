import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { problem, unwrap } from './eithers.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGraphs, loadMutag, loadMutagEither, oneHotNodeLabels, type Mutag } from '../../src/graph/index.js';
import { toArray } from '../../src/tensor/create.js';

const shipped = new URL('../../data/mutag/mutag.json', import.meta.url);

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const histogram = (values: Iterable<number>, n: number): number[] => {
  const out = new Array<number>(n).fill(0);
  for (const v of values) out[v]++;
  return out;
};

let mutag: Mutag;
beforeAll(() => { mutag = unwrap(loadMutag()); });

describe('loadMutag', () => {
  it('has the counts of data/mutag/README.md', () => {
    const { graphs } = mutag;
    expect(graphs).toHaveLength(188);
    expect([mutag.classCount, mutag.nodeLabelCount, mutag.edgeLabelCount]).toEqual([2, 7, 4]);
    expect(histogram(graphs.map((g) => g.label), 2)).toEqual([63, 125]);
    expect(sum(graphs.map((g) => g.graph.nodeCount))).toBe(3371);
    expect(sum(graphs.map((g) => g.graph.edgeCount))).toBe(2 * 3721);
    expect(Math.min(...graphs.map((g) => g.graph.nodeCount))).toBe(10);
    expect(Math.max(...graphs.map((g) => g.graph.nodeCount))).toBe(28);
    expect(histogram(graphs.flatMap((g) => Array.from(g.nodeLabels)), 7)).toEqual([2395, 345, 593, 12, 1, 23, 2]);
    // Each bond appears in both directions, with its label on both.
    expect(histogram(graphs.flatMap((g) => Array.from(g.edgeLabels)), 4)).toEqual([2354, 1004, 362, 1].map((n) => 2 * n));
  });

  it('labels each directed edge with its bond type, like the file', () => {
    const raw = JSON.parse(readFileSync(shipped, 'utf8')) as { graphs: { edges: [number, number][]; edgeLabels: number[] }[] };
    mutag.graphs.forEach((m, i) => {
      const bond = new Map(raw.graphs[i].edges.map(([a, b], k) => [`${a},${b}`, raw.graphs[i].edgeLabels[k]]));
      for (let k = 0; k < m.graph.edgeCount; k++) {
        const [s, d] = [m.graph.src[k], m.graph.dst[k]];
        expect(m.edgeLabels[k]).toBe(bond.get(`${Math.min(s, d)},${Math.max(s, d)}`));
      }
      expect(m.nodeLabels.length).toBe(m.graph.nodeCount);
    });
  });

  it('oneHotNodeLabels gives each graph [n, 7] features', () => {
    const withX = oneHotNodeLabels(mutag);
    const first = withX.graphs[0];
    expect(first.graph.features?.shape).toEqual([first.graph.nodeCount, 7]);
    const x = toArray(first.graph.features!);
    first.nodeLabels.forEach((l, v) => {
      expect(x[v * 7 + l]).toBe(1);
      expect(x.subarray(v * 7, v * 7 + 7).reduce((a, b) => a + b, 0)).toBe(1);
    });
    expect(mutag.graphs[0].graph.features).toBeUndefined(); // the input is unchanged
    const batched = batchGraphs(withX.graphs.map((g) => g.graph));
    expect(batched.graph.features?.shape).toEqual([3371, 7]);
  });

  it('gives a Left for a missing file', () => {
    expect(problem(loadMutagEither('/nonexistent/mutag.json'))).toEqual({ _tag: 'FileMissing', path: '/nonexistent/mutag.json' });
  });

  it('is BadData naming what is off in a file that does not match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-mutag-'));
    const original = JSON.parse(readFileSync(shipped, 'utf8')) as { graphs: { nodeLabels: number[]; edges: number[][]; edgeLabels: number[]; label: number }[] };
    const bad = (name: string, json: unknown): string => {
      const file = join(dir, name);
      writeFileSync(file, JSON.stringify(json));
      const p = problem(loadMutagEither(file));
      return p._tag === 'BadData' ? p.detail : `not BadData: ${p._tag}`;
    };
    const edit = (i: number, g: Partial<(typeof original.graphs)[number]>) => ({ ...original, graphs: original.graphs.map((x, j) => (j === i ? { ...x, ...g } : x)) });
    expect(bad('fewer.json', { ...original, graphs: original.graphs.slice(1) })).toMatch(/has 187 graphs but MUTAG has 188/);
    expect(bad('edge-out.json', edit(3, { edges: [[0, 99], ...original.graphs[3].edges.slice(1)] }))).toMatch(/^graphs\[3\]\.edges\[0\]\[1\] is 99, outside the node ids/);
    expect(bad('labels-short.json', edit(4, { edgeLabels: original.graphs[4].edgeLabels.slice(1) }))).toMatch(/^graphs\[4\]\.edgeLabels has \d+ entries but graphs\[4\]\.edges has \d+/);
    expect(bad('atom.json', edit(5, { nodeLabels: [9, ...original.graphs[5].nodeLabels.slice(1)] }))).toMatch(/^graphs\[5\]\.nodeLabels\[0\] is 9, not an atom type in \[0, 7\)/);
    expect(bad('type.json', edit(6, { label: 'mutagenic' as never }))).toMatch(/^graphs\[6\]\.label must be a non-negative integer, got "mutagenic"/);
  });
});
