import { describe, expect, it } from 'vitest';
import { batchIndices, oneHot, shuffledIndices, takeRows } from '../../src/data/index.js';
import { foldIn, key } from '../../src/random/key.js';
import { OptionError, ShapeError } from '../../src/shape/errors.js';
import { tensor, toArray } from '../../src/tensor/create.js';

const concat = (bs: Int32Array[]): number[] => bs.flatMap((b) => Array.from(b));
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describe('shuffledIndices', () => {
  it('is a permutation, a pure function of the key', () => {
    const a = shuffledIndices(key(1), 100);
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(range(100));
    expect(shuffledIndices(key(1), 100)).toEqual(a);
    expect(shuffledIndices(key(2), 100)).not.toEqual(a);
    expect(Array.from(a)).not.toEqual(range(100));
    expect(shuffledIndices(key(1), 0)).toEqual(new Int32Array(0));
    expect(() => shuffledIndices(key(1), -1)).toThrow(OptionError);
  });
});

describe('batchIndices', () => {
  it('without a key: in order, last batch short', () => {
    expect(batchIndices(10, 3).map((b) => Array.from(b))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(batchIndices(10, 3, { dropLast: true }).map((b) => Array.from(b))).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8]]);
    expect(batchIndices(9, 3, { dropLast: true })).toHaveLength(3); // nothing to drop
    expect(batchIndices(2, 5, { dropLast: true })).toEqual([]);
    expect(batchIndices(0, 4)).toEqual([]);
  });

  it('with a key: every index exactly once per epoch, shuffled, same key same order', () => {
    const k = key(7);
    const e0 = batchIndices(1000, 64, { key: k });
    expect(e0.map((b) => b.length)).toEqual([...new Array(15).fill(64), 1000 - 15 * 64]);
    expect(concat(e0).sort((a, b) => a - b)).toEqual(range(1000));
    expect(concat(e0)).not.toEqual(range(1000));
    expect(batchIndices(1000, 64, { key: k })).toEqual(e0);
    const e1 = batchIndices(1000, 64, { key: foldIn(k, 1) });
    expect(concat(e1)).not.toEqual(concat(e0));
    expect(concat(e1).sort((a, b) => a - b)).toEqual(range(1000));
  });

  it('with a key and dropLast: full batches of distinct indices only', () => {
    const bs = batchIndices(100, 32, { key: key(3), dropLast: true });
    expect(bs.map((b) => b.length)).toEqual([32, 32, 32]);
    expect(new Set(concat(bs)).size).toBe(96);
    // the kept indices are the first 96 of the same shuffle
    expect(concat(bs)).toEqual(concat(batchIndices(100, 32, { key: key(3) })).slice(0, 96));
  });

  it('rejects bad sizes', () => {
    expect(() => batchIndices(10, 0)).toThrow(/batchSize must be an integer >= 1, got 0/);
    expect(() => batchIndices(10, 2.5)).toThrow(OptionError);
    expect(() => batchIndices(-1, 2)).toThrow(/n must be an integer >= 0/);
  });
});

describe('takeRows', () => {
  const images = tensor(Float32Array.from({ length: 5 * 4 }, (_, i) => i), [5, 1, 2, 2]);
  const labels = Int32Array.from([4, 3, 2, 1, 0]);

  it('gathers rows of images and labels', () => {
    const b = takeRows(images, labels, Int32Array.from([3, 0, 3]));
    expect(b.x.shape).toEqual([3, 1, 2, 2]);
    expect(Array.from(toArray(b.x))).toEqual([12, 13, 14, 15, 0, 1, 2, 3, 12, 13, 14, 15]);
    expect(b.y.shape).toEqual([3]);
    expect(Array.from(toArray(b.y))).toEqual([1, 4, 1]);
    expect(Array.from(b.labels)).toEqual([1, 4, 1]);
    expect(takeRows(images, labels, new Int32Array(0)).x.shape).toEqual([0, 1, 2, 2]);
  });

  it('rejects bad indices and mismatched labels', () => {
    expect(() => takeRows(images, labels, Int32Array.from([5]))).toThrow(/index 5 at position 0 is not a row in \[0, 5\)/);
    expect(() => takeRows(images, labels.slice(0, 4), Int32Array.from([0]))).toThrow(ShapeError);
  });
});

describe('oneHot', () => {
  it('puts a 1 in each label column', () => {
    const t = oneHot(Int32Array.from([2, 0]), 3);
    expect(t.shape).toEqual([2, 3]);
    expect(Array.from(toArray(t))).toEqual([0, 0, 1, 1, 0, 0]);
    expect(() => oneHot(Int32Array.from([3]), 3)).toThrow(/label 3 at position 0 is not a class in \[0, 3\)/);
    expect(() => oneHot(Int32Array.from([0]), 0)).toThrow(OptionError);
  });
});
