// Training checkpoints read back as boundary problems: each tag from a real malformed checkpoint,
// the Either variants returning it, decodeCheckpoint's string and readCheckpoint's BoundaryError
// worded as fit words them today ("fit: cannot resume from <path>: <message>").
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaves } from '../../src/autodiff/tree.js';
import { NnTsError, tensor, toArray, zeros } from '../../src/index.js';
import { BoundaryError, loadSafetensorsSync, saveSafetensorsSync } from '../../src/io/index.js';
import { CHECKPOINT_FORMAT, decodeCheckpoint, decodeCheckpointEither, encodeCheckpoint, readCheckpoint, readCheckpointEither } from '../../src/train/checkpoint.js';
import type { TrainState } from '../../src/train/step.js';

const leftOf = <E, A>(r: Either<E, A>): E => {
  if (!isLeft(r)) throw new Error('expected a Left');
  return r.left;
};

type Opt = { readonly step: number; readonly m: ReturnType<typeof zeros>; readonly buffer: null };
const ts: TrainState<Opt> = {
  params: { dense: { w: tensor([1, 2, 3, 4, 5, 6], [2, 3]), b: tensor([7, 8], [2]) } },
  state: {},
  opt: { step: 5, m: tensor([0.5, 0.25], [2]), buffer: null },
  step: 5,
};
const template: TrainState<Opt> = { params: { dense: { w: zeros([2, 3]), b: zeros([2]) } }, state: {}, opt: { step: 0, m: zeros([2]), buffer: null }, step: 0 };
const encoded = encodeCheckpoint(ts, { epoch: 1, batch: 2, history: [{ epoch: 1 }] });
const withMeta = (patch: Record<string, string>) => ({ ...encoded.metadata, ...patch });

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-ts-ckpt-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('a good checkpoint round-trips', () => {
  it('decode and read give the state back', () => {
    const file = path.join(dir, 'good.safetensors');
    expect(isRight(saveSafetensorsSync(file, encoded.tensors, encoded.metadata))).toBe(true);
    for (const r of [decodeCheckpointEither(encoded.tensors, encoded.metadata, template), readCheckpointEither(file, template)]) {
      if (isLeft(r)) throw new Error(r.left._tag);
      expect(leaves(r.right.train.params).map((l) => [l.path, Array.from(toArray(l.value))])).toEqual([['dense.b', [7, 8]], ['dense.w', [1, 2, 3, 4, 5, 6]]]);
      expect(r.right.train.opt.step).toBe(5);
      expect(r.right.train.opt.buffer).toBeNull();
      expect([r.right.train.step, r.right.epoch, r.right.batch]).toEqual([5, 1, 2]);
      expect(r.right.history).toEqual([{ epoch: 1 }]);
    }
    expect(readCheckpoint(file, template).train.step).toBe(5);
  });
});

