import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  float32Text, indexOf, loadWordVectors, readFastTextVec, readWord2vecBinary, readWord2vecText, saveWordVectors,
  vectorsProblemText, word2vecText, wordVectors, writeWord2vecBinary, writeWord2vecText, type BadVectors, type WordVectors,
} from '../../src/embeddings/index.js';
import { tensor } from '../../src/index.js';
import { ArgumentError, OptionError, ShapeError } from '../../src/shape/errors.js';

const right = <L, A>(e: E.Either<L, A>): A => {
  if (E.isLeft(e)) throw new Error(`expected Right, got ${JSON.stringify(e.left)}`);
  return e.right;
};
const left = <L, A>(e: E.Either<L, A>): L => {
  if (E.isRight(e)) throw new Error('expected Left');
  return e.left;
};

/** Same words and the same float32 bit patterns (so -0 ≠ 0). */
const expectSame = (a: WordVectors, b: WordVectors): void => {
  expect(a.words).toEqual(b.words);
  expect(a.dim).toBe(b.dim);
  expect(new Uint8Array(a.vectors.buffer, a.vectors.byteOffset, a.vectors.byteLength)).toEqual(new Uint8Array(b.vectors.buffer, b.vectors.byteOffset, b.vectors.byteLength));
};

const bitsToFloat = (b: number): number => new Float32Array(Uint32Array.of(b).buffer)[0];
/** Every finite float32: fast-check's floats (biased to 0, -0, subnormals, extremes) and raw bit patterns (every exponent). */
const float32 = fc.oneof(
  fc.float({ noNaN: true, noDefaultInfinity: true }),
  fc.integer({ min: 0, max: 0xffffffff }).map(bitsToFloat).filter(Number.isFinite),
);
const vectorsArb = fc.integer({ min: 1, max: 6 }).chain((dim) =>
  fc.uniqueArray(fc.oneof(fc.stringMatching(/^[a-zé]{1,6}$/), fc.constantFrom('ñandú', '東京', 'a\u00a0b', '#', '-0', '1e5')), { maxLength: 6 })
    .chain((words) => fc.array(float32, { minLength: words.length * dim, maxLength: words.length * dim })
      .map((xs) => wordVectors(words, Float32Array.from(xs), dim))));

describe('float32Text', () => {
  it('writes the shortest decimal that reads back as the float32', () => {
    const cases: [number, string][] = [
      [0.1, '0.1'], [1, '1'], [-2.5, '-2.5'], [100, '100'], [65504, '65504'], [1e-7, '0.0000001'],
      [3.4028234663852886e38, '3.4028235e+38'], [1.401298464324817e-45, '1e-45'], [1.1754943508222875e-38, '1.1754944e-38'],
      [123456792, '123456790'], [16777216, '16777216'], [1e21, '1e+21'],
    ];
    for (const [v, s] of cases) expect(float32Text(Math.fround(v))).toBe(s);
    expect(float32Text(0)).toBe('0');
    expect(float32Text(-0)).toBe('-0');
  });

  it('reads back exactly, and no fewer significant digits would (every exponent, subnormals, -0)', () => {
    const digits = (s: string) => s.replace(/^-/, '').replace(/e.*$/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '').length;
    fc.assert(fc.property(float32, (v) => {
      const s = float32Text(v);
      expect(Object.is(Math.fround(Number(s)), v)).toBe(true);
      expect(s).toMatch(/^-?(?:\d+(?:\.\d+)?)(?:e[+-]\d+)?$/);
      if (v !== 0) {
        const shorter = digits(s) - 1;
        if (shorter >= 1) expect(Math.fround(Number(Math.abs(v).toPrecision(shorter)))).not.toBe(Math.abs(v));
      }
    }), { numRuns: 5000 });
  });
});

