// What the browser entries offer instead of files: PNG bytes from a deflate in plain TypeScript
// (checked by node:zlib's inflate), checkpoints and safetensors as bytes and Blobs, fit without a
// file system, MNIST built from its JSON, progress on any stream, and the thread host Node picks.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { key, tensor, toArray, zeros } from '../../src/portable.js';
import * as nn from '../../src/nn/index.js';
import { sgd } from '../../src/optim/index.js';
import { mse } from '../../src/losses/index.js';
import { checkpointFromBlob, checkpointFromBytes, checkpointToBytes, fit, initTrain, progress, tensorDataset } from '../../src/train/portable.js';
import * as nodeTrain from '../../src/train/index.js';
import { decodeSafetensorsBlob, safetensorsBlob } from '../../src/io/portable.js';
import { mnistFromJson } from '../../src/data/portable.js';
import { loadMnist } from '../../src/data/index.js';
import { encodePng } from '../../src/viz/portable.js';
import { zlibDeflate } from '../../src/viz/deflate.js';
import { defaultThreadCount, threadsAvailable } from '../../src/backend/gpujs/threads.js';

const rightOf = <E, A>(r: { _tag: 'Left'; left: E } | { _tag: 'Right'; right: A }): A => {
  if (r._tag === 'Left') throw new Error(`expected a Right, got Left(${JSON.stringify(r.left)})`);
  return r.right;
};

/** Deterministic bytes: a few symbols (long repeats) or the full byte range (few matches). */
const bytesOf = (n: number, alphabet: number, seed: number): Uint8Array => {
  const out = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1103515245) + 12345) >>> 0; out[i] = (s >>> 24) % alphabet; }
  return out;
};

describe('zlibDeflate', () => {
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(7)],
    ['a period-3 repeat', Uint8Array.from({ length: 1000 }, (_, i) => i % 3)],
    ['one colour, longer than the window', new Uint8Array(100_000).fill(255)],
    ['four symbols', bytesOf(70_000, 4, 1)],
    ['all bytes, hardly compressible', bytesOf(50_000, 256, 2)],
    ['a repeat further back than the window', (() => { const b = bytesOf(40_000, 256, 3); const out = new Uint8Array(80_000); out.set(b); out.set(b, 40_000); return out; })()],
  ];
  it.each(cases)('%s: inflates back to the same bytes', (_, data) => {
    const z = zlibDeflate(data);
    expect(new Uint8Array(inflateSync(z))).toEqual(data);
  });

  it('compresses runs: a 100,000-byte run takes under 1 KB', () => {
    expect(zlibDeflate(new Uint8Array(100_000)).length).toBeLessThan(1000);
  });

  it('encodePng: the IDAT chunk inflates to the filtered rows of the image', () => {
    const width = 5, height = 3;
    const rgba = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i * 37) % 256);
    const png = encodePng({ width, height, rgba });
    expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    const dv = new DataView(png.buffer, png.byteOffset);
    const idatAt = 8 + 12 + 13; // signature, then the IHDR chunk (length, type, 13 bytes, crc)
    expect(String.fromCharCode(...png.subarray(idatAt + 4, idatAt + 8))).toBe('IDAT');
    const raw = new Uint8Array(inflateSync(png.subarray(idatAt + 8, idatAt + 8 + dv.getUint32(idatAt))));
    for (let y = 0; y < height; y++) {
      expect(raw[y * (width * 4 + 1)]).toBe(0); // filter type: none
      expect(raw.subarray(y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1))).toEqual(rgba.subarray(y * width * 4, (y + 1) * width * 4));
    }
  });
});

