// Training checkpoints: the whole training state (parameters, layer state, optimiser state, step,
// position in the data) in one safetensors file. Tensors go in as `params.*`, `state.*`, `opt.*`;
// everything else (numbers, the optimiser state's structure, progress) in the JSON metadata.
import * as E from 'fp-ts/lib/Either.js';
import { Tensor } from '../tensor/tensor.js';
import { fmt, sameShape } from '../shape/shape.js';
import { ArgumentError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import type { Params } from '../nn/layer.js';
import type { TrainState } from './step.js';

export const CHECKPOINT_FORMAT = 'nn-ts-checkpoint/1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Replaces every tensor in a value by {"$tensor": name}, collecting the tensors by name. */
const stash = (v: unknown, prefix: string, out: Record<string, Tensor>): Json => {
  if (v instanceof Tensor) { out[prefix] = v; return { $tensor: prefix }; }
  if (Array.isArray(v)) return v.map((c, i) => stash(c, `${prefix}.${i}`, out));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, stash(c, `${prefix}.${k}`, out)]));
  if (v === undefined) return null;
  return v as Json;
};

const unstash = (j: Json, tensors: Record<string, Tensor>, where: string): E.Either<string, unknown> => {
  if (Array.isArray(j)) {
    const parts = j.map((c, i) => unstash(c, tensors, `${where}.${i}`));
    const bad = parts.find(E.isLeft);
    return bad ?? E.right(parts.map((p) => (p as E.Right<unknown>).right));
  }
  if (j !== null && typeof j === 'object') {
    if (typeof j.$tensor === 'string') {
      const t = tensors[j.$tensor];
      return t ? E.right(t) : E.left(`checkpoint: tensor '${j.$tensor}' (at ${where}) is missing from the file`);
    }
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(j)) {
      const r = unstash(c, tensors, `${where}.${k}`);
      if (E.isLeft(r)) return r;
      out[k] = r.right;
    }
    return E.right(out);
  }
  return E.right(j);
};

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

/** Checks that a restored tree has the template's paths and shapes. */
const matchTemplate = (got: unknown, want: unknown, where: string): string | undefined => {
  if (want instanceof Tensor) {
    if (!(got instanceof Tensor)) return `checkpoint: ${where} should be a tensor ${fmt(want.shape)}`;
    return sameShape(got.shape, want.shape) ? undefined : `checkpoint: ${where} has shape ${fmt(got.shape)} but the model needs ${fmt(want.shape)}`;
  }
  if (want !== null && typeof want === 'object') {
    if (got === null || typeof got !== 'object') return `checkpoint: ${where} is missing`;
    for (const k of Object.keys(want)) {
      const r = matchTemplate((got as Record<string, unknown>)[k], (want as Record<string, unknown>)[k], `${where}.${k}`);
      if (r) return r;
    }
    const extra = Object.keys(got).filter((k) => !(k in want));
    if (extra.length) return `checkpoint: ${where} has entries the model does not: ${extra.join(', ')}`;
  }
  return undefined;
};

export const decodeCheckpoint = <S>(tensors: Record<string, Tensor>, metadata: Record<string, string>, template: TrainState<S>): E.Either<string, { train: TrainState<S>; epoch: number; batch: number; history: Json }> => {
  if (metadata.format !== CHECKPOINT_FORMAT) return E.left(`checkpoint: format is '${metadata.format ?? 'missing'}', expected '${CHECKPOINT_FORMAT}'`);
  let skeleton: { params: Json; state: Json; opt: Json }, history: Json;
  try { skeleton = JSON.parse(metadata.skeleton); history = JSON.parse(metadata.history ?? 'null'); } catch (e) { return E.left(`checkpoint: bad metadata JSON (${(e as Error).message})`); }
  const nums = ['step', 'epoch', 'batch'].map((k) => Number(metadata[k]));
  if (nums.some((n) => !Number.isInteger(n) || n < 0)) return E.left(`checkpoint: step/epoch/batch must be non-negative integers, got ${['step', 'epoch', 'batch'].map((k) => metadata[k]).join('/')}`);
  const parts: Record<string, unknown> = {};
  for (const k of ['params', 'state', 'opt'] as const) {
    const r = unstash(skeleton[k], tensors, k);
    if (E.isLeft(r)) return r;
    const bad = matchTemplate(r.right, template[k], k);
    if (bad) return E.left(bad);
    parts[k] = r.right;
  }
  return E.right({ train: { params: parts.params as Params, state: parts.state as Params, opt: parts.opt as S, step: nums[0] }, epoch: nums[1], batch: nums[2], history });
};
