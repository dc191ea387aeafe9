// Kim (2014)'s CNN for sentence classification: word vectors → one 1-D convolution per filter
// width (ReLU) → max over time of each feature map → dropout → dense. Built from the library's
// layers: `conv1d` and `relu` per width run side by side under `parallel`, each beside its window
// mask under `each`, and `freeze` holds the static embedding channel.
//
// Padding: a batch is ids [B, T] with a mask [B, T] (1 on a sentence's tokens, 0 on padding).
// Padded positions are zero vectors, and a window counts for the max only when all its K positions
// are real tokens. A sentence with fewer than K tokens (or whose tokens leave no gap-free window
// of K) has no such window; for it, every window that holds at least one real token counts
// instead, so it is read with zero vectors beside it, as Kim's zero padding reads it. A batch
// shorter than the widest filter is padded with zeros to that width. An empty sentence gives
// zero features.
import { checkTree, type Tree } from '../autodiff/tree.js';
import { avgPool2d, concat, greater, max, maxPool2d, mul, pad, permute, reshape, where } from '../ops/index.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { Tensor } from '../tensor/tensor.js';
import { relu } from './activation.js';
import { freeze, parallel, sequential } from './combinators.js';
import { conv1d } from './conv.js';
import { dense } from './dense.js';
import { dropout } from './dropout.js';
import { each } from './inputs.js';
import type { AnyLayer, Empty, Layer } from './layer.js';
import { statelessLayer } from './layer.js';
import { maskedMaxPool, type MaskedSequence } from './masked-pool.js';
import { embeddingFrom } from './pretrained-embedding.js';
import { checkSize } from './args.js';
import { split } from '../random/key.js';
import { specEntry } from './spec.js';

/** A batch of sentences: ids [B, T] (as numbers) and mask [B, T] (1 on tokens, 0 on padding). */
export interface TextBatch {
  readonly x: Tensor;
  readonly mask: Tensor;
}

/**
 * Kim's embedding variants: 'non-static' fine-tunes the table (CNN-rand is this with a random
 * table), 'static' holds it fixed, 'multichannel' has both channels from the same table, one held
 * fixed, and every filter reads both (its weights for the two are separate, its outputs summed).
 */
export type EmbeddingMode = 'static' | 'non-static' | 'multichannel';

export interface TextCnnOptions {
  /** The initial embedding table [V, D] (see `wordVectorTable`; a random one for CNN-rand). */
  readonly table: Tensor;
  readonly classes: number;
  /** Default 'non-static'. */
  readonly embedding?: EmbeddingMode;
  /** Filter widths. Default [3, 4, 5]. */
  readonly widths?: readonly number[];
  /** Feature maps per width. Default 100. */
  readonly maps?: number;
  /** Dropout rate on the pooled features in training. Default 0.5. */
  readonly dropout?: number;
}

const OP = 'textCnn';

/** The paths of the parameters `textCnn` holds fixed: its static channel, `embed.static.weight`. */
export const isFrozenTextCnnParam = (path: string): boolean => path.startsWith('embed.static.');
/** The path of the classifier weight [classes, features] (Kim's max-norm applies to its rows). */
export const TEXT_CNN_CLASSIFIER_WEIGHT = 'classifier.weight';

/**
 * Per row of mask [B, T], the windows of width K that count (see the top of this file): [B, T − K + 1],
 * 1 where a window counts. Needs T ≥ K.
 */
export const windowMask = (mask: Tensor, K: number): Tensor => {
  if (mask.rank !== 2) throw new ShapeError('windowMask', 'mask', mask.shape, 'must be [B, T]');
  const [B, T] = mask.shape;
  if (T < K) throw new ShapeError('windowMask', 'mask', mask.shape, `must have T ≥ ${K} (the window width)`);
  const L = T - K + 1;
  const real = reshape(greater(mask, 0), [B, 1, 1, T]);
  const window = { size: [1, K] as const, stride: 1 };
  const full = greater(avgPool2d(real, window), 1 - 0.5 / K); // the mean of K zeros and ones is 1 only when all are 1
  const touching = greater(maxPool2d(real, window), 0);
  const hasFull = max(full, [3], true);
  return reshape(where(hasFull, full, touching), [B, L]);
};

