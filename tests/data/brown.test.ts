import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DataError, loadBrown, loadBrownEither, untagBrown } from '../../src/data/index.js';

describe('Brown corpus', () => {
  it('strips tags and restores punctuation and quotes', () => {
    expect(untagBrown('\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn \'\'/\'\' ,/, Atlanta\'s/np$ primary/nn ./.\n'))
      .toBe('The jury said "no evidence", Atlanta\'s primary.');
  });

  it('loads the 500 texts of 15 genres in file order', () => {
    const r = loadBrown();
    if (E.isLeft(r)) throw new Error(r.left.message);
    expect(r.right.length).toBe(500);
    expect(new Set(r.right.map((t) => t.category)).size).toBe(15);
    expect(r.right[0].id).toBe('ca01');
    expect(r.right[0].text.startsWith('The Fulton County Grand Jury said Friday an investigation')).toBe(true);
    const humour = loadBrown({ categories: ['cr'] });
    expect(E.isRight(humour) && humour.right.every((t) => t.category === 'cr')).toBe(true);
    expect(E.isLeft(loadBrown({ categories: ['zz'] }))).toBe(true);
  });

  it('a selection with no texts is DatasetMissing (loadBrownEither), a DataError naming the folder (loadBrown)', () => {
    const p = loadBrownEither({ categories: ['zz'] });
    if (!E.isLeft(p) || p.left._tag !== 'DatasetMissing') throw new Error('expected a DatasetMissing');
    expect(p.left.detail).toBe('no Brown texts found for categories zz');
    const e = loadBrown({ categories: ['zz'] });
    if (!E.isLeft(e)) throw new Error('expected a Left');
    expect(e.left).toBeInstanceOf(DataError);
    expect(e.left.message).toBe(`${p.left.source}: no Brown texts found for categories zz`);
  });
});
