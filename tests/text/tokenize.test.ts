import { describe, expect, it } from 'vitest';
import { sentences, tokenize } from '../../src/text/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';

describe('tokenize', () => {
  it('lower-cases word tokens, keeping inner apostrophes and hyphens, dropping punctuation', () => {
    expect(tokenize("Don't stop—the term-end report's due!")).toEqual(["don't", 'stop', 'the', 'term-end', "report's", 'due']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' \n\t ')).toEqual([]);
  });

  it('joins runs by one connector only, and not at the ends of a word', () => {
    expect(tokenize("'Tis the dogs' bowl")).toEqual(['tis', 'the', 'dogs', 'bowl']);
    expect(tokenize('well--known -x- e.g. a-b-c')).toEqual(['well', 'known', 'x', 'e', 'g', 'a-b-c']);
  });

  it('keeps digit groups and decimals whole, but not dots between letters', () => {
    expect(tokenize('1,119 people paid $7.50. Then 3.5kg, v2.0.1 or end.Start')).toEqual(['1,119', 'people', 'paid', '7.50', 'then', '3.5kg', 'v2.0.1', 'or', 'end', 'start']);
  });

  it("keeps case with lowercase: false, and each mark as a token with punctuation: 'keep'", () => {
    expect(tokenize('Hi, New York!', { lowercase: false })).toEqual(['Hi', 'New', 'York']);
    expect(tokenize('Hi, there... $5!', { punctuation: 'keep' })).toEqual(['hi', ',', 'there', '.', '.', '.', '$', '5', '!']);
    expect(tokenize('a 🙂 b', { punctuation: 'keep' })).toEqual(['a', '🙂', 'b']);
    expect(tokenize('a 🙂 b')).toEqual(['a', 'b']);
  });

  it('reads any script, composes accents (NFC) and writes ’ and Unicode hyphens as ASCII inside words', () => {
    expect(tokenize('Café naïve ÜBER 東京 Москва mañana')).toEqual(['café', 'naïve', 'über', '東京', 'москва', 'mañana']);
    expect(tokenize('Cafe\u0301')).toEqual(['café']);
    expect(tokenize('don’t co\u2010op')).toEqual(["don't", 'co-op']);
    expect(tokenize('don’t')).toEqual(tokenize("don't"));
  });

  it('refuses what is not text, and bad options', () => {
    expect(() => tokenize(42 as unknown as string)).toThrow(new ArgumentError('tokenize', 'text', 'must be a string, got 42'));
    expect(() => tokenize('a', { punctuation: 'strip' as 'drop' })).toThrow(OptionError);
    expect(() => tokenize('a', { lowercase: 'yes' as unknown as boolean })).toThrow(/tokenize: lowercase must be true or false/);
    expect(() => tokenize('a', { lower: true } as never)).toThrow(/tokenize: unknown option 'lower'/);
  });
});

describe('sentences', () => {
  it('ends a sentence at each line break and after . ! ? (and closing quotes) before white space', () => {
    expect(sentences('First one. Second one!  Third?\nFourth line\r\n\n  Fifth.')).toEqual(['First one.', 'Second one!', 'Third?', 'Fourth line', 'Fifth.']);
    expect(sentences('He said "stop." Then (quietly!) left.')).toEqual(['He said "stop."', 'Then (quietly!)', 'left.']);
    expect(sentences('Pi is 3.14 or so... roughly')).toEqual(['Pi is 3.14 or so...', 'roughly']);
    expect(sentences('')).toEqual([]);
  });

  it('refuses what is not text', () => {
    expect(() => sentences(null as unknown as string)).toThrow(ArgumentError);
  });
});
