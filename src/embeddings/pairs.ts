// Skip-gram's (centre, context) pairs with word2vec's dynamic windows: each centre draws a reach b
// uniformly from 1 … window, and every token within b positions of it in its sequence is a context
// (so nearer tokens are contexts more often). Centres are visited in a keyed shuffled order, and the
// pairs stream out in batches of a fixed size, so every step has the same shapes.
import { mulhi32, randomBits } from '../random/philox.js';
import { foldIn, split, type Key } from '../random/key.js';
import { permutationData } from '../random/sample.js';
import type { Corpus } from './corpus.js';

export interface PairOptions {
  /** The largest reach of a window (word2vec's `window`). */
  readonly window: number;
  /** Passes over the corpus; a fraction trains on that share of the last pass's (shuffled) centres. */
  readonly epochs: number;
  /** Pairs per batch. */
  readonly batchSize: number;
  readonly key: Key;
}

/** One epoch's centres: the token positions in visiting order, and the reach drawn for each position. */
interface EpochPlan {
  readonly order: Int32Array;
  readonly reach: Int32Array;
}

/** The centres and reaches of every epoch, and how many pairs they make. */
export interface PairPlan {
  readonly epochs: readonly EpochPlan[];
  readonly pairs: number;
  readonly batchSize: number;
  /** The sequence each token belongs to. */
  readonly sequenceOf: Int32Array;
}

/** A batch of `batchSize` pairs; the first `count` are real, the rest padding (ids 0) that must weigh 0. */
export interface PairBatch {
  readonly centres: Int32Array;
  readonly contexts: Int32Array;
  readonly count: number;
}

const sequenceIndex = (c: Corpus): Int32Array => {
  const of = new Int32Array(c.tokens.length);
  for (let s = 0; s + 1 < c.starts.length; s++) of.fill(s, c.starts[s], c.starts[s + 1]);
  return of;
};

/** The pairs a centre at position i with reach b makes: its neighbours within b, clipped to its sequence. */
const pairsAt = (c: Corpus, sequenceOf: Int32Array, i: number, b: number): number => {
  const s = sequenceOf[i];
  return Math.min(b, i - c.starts[s]) + Math.min(b, c.starts[s + 1] - 1 - i);
};

/** Draws every epoch's order and reaches (epoch e from foldIn of the key's halves with e) and counts the pairs. */
export function planPairs(c: Corpus, o: PairOptions): PairPlan {
  const [orderKey, reachKey] = split(o.key);
  const tokens = c.tokens.length;
  const sequenceOf = sequenceIndex(c);
  const epochs: EpochPlan[] = [];
  let pairs = 0;
  for (let e = 0; e < Math.ceil(o.epochs); e++) {
    const share = Math.min(1, o.epochs - e);
    const order = permutationData(foldIn(orderKey, e), tokens).subarray(0, Math.round(share * tokens));
    const reach = Int32Array.from(randomBits(foldIn(reachKey, e), tokens), (w) => 1 + mulhi32(w, o.window));
    const plan = { order, reach };
    for (const i of order) pairs += pairsAt(c, sequenceOf, i, plan.reach[i]);
    epochs.push(plan);
  }
  return { epochs, pairs, batchSize: o.batchSize, sequenceOf };
}

/** The number of batches `pairBatches` yields. */
export const batchCount = (plan: PairPlan): number => Math.ceil(plan.pairs / plan.batchSize);

/**
 * The planned pairs, in batches of `batchSize` (the last one padded), each centre's pairs in order
 * of position. The arrays of a batch are reused by the next: read them before asking for it.
 */
export function* pairBatches(c: Corpus, plan: PairPlan): Generator<PairBatch> {
  const { batchSize } = plan;
  const centres = new Int32Array(batchSize), contexts = new Int32Array(batchSize);
  let count = 0;
  for (const { order, reach } of plan.epochs) {
    for (const i of order) {
      const s = plan.sequenceOf[i];
      const from = Math.max(c.starts[s], i - reach[i]), to = Math.min(c.starts[s + 1] - 1, i + reach[i]);
      for (let j = from; j <= to; j++) {
        if (j === i) continue;
        centres[count] = c.tokens[i];
        contexts[count] = c.tokens[j];
        if (++count === batchSize) { yield { centres, contexts, count }; count = 0; }
      }
    }
  }
  if (count > 0) {
    centres.fill(0, count);
    contexts.fill(0, count);
    yield { centres, contexts, count };
  }
}
