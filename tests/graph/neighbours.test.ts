import { describe, expect, it } from 'vitest';
import { graph, inNeighbours, outNeighbours } from '../../src/graph/index.js';

const g = graph({ nodeCount: 4, edges: [[2, 1], [0, 1], [3, 0], [1, 1], [0, 2], [3, 1]] });

describe('inNeighbours', () => {
  it('groups the edges by destination, keeping their order (stable)', () => {
    const csr = inNeighbours(g);
    expect(csr.rows).toBe(4);
    expect(csr.cols).toBe(4);
    expect(Array.from(csr.rowPtr)).toEqual([0, 1, 5, 6, 6]);
    // node 0 ← 3; node 1 ← 2, 0, 1, 3 (edges 0, 1, 3, 5 in that order); node 2 ← 0; node 3 ← none
    expect(Array.from(csr.colIdx)).toEqual([3, 2, 0, 1, 3, 0]);
    expect(Array.from(csr.edgeIds)).toEqual([2, 0, 1, 3, 5, 4]);
    for (let v = 0; v < 4; v++)
      for (let i = csr.rowPtr[v]; i < csr.rowPtr[v + 1]; i++) {
        expect(g.dst[csr.edgeIds[i]]).toBe(v);
        expect(g.src[csr.edgeIds[i]]).toBe(csr.colIdx[i]);
      }
  });

  it('is computed once per graph value', () => {
    expect(inNeighbours(g)).toBe(inNeighbours(g));
    expect(Object.isFrozen(inNeighbours(g))).toBe(true);
    expect(inNeighbours(graph({ nodeCount: 4, src: g.src, dst: g.dst }))).not.toBe(inNeighbours(g));
  });

  it('handles a graph without edges', () => {
    const csr = inNeighbours(graph({ nodeCount: 3, edges: [] }));
    expect(Array.from(csr.rowPtr)).toEqual([0, 0, 0, 0]);
    expect(csr.colIdx.length).toBe(0);
  });
});

describe('outNeighbours', () => {
  it('groups the edges by source: the transpose', () => {
    const csr = outNeighbours(g);
    expect(Array.from(csr.rowPtr)).toEqual([0, 2, 3, 4, 6]);
    expect(Array.from(csr.colIdx)).toEqual([1, 2, 1, 1, 0, 1]);
    expect(Array.from(csr.edgeIds)).toEqual([1, 4, 3, 0, 2, 5]);
    expect(outNeighbours(g)).not.toBe(inNeighbours(g));
  });
});
