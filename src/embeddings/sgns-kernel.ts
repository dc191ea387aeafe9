// The inner loops of word2vec (Mikolov et al. 2013; word2vec.c's skip-gram and CBOW with negative
// sampling), on the host over the two tables as flat float32 rows. An update per (input, target)
// pair, as the reference and gensim do, is a few hundred multiply-adds: through kernel launches
// each would cost more to dispatch than to compute, so these loops are the trainers' engine and
// `sgnsLoss` (ops, any backend) is their differentiable statement, checked against them by laws.
//
// Exact σ is used where word2vec.c reads a 1,000-entry table clipped at |f| ≥ 6 (there the
// reference takes the gradient to be exactly 0 or 1 times α; here it is σ's true value).

/** ln σ(x), stable for large |x|. */
export const logSigmoid = (x: number): number => (x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)));

/**
 * One (input vector, target word) pair with its negatives, word2vec.c's negative-sampling step:
 * for the target (label 1) and each negative (label 0, skipped when it is the target), with
 * f = ⟨x, c_t⟩ and g = α·(label − σ(f)): e += g·c_t and c_t += g·x; the caller then adds e to the
 * input row(s). `x` (length d) is the input vector, read before any update (it may not alias
 * `output`); `e` (length d) must be zero on entry. With `learnOutput` false the output rows stay
 * (inferring a new document's vector against a trained model). Returns the pair's loss
 * −ln σ(f_target) − Σ ln σ(−f_neg).
 */
export function negativeSamplingStep(
  x: Float32Array, output: Float32Array, d: number,
  target: number, negatives: Int32Array, negFrom: number, k: number, alpha: number, e: Float32Array, learnOutput = true,
): number {
  let loss = 0;
  const d4 = d - (d % 4);
  for (let j = -1; j < k; j++) {
    const t = j < 0 ? target : negatives[negFrom + j];
    if (j >= 0 && t === target) continue; // word2vec.c and gensim skip a negative equal to the target
    const at = t * d;
    // four partial sums: fewer dependent adds per multiply (the order is fixed, so results are reproducible)
    let f0 = 0, f1 = 0, f2 = 0, f3 = 0, i = 0;
    for (; i < d4; i += 4) {
      f0 += x[i] * output[at + i];
      f1 += x[i + 1] * output[at + i + 1];
      f2 += x[i + 2] * output[at + i + 2];
      f3 += x[i + 3] * output[at + i + 3];
    }
    for (; i < d; i++) f0 += x[i] * output[at + i];
    const f = (f0 + f1) + (f2 + f3);
    loss -= j < 0 ? logSigmoid(f) : logSigmoid(-f);
    const g = alpha * ((j < 0 ? 1 : 0) - 1 / (1 + Math.exp(-f)));
    if (learnOutput) for (i = 0; i < d; i++) {
      const o = output[at + i];
      e[i] += g * o;
      output[at + i] = o + g * x[i];
    }
    else for (i = 0; i < d; i++) e[i] += g * output[at + i];
  }
  return loss;
}

/** table[at …] += e, and e ← 0 for the next pair. */
export function addAndClear(table: Float32Array, at: number, e: Float32Array, d: number): void {
  for (let i = 0; i < d; i++) { table[at + i] += e[i]; e[i] = 0; }
}

/** out ← table[at … at + d). */
export function copyRow(table: Float32Array, at: number, d: number, out: Float32Array): void {
  for (let i = 0; i < d; i++) out[i] = table[at + i];
}
