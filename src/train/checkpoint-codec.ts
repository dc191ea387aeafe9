// Training checkpoints: the whole training state (parameters, layer state, optimiser state, step,
// position in the data) in one safetensors file. Tensors go in as `params.*`, `state.*`, `opt.*`;
// everything else (numbers, the optimiser state's structure, progress) in the JSON metadata.
// Decoding is a pipeline of boundary problems (io/problems.ts): the `…Either` functions return
// them; decodeCheckpoint words them as a string Left. This file runs anywhere (bytes in, bytes out:
// a browser keeps them in a Blob or IndexedDB); reading checkpoint files is checkpoint.ts's, on Node.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { describeCause } from '../io/errors.js';
import { problemText } from '../io/problem-text.js';
import { decodeSafetensorsEither, encodeSafetensors } from '../io/safetensors.js';
import {
  badMetadata, tensorMissing, treeMismatch, wrongFormat,
  type BadArgument, type BadMetadata, type ContentProblem, type TensorMissing, type TreeMismatch, type WrongFormat,
} from '../io/problems.js';
import { ArgumentError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { sameShape } from '../shape/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { mapTensorsIn } from '../autodiff/tree.js';
import type { TrainState } from './step.js';

export const CHECKPOINT_FORMAT = 'nn-ts-checkpoint/1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces every tensor in a value by {"$tensor": name}, collecting the tensors by name. */
const stash = (v: unknown, prefix: string, out: Record<string, Tensor>): unknown =>
  mapTensorsIn(v, (t, path) => { out[path] = t; return { $tensor: path }; }, {
    other: (u) => (typeof u === 'boolean' || typeof u === 'number' || typeof u === 'string' ? u : null), // as JSON would write undefined or a function
  }, prefix);

export interface CheckpointExtra { readonly epoch: number; readonly batch: number; readonly history?: Json }

export const encodeCheckpoint = <S>(ts: TrainState<S>, extra: CheckpointExtra): { tensors: Record<string, Tensor>; metadata: Record<string, string> } => {
  checkOptions('encodeCheckpoint', extra, ['epoch', 'batch', 'history']);
  if (ts === null || typeof ts !== 'object') throw new ArgumentError('encodeCheckpoint', 'ts', `must be a training state { params, state, opt, step }, got ${describe(ts)}`);
  const tensors: Record<string, Tensor> = {};
  const skeleton = { params: stash(ts.params, 'params', tensors), state: stash(ts.state, 'state', tensors), opt: stash(ts.opt, 'opt', tensors) };
  return {
    tensors,
    metadata: { format: CHECKPOINT_FORMAT, skeleton: JSON.stringify(skeleton), step: String(ts.step), epoch: String(extra.epoch), batch: String(extra.batch), history: JSON.stringify(extra.history ?? null) },
  };
};

// ---------------------------------------------------------------------------------------------
// reading: metadata, then the tensors put back where the skeleton says, then checked against the model

/** A decoded checkpoint: the training state, typed as the template it was checked against, and where the run was. */
export interface DecodedCheckpoint<T> { readonly train: T; readonly epoch: number; readonly batch: number; readonly history: Json }

/** What a checkpoint's own contents can get wrong (the file's problems come from io). */
export type CheckpointContentProblem = WrongFormat | BadMetadata | TensorMissing | TreeMismatch;

const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => u !== null && typeof u === 'object';
const join = (at: string, k: string): string => (at === '' ? k : `${at}.${k}`);

/** Own entries only: a metadata or tensor name like "constructor" must not find Object.prototype's. */
const own = <V>(r: Readonly<Record<string, V>>, k: string): V | undefined => (Object.hasOwn(r, k) ? r[k] : undefined);

const parseJson = (text: string): Json => JSON.parse(text);

const jsonEntry = (metadata: Readonly<Record<string, string>>, key: string, fallback?: string): E.Either<BadMetadata, Json> => {
  const text = own(metadata, key) ?? fallback;
  if (text === undefined) return E.left(badMetadata(key, 'is missing'));
  return E.tryCatch(() => parseJson(text), (e) => badMetadata(key, `is not valid JSON (${describeCause(e)})`));
};

const counter = (metadata: Readonly<Record<string, string>>, key: string): E.Either<BadMetadata, number> => {
  const text = own(metadata, key);
  return text !== undefined && /^\d+$/.test(text) && Number.isSafeInteger(Number(text))
    ? E.right(Number(text))
    : E.left(badMetadata(key, `must be a non-negative integer, got ${text === undefined ? 'nothing' : JSON.stringify(text)}`));
};

const SkeletonC = t.type({ params: t.unknown, state: t.unknown, opt: t.unknown });

const skeletonOf = (metadata: Readonly<Record<string, string>>): E.Either<BadMetadata, t.TypeOf<typeof SkeletonC>> =>
  pipe(jsonEntry(metadata, 'skeleton'), E.chainW((j) => pipe(SkeletonC.decode(j), E.mapLeft(() => badMetadata('skeleton', 'must be an object { params, state, opt }')))));

/** The skeleton with each {"$tensor": name} replaced by that tensor of the file. */
const unstash = (j: unknown, tensors: Readonly<Record<string, Tensor>>, at: string): E.Either<TensorMissing, unknown> => {
  if (Array.isArray(j)) return pipe(j, E.traverseArrayWithIndex((i, c) => unstash(c, tensors, join(at, String(i)))));
  if (!isRecord(j)) return E.right(j);
  const ref = j.$tensor;
  if (typeof ref === 'string') {
    const x = own(tensors, ref);
    return x instanceof Tensor ? E.right(x) : E.left(tensorMissing(ref, at));
  }
  return pipe(
    Object.entries(j),
    E.traverseArray(([k, c]) => pipe(unstash(c, tensors, join(at, k)), E.map((v) => [k, v] as const))),
    E.map((entries) => Object.fromEntries(entries)),
  );
};

interface Found { missing: TreeMismatch['missing'][number][]; wrongShape: TreeMismatch['wrongShape'][number][]; extra: string[] }

/** Where `got` differs from the model's `want`: tensors and their shapes, containers, and the kinds of plain values. */
const collect = (got: unknown, want: unknown, at: string, found: Found): void => {
  if (want instanceof Tensor) {
    if (!(got instanceof Tensor)) found.missing.push({ path: at, shape: want.shape });
    else if (!sameShape(got.shape, want.shape)) found.wrongShape.push({ path: at, got: got.shape, want: want.shape });
  } else if (isRecord(want)) {
    if (!isRecord(got)) { found.missing.push({ path: at }); return; }
    for (const k of Object.keys(want)) collect(got[k], want[k], join(at, k), found);
    for (const k of Object.keys(got)) if (!Object.hasOwn(want, k)) found.extra.push(join(at, k));
  } else if (want === null || want === undefined) {
    if (got !== null && got !== undefined) found.extra.push(at);
  } else if (typeof got !== typeof want) {
    found.missing.push({ path: at });
  }
};

const mismatchOf = (got: unknown, want: unknown): TreeMismatch => {
  const found: Found = { missing: [], wrongShape: [], extra: [] };
  collect(got, want, '', found);
  return treeMismatch(found);
};

/** `got` has the type of the model's state once it has its structure, shapes and kinds of value. */
const fits = <T>(want: T) => (got: unknown): got is T => {
  const m = mismatchOf(got, want);
  return m.missing.length === 0 && m.wrongShape.length === 0 && m.extra.length === 0;
};

/** @internal a template that is not a training state is a programmer error. */
export const checkTemplate = (op: string, template: unknown): void => {
  if (!isRecord(template)) throw new ArgumentError(op, 'template', `must be a training state { params, state, opt, step }, got ${describe(template)}`);
};

/** `decodeCheckpoint` with the problem itself as the Left, to branch on its `_tag`. */
export const decodeCheckpointEither = <T extends TrainState<unknown>>(tensors: Readonly<Record<string, Tensor>>, metadata: Readonly<Record<string, string>>, template: T): E.Either<CheckpointContentProblem, DecodedCheckpoint<T>> => {
  checkTemplate('decodeCheckpoint', template);
  const want = { params: template.params, state: template.state, opt: template.opt };
  return pipe(
    own(metadata, 'format') === CHECKPOINT_FORMAT ? E.right(undefined) : E.left(wrongFormat(own(metadata, 'format'), CHECKPOINT_FORMAT)),
    E.chainW(() => skeletonOf(metadata)),
    E.bindTo('skeleton'),
    E.bindW('history', () => jsonEntry(metadata, 'history', 'null')),
    E.bindW('step', () => counter(metadata, 'step')),
    E.bindW('epoch', () => counter(metadata, 'epoch')),
    E.bindW('batch', () => counter(metadata, 'batch')),
    E.bindW('restored', ({ skeleton }) => pipe(
      unstash({ params: skeleton.params, state: skeleton.state, opt: skeleton.opt }, tensors, ''),
      E.chainW(E.fromPredicate(fits(want), (got) => mismatchOf(got, want))),
    )),
    E.map(({ restored, step, epoch, batch, history }): DecodedCheckpoint<T> => ({ train: { ...template, ...restored, step }, epoch, batch, history })),
  );
};

/** The training state in a checkpoint's tensors and metadata, checked against the model's `template`; Left is a message. */
export const decodeCheckpoint = <T extends TrainState<unknown>>(tensors: Record<string, Tensor>, metadata: Record<string, string>, template: T): E.Either<string, DecodedCheckpoint<T>> =>
  pipe(decodeCheckpointEither(tensors, metadata, template), E.mapLeft((p) => `checkpoint: ${problemText(p)}`));

/** A checkpoint of `ts` as safetensors bytes (for a Blob, a download or IndexedDB where there are no files). */
export const checkpointToBytes = <S>(ts: TrainState<S>, extra: CheckpointExtra): Uint8Array => {
  const { tensors, metadata } = encodeCheckpoint(ts, extra);
  return encodeSafetensors(tensors, metadata);
};

/** The checkpoint in safetensors `bytes`, checked against the model's `template`; the problem itself as the Left. */
export const checkpointFromBytesEither = <T extends TrainState<unknown>>(bytes: Uint8Array | ArrayBuffer, template: T): E.Either<CheckpointBytesProblem, DecodedCheckpoint<T>> => {
  checkTemplate('checkpointFromBytes', template);
  return pipe(
    decodeSafetensorsEither(bytes instanceof ArrayBuffer ? new Uint8Array(bytes) : bytes),
    E.chainW(({ tensors, metadata }) => decodeCheckpointEither(tensors, metadata, template)),
  );
};

/** What decoding checkpoint bytes can find: bytes that are not safetensors, or a checkpoint that does not fit the model. */
export type CheckpointBytesProblem = BadArgument | ContentProblem | CheckpointContentProblem;

/** `checkpointFromBytesEither` with the problem worded as a message. */
export const checkpointFromBytes = <T extends TrainState<unknown>>(bytes: Uint8Array | ArrayBuffer, template: T): E.Either<string, DecodedCheckpoint<T>> =>
  pipe(checkpointFromBytesEither(bytes, template), E.mapLeft((p) => `checkpoint: ${problemText(p)}`));

/** `checkpointFromBytes` of a Blob (a file input, a fetch response's blob, IndexedDB). */
export const checkpointFromBlob = async <T extends TrainState<unknown>>(blob: Blob, template: T): Promise<E.Either<string, DecodedCheckpoint<T>>> =>
  checkpointFromBytes(new Uint8Array(await blob.arrayBuffer()), template);
