// The AlphaGo Zero loop: each generation plays games against itself with the current network,
// adds their examples to the replay buffer, trains on minibatches drawn from it, and saves a
// checkpoint. Every random choice comes from the key and the generation number, so the same seed
// gives the same games and weights on the same backend, and a resumed run continues exactly as
// one that never stopped (the replay buffer is saved beside the checkpoint).
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { existsSync } from 'node:fs';
import type { Tree } from '../autodiff/tree.js';
import { saveSafetensorsSync } from '../io/files.js';
import type { Layer } from '../nn/layer.js';
import { foldIn, split, type Key } from '../random/key.js';
import { NnTsError, OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { encodeCheckpoint, readCheckpoint } from '../train/checkpoint.js';
import { progress } from '../train/progress.js';
import { initTrain, type OptimizerLike, type TrainState } from '../train/step.js';
import { cachedEvaluator, networkEvaluator } from './evaluator.js';
import type { Game } from './game.js';
import { addExamples, replayBuffer, sampleBatch, type ReplayBuffer } from './replay.js';
import { loadReplay, saveReplay } from './replay-file.js';
import { selfPlay, type SelfPlayOptions } from './selfplay.js';
import { makeAlphaZeroStep, type AlphaZeroLosses } from './train-step.js';

const GenerationRecordC = t.type({
  generation: t.number,
  games: t.number, examples: t.number, bufferSize: t.number,
  firstWins: t.number, secondWins: t.number, draws: t.number, meanLength: t.number,
  lossFirst: t.number, lossLast: t.number, policyLoss: t.number, valueLoss: t.number,
  selfPlaySeconds: t.number, trainSeconds: t.number,
});
/** What one generation did: its self-play games, and the loss over its training steps (first and last step's total, and the mean of the last tenth of the steps' policy and value parts). */
export type GenerationRecord = t.TypeOf<typeof GenerationRecordC>;

export interface AlphaZeroOptions<S, O, P extends Tree, LS extends Tree> {
  readonly game: Game<S>;
  readonly model: Layer<P, LS>;
  readonly optimizer: OptimizerLike<O>;
  readonly key: Key;
  readonly generations: number;
  readonly selfPlay: SelfPlayOptions;
  /** Optimiser steps per generation, their batch size, and the L2 constant c of c · Σ θ². */
  readonly train: { readonly steps: number; readonly batchSize: number; readonly l2: number };
  /** Examples kept (the most recent). */
  readonly bufferCapacity: number;
  /** Saved after every generation; with `resume` (default true) an existing checkpoint is continued. The replay buffer goes to `<path>.replay`. */
  readonly checkpoint?: { readonly path: string; readonly resume?: boolean };
  /** Called after each generation with its record and the new training state (evaluations, plots). */
  readonly onGeneration?: (record: GenerationRecord, train: TrainState<O, P, LS>) => void;
  /** Progress lines (default: a bar or lines on stderr; false: silent). */
  readonly progress?: boolean;
  readonly log?: (line: string) => void;
}

export interface AlphaZeroResult<O, P extends Tree, LS extends Tree> {
  readonly train: TrainState<O, P, LS>;
  readonly history: readonly GenerationRecord[];
  readonly buffer: ReplayBuffer;
  /** The generation the run resumed after (from the checkpoint), if it resumed. */
  readonly resumedAfter?: number;
}

const count = (op: string, name: string, v: unknown, min: number): number => {
  if (!(typeof v === 'number' && Number.isSafeInteger(v) && v >= min)) throw new OptionError(op, `${name} must be an integer >= ${min}, got ${describe(v)}`);
  return v;
};

export const alphaZero = <S, O, P extends Tree, LS extends Tree>(o: AlphaZeroOptions<S, O, P, LS>): AlphaZeroResult<O, P, LS> => {
  const op = 'alphaZero';
  checkOptions(op, o, ['game', 'model', 'optimizer', 'key', 'generations', 'selfPlay', 'train', 'bufferCapacity', 'checkpoint', 'onGeneration', 'progress', 'log'], 'required');
  const generations = count(op, 'generations', o.generations, 0);
  checkOptions(`${op} (train)`, o.train, ['steps', 'batchSize', 'l2'], 'required');
  const steps = count(op, 'train.steps', o.train.steps, 0), batchSize = count(op, 'train.batchSize', o.train.batchSize, 1);
  const log = o.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const { game } = o, [c, h, w] = game.planes;
  const [kInit, kRun] = split(o.key);
  const step = makeAlphaZeroStep(o.model, o.optimizer, { moveCount: game.moveCount, l2: o.train.l2 });

  let ts: TrainState<O, P, LS> = initTrain(o.model, o.optimizer, kInit, [c, h, w]);
  let buffer = replayBuffer(count(op, 'bufferCapacity', o.bufferCapacity, 1));
  let history: GenerationRecord[] = [];
  let start = 0, resumedAfter: number | undefined;
  const ckpt = o.checkpoint;
  if (ckpt && ckpt.resume !== false && existsSync(ckpt.path)) {
    const dec = readCheckpoint(ckpt.path, ts, op);
    const past = t.array(GenerationRecordC).decode(dec.history);
    if (E.isLeft(past)) throw new NnTsError(op, `cannot resume from ${ckpt.path}: its history is not a list of generation records`);
    const replay = loadReplay(`${ckpt.path}.replay`, game);
    if (E.isLeft(replay)) throw new NnTsError(op, `cannot resume from ${ckpt.path}: ${replay.left}`);
    ts = dec.train;
    buffer = { capacity: buffer.capacity, examples: replay.right.examples.slice(-buffer.capacity) };
    history = past.right;
    start = resumedAfter = dec.epoch;
    log(`${op}: resumed from ${ckpt.path} after generation ${start} (step ${ts.step}, ${buffer.examples.length} examples in the buffer)`);
  }

  const bar = progress({ total: Math.max(0, generations - start), label: `${op} ${game.name}`, mode: o.progress === false ? false : 'auto' });
  for (let g = start; g < generations; g++) {
    const [kPlay, kTrain] = split(foldIn(kRun, g));
    const t0 = Date.now();
    const played = selfPlay(game, cachedEvaluator(game, networkEvaluator(game, o.model, ts.params, ts.state)), o.selfPlay, kPlay);
    buffer = addExamples(buffer, played.examples);
    const t1 = Date.now();
    const losses: AlphaZeroLosses[] = [];
    for (let s = 0; s < steps; s++) {
      const [kBatch, kStep] = split(foldIn(kTrain, s));
      const r = step(ts, sampleBatch(game, buffer, batchSize, kBatch), kStep);
      ts = r.train;
      losses.push(r.losses);
    }
    const tail = losses.slice(Math.floor(losses.length * 0.9));
    const avg = (f: (l: AlphaZeroLosses) => number) => (tail.length ? tail.reduce((a, l) => a + f(l), 0) / tail.length : NaN);
    const record: GenerationRecord = {
      generation: g + 1, games: played.games.length, examples: played.examples.length, bufferSize: buffer.examples.length,
      firstWins: played.games.filter((x) => x.winner === 0).length, secondWins: played.games.filter((x) => x.winner === 1).length,
      draws: played.games.filter((x) => x.winner === null).length,
      meanLength: played.games.reduce((a, x) => a + x.moves, 0) / Math.max(1, played.games.length),
      lossFirst: losses[0]?.total ?? NaN, lossLast: losses[losses.length - 1]?.total ?? NaN,
      policyLoss: avg((l) => l.policy), valueLoss: avg((l) => l.value),
      selfPlaySeconds: (t1 - t0) / 1000, trainSeconds: (Date.now() - t1) / 1000,
    };
    history = [...history, record];
    if (ckpt) {
      const { tensors, metadata } = encodeCheckpoint(ts, { epoch: g + 1, batch: 0, history });
      const saved = saveSafetensorsSync(ckpt.path, tensors, metadata);
      if (E.isLeft(saved)) throw new NnTsError(op, `saving the checkpoint failed: ${saved.left.message}`);
      const replay = saveReplay(`${ckpt.path}.replay`, game, buffer);
      if (E.isLeft(replay)) throw new NnTsError(op, `saving the replay buffer failed: ${replay.left}`);
    }
    bar.update(g + 1 - start, `gen ${g + 1}: loss ${record.lossLast.toFixed(3)}`);
    o.onGeneration?.(record, ts);
  }
  bar.finish();
  return { train: ts, history, buffer, ...(resumedAfter !== undefined ? { resumedAfter } : {}) };
};