describe('checkpoints and safetensors without files', () => {
  const model = nn.dense(3, 2);
  const optimizer = sgd({ lr: 0.1, momentum: 0.9 });
  const ts = { ...initTrain(model, optimizer, key(1), [3]), step: 7 };
  const template = initTrain(model, optimizer, key(2), [3]);

  it('checkpointToBytes then checkpointFromBytes (and from an ArrayBuffer, and a Blob) restore the state', async () => {
    const bytes = checkpointToBytes(ts, { epoch: 2, batch: 3 });
    const views = [bytes, bytes.slice().buffer];
    for (const b of views) {
      const back = rightOf(checkpointFromBytes(b, template));
      expect(back.epoch).toBe(2);
      expect(back.batch).toBe(3);
      expect(back.train.step).toBe(7);
      expect(toArray(back.train.params.weight)).toEqual(toArray(ts.params.weight));
    }
    const fromBlob = rightOf(await checkpointFromBlob(new Blob([bytes.slice().buffer]), template));
    expect(toArray(fromBlob.train.params.weight)).toEqual(toArray(ts.params.weight));
    expect(fromBlob.train.step).toBe(7);
  });

  it('bytes that are not a checkpoint, or a checkpoint of another model, are a Left naming the problem', () => {
    const truncated = checkpointFromBytes(checkpointToBytes(ts, { epoch: 0, batch: 0 }).subarray(0, 20), template);
    expect(isLeft(truncated) && truncated.left).toMatch(/^checkpoint: /);
    const other = initTrain(nn.dense(3, 4), optimizer, key(3), [3]);
    const mismatch = checkpointFromBytes(checkpointToBytes(ts, { epoch: 0, batch: 0 }), other);
    expect(isLeft(mismatch) && mismatch.left).toMatch(/weight/);
  });

  it('safetensorsBlob then decodeSafetensorsBlob give the tensors and metadata back', async () => {
    const blob = safetensorsBlob({ a: tensor([1, 2, 3], [3]), b: zeros([2, 2]) }, { note: 'hi' });
    expect(blob.type).toBe('application/octet-stream');
    const back = rightOf(await decodeSafetensorsBlob(blob));
    expect(Object.keys(back.tensors).sort()).toEqual(['a', 'b']);
    expect([...toArray(back.tensors.a)]).toEqual([1, 2, 3]);
    expect(back.metadata.note).toBe('hi');
  });
});

describe('fit without a file system', () => {
  const x = tensor(Array.from({ length: 32 }, (_, i) => (i % 8) / 8), [16, 2]);
  const y = tensor(Array.from({ length: 16 }, (_, i) => ((2 * i) % 8) / 8), [16, 1]);
  const base = { model: nn.dense(2, 1), loss: mse, optimizer: sgd({ lr: 0.5 }), train: tensorDataset(x, y), inputShape: [2], epochs: 1, batchSize: 8, key: key(0), progress: false as const, log: () => {} };

  it('refuses checkpoint, saying what to use instead', () => {
    expect(() => fit({ ...base, checkpoint: { path: 'ck.safetensors' } })).toThrow(/fit: checkpoint needs a file system, which this runtime lacks.*checkpointToBytes/);
  });

  it('trains as Node\'s fit does, bit for bit', () => {
    const portable = fit(base), node = nodeTrain.fit(base);
    expect(toArray(portable.train.params.weight)).toEqual(toArray(node.train.params.weight));
    expect(portable.history[0].trainLoss).toBe(node.history[0].trainLoss);
  });
});

describe('mnistFromJson', () => {
  it('builds the split loadMnist reads from the package files, and refuses the wrong number of files', () => {
    const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
    const files: unknown[] = Array.from({ length: 10 }, (_, c) => JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')));
    const built = rightOf(mnistFromJson(files, { limit: 30 }));
    const loaded = rightOf(loadMnist({ limit: 30 }));
    expect(built.stats).toEqual(loaded.stats);
    expect(built.train.labels).toEqual(loaded.train.labels);
    expect(toArray(built.test.images)).toEqual(toArray(loaded.test.images));
    const short = mnistFromJson(files.slice(0, 9));
    expect(isLeft(short) && short.left).toMatchObject({ _tag: 'BadData', detail: expect.stringMatching(/needs the 10 parsed files .* got 9 files/) });
    const bad = mnistFromJson([...files.slice(0, 9), { data: [2] }]);
    expect(isLeft(bad) && bad.left).toMatchObject({ _tag: 'BadData', source: 'mnist/src/digits/9.json' });
    expect(isRight(mnistFromJson(files, { limit: 0 }))).toBe(true);
  });
});

describe('progress and threads', () => {
  it('progress writes lines to any stream with write (a browser console, a log)', () => {
    const written: string[] = [];
    const p = progress({ total: 4, label: 'work', stream: { write: (s: string) => written.push(s) } });
    for (let i = 1; i <= 4; i++) p.update(i);
    p.finish('done');
    expect(written.length).toBeGreaterThan(1);
    expect(written.slice(0, -1).every((l) => /^work [1-3]\/4 \([1-9]0%\) eta \S+ \n$/.test(l))).toBe(true);
    expect(written[written.length - 1]).toMatch(/^work 4\/4 in \d+s done\n$/);
  });

  it('Node gets worker threads from the "#thread-host" import', () => {
    expect(threadsAvailable()).toBe(true);
    expect(defaultThreadCount()).toBeGreaterThanOrEqual(1);
  });
});
