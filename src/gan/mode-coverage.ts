// How a generator's samples spread over the classes an independent classifier predicts for them:
// a collapsed generator puts most samples in few classes (low entropy, classes missing).
import { ArgumentError } from '../shape/errors.js';

/** Counts, shares, entropy and coverage of predicted classes. */
export interface ClassSpread {
  readonly counts: readonly number[];
  readonly shares: readonly number[];
  /** −Σ p ln p in nats; ln(classes) when uniform. */
  readonly entropy: number;
  /** Classes predicted for at least `minShare` of the samples. */
  readonly covered: number;
  /** KL(p ‖ uniform) = ln(classes) − entropy, in nats. */
  readonly klFromUniform: number;
}

/**
 * The spread of predicted classes (integers in [0, classes)). A class counts as covered when it gets
 * at least `minShare` of the samples (default: a tenth of its uniform share, 1/(10·classes)).
 */
export const classSpread = (predicted: ArrayLike<number>, classes: number, minShare = 1 / (10 * classes)): ClassSpread => {
  if (!Number.isInteger(classes) || classes < 1) throw new ArgumentError('classSpread', 'classes', `must be a positive integer, got ${classes}`);
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predicted.length; i++) {
    const c = predicted[i];
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new ArgumentError('classSpread', `predicted[${i}]`, `= ${c} is not a class in [0, ${classes})`);
    counts[c]++;
  }
  const n = predicted.length;
  const shares = counts.map((c) => (n ? c / n : 0));
  const entropy = shares.reduce((h, p) => (p > 0 ? h - p * Math.log(p) : h), 0);
  return { counts, shares, entropy, covered: shares.filter((p) => n > 0 && p >= minShare).length, klFromUniform: Math.log(classes) - entropy };
};
