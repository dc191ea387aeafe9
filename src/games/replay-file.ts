// The replay buffer on disk, beside a training checkpoint, so that a resumed run trains on the
// same examples as one that never stopped: two tensors (planes [n, C·H·W], targets [n, M + 1]).
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { loadSafetensorsSync, saveSafetensorsSync } from '../io/files.js';
import { fromHost, toArray } from '../tensor/create.js';
import type { Game } from './game.js';
import type { ReplayBuffer } from './replay.js';
import type { Example } from './selfplay.js';

export const REPLAY_FORMAT = 'nn-ts-replay/1';

/** Writes the buffer's examples (atomically); Left is a message. */
export const saveReplay = (path: string, game: Game<unknown>, b: ReplayBuffer): E.Either<string, void> => {
  const [c, h, w] = game.planes, size = c * h * w, M = game.moveCount, n = b.examples.length;
  const planes = new Float32Array(n * size), targets = new Float32Array(n * (M + 1));
  b.examples.forEach((e, i) => { planes.set(e.planes, i * size); targets.set(e.policy, i * (M + 1)); targets[i * (M + 1) + M] = e.outcome; });
  return pipe(
    saveSafetensorsSync(path, { planes: fromHost(planes, [n, size]), targets: fromHost(targets, [n, M + 1]) }, { format: REPLAY_FORMAT, game: game.name, capacity: String(b.capacity) }),
    E.mapLeft((e) => e.message),
  );
};

/** Reads a buffer written by saveReplay for the same game; Left names what does not fit. */
export const loadReplay = (path: string, game: Game<unknown>): E.Either<string, ReplayBuffer> => pipe(
  loadSafetensorsSync(path),
  E.mapLeft((e) => e.message),
  E.chain(({ tensors, metadata }): E.Either<string, ReplayBuffer> => {
    const [c, h, w] = game.planes, size = c * h * w, M = game.moveCount;
    const at = `replay buffer ${path}`;
    if (metadata.format !== REPLAY_FORMAT) return E.left(`${at}: metadata.format must be '${REPLAY_FORMAT}', got ${JSON.stringify(metadata.format)}`);
    if (metadata.game !== game.name) return E.left(`${at}: metadata.game is ${JSON.stringify(metadata.game)}, not '${game.name}'`);
    const capacity = Number(metadata.capacity);
    if (!Number.isSafeInteger(capacity) || capacity < 1) return E.left(`${at}: metadata.capacity must be a positive integer, got ${JSON.stringify(metadata.capacity)}`);
    const planes = tensors.planes, targets = tensors.targets;
    if (!planes || planes.rank !== 2 || planes.shape[1] !== size) return E.left(`${at}: tensor 'planes' must be [n, ${size}]`);
    const n = planes.shape[0];
    if (!targets || targets.rank !== 2 || targets.shape[0] !== n || targets.shape[1] !== M + 1) return E.left(`${at}: tensor 'targets' must be [${n}, ${M + 1}]`);
    const p = toArray(planes), t = toArray(targets);
    const examples: Example[] = Array.from({ length: n }, (_, i) => ({
      planes: p.slice(i * size, (i + 1) * size), policy: t.slice(i * (M + 1), i * (M + 1) + M), outcome: t[i * (M + 1) + M],
    }));
    return E.right({ capacity, examples: examples.slice(Math.max(0, n - capacity)) });
  }),
);
