import { describe, expect, it } from 'vitest';
import { buildVocabulary } from '../../src/text/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';

const docs = [['b', 'a', 'c', 'a'], ['b', 'd', 'a', 'c']];

describe('buildVocabulary', () => {
  it('sorts by descending count, then by word; ids are positions', () => {
    const v = buildVocabulary(docs, { minCount: 1 });
    expect(v.words).toEqual(['a', 'b', 'c', 'd']);
    expect(Array.from(v.counts)).toEqual([3, 2, 2, 1]);
    expect(v.total).toBe(8);
    expect(v.words.map((w) => v.idOf(w))).toEqual([0, 1, 2, 3]);
    expect(v.idOf('zzz')).toBeUndefined();
    expect(Object.isFrozen(v.words)).toBe(true);
  });

  it('does not depend on the order of the input, and orders ties by code unit, not locale', () => {
    const v = buildVocabulary([...docs].reverse().map((d) => [...d].reverse()), { minCount: 1 });
    expect(v.words).toEqual(['a', 'b', 'c', 'd']);
    expect(buildVocabulary([['é', 'a', 'B', 'b']], { minCount: 1 }).words).toEqual(['B', 'a', 'b', 'é']);
  });

  it('keeps words seen minCount times (default 5), at most maxSize of them', () => {
    expect(buildVocabulary(docs, { minCount: 2 }).words).toEqual(['a', 'b', 'c']);
    expect(buildVocabulary(docs, { minCount: 2 }).total).toBe(7);
    expect(buildVocabulary(docs, { minCount: 1, maxSize: 2 }).words).toEqual(['a', 'b']);
    expect(buildVocabulary(docs).words).toEqual([]);
    const many = buildVocabulary([Array<string>(5).fill('x'), Array<string>(4).fill('y')]);
    expect(many.words).toEqual(['x']);
    expect(many.total).toBe(5);
  });

  it('encodes tokens as ids, dropping unknown words, and can say how many it dropped', () => {
    const v = buildVocabulary(docs, { minCount: 2 });
    expect(v.encode(['a', 'zzz', 'd', 'c', 'a'])).toEqual(Int32Array.of(0, 2, 0));
    expect(v.encodeCounted(['a', 'zzz', 'd', 'c'])).toEqual({ ids: Int32Array.of(0, 2), dropped: 2 });
    expect(v.encode([])).toEqual(new Int32Array(0));
  });

  it('refuses tokens that are not non-empty strings, and bad options', () => {
    expect(() => buildVocabulary([['a'], ['b', 'c', 3 as unknown as string]]))
      .toThrow(new ArgumentError('buildVocabulary', 'tokenSequences[1][2]', 'is 3; expected a non-empty string'));
    expect(() => buildVocabulary([['a', '']])).toThrow(/tokenSequences\[0\]\[1\] is a string \(''\)/);
    expect(() => buildVocabulary(['ab' as unknown as string[]])).toThrow(/tokenSequences\[0\] must be an array/);
    expect(() => buildVocabulary('ab' as unknown as string[][])).toThrow(ArgumentError);
    expect(() => buildVocabulary(docs, { minCount: 0 })).toThrow(new OptionError('buildVocabulary', 'minCount must be an integer ≥ 1, got 0'));
    expect(() => buildVocabulary(docs, { minCount: 1.5 })).toThrow(OptionError);
    expect(() => buildVocabulary(docs, { maxSize: 0 })).toThrow(/maxSize must be an integer ≥ 1/);
    expect(() => buildVocabulary(docs, { min: 1 } as never)).toThrow(/unknown option 'min'/);
    const v = buildVocabulary(docs, { minCount: 1 });
    expect(() => v.encode(['a', null as unknown as string])).toThrow(new ArgumentError('encode', 'tokens[1]', 'is null; expected a non-empty string'));
    expect(() => v.encode('a' as unknown as string[])).toThrow(ArgumentError);
  });
});
