// Word n-grams hashed into buckets as fastText and sent2vec do (Dictionary::addNgrams): the n-gram
// w_i … w_{i+n−1} goes to bucket h mod `bucket`, h = (…(w_i·P + w_{i+1})·P + …) in uint64 arithmetic,
// P = 116049371. sent2vec hashes the word ids themselves, as here; fastText's supervised mode hashes
// the words' FNV-1a string hashes instead, which a trainer that sees only ids cannot: the buckets
// (and so which n-grams collide) differ from fastText's, the scheme does not.

/** fastText's multiplier. */
export const NGRAM_MULTIPLIER = 116049371;

/** The largest bucket count: fastText keeps bucket ids in int32. */
export const MAX_BUCKET = 2 ** 31 - 1;

const P = BigInt(NGRAM_MULTIPLIER);
const MASK_64 = (1n << 64n) - 1n;

/**
 * The bucket of the n-gram ids[i … i + n) (n ≥ 2; ids are integers in [0, 2^24]). Bigrams, the
 * common case, are exact in float64 (w·P + w' < 2^52, so uint64 never wraps); longer n-grams go
 * through BigInt, wrapping at 2^64 as the reference does.
 */
export function ngramBucket(ids: ArrayLike<number>, i: number, n: number, bucket: number): number {
  if (n === 2) return (ids[i] * NGRAM_MULTIPLIER + ids[i + 1]) % bucket;
  let h = BigInt(ids[i]);
  for (let j = 1; j < n; j++) h = (h * P + BigInt(ids[i + j])) & MASK_64;
  return Number(h % BigInt(bucket));
}
