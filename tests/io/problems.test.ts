// Boundary problems from real malformed inputs: each tag is what the `…Either` functions return, and
// the plain functions still answer the SafetensorsError (reason and message) they always gave.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tensor, zeros } from '../../src/index.js';
import {
  decodeSafetensors, decodeSafetensorsEither, encodeSafetensors, loadSafetensors, loadSafetensorsEither, loadSafetensorsEitherSync,
  loadSafetensorsSync, MAX_HEADER_BYTES, problemText, restoreTree, restoreTreeEither, type BoundaryProblem,
} from '../../src/io/index.js';

const leftOf = <E, A>(r: Either<E, A>): E => {
  if (!isLeft(r)) throw new Error('expected a Left');
  return r.left;
};
const le64 = (n: number | bigint) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const fileOf = (header: unknown, data: Uint8Array = new Uint8Array(0)) => {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  return Uint8Array.from([...le64(json.length), ...json, ...data]);
};

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-ts-io-problems-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** JSON.parse's own message, which differs between Node versions. */
const jsonError = (text: string): string => { try { JSON.parse(text); return ''; } catch (e) { return e instanceof Error ? e.message : ''; } };

const good = encodeSafetensors({ x: tensor([1, 2], [2]) }); // 8 bytes of data
const x = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };

/** A malformed input, the problem it must give, and the legacy error it must still give (message without the prefix). */
interface Case {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly problem: Partial<BoundaryProblem> & { _tag: BoundaryProblem['_tag'] };
  readonly reason: string;
  readonly message: string;
}

const cases: readonly Case[] = [
  { name: 'cut inside the length prefix', bytes: good.subarray(0, 5), problem: { _tag: 'Truncated', part: 'prefix', need: 8n, have: 5 }, reason: 'length',
    message: 'file is 5 bytes, shorter than the 8-byte header length at its start' },
  { name: 'cut inside the header (the prefix asks for more than follows)', bytes: good.subarray(0, 20), problem: { _tag: 'Truncated', part: 'header', have: 12 }, reason: 'length',
    message: `header length ${good.length - 16} (first 8 bytes) is larger than the file: only 12 bytes follow the length` },
  { name: 'a text file instead of a checkpoint (no safetensors prefix)', bytes: new TextEncoder().encode('not a checkpoint at all'), problem: { _tag: 'Truncated', part: 'header', have: 15 }, reason: 'length',
    message: `header length ${new DataView(new TextEncoder().encode('not a ch').buffer).getBigUint64(0, true)} (first 8 bytes) is larger than the file: only 15 bytes follow the length` },
  { name: 'cut inside the data', bytes: good.subarray(0, good.length - 3), problem: { _tag: 'Truncated', part: 'data', need: 8n, have: 5 }, reason: 'truncated',
    message: `data is truncated: the header describes 8 bytes of tensor data but only 5 are present (the file is ${good.length - 3} bytes, it should be ${good.length})` },
  { name: 'header that is not JSON', bytes: fileOf('{"x": {"dtype"'), problem: { _tag: 'BadHeader' }, reason: 'header',
    message: `header is not valid JSON (${jsonError('{"x": {"dtype"')})` },
  { name: 'header that is not an object', bytes: fileOf([1, 2]), problem: { _tag: 'BadHeader' }, reason: 'header', message: 'header must be a JSON object, got [1,2]' },
  { name: 'a tensor named twice', bytes: fileOf(`{"x":${JSON.stringify(x)},"x":${JSON.stringify(x)}}`, new Uint8Array(8)), problem: { _tag: 'BadHeader' }, reason: 'header',
    message: 'header has the key "x" twice (JSON keeps only the last, so the first would be silently lost)' },
  { name: 'dtype C64', bytes: fileOf({ x: { ...x, dtype: 'C64' } }, new Uint8Array(8)), problem: { _tag: 'BadHeader', field: 'dtype' }, reason: 'dtype',
    message: "tensor 'x' has dtype C64, which nn-ts does not read: it reads F32, F64, F16, BF16, I64, U64, I32, U32, I16, U16, I8, U8 and BOOL (as float32) (convert it before saving)" },
  { name: 'size mismatch: the byte span is not the shape\'s', bytes: fileOf({ x: { ...x, shape: [3] } }, new Uint8Array(8)), problem: { _tag: 'BadHeader', field: 'shape' }, reason: 'shape',
    message: "tensor 'x': data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12 bytes (4 per element)" },
  { name: 'a negative dimension', bytes: fileOf({ x: { ...x, shape: [2, -1] } }, new Uint8Array(8)), problem: { _tag: 'BadHeader', field: 'shape' }, reason: 'shape',
    message: "tensor 'x': shape[1] must be a non-negative integer, got -1" },
  { name: 'offsets outside the data', bytes: fileOf({ x: { ...x, data_offsets: [8, 16] } }, new Uint8Array(8)), problem: { _tag: 'BadHeader', field: 'data_offsets' }, reason: 'offsets',
    message: "tensor 'x': data_offsets [8, 16] are out of bounds: the data buffer holds only 8 bytes" },
  { name: 'a metadata key named shape is no tensor field', bytes: fileOf({ __metadata__: { shape: 1 }, x }, new Uint8Array(8)), problem: { _tag: 'BadHeader' }, reason: 'header',
    message: "__metadata__: value of 'shape' must be a string, got 1" },
];

