import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeGraph, type Graph } from '../../src/graph/index.js';
import type { BadData } from '../../src/io/problems.js';
import { toNested } from '../../src/tensor/create.js';

const edges = (g: Graph): [number, number][] => Array.from(g.src, (s, k) => [s, g.dst[k]]);

const right = (e: Either<BadData, Graph>): Graph => {
  if (isLeft(e)) throw new Error(e.left.detail);
  return e.right;
};
const detail = (e: Either<BadData, Graph>): string => {
  if (isRight(e)) throw new Error('decoded');
  expect(e.left._tag).toBe('BadData');
  return e.left.detail;
};

describe('decodeGraph', () => {
  it('reads undirected pairs (the built-in layout) as both directions', () => {
    const g = right(decodeGraph({ nodeCount: 3, edges: [[0, 1], [1, 2]] }));
    expect(edges(g)).toEqual([[0, 1], [1, 0], [1, 2], [2, 1]]);
  });

  it('reads directed edges as given, with weights', () => {
    const g = right(decodeGraph({ nodeCount: 3, directed: true, edges: [[2, 1], [0, 1]], weights: [0.5, 2] }));
    expect(edges(g)).toEqual([[2, 1], [0, 1]]);
    expect(Array.from(g.weights!)).toEqual([0.5, 2]);
  });

  it('reads dense feature rows, or active ids with featureCount', () => {
    const dense = right(decodeGraph({ nodeCount: 2, edges: [], features: [[1, 2, 3], [4, 5, 6]] }));
    expect(toNested(dense.features!)).toEqual([[1, 2, 3], [4, 5, 6]]);
    const sparse = right(decodeGraph({ nodeCount: 2, edges: [[0, 1]], featureCount: 4, features: [[0, 3], []], labels: [1, 2] }));
    expect(toNested(sparse.features!)).toEqual([[1, 0, 0, 1], [0, 0, 0, 0]]);
  });

  it('names the field and index of what is wrong', () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /^must be a graph object \{ nodeCount, edges, .*\}, got \[1,2\]/],
      [{ edges: [] }, /^nodeCount is missing \(must be a non-negative integer\)/],
      [{ nodeCount: -1, edges: [] }, /^nodeCount must be a non-negative integer, got -1/],
      [{ nodeCount: 3, edges: [[0, 1], [1, 'x']] }, /^edges\[1\] must be a \[src, dst\] pair of node ids, got \[1,"x"\]/],
      [{ nodeCount: 3, edges: [[0, 1], [1, 2, 0]] }, /^edges\[1\] must be a \[src, dst\] pair/],
      [{ nodeCount: 3, edges: [[0, 1], [1, 3]] }, /^edges\[1\]\[1\] is 3, outside the node ids \[0, 3\)/],
      [{ nodeCount: 3, edges: [[0, 1]], weights: [1, 2] }, /^weights has 2 entries but edges holds 1 edge/],
      [{ nodeCount: 3, edges: [[0, 1]], weights: ['heavy'] }, /^weights\[0\] must be a finite number, got "heavy"/],
      [{ nodeCount: 3, edges: [], directed: 'yes' }, /^directed must be true or false, got "yes"/],
      [{ nodeCount: 3, edges: [], features: [[1], [2]] }, /^features has 2 rows but nodeCount is 3: one row per node/],
      [{ nodeCount: 2, edges: [], features: [[1, 2], [3]] }, /^features\[1\] has 1 values but features\[0\] has 2/],
      [{ nodeCount: 2, edges: [], features: [[1], [null]] }, /^features\[1\]\[0\] must be a finite number, got null/],
      [{ nodeCount: 2, edges: [], featureCount: 3, features: [[0], [3]] }, /^features\[1\]\[0\] is 3, not a feature id in \[0, 3\)/],
      [{ nodeCount: 2, edges: [], featureCount: 3, features: [[0.5], []] }, /^features\[0\]\[0\] is 0\.5, not a feature id/],
      [{ nodeCount: 2, edges: [], featureCount: 3 }, /^featureCount is given but features is not/],
    ];
    for (const [json, message] of cases) expect(detail(decodeGraph(json))).toMatch(message);
  });

  it('counts the other problems and names the source', () => {
    const e = decodeGraph({ nodeCount: 'many', edges: 'none' }, 'mine.json');
    expect(detail(e)).toMatch(/^nodeCount must be .*\(and 1 more problem\)$/);
    expect(isLeft(e) && e.left.source).toBe('mine.json');
  });

  it('never throws, not even for a feature matrix too large to make', () => {
    const e = decodeGraph({ nodeCount: 2, edges: [], featureCount: 2 ** 40, features: [[], []] });
    expect(detail(e)).toMatch(/^features cannot be made into a \[2, 1099511627776\] tensor: .*over the limit/);
  });
});