/** The layer of `windowMask`: mask [B, T] → [B, T − K + 1]. */
const windowMaskLayer = (K: number): Layer<Empty, Empty> => statelessLayer(`windowMask(${K})`, (m) => windowMask(m, K), (s) => {
  if (s.length !== 1 || s[0] < K) throw new ShapeError('windowMask', 'input', s, `must be [T] with T ≥ ${K}`);
  return [s[0] - K + 1];
});

/** One filter width: { x: [B, C, T], mask: [B, T] } → [B, maps]: conv1d, ReLU, masked max over time. */
export const convOverTime = (channels: number, maps: number, width: number): Layer<Tree, Tree, MaskedSequence, Tensor> =>
  tensorOut('convOverTime', sequential(each({ x: sequential(conv1d(channels, maps, width), relu()), mask: windowMaskLayer(width) }), maskedMaxPool()));

/** `inner` typed as a layer from X to a tensor: its output is checked to be one when it runs. */
const tensorOut = <X>(kind: string, inner: AnyLayer): Layer<Tree, Tree, X, Tensor> => ({
  kind,
  init: (k, s) => inner.init(k, s),
  apply: (p, st, x, ctx) => {
    const r = inner.apply(p, st, x, ctx);
    if (!(r.y instanceof Tensor)) throw new ArgumentError(kind, 'output', `must be a tensor, got ${describe(r.y)}`);
    return { y: r.y, state: r.state };
  },
});

const isTextBatch = (u: unknown): u is TextBatch =>
  typeof u === 'object' && u !== null && 'x' in u && 'mask' in u && u.x instanceof Tensor && u.mask instanceof Tensor;

/**
 * The embedding stage: { x: ids [B, T], mask [B, T] } → { x: [B, C·D, T'], mask [B, T'] } with the
 * channels' vectors stacked on the feature axis, zero at padding, T' = max(T, minLength).
 */
const wordChannels = (table: Tensor, mode: EmbeddingMode, minLength: number): Layer<Tree, Tree, unknown, unknown> => {
  const channels: [string, AnyLayer][] = [];
  if (mode !== 'non-static') channels.push(['static', freeze(embeddingFrom(table))]);
  if (mode !== 'static') channels.push(['nonStatic', embeddingFrom(table)]);
  const D = table.shape[1], C = channels.length;
  const lengthened = (T: number) => Math.max(T, minLength);
  return {
    kind: `word channels (${mode})`,
    init: (k, s) => {
      const ids = specEntry(OP, s, 'x'), mask = specEntry(OP, s, 'mask');
      if (!Array.isArray(ids) || ids.length !== 1 || typeof ids[0] !== 'number') throw new ShapeError(OP, 'input spec x', [], `must be [T] (token ids per sentence), got ${describe(ids)}`);
      if (!Array.isArray(mask) || mask.length !== 1 || mask[0] !== ids[0]) throw new ShapeError(OP, 'input spec mask', [], `must be [${ids[0]}] like x, got ${describe(mask)}`);
      const ks = split(k, C);
      const params = Object.fromEntries(channels.map(([name, l], i) => [name, l.init(ks[i], [ids[0]]).params]));
      const T = lengthened(ids[0]);
      return { params, state: {}, outputShape: { x: [C * D, T], mask: [T] } };
    },
    apply: (p, st, input) => {
      if (!isTextBatch(input)) throw new ArgumentError(OP, 'x', `must be { x: ids [B, T], mask: [B, T] }, got ${describe(input)}`);
      const { x: ids, mask } = input;
      if (ids.rank !== 2) throw new ShapeError(OP, 'x', ids.shape, 'must be ids [B, T]');
      if (mask.rank !== 2 || mask.shape[0] !== ids.shape[0] || mask.shape[1] !== ids.shape[1]) throw new ShapeError(OP, 'mask', mask.shape, `must be [${ids.shape.join(', ')}] like x`);
      const tree: unknown = p;
      const vectors = channels.map(([name, l]) => {
        const y = l.apply(treeEntry(tree, name), {}, ids).y;
        if (!(y instanceof Tensor)) throw new ArgumentError(OP, `channel ${name}`, 'must give a tensor');
        return y;
      });
      const [B, T] = ids.shape;
      const stacked = vectors.length === 1 ? vectors[0] : concat(vectors, 2); // [B, T, C·D]
      const zeroed = permute(mul(stacked, reshape(mask, [B, T, 1])), [0, 2, 1]); // [B, C·D, T]
      const extra = lengthened(T) - T;
      return extra === 0
        ? { y: { x: zeroed, mask }, state: st }
        : { y: { x: pad(zeroed, [[0, 0], [0, 0], [0, extra]]), mask: pad(mask, [[0, 0], [0, extra]]) }, state: st };
    },
  };
};

