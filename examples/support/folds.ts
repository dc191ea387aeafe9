// Stratified k-fold assignments with a fixed key, for cross-validation that others can repeat.
import { foldIn, type Key } from '../../src/random/key.js';
import { permutationData } from '../../src/random/index.js';

/** fold[i] in 0 … folds − 1: each class's rows shuffled with foldIn(key, class) and dealt round-robin. */
export function stratifiedFolds(labels: ArrayLike<number>, classes: number, folds: number, key: Key): Int32Array {
  const fold = new Int32Array(labels.length);
  for (let c = 0; c < classes; c++) {
    const ids: number[] = [];
    for (let i = 0; i < labels.length; i++) if (labels[i] === c) ids.push(i);
    Array.from(permutationData(foldIn(key, c), ids.length)).forEach((p, r) => { fold[ids[p]] = r % folds; });
  }
  return fold;
}
