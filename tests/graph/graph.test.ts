import { describe, expect, expectTypeOf, it } from 'vitest';
import { graph, Graph, isGraph, withFeatures, type GraphSpec } from '../../src/graph/index.js';
import type { SpecOf } from '../../src/nn/spec.js';
import { ArgumentError, OptionError, ShapeError } from '../../src/shape/errors.js';
import { tensor, toArray } from '../../src/tensor/create.js';

const thrown = (f: () => unknown): unknown => {
  try { f(); } catch (e) { return e; }
  throw new Error('did not throw');
};

describe('graph', () => {
  it('takes [src, dst] pairs or parallel arrays, and copies them', () => {
    const pairs: [number, number][] = [[0, 1], [1, 2], [2, 0]];
    const a = graph({ nodeCount: 3, edges: pairs });
    const src = Int32Array.of(0, 1, 2);
    const b = graph({ nodeCount: 3, src, dst: [1, 2, 0] });
    for (const g of [a, b]) {
      expect(g.nodeCount).toBe(3);
      expect(g.edgeCount).toBe(3);
      expect(Array.from(g.src)).toEqual([0, 1, 2]);
      expect(Array.from(g.dst)).toEqual([1, 2, 0]);
      expect(g.weights).toBeUndefined();
      expect(g.features).toBeUndefined();
      expect(isGraph(g)).toBe(true);
    }
    src[0] = 2;
    pairs[0][0] = 2;
    expect(a.src[0]).toBe(0);
    expect(b.src[0]).toBe(0);
    expect(Object.isFrozen(a)).toBe(true);
    expect(String(a)).toBe('Graph(3 nodes, 3 edges)');
  });

  it('keeps weights and features', () => {
    const g = graph({ nodeCount: 2, edges: [[0, 1]], weights: [0.5], features: tensor([1, 2, 3, 4, 5, 6], [2, 3]) });
    expect(Array.from(g.weights ?? [])).toEqual([0.5]);
    expect(g.features?.shape).toEqual([2, 3]);
    expect(String(g)).toBe('Graph(2 nodes, 1 edge, weighted, features [2, 3])');
    const empty = graph({ nodeCount: 0, edges: [] });
    expect(empty.edgeCount).toBe(0);
  });

  it('names the field at fault', () => {
    const cases: [() => unknown, string, RegExp][] = [
      [() => graph({ nodeCount: 3, edges: [[0, 1], [1, 3]] }), 'edges[1][1]', /edges\[1\]\[1\] is 3, outside the node ids \[0, 3\)/],
      [() => graph({ nodeCount: 3, edges: [[0, -1]] }), 'edges[0][1]', /is -1, outside/],
      [() => graph({ nodeCount: 3, edges: [[0, 1.5]] }), 'edges[0][1]', /is 1\.5; expected an integer node id/],
      [() => graph({ nodeCount: 3, edges: [[0, 1, 2]] as never }), 'edges[0]', /must be a \[src, dst\] pair/],
      [() => graph({ nodeCount: 3, src: [0, 1], dst: [1] }), 'dst', /dst has 1 entries but src has 2/],
      [() => graph({ nodeCount: 3, src: [0, 7], dst: [1, 2] }), 'src[1]', /src\[1\] is 7/],
      [() => graph({ nodeCount: 3, src: [0], dst: ['1'] as never }), 'dst[0]', /dst\[0\] is "1"; expected an integer node id/],
      [() => graph({ nodeCount: 2.5, edges: [] }), 'nodeCount', /nodeCount must be an integer/],
      [() => graph({ nodeCount: 3, edges: [[0, 1]], weights: [1, 2] }), 'weights', /weights has 2 entries but edges holds 1 edge: one weight per edge/],
      [() => graph({ nodeCount: 3, edges: [[0, 1]], weights: [Number.NaN] }), 'weights[0]', /weights\[0\] is NaN; expected a finite number/],
    ];
    for (const [f, field, message] of cases) {
      const e = thrown(f);
      expect(e).toBeInstanceOf(ArgumentError);
      expect(e instanceof ArgumentError && e.argument).toBe(field);
      expect(String(e)).toMatch(message);
      expect(String(e)).toMatch(/^ArgumentError: graph: /);
    }
  });

  it('refuses feature rows that are not one per node, and unclear edge arguments', () => {
    const e = thrown(() => graph({ nodeCount: 3, edges: [], features: tensor([1, 2, 3, 4], [2, 2]) }));
    expect(e).toBeInstanceOf(ShapeError);
    expect(String(e)).toMatch(/features has shape \[2, 2\] but must be \[nodeCount, F\] with nodeCount = 3/);
    expect(() => graph({ nodeCount: 2, edges: [], features: tensor([1, 2], [2]) })).toThrow(ShapeError);
    expect(() => graph({ nodeCount: 2, edges: [], features: [[1], [2]] as never })).toThrow(/features must be a Tensor/);
    expect(() => graph({ nodeCount: 2, edges: [], src: [], dst: [] } as never)).toThrow(OptionError);
    expect(() => graph({ nodeCount: 2 } as never)).toThrow(/needs the edges/);
    expect(() => graph({ nodeCount: 2, edges: [], colour: 'red' } as never)).toThrow(/unknown option 'colour'/);
  });
});

describe('withFeatures', () => {
  it('replaces or drops the features, checking their rows', () => {
    const g = graph({ nodeCount: 2, edges: [[0, 1]] });
    const f = withFeatures(g, tensor([1, 2], [2, 1]));
    expect(toArray(f.features!)).toEqual(Float32Array.of(1, 2));
    expect(f.src).toBe(g.src); // the structure is shared, not copied
    expect(withFeatures(f, undefined).features).toBeUndefined();
    expect(() => withFeatures(g, tensor([1, 2, 3], [3, 1]))).toThrow(ShapeError);
  });
});

describe('Graph as a domain value', () => {
  it('declares the empty record spec, type-level only', () => {
    expectTypeOf<SpecOf<Graph>>().toEqualTypeOf<GraphSpec>();
    expect('~spec' in graph({ nodeCount: 1, edges: [] })).toBe(false);
  });
});
