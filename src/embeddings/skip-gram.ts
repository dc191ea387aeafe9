// A skip-gram trainer with negative sampling (word2vec's SGNS, Mikolov et al. 2013) over integer
// sequences, trained in minibatches of (centre, context) pairs through gather, matmul and
// valueAndGrad.
//
// Gradients are row-sparse: both tables are only gathered, so a step differentiates and updates
// the rows its batch touches (adagrad and sgd exactly as a dense step would; adam lazily).
import { scopedStep } from '../backend/scope.js';
import { valueAndGrad } from '../autodiff/grad.js';
import type { Optimizer } from '../optim/types.js';
import { adagrad } from '../optim/adagrad.js';
import { checkKey, foldIn, split, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';
import { checkFunctionOption, checkSize } from '../nn/args.js';
import { positive } from '../optim/options.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions } from '../shape/options.js';
import { fromHost, item, zeros } from '../tensor/create.js';
import { corpus, tokenCounts } from './corpus.js';
import { noiseDistribution, sampleNoise } from './noise.js';
import { batchCount, pairBatches, planPairs } from './pairs.js';
import { sgnsBatch, sgnsLabels, sgnsLoss, type SgnsBatch, type SkipGramParams } from './sgns-loss.js';

export interface SkipGramProgress {
  /** Steps done (1 after the first). */
  readonly step: number;
  readonly steps: number;
  /** The batch's mean loss per pair before the step. */
  readonly loss: number;
}

export interface SkipGramOptions {
  /** Embedding size d. */
  readonly dim: number;
  /** The largest window reach (word2vec's `window`; each centre draws its own from 1 … window). Default 5. */
  readonly window?: number;
  /** Negatives per pair, from the unigram^0.75 distribution. Default 5. */
  readonly negatives?: number;
  /** Passes over the corpus (a fraction trains on that share of a pass's shuffled centres). Default 1. */
  readonly epochs?: number;
  /** Pairs per step. Default 1024. */
  readonly batchSize?: number;
  /** Ids are 0 … vocabSize − 1. Default: the largest id in the sequences + 1. */
  readonly vocabSize?: number;
  /**
   * The optimiser, made knowing the number of steps (for a schedule). Default adagrad, rate 0.05:
   * word2vec's plain SGD summed over a batch diverges when an id fills much of it (small vocabularies).
   */
  readonly optimizer?: (steps: number) => Optimizer<unknown>;
  readonly key: Key;
  /** Called after every step. */
  readonly onStep?: (progress: SkipGramProgress) => void;
}

export type SkipGram = SkipGramParams & {
  /** The mean loss per pair of each batch, before its step. */
  readonly losses: Float64Array;
  /** Pairs trained on (batches × batchSize, less the padding). */
  readonly pairs: number;
};

const OP = 'trainSkipGram';
const DEFAULT_LR = 0.05;

interface TrainState { readonly params: SkipGramParams; readonly opt: unknown; readonly loss: number }

/** One optimiser step on a batch: the only place that differentiates (row-sparse gradients of both tables). */
const trainStep = (optimizer: Optimizer<unknown>) => scopedStep((s: TrainState, batch: SgnsBatch): TrainState => {
  const [loss, grads] = valueAndGrad((p: SkipGramParams) => sgnsLoss(p, batch), { rowSparse: true })(s.params);
  const r = optimizer.step(s.params, grads, s.opt);
  return { params: r.params, opt: r.state, loss: item(loss) };
});

/**
 * Skip-gram embeddings of the ids in `sequences`: input vectors start uniform in ±0.5/d and output
 * vectors at 0 (as word2vec), and each step minimises `sgnsLoss` on a batch of pairs whose negatives
 * are drawn for that step. Deterministic for a key.
 */
export function trainSkipGram(sequences: readonly ArrayLike<number>[], options: SkipGramOptions): SkipGram {
  checkOptions(OP, options, ['dim', 'window', 'negatives', 'epochs', 'batchSize', 'vocabSize', 'optimizer', 'key', 'onStep'], 'required');
  const { dim, window = 5, negatives: k = 5, batchSize = 1024 } = options;
  checkSize(OP, 'dim', dim);
  checkSize(OP, 'window', window);
  checkSize(OP, 'negatives', k, 0);
  checkSize(OP, 'batchSize', batchSize);
  const epochs = positive(OP, 'epochs', options.epochs ?? 1);
  checkFunctionOption(OP, 'optimizer', options.optimizer);
  checkFunctionOption(OP, 'onStep', options.onStep);
  checkKey(OP, options.key);
  const c = corpus(OP, sequences, options.vocabSize);
  const [initKey, pairKey, noiseKey] = split(options.key, 3);

  const plan = planPairs(c, { window, epochs, batchSize, key: pairKey });
  const steps = batchCount(plan);
  if (steps === 0) throw new OptionError(OP, 'the sequences make no (centre, context) pairs: they need two tokens or more');
  const noise = noiseDistribution(tokenCounts(c));
  const optimizer = options.optimizer?.(steps) ?? adagrad({ lr: DEFAULT_LR });
  const V = c.vocabSize;
  const params: SkipGramParams = {
    input: fromHost(uniformData(initKey, V * dim, -0.5 / dim, 0.5 / dim), [V, dim]),
    output: zeros([V, dim]),
  };
  const step = trainStep(optimizer);
  const labels = sgnsLabels(batchSize, k);
  const losses = new Float64Array(steps);
  let state: TrainState = { params, opt: optimizer.init(params), loss: NaN };
  let t = 0, pairs = 0;
  for (const b of pairBatches(c, plan)) {
    const negatives = sampleNoise(noise, foldIn(noiseKey, t), batchSize * k);
    state = step(state, sgnsBatch(b.centres, b.contexts, b.count, negatives, labels));
    losses[t++] = state.loss;
    pairs += b.count;
    options.onStep?.({ step: t, steps, loss: state.loss });
  }
  return { ...state.params, losses, pairs };
}