describe('each malformed input gives its problem, and the legacy error unchanged', () => {
  it.each(cases)('$name (bytes in memory)', (c) => {
    const p = leftOf(decodeSafetensorsEither(c.bytes));
    expect(p).toMatchObject(c.problem);
    expect(p).not.toHaveProperty('file');
    const e = leftOf(decodeSafetensors(c.bytes));
    expect(e).toEqual({ _tag: 'SafetensorsError', reason: c.reason, message: `safetensors: ${c.message}` });
    expect(problemText(p)).toBe(c.message);
  });

  it.each(cases)('$name (a file, sync and async)', async (c) => {
    const file = path.join(dir, `${c.name.replace(/\W+/g, '-')}.safetensors`);
    fs.writeFileSync(file, c.bytes);
    for (const p of [leftOf(loadSafetensorsEitherSync(file)), leftOf(await loadSafetensorsEither(file)())]) expect(p).toMatchObject({ ...c.problem, file });
    for (const e of [leftOf(loadSafetensorsSync(file)), leftOf(await loadSafetensors(file)())])
      expect(e).toEqual({ _tag: 'SafetensorsError', reason: c.reason, message: `safetensors file '${file}': ${c.message}` });
  });

  it(`HeaderTooLarge: a header length over ${MAX_HEADER_BYTES} bytes (a sparse file)`, () => {
    const file = path.join(dir, 'huge-header.safetensors');
    fs.writeFileSync(file, le64(MAX_HEADER_BYTES + 1));
    fs.truncateSync(file, MAX_HEADER_BYTES + 64);
    expect(leftOf(loadSafetensorsEitherSync(file))).toEqual({ _tag: 'HeaderTooLarge', length: MAX_HEADER_BYTES + 1, limit: MAX_HEADER_BYTES, file });
    expect(leftOf(loadSafetensorsSync(file))).toEqual({
      _tag: 'SafetensorsError', reason: 'length',
      message: `safetensors file '${file}': header length ${MAX_HEADER_BYTES + 1} (first 8 bytes) is over the limit of 100000000 bytes for a safetensors header`,
    });
  });
});

describe('files that cannot be read', () => {
  it('FileMissing: no file at the path', async () => {
    const file = path.join(dir, 'nope.safetensors');
    expect(leftOf(loadSafetensorsEitherSync(file))).toEqual({ _tag: 'FileMissing', path: file });
    expect(leftOf(await loadSafetensorsEither(file)())).toEqual({ _tag: 'FileMissing', path: file });
    expect(leftOf(loadSafetensorsSync(file))).toEqual({ _tag: 'SafetensorsError', reason: 'io', message: `safetensors: cannot read '${file}': no such file` });
  });

  it('FileUnreadable: a directory, or a read that fails underneath', () => {
    expect(leftOf(loadSafetensorsEitherSync(dir))).toEqual({ _tag: 'FileUnreadable', path: dir, cause: 'not a regular file (a directory)' });
    expect(leftOf(loadSafetensorsSync(dir)).message).toBe(`safetensors: cannot read '${dir}': not a regular file (a directory)`);
    const file = path.join(dir, 'good.safetensors');
    fs.writeFileSync(file, good);
    const failing = { readSync: () => { throw new Error('EIO: i/o error'); } };
    expect(leftOf(loadSafetensorsEitherSync(file, { fs: failing }))).toEqual({ _tag: 'FileUnreadable', path: file, cause: 'EIO: i/o error' });
    expect(leftOf(loadSafetensorsSync(file, { fs: failing }))).toEqual({ _tag: 'SafetensorsError', reason: 'io', message: `safetensors: cannot read '${file}': EIO: i/o error` });
  });
});

describe('bad arguments are problems too, never throws', () => {
  it('BadArgument names the argument', () => {
    expect(leftOf(decodeSafetensorsEither(null as never))).toEqual({ _tag: 'BadArgument', argument: 'bytes', message: "expected the file's bytes as a Uint8Array, got null" });
    expect(leftOf(decodeSafetensors(null as never))).toEqual({ _tag: 'SafetensorsError', reason: 'length', message: "safetensors: expected the file's bytes as a Uint8Array, got null" });
    expect(leftOf(loadSafetensorsEitherSync(0 as never))).toMatchObject({ _tag: 'BadArgument', argument: 'path' });
    expect(leftOf(loadSafetensorsSync(0 as never))).toEqual({ _tag: 'SafetensorsError', reason: 'io', message: 'safetensors: cannot read: path must be a file path string, got the number 0' });
    expect(leftOf(loadSafetensorsEitherSync('m.safetensors', { fss: {} } as never))).toEqual({ _tag: 'BadArgument', argument: 'options', message: "cannot read 'm.safetensors': unknown option 'fss'; expected one of fs" });
    expect(leftOf(restoreTreeEither({ w: 1 } as never, {}))).toMatchObject({ _tag: 'BadArgument', argument: 'template' });
  });
});

describe('TreeMismatch: tensors that do not fit the template', () => {
  const template = { layer: { w: zeros([2, 3]), b: zeros([2]) } };
  it('lists every missing path, wrong shape and extra name; restoreTree words them as before', () => {
    const tensors = { 'layer.w': zeros([3, 2]), 'head.w': zeros([1]) };
    expect(leftOf(restoreTreeEither(template, tensors))).toEqual({
      _tag: 'TreeMismatch',
      missing: [{ path: 'layer.b', shape: [2] }],
      wrongShape: [{ path: 'layer.w', got: [3, 2], want: [2, 3] }],
      extra: ['head.w'],
    });
    expect(leftOf(restoreTree(template, tensors))).toEqual({
      _tag: 'SafetensorsError', reason: 'tree',
      message: "restoreTree: missing from the checkpoint: 'layer.b' (shape [2]) | wrong shape: 'layer.w' has shape [3, 2] in the checkpoint but the template needs [2, 3] | unexpected names not in the template: 'head.w'",
    });
  });
});
