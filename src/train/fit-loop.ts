// The training loop: epochs of shuffled batches, validation metrics, early stopping, checkpoints
// and resume. Every random choice derives from the key, the epoch and the batch number, so a run
// resumed from a checkpoint continues exactly as if it had never stopped. Checkpoint files go
// through CheckpointFiles: fit.ts gives Node's; where there are no files `checkpoint` is refused.
import { foldIn, split, type Key } from '../random/key.js';
import { permutationData } from '../random/sample.js';
import type { Layer } from '../nn/layer.js';
import type { Tree } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import { OptionError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';
import { item } from '../tensor/create.js';
import { encodeCheckpoint, type DecodedCheckpoint } from './checkpoint-codec.js';
import type { Dataset } from './dataset.js';
import { progress, standardStream } from './progress.js';
import { initTrain, makeTrainStep, type Batch, type GradTransform, type LossFn, type OptimizerLike, type TrainState } from './step.js';

export type Metric = (output: Tensor, batch: Batch) => number;

export interface EpochRecord {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly seconds: number;
  readonly validation: Readonly<Record<string, number>>;
}

/** fit's options; P and LS are the model's parameter and state trees (inferred from `model`). */
export interface FitOptions<S, P extends Tree = Tree, LS extends Tree = Tree> {
  readonly model: Layer<P, LS>;
  readonly loss: LossFn;
  readonly optimizer: OptimizerLike<S>;
  readonly train: Dataset;
  readonly validation?: Dataset;
  /** Per-example input shape (for init). */
  readonly inputShape: readonly number[];
  readonly epochs: number;
  readonly batchSize: number;
  readonly key: Key;
  /** Keyed augmentation of each training batch's inputs. */
  readonly augment?: (k: Key, x: Tensor) => Tensor;
  /** Validation metrics, each averaged over examples (the loss is always reported as 'loss'). */
  readonly metrics?: Readonly<Record<string, Metric>>;
  readonly earlyStopping?: { readonly monitor: string; readonly mode: 'min' | 'max'; readonly patience: number };
  /** Save the training state here after every epoch (and every `everySteps` steps); resume from it if it exists. */
  readonly checkpoint?: { readonly path: string; readonly everySteps?: number; readonly resume?: boolean };
  readonly gradTransform?: GradTransform;
  readonly progress?: 'auto' | 'bar' | 'lines' | false;
  readonly log?: (line: string) => void;
  /** Start from this state instead of a fresh init (fine-tuning). */
  readonly initial?: TrainState<S, P, LS>;
  /** Called after each step with the global step number and the batch loss (loss curves). */
  readonly onStep?: (step: number, loss: number) => void;
  /** Called after each epoch. */
  readonly onEpoch?: (r: EpochRecord, ts: TrainState<S, P, LS>) => void;
  /** Stop after this many steps in total (for tests of interrupted runs). */
  readonly maxSteps?: number;
}

export interface FitResult<S, P extends Tree = Tree, LS extends Tree = Tree> {
  readonly train: TrainState<S, P, LS>;
  readonly history: readonly EpochRecord[];
  readonly stoppedEarly: boolean;
  readonly resumedFrom?: { epoch: number; batch: number };
}

/** Batches of an epoch: the same for a given key and epoch, whatever happened before. */
export const epochOrder = (key: Key, epoch: number, n: number, batchSize: number): Int32Array[] => {
  const perm = permutationData(foldIn(foldIn(key, epoch), 0), n);
  const out: Int32Array[] = [];
  for (let i = 0; i < n; i += batchSize) out.push(perm.subarray(i, Math.min(n, i + batchSize)));
  return out;
};

/** Mean loss and metrics of a model over a dataset, in evaluation mode. */
export const evaluate = <P extends Tree, LS extends Tree>(model: Layer<P, LS>, ts: { readonly params: P; readonly state: LS }, data: Dataset, loss: LossFn, metrics: Readonly<Record<string, Metric>> = {}, batchSize = 256): Record<string, number> => {
  const sums: Record<string, number> = { loss: 0, ...Object.fromEntries(Object.keys(metrics).map((k) => [k, 0])) };
  for (let i = 0; i < data.size; i += batchSize) {
    const idx = Int32Array.from({ length: Math.min(batchSize, data.size - i) }, (_, j) => i + j);
    const b = data.batch(idx);
    const y = model.apply(ts.params, ts.state, b.x, { training: false }).y;
    sums.loss += item(loss(y, b.y)) * idx.length;
    for (const [k, m] of Object.entries(metrics)) sums[k] += m(y, b) * idx.length;
  }
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / Math.max(1, data.size)]));
};