/** The sub-tree `name` of the parameters (a ArgumentError naming it when it is missing or not a tree). */
const treeEntry = (t: unknown, name: string): Tree => {
  const v: unknown = t !== null && typeof t === 'object' ? Object.entries(t).find(([k]) => k === name)?.[1] : undefined;
  if (v === undefined) throw new ArgumentError(OP, 'params', `has no sub-tree '${name}'`);
  checkTree(OP, `params.embed.${name}`, v);
  return v;
};

/**
 * Kim's CNN: { x: ids [B, T], mask: [B, T] } → logits [B, classes]. Parameters
 * `{ embed: { static?, nonStatic? }, features: [per width: conv weight and bias], classifier }`;
 * `isFrozenTextCnnParam` names the static channel, `TEXT_CNN_CLASSIFIER_WEIGHT` the weight
 * Kim's max-norm constrains (see `maxNorm`). Training mode (with a key) applies dropout.
 */
export const textCnn = (o: TextCnnOptions): Layer<Tree, Tree, TextBatch, Tensor> => {
  checkOptions(OP, o, ['table', 'classes', 'embedding', 'widths', 'maps', 'dropout'], 'required');
  if (!(o.table instanceof Tensor) || o.table.rank !== 2) throw new ArgumentError(OP, 'table', `must be a tensor [vocab, dim], got ${o.table instanceof Tensor ? `shape [${o.table.shape.join(', ')}]` : describe(o.table)}`);
  checkSize(OP, 'classes', o.classes);
  const mode = o.embedding ?? 'non-static';
  if (mode !== 'static' && mode !== 'non-static' && mode !== 'multichannel') throw new OptionError(OP, `embedding must be 'static', 'non-static' or 'multichannel', got ${describe(mode)}`);
  const widths = o.widths ?? [3, 4, 5];
  if (!Array.isArray(widths) || widths.length === 0) throw new OptionError(OP, `widths must be a non-empty array of filter widths, got ${describe(widths)}`);
  widths.forEach((w, i) => checkSize(OP, `widths[${i}]`, w));
  const maps = o.maps ?? 100;
  checkSize(OP, 'maps', maps);
  const channels = (mode === 'multichannel' ? 2 : 1) * o.table.shape[1];
  return tensorOut(`textCnn (${mode}, widths ${widths.join(',')} × ${maps})`, sequential({
    embed: wordChannels(o.table, mode, Math.max(...widths)),
    features: parallel(widths.map((w) => convOverTime(channels, maps, w))),
    dropout: o.dropout === undefined ? dropout(0.5) : dropout(o.dropout),
    classifier: dense(widths.length * maps, o.classes),
  }));
};