describe('word2vec text', () => {
  const wv = wordVectors(['king', 'queen'], Float32Array.of(0.1, -0, 1e-45, 3.4028234663852886e38), 2);

  it('writes the header and one line per word, exact by default', () => {
    expect(writeWord2vecText(wv)).toBe('2 2\nking 0.1 -0\nqueen 1e-45 3.4028235e+38\n');
    expect(writeWord2vecText(wv, { decimals: 2 })).toBe('2 2\nking 0.10 0.00\nqueen 0.00 3.4028234663852886e+38\n'); // toFixed: -0 loses its sign, ≥ 1e21 is exponential
    expect(() => writeWord2vecText(wv, { decimals: 1.5 })).toThrow(OptionError);
    expect(() => writeWord2vecText(wv, { precision: 3 } as never)).toThrow(/unknown option 'precision'/);
  });

  it('word2vecText is the 6-decimal writer', () => {
    const x = tensor([[0.5, -1.25], [2, 1 / 3]], [2, 2]);
    expect(word2vecText(x, ['a', 'b'])).toBe(writeWord2vecText(wordVectors(['a', 'b'], x), { decimals: 6 }));
  });

  it('round-trips exactly, as a string and as UTF-8 bytes', () => {
    fc.assert(fc.property(vectorsArb, (v) => {
      const text = writeWord2vecText(v);
      expectSame(right(readWord2vecText(text)), v);
      expectSame(right(readWord2vecText(new TextEncoder().encode(text))), v);
    }), { numRuns: 300 });
  });

  it('reads what word2vec C and fastText write: trailing spaces, CRLF, other number forms, a final line without newline', () => {
    const read = right(readWord2vecText('2 3 \r\nthe 0.100000 -2.000000 3e2 \r\nof +.5 1. -0 \r\n\n'));
    expect(read.words).toEqual(['the', 'of']);
    expect(Array.from(read.vectors)).toEqual([Math.fround(0.1), -2, 300, 0.5, 1, -0]);
    expect(right(readFastTextVec('1 2\nx 1\t2')).vectors).toEqual(Float32Array.of(1, 2));
    expect(right(readWord2vecText('0 5\n')).words).toEqual([]);
  });

  const problem = (text: string | Uint8Array): BadVectors => left(readWord2vecText(text));
  const at = (text: string | Uint8Array, line: number, detail: RegExp): void => {
    const p = problem(text);
    expect(p).toMatchObject({ _tag: 'BadVectors', format: 'text', line });
    expect(p._tag === 'BadVectors' && p.detail).toMatch(detail);
  };

  it('names the line of what is malformed', () => {
    at('', 1, /header "count dim"/);
    at('2 x\na 1\n', 1, /header "count dim"/);
    at('1 0\na\n', 1, /dim ≥ 1/);
    at('3 2\na 1.5 2.5\nb 3.5 4.5\n', 4, /ends after 2 of the 3 vectors/); // wrong count: too few
    at('1 2\na 1 2\nb 3 4\n', 3, /more than the 1 vectors/); // too many
    at('1 2\na 1 2\n\n\nb 3 4\n', 5, /more than the 1 vectors/); // blank lines, then more
    at('2 2\na 1 2\n\nb 3 4\n', 3, /is empty/);
    at('2 2\na 1 2\nb 3 x4\n', 3, /number 2 \("x4"\) is not a decimal number/); // bad number
    at('1 2\na 0x10 2\n', 2, /number 1 \("0x10"\)/);
    at('1 2\na 1 Infinity\n', 2, /not a decimal number/);
    at('1 2\na 1 1e39\n', 2, /outside float32's range/);
    at('2 3\na 1 2 3\nb 1.5 2.5\n', 3, /has 2 numbers after its word "b" but the header's dim is 3/); // short row
    at('1 1\na 1 2\n', 2, /has 2 numbers/);
    at('3 1\na 1\nb 2\na 3\n', 4, /"a" is a duplicate of line 2's/); // duplicate word
    at('1 1\n a 1\n', 2, /starts with whitespace/);
    at('1 1\na\u000bb 1\n', 2, /holds whitespace/);
    at('1000000 300\na 1\n', 1, /more than the/); // refused before allocating
    at('3 2\na 1 2\nb 3 4\n', 1, /announces 3 vectors of dim 2, more than the 12 characters after it can hold/);
    at(Uint8Array.of(...new TextEncoder().encode('2 1\na 1\n'), 0xff, 0x20, 0x31, 0x0a), 3, /not valid UTF-8/);
  });

  it('words its problems, naming the place', () => {
    expect(vectorsProblemText(problem('2 2\na 1 2\nb 3 x4\n'))).toBe('word2vec text line 3: number 2 ("x4") is not a decimal number');
  });
});

describe('word2vec binary', () => {
  const le = (...xs: number[]) => new Uint8Array(Float32Array.from(xs).buffer); // the test machine is little-endian, as the format
  const ascii = (s: string) => new TextEncoder().encode(s);
  const cat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => Array.from(p)));
  const wv = wordVectors(['the', 'ñ'], Float32Array.of(1, -0.5, 1e-45, 3), 2);

  it('writes word2vec C\'s layout: header line, then word, space, little-endian float32, newline', () => {
    const c = cat(ascii('2 2\nthe '), le(1, -0.5), ascii('\n'), ascii('ñ '), le(1e-45, 3), ascii('\n'));
    expect(writeWord2vecBinary(wv)).toEqual(c);
    const gensim = cat(ascii('2 2\nthe '), le(1, -0.5), ascii('ñ '), le(1e-45, 3));
    expect(writeWord2vecBinary(wv, { newline: false })).toEqual(gensim);
    expectSame(right(readWord2vecBinary(c)), wv);
    expectSame(right(readWord2vecBinary(gensim)), wv); // no newlines, as gensim writes
  });

  it('round-trips exactly, with and without newlines', () => {
    fc.assert(fc.property(vectorsArb, fc.boolean(), (v, newline) => {
      expectSame(right(readWord2vecBinary(writeWord2vecBinary(v, { newline }))), v);
    }), { numRuns: 300 });
  });

  const at = (bytes: Uint8Array, offset: number, detail: RegExp): void => {
    const p = left(readWord2vecBinary(bytes));
    expect(p).toMatchObject({ _tag: 'BadVectors', format: 'binary', offset });
    expect(p.detail).toMatch(detail);
  };

  it('names the byte offset of what is malformed', () => {
    at(ascii('2 2'), 0, /header "count dim"/);
    at(cat(ascii('3 2\nthe '), le(1, 2)), 0, /announces 3 vectors of dim 2, at least 30 bytes, but 12 follow/); // wrong count
    at(cat(ascii('1 2\nthe '), le(1, 2)).subarray(0, 14), 8, /vector 1 \("the"\) needs 8 bytes but only 6 are left/); // short row
    at(cat(ascii('2 2\nthe '), le(1, 2), ascii('\nab '), le(3)), 20, /vector 2 \("ab"\) needs 8 bytes but only 4 are left/);
    at(cat(ascii('2 1\nthe '), le(1), ascii('\nabcdefg')), 13, /the bytes end inside the word of vector 2/);
    at(cat(ascii('1 2\nthe '), le(1, NaN)), 12, /number 2 of vector 1 \("the"\) is NaN/);
    at(cat(ascii('2 1\nthe '), le(1), ascii('\nthe '), le(2)), 13, /"the" of vector 2 is a duplicate of vector 1's/); // duplicate word
    at(cat(ascii('2 1\nthe '), le(1), ascii('\n\nab '), le(2)), 13, /holds whitespace/);
    at(cat(ascii('1 1\n'), Uint8Array.of(0xc3, 0x28, 0x20), le(1)), 4, /not valid UTF-8/);
    at(cat(ascii('1 1\nthe '), le(1), ascii('\nrest')), 13, /4 bytes follow the 1 vectors/);
    at(cat(ascii('1 1\nthe '), le(Infinity)), 8, /is Infinity; word vectors must be finite/);
  });

  it('names the place of a short row', () => {
    // A long word makes the count check pass while the numbers are cut short.
    at(cat(ascii('1 2\nabcdefghij '), le(1)), 15, /vector 1 \("abcdefghij"\) needs 8 bytes but only 4 are left/);
  });
});

describe('wordVectors', () => {
  it('takes a Tensor or a Float32Array, copies the numbers and indexes the words', () => {
    const x = Float32Array.of(1, 2, 3, 4);
    const wv = wordVectors(['a', 'b'], x);
    x[0] = 9;
    expect(wv.vectors).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(wv.dim).toBe(2);
    expect(indexOf(wv, 'b')).toBe(1);
    expect(indexOf(wv, 'c')).toBe(-1);
    expect(wordVectors(['a', 'b'], tensor([[1, 2], [3, 4]], [2, 2])).vectors).toEqual(Float32Array.of(1, 2, 3, 4));
    expect(Object.isFrozen(wv) && Object.isFrozen(wv.words)).toBe(true);
    expect(wordVectors([], new Float32Array(0), 3).dim).toBe(3);
  });

  it('refuses bad words and shapes, naming wordVectors', () => {
    const x = Float32Array.of(1, 2, 3, 4);
    expect(() => wordVectors(['a', 'a'], x)).toThrow(/wordVectors: words\[1\] is "a", already words\[0\]/);
    expect(() => wordVectors(['a', ''], x)).toThrow(/words\[1\] is empty/);
    expect(() => wordVectors(['a', 'b c'], x)).toThrow(ArgumentError);
    expect(() => wordVectors(['a', 'b'], x, 3)).toThrow(/has 4 numbers, which is not 2 words × 3/);
    expect(() => wordVectors(['a', 'b', 'c'], x)).toThrow(ArgumentError);
    expect(() => wordVectors([], x)).toThrow(/dim must be given/);
    expect(() => wordVectors(['a'], tensor([[1, 2], [3, 4]], [2, 2]))).toThrow(ShapeError);
    expect(() => wordVectors(['a', 'b'], Float32Array.of(1, NaN, 3, 4))).toThrow(/holds NaN at row 0, column 1/);
  });
});

describe('saveWordVectors and loadWordVectors', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nnts-vectors-'));
  const wv = wordVectors(['king', 'queen', 'é'], Float32Array.of(0.1, -0, 1e-45, 3.4028234663852886e38, -7, 1 / 3), 2);

  it('saves both formats into directories it makes, and loads them back exactly', () => {
    for (const format of ['text', 'binary'] as const) {
      const path = join(dir, format, 'deep', `vectors.${format === 'text' ? 'txt' : 'bin'}`);
      expect(E.isRight(saveWordVectors(path, wv, format))).toBe(true);
      expectSame(right(loadWordVectors(path, format)), wv);
    }
    expect(readFileSync(join(dir, 'text', 'deep', 'vectors.txt'), 'utf8')).toBe(writeWord2vecText(wv));
    const six = join(dir, 'six.txt');
    expect(E.isRight(saveWordVectors(six, wv, 'text', { decimals: 6 }))).toBe(true);
    expect(readFileSync(six, 'utf8')).toBe(writeWord2vecText(wv, { decimals: 6 }));
  });

  it('returns the file problem, or the malformed place with the file named', () => {
    expect(left(loadWordVectors(join(dir, 'none.bin'), 'binary'))).toMatchObject({ _tag: 'FileMissing' });
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '2 2\na 1.25 2.25\n');
    const p = left(loadWordVectors(bad, 'text'));
    expect(p).toMatchObject({ _tag: 'BadVectors', line: 3, file: bad });
    expect(vectorsProblemText(p)).toBe(`'${bad}' line 3: the text ends after 1 of the 2 vectors the header announces`);
    const save = saveWordVectors(join(bad, 'under-a-file.txt'), wv, 'text');
    expect(left(save)).toMatchObject({ _tag: 'FileUnwritable' });
  });

  it('throws for a bad path, format or option', () => {
    expect(() => loadWordVectors('', 'text')).toThrow(ArgumentError);
    expect(() => loadWordVectors(join(dir, 'x'), 'glove' as never)).toThrow(/format must be 'text'/);
    expect(() => saveWordVectors(join(dir, 'x'), wv, 'binary', { decimals: 3 })).toThrow(OptionError);
  });
});