/**
 * How fit finds, reads and writes its checkpoint file. Node's (fit.ts) uses node:fs and atomic
 * safetensors saves; `read` throws a BoundaryError and `save` an Error, each naming the path.
 */
export interface CheckpointFiles {
  exists(path: string): boolean;
  read<T extends TrainState<unknown>>(path: string, template: T, op: string): DecodedCheckpoint<T>;
  save(path: string, tensors: Record<string, Tensor>, metadata: Record<string, string>): void;
}

const fitKeys = ['model', 'loss', 'optimizer', 'train', 'validation', 'inputShape', 'epochs', 'batchSize', 'key', 'augment', 'metrics',
  'earlyStopping', 'checkpoint', 'gradTransform', 'progress', 'log', 'initial', 'onStep', 'onEpoch', 'maxSteps'];

/** fit's own checks on its options (the model, loss and optimiser check themselves when they run). */
const checkFitOptions = <S, P extends Tree, LS extends Tree>(o: FitOptions<S, P, LS>, files: CheckpointFiles | undefined): void => {
  checkOptions('fit', o, fitKeys);
  if (o === undefined) throw new OptionError('fit', 'needs options { model, loss, optimizer, train, inputShape, epochs, batchSize, key, ... }');
  for (const k of ['model', 'optimizer', 'train'] as const)
    if (o[k] === null || typeof o[k] !== 'object') throw new OptionError('fit', `${k} is required (an object), got ${describe(o[k])}`);
  for (const k of ['loss', 'augment', 'gradTransform', 'log', 'onStep', 'onEpoch'] as const)
    if ((k === 'loss' || o[k] !== undefined) && typeof o[k] !== 'function') throw new OptionError('fit', `${k} must be a function, got ${describe(o[k])}`);
  if (o.earlyStopping !== undefined) {
    checkOptions('fit', o.earlyStopping, ['monitor', 'mode', 'patience']);
    const { monitor, mode, patience } = o.earlyStopping;
    if (typeof monitor !== 'string' || (mode !== 'min' && mode !== 'max') || !(Number.isSafeInteger(patience) && patience >= 1))
      throw new OptionError('fit', `earlyStopping must be { monitor: a metric name, mode: 'min' | 'max', patience: a positive integer }, got ${show(o.earlyStopping)}`);
  }
  if (o.checkpoint !== undefined) {
    if (files === undefined)
      throw new OptionError('fit', 'checkpoint needs a file system, which this runtime lacks (Node has one); here keep the state with onEpoch: (r, ts) => checkpointToBytes(ts, { epoch: r.epoch, batch: 0 })');
    checkOptions('fit', o.checkpoint, ['path', 'everySteps', 'resume']);
    const { path, everySteps, resume } = o.checkpoint;
    if (typeof path !== 'string' || path === '') throw new OptionError('fit', `checkpoint.path must be a file path, got ${describe(path)}`);
    if (everySteps !== undefined && !(Number.isSafeInteger(everySteps) && everySteps >= 1)) throw new OptionError('fit', `checkpoint.everySteps must be a positive integer, got ${describe(everySteps)}`);
    checkBoolean('fit', 'checkpoint.resume', resume);
  }
  if (o.maxSteps !== undefined && !(Number.isSafeInteger(o.maxSteps) && o.maxSteps >= 0)) throw new OptionError('fit', `maxSteps must be a non-negative integer, got ${describe(o.maxSteps)}`);
  if (![undefined, 'auto', 'bar', 'lines', false].includes(o.progress)) throw new OptionError('fit', `progress must be 'auto', 'bar', 'lines' or false, got ${describe(o.progress)}`);
};