describe("the checkpoint's own problems", () => {
  const decodeBoth = (tensors: typeof encoded.tensors, metadata: Record<string, string>, t: TrainState<Opt> = template) =>
    ({ problem: leftOf(decodeCheckpointEither(tensors, metadata, t)), message: leftOf(decodeCheckpoint(tensors, metadata, t)) });

  it('WrongFormat: another format tag (the magic string), or none', () => {
    expect(decodeBoth(encoded.tensors, withMeta({ format: 'other/2' }))).toEqual({
      problem: { _tag: 'WrongFormat', found: 'other/2', expected: CHECKPOINT_FORMAT },
      message: `checkpoint: format is 'other/2', expected '${CHECKPOINT_FORMAT}'`,
    });
    expect(decodeBoth(encoded.tensors, {}).message).toBe(`checkpoint: format is 'missing', expected '${CHECKPOINT_FORMAT}'`);
  });

  it('BadMetadata: a skeleton that is not JSON or not an object, a negative step', () => {
    const notJson = decodeBoth(encoded.tensors, withMeta({ skeleton: '{"params":' }));
    expect(notJson.problem).toMatchObject({ _tag: 'BadMetadata', key: 'skeleton' });
    expect(notJson.message).toMatch(/^checkpoint: metadata 'skeleton' is not valid JSON \(/);
    expect(decodeBoth(encoded.tensors, withMeta({ skeleton: 'null' })).problem).toEqual({ _tag: 'BadMetadata', key: 'skeleton', detail: 'must be an object { params, state, opt }' });
    expect(decodeBoth(encoded.tensors, withMeta({ step: '-1' }))).toEqual({
      problem: { _tag: 'BadMetadata', key: 'step', detail: 'must be a non-negative integer, got "-1"' },
      message: `checkpoint: metadata 'step' must be a non-negative integer, got "-1"`,
    });
  });

  it('TensorMissing: the skeleton names a tensor the file lacks (also one named like a prototype key)', () => {
    const { 'params.dense.b': _dropped, ...rest } = encoded.tensors;
    expect(decodeBoth(rest, encoded.metadata)).toEqual({
      problem: { _tag: 'TensorMissing', name: 'params.dense.b', at: 'params.dense.b' },
      message: "checkpoint: tensor 'params.dense.b' (at params.dense.b) is missing from the file",
    });
    const skeleton = JSON.stringify({ params: { dense: { w: { $tensor: 'params.dense.w' }, b: { $tensor: 'constructor' } } }, state: {}, opt: {} });
    expect(decodeBoth(encoded.tensors, withMeta({ skeleton })).problem).toEqual({ _tag: 'TensorMissing', name: 'constructor', at: 'params.dense.b' });
  });

  it('TreeMismatch: a model of other shapes or structure', () => {
    const other: TrainState<Opt> = { ...template, params: { dense: { w: zeros([3, 2]), b: zeros([2]), g: zeros([1]) } } };
    expect(decodeBoth(encoded.tensors, encoded.metadata, other)).toEqual({
      problem: { _tag: 'TreeMismatch', missing: [{ path: 'params.dense.g', shape: [1] }], wrongShape: [{ path: 'params.dense.w', got: [2, 3], want: [3, 2] }], extra: [] },
      message: "checkpoint: missing from the checkpoint: 'params.dense.g' (shape [1]) | wrong shape: 'params.dense.w' has shape [2, 3] in the checkpoint but the template needs [3, 2]",
    });
    const noBias: TrainState<Opt> = { ...template, params: { dense: { w: zeros([2, 3]) } } };
    expect(decodeBoth(encoded.tensors, encoded.metadata, noBias).problem).toMatchObject({ _tag: 'TreeMismatch', extra: ['params.dense.b'] });
  });
});

describe('reading the file: the Either variant, and the thrown error worded as fit words it', () => {
  /** What fit throws today for a Left of loadSafetensorsSync. */
  const fitMessage = (file: string) => `fit: cannot resume from ${file}: ${leftOf(loadSafetensorsSync(file)).message}`;
  const thrown = (f: () => unknown): unknown => { try { f(); } catch (e) { return e; } throw new Error('expected a throw'); };

  it('FileMissing', () => {
    const file = path.join(dir, 'none.safetensors');
    expect(leftOf(readCheckpointEither(file, template))).toEqual({ _tag: 'FileMissing', path: file });
    const e = thrown(() => readCheckpoint(file, template, 'fit'));
    expect(e).toBeInstanceOf(BoundaryError);
    expect(e).toBeInstanceOf(NnTsError);
    expect(e).toMatchObject({ op: 'fit', message: fitMessage(file), problem: { _tag: 'FileMissing', path: file } });
  });

  it('Truncated: a checkpoint cut short, and a text file in its place', () => {
    const file = path.join(dir, 'cut.safetensors');
    const full = path.join(dir, 'full.safetensors');
    saveSafetensorsSync(full, encoded.tensors, encoded.metadata);
    const bytes = fs.readFileSync(full);
    fs.writeFileSync(file, bytes.subarray(0, bytes.length - 10));
    expect(leftOf(readCheckpointEither(file, template))).toMatchObject({ _tag: 'Truncated', part: 'data', file });
    expect(thrown(() => readCheckpoint(file, template, 'fit'))).toMatchObject({ message: fitMessage(file) });
    expect(fitMessage(file)).toMatch(/^fit: cannot resume from .*: safetensors file '.*': data is truncated/);
    fs.writeFileSync(file, 'not a checkpoint at all');
    expect(leftOf(readCheckpointEither(file, template))).toMatchObject({ _tag: 'Truncated', part: 'header' });
    expect(thrown(() => readCheckpoint(file, template, 'fit'))).toMatchObject({ message: fitMessage(file) });
  });

  it("the checkpoint's own problems read from a file, with decodeCheckpoint's message", () => {
    const file = path.join(dir, 'wrong-format.safetensors');
    saveSafetensorsSync(file, encoded.tensors, withMeta({ format: 'other/2' }));
    expect(leftOf(readCheckpointEither(file, template))).toMatchObject({ _tag: 'WrongFormat', found: 'other/2' });
    expect(thrown(() => readCheckpoint(file, template))).toMatchObject({
      op: 'readCheckpoint',
      message: `readCheckpoint: cannot resume from ${file}: checkpoint: format is 'other/2', expected '${CHECKPOINT_FORMAT}'`,
    });
  });
});
