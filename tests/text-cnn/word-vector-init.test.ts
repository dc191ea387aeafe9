// The embedding table from word vectors: every vocabulary word with a vector gets that vector bit
// for bit (also after a round trip through word2vec's binary format), the others U[−a, a] with a
// from the rule, the same key gives the same table, and the layer built on it starts from it.
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { readWord2vecBinary, vectorsProblemText, wordVectors, writeWord2vecBinary } from '../../src/embeddings/index.js';
import { embeddingFrom } from '../../src/nn/pretrained-embedding.js';
import { matchedScale, wordVectorTable } from '../../src/nn/word-vector-init.js';
import { key, normal, tensor, toArray } from '../support/api.js';

const dim = 4;
const wv = wordVectors(['the', 'film', 'is', 'good', 'bad', 'unseen'], normal(key(1), [6, dim], 0, 0.3));
const vocab = ['<pad>', 'film', 'good', 'is', 'dull', 'the', 'Film'];

describe('wordVectorTable', () => {
  it('copies each known word’s vector exactly and draws the others in [−a, a]', () => {
    const { table, source, found, scale } = wordVectorTable(vocab, wv, { key: key(2), scale: 0.25 });
    expect(table.shape).toEqual([vocab.length, dim]);
    expect(scale).toBe(0.25);
    expect(Array.from(source)).toEqual([-1, 1, 3, 2, -1, 0, -1]); // exact match: 'Film' is not 'film'
    expect(found).toBe(4);
    const t = toArray(table);
    vocab.forEach((_, i) => {
      const row = t.subarray(i * dim, (i + 1) * dim);
      if (source[i] >= 0) expect(Array.from(row)).toEqual(Array.from(wv.vectors.subarray(source[i] * dim, (source[i] + 1) * dim)));
      else row.forEach((v) => expect(Math.abs(v)).toBeLessThanOrEqual(0.25));
    });
  });

  it('is keyed: the same key gives the same table bit for bit, another key other drawn rows', () => {
    const a = toArray(wordVectorTable(vocab, wv, { key: key(5) }).table);
    const b = toArray(wordVectorTable(vocab, wv, { key: key(5) }).table);
    const c = toArray(wordVectorTable(vocab, wv, { key: key(6) }).table);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a.subarray(0, dim))).not.toEqual(Array.from(c.subarray(0, dim))); // <pad> has no vector: drawn
    expect(Array.from(a.subarray(dim, 2 * dim))).toEqual(Array.from(c.subarray(dim, 2 * dim))); // 'film' does
  });

  it("'matched' is √(3·var) of the vectors (float64 reference): the drawn rows get the pretrained variance", () => {
    const v = Array.from(wv.vectors), m = v.reduce((s, x) => s + x, 0) / v.length;
    const variance = v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length;
    expect(matchedScale(wv)).toBeCloseTo(Math.sqrt(3 * variance), 10);
    expect(wordVectorTable(vocab, wv, { key: key(2) }).scale).toBe(matchedScale(wv)); // the default
  });

  it('after word2vec’s binary format the rows are still exact, and embeddingFrom starts from the table', () => {
    const back = readWord2vecBinary(writeWord2vecBinary(wv));
    if (E.isLeft(back)) throw new Error(vectorsProblemText(back.left));
    const { table } = wordVectorTable(vocab, back.right, { key: key(2) });
    const layer = embeddingFrom(table);
    const { params, outputShape } = layer.init(key(0), [3]);
    expect(params.weight).toBe(table);
    expect(outputShape).toEqual([3, dim]);
    const y = toArray(layer.apply(params, {}, tensor([1, 5, 2], [1, 3])).y);
    const want = [1, 0, 3].flatMap((r) => Array.from(wv.vectors.subarray(r * dim, (r + 1) * dim))); // film, the, good
    expect(Array.from(y)).toEqual(want);
  });

  it('refuses bad input with the field named', () => {
    expect(() => wordVectorTable([], wv, { key: key(1) })).toThrow(/words must be a non-empty array/);
    expect(() => wordVectorTable(['a', ''], wv, { key: key(1) })).toThrow(/words\[1\]/);
    expect(() => wordVectorTable(vocab, wv, { key: key(1), scale: -1 })).toThrow(/scale must be a finite number > 0 or 'matched'/);
    expect(() => wordVectorTable(vocab, wordVectors(['a'], new Float32Array(2).fill(1)), { key: key(1) })).toThrow(/zero variance/);
    expect(() => embeddingFrom(normal(key(1), [3]))).toThrow(/table has shape \[3\] but must be \[vocab, dim\]/);
  });
});
