// The IDX reader on hand-made files (every element type, gzip or not, each malformed case named),
// and the Fashion-MNIST loader: on Debian's dataset-fashion-mnist files when installed (the suite
// says so loudly when it is not), and its refusals on a folder of files with the wrong counts.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeIdx } from '../../src/data/idx.js';
import { FASHION_MNIST_CLASSES, FASHION_MNIST_DIR, loadFashionMnist, loadFashionMnistEither } from '../../src/data/fashion-mnist.js';
import { toArray, useBackend } from '../support/api.js';

/** An IDX file: magic 0 0 type rank, big-endian dims, then the values written by `put`. */
const idx = (type: number, dims: number[], bytesPer: number, put: (v: DataView, at: number, i: number) => void): Uint8Array => {
  const n = dims.reduce((a, d) => a * d, 1), header = 4 + 4 * dims.length;
  const b = new Uint8Array(header + n * bytesPer), v = new DataView(b.buffer);
  b[2] = type; b[3] = dims.length;
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  for (let i = 0; i < n; i++) put(v, header + i * bytesPer, i);
  return b;
};
const u8 = (dims: number[], f: (i: number) => number) => idx(0x08, dims, 1, (v, at, i) => v.setUint8(at, f(i)));

describe('IDX reader', () => {
  it('decodes uint8, int32 and float32 arrays, gzipped or not', () => {
    const a = u8([2, 3], (i) => i * 40);
    for (const bytes of [a, new Uint8Array(gzipSync(a))]) {
      const r = decodeIdx(bytes, 'a.idx');
      expect(E.isRight(r) && r.right.dims).toEqual([2, 3]);
      expect(E.isRight(r) && Array.from(r.right.data)).toEqual([0, 40, 80, 120, 160, 200]);
    }
    const i32 = decodeIdx(idx(0x0c, [3], 4, (v, at, i) => v.setInt32(at, (i - 1) * 70000, false)), 'b');
    expect(E.isRight(i32) && [i32.right.type, ...i32.right.data]).toEqual(['int32', -70000, 0, 70000]);
    const f32 = decodeIdx(idx(0x0d, [2], 4, (v, at, i) => v.setFloat32(at, i + 0.5, false)), 'c');
    expect(E.isRight(f32) && Array.from(f32.right.data)).toEqual([0.5, 1.5]);
  });
  it('names what is wrong with a malformed file', () => {
    const detail = (bytes: Uint8Array) => { const r = decodeIdx(bytes, 'x.idx'); return E.isLeft(r) ? `${r.left.source}: ${r.left.detail}` : 'decoded'; };
    expect(detail(Uint8Array.of(1, 0, 8, 1, 0, 0, 0, 0))).toMatch(/x.idx: is not an IDX file/);
    expect(detail(Uint8Array.of(0, 0, 0x42, 1, 0, 0, 0, 0))).toMatch(/unknown IDX element type 0x42/);
    expect(detail(Uint8Array.of(0, 0, 8, 2, 0, 0))).toMatch(/truncated inside its header/);
    expect(detail(u8([4, 4], () => 1).subarray(0, 20))).toMatch(/holds 8 bytes of data; dims \[4, 4\] of uint8 need 16/);
    expect(detail(Uint8Array.of(0x1f, 0x8b, 1, 2, 3))).toMatch(/is not valid gzip/);
  });
});

describe('Fashion-MNIST loader', () => {
  it('says how to get the data when the folder is missing', () => {
    const r = loadFashionMnistEither({ dir: '/nonexistent/fashion' });
    expect(E.isLeft(r) && r.left._tag).toBe('DatasetMissing');
    expect(E.isLeft(r) && 'detail' in r.left && r.left.detail).toMatch(/apt-get install dataset-fashion-mnist/);
  });
  it('refuses files with the wrong counts, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fashion-'));
    for (const part of ['train', 't10k']) {
      writeFileSync(join(dir, `${part}-images-idx3-ubyte.gz`), gzipSync(u8([5, 28, 28], (i) => i % 256)));
      writeFileSync(join(dir, `${part}-labels-idx1-ubyte.gz`), gzipSync(u8([5], (i) => i)));
    }
    const r = loadFashionMnist({ dir });
    expect(E.isLeft(r) && r.left.message).toMatch(/train-images-idx3-ubyte.gz: holds uint8 \[5, 28, 28\] where Fashion-MNIST has uint8 \[60000, 28, 28\]/);
    expect(() => loadFashionMnist({ limit: -1 })).toThrow(/limit must be a non-negative integer/);
  });

  const installed = existsSync(join(FASHION_MNIST_DIR, 'train-images-idx3-ubyte.gz'));
  if (!installed) console.warn(`[nn-ts fashion-mnist] SKIPPED the installed-data test: ${FASHION_MNIST_DIR} is missing (apt-get install dataset-fashion-mnist)`);
  it.skipIf(!installed)(`reads the installed 60,000/10,000 split from ${FASHION_MNIST_DIR}`, () => {
    useBackend('cpu');
    const r = loadFashionMnist({ limit: 2000 });
    if (E.isLeft(r)) throw r.left;
    const { train, test } = r.right;
    expect(train.images.shape).toEqual([2000, 1, 28, 28]);
    expect(test.count).toBe(2000);
    const px = toArray(train.images);
    const [lo, hi] = px.reduce(([a, b], v) => [Math.min(a, v), Math.max(b, v)], [Infinity, -Infinity]);
    expect([lo, hi]).toEqual([0, 1]);
    // the published first labels (train: Ankle boot, T-shirt/top, T-shirt/top, Dress; test: Ankle boot, Pullover)
    expect(Array.from(train.labels.subarray(0, 4))).toEqual([9, 0, 0, 3]);
    expect(Array.from(test.labels.subarray(0, 2))).toEqual([9, 2]);
    expect(FASHION_MNIST_CLASSES[train.labels[0]]).toBe('Ankle boot');
    const perClass = new Array(10).fill(0);
    for (const l of train.labels) perClass[l]++;
    expect(Math.min(...perClass)).toBeGreaterThan(150); // every class present in the first 2,000
  });
});
