import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLeft } from 'fp-ts/lib/Either.js';
import { problem, unwrap } from './eithers.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/errors.js';
import { degree, loadCora, loadCoraEither, rowNormalize, type Cora } from '../../src/graph/index.js';
import { tensor, toArray, toNested } from '../../src/tensor/create.js';

const shipped = new URL('../../data/cora/cora.json', import.meta.url);


let cora: Cora;
beforeAll(() => { cora = unwrap(loadCora()); });

describe('loadCora', () => {
  it('has the counts of data/cora/README.md', () => {
    const { graph: g, features, labels, classCount } = cora;
    expect(g.nodeCount).toBe(2708);
    expect(g.edgeCount).toBe(10556);
    expect(features.shape).toEqual([2708, 1433]);
    expect(g.features).toBe(features);
    expect(classCount).toBe(7);
    expect(labels).toBeInstanceOf(Int32Array);
    const perClass = new Array<number>(7).fill(0);
    for (const l of labels) perClass[l]++;
    expect(perClass).toEqual([351, 217, 418, 818, 426, 298, 180]);
    const x = toArray(features);
    expect(x.reduce((a, b) => a + b, 0)).toBe(49216);
    expect(x.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('is symmetric, without self-loops or isolated nodes', () => {
    const g = cora.graph;
    const keys = new Set(Array.from(g.src, (s, k) => s * g.nodeCount + g.dst[k]));
    expect(keys.size).toBe(10556);
    const loops = Array.from(g.src).filter((s, k) => s === g.dst[k]);
    const unreversed = Array.from(g.src).filter((s, k) => !keys.has(g.dst[k] * g.nodeCount + s));
    expect(loops).toEqual([]);
    expect(unreversed).toEqual([]);
    expect(Math.min(...degree(g))).toBeGreaterThan(0);
  });

  it('has the Planetoid split', () => {
    const { train, val, test } = cora.split;
    const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);
    expect(Array.from(train)).toEqual(range(0, 140));
    expect(Array.from(val)).toEqual(range(140, 640));
    expect(Array.from(test)).toEqual(range(1708, 2708));
    const trainPerClass = new Array<number>(7).fill(0);
    for (const v of train) trainPerClass[cora.labels[v]]++;
    expect(trainPerClass).toEqual(new Array(7).fill(20));
  });

  it('finds the shipped file from a path or a URL', () => {
    expect(unwrap(loadCora(shipped)).graph.edgeCount).toBe(10556);
    expect(unwrap(loadCora(shipped.pathname)).graph.nodeCount).toBe(2708);
  });

  it('gives a Left for a missing file, naming it', () => {
    const p = problem(loadCoraEither('/nonexistent/cora.json'));
    expect(p).toEqual({ _tag: 'FileMissing', path: '/nonexistent/cora.json' });
    const e = loadCora('/nonexistent/cora.json');
    expect(isLeft(e) && e.left).toBeInstanceOf(DataError);
    expect(isLeft(e) && e.left.message).toBe('/nonexistent/cora.json: cannot read the file: no such file');
    expect(() => loadCora(42 as never)).toThrow(/path must be a file path or a file: URL/);
  });

  describe('a file that does not match', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-cora-'));
    const original = JSON.parse(readFileSync(shipped, 'utf8')) as Record<string, unknown> & { edges: number[][]; labels: number[]; split: { train: number[] } };
    const write = (name: string, json: unknown): string => {
      const file = join(dir, name);
      writeFileSync(file, typeof json === 'string' ? json : JSON.stringify(json));
      return file;
    };
    const bad = (name: string, json: unknown): string => {
      const file = write(name, json);
      const p = problem(loadCoraEither(file));
      expect(p._tag).toBe('BadData');
      expect(p._tag === 'BadData' && p.source).toBe(file);
      return p._tag === 'BadData' ? p.detail : '';
    };

    it('is BadData naming what is off', () => {
      expect(bad('not-json.json', '{"nodeCount": ')).toMatch(/^not valid JSON/);
      expect(bad('wrong-name.json', { ...original, name: 'citeseer' })).toMatch(/^name must be the string 'cora', got "citeseer"/);
      expect(bad('few-edges.json', { ...original, edges: original.edges.slice(1) })).toMatch(/has 5,277 undirected edges but Cora has 5,278/);
      expect(bad('dup-edge.json', { ...original, edges: [...original.edges.slice(1), original.edges[5]] })).toMatch(/has 10,554 directed edges once symmetrized .* but Cora has 10,556/);
      expect(bad('bad-edge.json', { ...original, edges: [[0, 2708], ...original.edges.slice(1)] })).toMatch(/^edges\[0\]\[1\] is 2708, outside the node ids \[0, 2708\)/);
      expect(bad('bad-label.json', { ...original, labels: [7, ...original.labels.slice(1)] })).toMatch(/^labels\[0\] is 7, not a class in \[0, 7\)/);
      expect(bad('short-split.json', { ...original, split: { ...original.split, train: original.split.train.slice(1) } })).toMatch(/has 139 training nodes but Cora has 140/);
    });
  });
});

describe('rowNormalize', () => {
  it('divides each row by its sum, leaving zero rows at zero', () => {
    expect(toNested(rowNormalize(tensor([1, 1, 2, 0, 0, 0, 0, 4, 0], [3, 3])))).toEqual([[0.25, 0.25, 0.5], [0, 0, 0], [0, 1, 0]]);
  });

  it('makes every Cora row sum to 1', () => {
    const x = toArray(rowNormalize(cora.features));
    for (let r = 0; r < 2708; r += 97) {
      const s = x.subarray(r * 1433, (r + 1) * 1433).reduce((a, b) => a + b, 0);
      expect(s).toBeCloseTo(1, 5);
    }
  });
});