/** fit with checkpoint files through `files` (undefined: a runtime without files, where `checkpoint` is refused). */
export const fitWith = (files: CheckpointFiles | undefined) => <S, P extends Tree, LS extends Tree>(o: FitOptions<S, P, LS>): FitResult<S, P, LS> => {
  checkFitOptions(o, files);
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new OptionError('fit', `epochs must be a positive integer, got ${o.epochs}`);
  if (!Number.isInteger(o.batchSize) || o.batchSize < 1) throw new OptionError('fit', `batchSize must be a positive integer, got ${o.batchSize}`);
  const log = o.log ?? ((l: string) => { standardStream().write(`${l}\n`); });
  const step = makeTrainStep(o.model, o.loss, o.optimizer, o.gradTransform);
  let ts: TrainState<S, P, LS> = o.initial ?? initTrain(o.model, o.optimizer, foldIn(o.key, 0x5eed), o.inputShape);
  let history: EpochRecord[] = [];
  let startEpoch = 0, startBatch = 0;
  let resumedFrom: { epoch: number; batch: number } | undefined;

  if (o.checkpoint && files && o.checkpoint.resume !== false && files.exists(o.checkpoint.path)) {
    const dec = files.read(o.checkpoint.path, ts, 'fit'); // a BoundaryError: "fit: cannot resume from <path>: ..."
    ts = dec.train;
    startEpoch = dec.epoch;
    startBatch = dec.batch;
    history = (dec.history as EpochRecord[] | null) ?? [];
    resumedFrom = { epoch: startEpoch, batch: startBatch };
    log(`fit: resumed from ${o.checkpoint.path} at epoch ${startEpoch + 1}, batch ${startBatch} (step ${ts.step})`);
  }

  const save = (epoch: number, batch: number) => {
    if (!o.checkpoint || !files) return;
    const { tensors, metadata } = encodeCheckpoint(ts, { epoch, batch, history: history as never });
    files.save(o.checkpoint.path, tensors, metadata);
  };

  let best = Infinity, bad = 0, stoppedEarly = false;
  for (const h of history) if (o.earlyStopping) best = Math.min(best, score(h, o.earlyStopping));
  for (let epoch = startEpoch; epoch < o.epochs; epoch++) {
    const t0 = Date.now();
    const order = epochOrder(o.key, epoch, o.train.size, o.batchSize);
    const bar = progress({ total: order.length, label: `epoch ${epoch + 1}/${o.epochs}`, mode: o.progress ?? 'auto' });
    let lossSum = 0, count = 0;
    for (let b = epoch === startEpoch ? startBatch : 0; b < order.length; b++) {
      if (o.maxSteps !== undefined && ts.step >= o.maxSteps) return { train: ts, history, stoppedEarly: false, ...(resumedFrom ? { resumedFrom } : {}) };
      const [kAug, kStep] = split(foldIn(foldIn(o.key, epoch), b + 1));
      const raw = o.train.batch(order[b]);
      const batch = o.augment ? { x: o.augment(kAug, raw.x), y: raw.y } : raw;
      const r = step(ts, batch, kStep);
      ts = r.train;
      o.onStep?.(ts.step, r.loss);
      lossSum += r.loss * order[b].length;
      count += order[b].length;
      bar.update(b + 1, `loss ${(lossSum / count).toFixed(4)}`);
      if (o.checkpoint?.everySteps && ts.step % o.checkpoint.everySteps === 0) save(epoch, b + 1);
    }
    const validation = o.validation ? evaluate(o.model, ts, o.validation, o.loss, o.metrics) : {};
    const rec: EpochRecord = { epoch: epoch + 1, trainLoss: count ? lossSum / count : NaN, seconds: (Date.now() - t0) / 1000, validation };
    history = [...history, rec];
    bar.finish(`loss ${rec.trainLoss.toFixed(4)}${Object.entries(validation).map(([k, v]) => `, val ${k} ${v.toFixed(4)}`).join('')}`);
    save(epoch + 1, 0);
    o.onEpoch?.(rec, ts);
    if (o.earlyStopping) {
      const s = score(rec, o.earlyStopping);
      if (s < best) { best = s; bad = 0; } else if (++bad >= o.earlyStopping.patience) {
        log(`fit: early stop after epoch ${epoch + 1}: '${o.earlyStopping.monitor}' did not improve for ${bad} epochs`);
        stoppedEarly = true;
        break;
      }
    }
  }
  return { train: ts, history, stoppedEarly, ...(resumedFrom ? { resumedFrom } : {}) };
};

/** fit where there are no files (a browser): everything but `checkpoint`. Node's `fit` (fit.ts) adds checkpoint files. */
export const fit = fitWith(undefined);

const score = (r: EpochRecord, es: { monitor: string; mode: 'min' | 'max' }): number => {
  const v = es.monitor === 'trainLoss' ? r.trainLoss : r.validation[es.monitor];
  if (v === undefined) throw new OptionError('fit', `earlyStopping.monitor '${es.monitor}' is not a validation metric (have: ${Object.keys(r.validation).join(', ') || 'none'}, trainLoss)`);
  return es.mode === 'min' ? v : -v;
};
