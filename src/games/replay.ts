// The replay buffer: the most recent self-play examples, as an immutable value, and keyed
// minibatches drawn from it with a random board symmetry applied to each example.
import { fromHost } from '../tensor/create.js';
import { uniformData } from '../random/sample.js';
import { split, type Key } from '../random/key.js';
import { OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { Batch } from '../train/step.js';
import type { Game, Symmetry } from './game.js';
import type { Example } from './selfplay.js';

export interface ReplayBuffer {
  readonly capacity: number;
  /** Oldest first. */
  readonly examples: readonly Example[];
}

export const replayBuffer = (capacity: number): ReplayBuffer => {
  if (!Number.isSafeInteger(capacity) || capacity < 1) throw new OptionError('replayBuffer', `capacity must be an integer >= 1, got ${describe(capacity)}`);
  return Object.freeze({ capacity, examples: Object.freeze([]) });
};

/** The buffer with `examples` added at the end, dropping the oldest beyond its capacity. */
export const addExamples = (b: ReplayBuffer, examples: readonly Example[]): ReplayBuffer => {
  const all = [...b.examples, ...examples];
  return Object.freeze({ capacity: b.capacity, examples: Object.freeze(all.slice(Math.max(0, all.length - b.capacity))) });
};

/** An example seen through a board symmetry: every plane and the policy permuted alike (z is unchanged). */
export const transformExample = (game: Game<unknown>, e: Example, sym: Symmetry): Example => {
  const [c, h, w] = game.planes, cells = h * w;
  const planes = new Float32Array(e.planes.length), policy = new Float32Array(e.policy.length);
  for (let p = 0; p < c; p++) for (let i = 0; i < cells; i++) planes[p * cells + i] = e.planes[p * cells + sym.cells[i]];
  for (let m = 0; m < policy.length; m++) policy[m] = e.policy[sym.moves[m]];
  return { planes, policy, outcome: e.outcome };
};

/**
 * `size` examples drawn uniformly with replacement, each under a uniformly drawn symmetry of the
 * board, as a batch { x: [size, C, H, W], y: [size, moveCount + 1] } (π then z, as alphaZeroLoss reads it).
 */
export const sampleBatch = (game: Game<unknown>, b: ReplayBuffer, size: number, k: Key): Batch => {
  if (b.examples.length === 0) throw new OptionError('sampleBatch', 'the replay buffer is empty');
  if (!Number.isSafeInteger(size) || size < 1) throw new OptionError('sampleBatch', `size must be an integer >= 1, got ${describe(size)}`);
  const [kPick, kSym] = split(k);
  const pick = uniformData(kPick, size), sym = uniformData(kSym, size);
  const chosen = Array.from(pick, (u, i) => {
    const e = b.examples[Math.min(b.examples.length - 1, Math.floor(u * b.examples.length))];
    const s = game.symmetries[Math.min(game.symmetries.length - 1, Math.floor(sym[i] * game.symmetries.length))];
    return transformExample(game, e, s);
  });
  return examplesBatch(game, chosen);
};

/** Examples as one batch { x, y } in order. */
export const examplesBatch = (game: Game<unknown>, examples: readonly Example[]): Batch => {
  const [c, h, w] = game.planes, M = game.moveCount, size = c * h * w, n = examples.length;
  const x = new Float32Array(n * size), y = new Float32Array(n * (M + 1));
  examples.forEach((e, i) => {
    x.set(e.planes, i * size);
    y.set(e.policy, i * (M + 1));
    y[i * (M + 1) + M] = e.outcome;
  });
  return { x: fromHost(x, [n, c, h, w]), y: fromHost(y, [n, M + 1]) };
};
