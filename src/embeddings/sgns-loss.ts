// The skip-gram negative-sampling objective (Mikolov et al. 2013, eq. 4) over a batch of pairs,
// written with the library's differentiable ops so valueAndGrad gives its gradient.
import { binaryCrossEntropyWithLogits } from '../losses/classification.js';
import { matmul } from '../ops/matmul.js';
import { gather } from '../ops/gather.js';
import { reshape } from '../ops/movement.js';
import { mul } from '../ops/elementwise.js';
import { sum } from '../ops/sum.js';
import { fromHost } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';

/** The two tables, `[V, d]` each: `input` (word2vec's syn0, the embeddings) for centres, `output` (syn1neg) for contexts and negatives. */
export type SkipGramParams = {
  readonly input: Tensor<[number, number]>;
  readonly output: Tensor<[number, number]>;
};

/** A batch of B pairs, each with k negatives, as the loss reads it. */
export interface SgnsBatch {
  /** `[B]`: the centre u of each pair. */
  readonly centres: Tensor<[number]>;
  /** `[B, 1 + k]`: the context w, then the k negatives v₁ … v_k drawn for the pair. */
  readonly targets: Tensor<[number, number]>;
  /** `[B, 1 + k]`: 1 in column 0 (the context), 0 elsewhere (the negatives). */
  readonly labels: Tensor<[number, number]>;
  /** `[B, 1]`: each pair's weight in the loss (1/count for the real pairs, 0 for padding). */
  readonly weights: Tensor<[number, 1]>;
}

/**
 * The batch's negated SGNS objective, weighted per pair:
 *   Σ_b weight_b · ( −ln σ⟨x_u, c_w⟩ − Σ_k ln σ(−⟨x_u, c_{v_k}⟩) )
 * with x = input rows and c = output rows. Each term is a binary cross-entropy on the logit
 * ⟨x_u, c_t⟩ (label 1 for the context, 0 for a negative), softplus(−s) or softplus(s).
 */
export function sgnsLoss(p: SkipGramParams, b: SgnsBatch): Tensor {
  const [B, columns] = b.targets.shape;
  const d = p.input.shape[1];
  const x = reshape(gather(p.input, b.centres), [B, 1, d]);
  const c = gather(p.output, b.targets); // [B, 1 + k, d]
  const logits = reshape(matmul(x, c, { transposeB: true }), [B, columns]);
  return sum(mul(binaryCrossEntropyWithLogits(logits, b.labels, { reduction: 'none' }), b.weights));
}

/** The batch tensors for B pairs (`count` of them real), their negatives `[B·k]` and the shared labels. */
export function sgnsBatch(centres: Int32Array, contexts: Int32Array, count: number, negatives: Int32Array, labels: Tensor<[number, number]>): SgnsBatch {
  const B = centres.length, columns = labels.shape[1];
  const targets = new Float32Array(B * columns);
  for (let i = 0; i < B; i++) {
    targets[i * columns] = contexts[i];
    for (let j = 1; j < columns; j++) targets[i * columns + j] = negatives[i * (columns - 1) + j - 1];
  }
  const weights = new Float32Array(B).fill(1 / count, 0, count);
  return {
    centres: fromHost(Float32Array.from(centres), [B]),
    targets: fromHost(targets, [B, columns]),
    labels,
    weights: fromHost(weights, [B, 1]),
  };
}

/** The labels of a batch of B pairs with k negatives each: 1 for the context column, 0 for the rest. */
export const sgnsLabels = (B: number, k: number): Tensor<[number, number]> => {
  const labels = new Float32Array(B * (1 + k));
  for (let i = 0; i < B; i++) labels[i * (1 + k)] = 1;
  return fromHost(labels, [B, 1 + k]);
};
