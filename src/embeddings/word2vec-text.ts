// word2vec's text format for vectors (what gensim's KeyedVectors.load_word2vec_format reads):
// a header line "count dim", then one line per vector, its name and its d values.
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { numberFormat, vectorText } from './vector-formats.js';

/**
 * The rows of `x` `[count, d]` in word2vec's text format, named `names[i]` (default: the row
 * index, as node ids are); values with 6 decimals as word2vec's `%lf`. Names may not hold spaces.
 * For an exact text (and a reader), see `writeWord2vecText` / `readWord2vecText` in vector-formats.ts.
 */
export function word2vecText(x: Tensor, names?: readonly string[]): string {
  const op = 'word2vecText';
  if (x.rank !== 2) throw new ShapeError(op, 'x', x.shape, 'must be [count, d] (one vector per row)');
  const [count, d] = x.shape;
  if (names !== undefined && names.length !== count) throw new ArgumentError(op, 'names', `has ${names.length} entries but x has ${count} rows: one name per row`);
  const bad = names?.findIndex((s) => typeof s !== 'string' || s === '' || /\s/.test(s)) ?? -1;
  if (names && bad >= 0) throw new ArgumentError(op, `names[${bad}]`, `is ${JSON.stringify(names[bad])}; a name must be non-empty without whitespace`);
  // The writer of vector-formats.ts, with word2vec's own 6 decimals (writeWord2vecText is exact).
  return vectorText(names ?? Array.from({ length: count }, (_, i) => String(i)), toArray(x), d, numberFormat(op, 6));
}
