import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DataError, loadMnist, loadMnistEither, MNIST_MEAN, MNIST_SPLIT, MNIST_STD, normalizeMnist, stratifiedSplitCounts, type Mnist,
} from '../../src/data/index.js';
import { OptionError } from '../../src/shape/errors.js';
import { toArray } from '../../src/tensor/create.js';

const PIX = 784;
const digitsDir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
const rawDigits = (c: number): number[] => (JSON.parse(readFileSync(join(digitsDir, `${c}.json`), 'utf8')) as { data: number[] }).data;

function unwrap<A>(e: Either<DataError, A>): A {
  if (isLeft(e)) throw e.left;
  return e.right;
}

/** Bitwise equality of two float32 arrays (vitest's deep equality is slow on millions of elements). */
const sameBits = (a: Float32Array, b: Float32Array): boolean =>
  Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function perClass(labels: Int32Array): number[] {
  const n = new Array<number>(10).fill(0);
  for (const l of labels) n[l]++;
  return n;
}

let m: Mnist;
let trainX: Float32Array;
let testX: Float32Array;

beforeAll(() => {
  m = unwrap(loadMnist());
  trainX = toArray(m.train.images);
  testX = toArray(m.test.images);
});

describe('loadMnist: the fixed split', () => {
  it('has exactly 8000 train / 2000 test digits with the documented per-class counts', () => {
    expect(m.train.count).toBe(8000);
    expect(m.test.count).toBe(2000);
    expect(m.train.images.shape).toEqual([8000, 1, 28, 28]);
    expect(m.test.images.shape).toEqual([2000, 1, 28, 28]);
    expect(m.train.labels.length).toBe(8000);
    expect(perClass(m.train.labels)).toEqual(MNIST_SPLIT.trainPerClass);
    expect(perClass(m.test.labels)).toEqual(MNIST_SPLIT.testPerClass);
    expect(stratifiedSplitCounts(MNIST_SPLIT.classCounts)).toEqual(MNIST_SPLIT.trainPerClass);
    expect(MNIST_SPLIT.trainPerClass.reduce((a, b) => a + b)).toBe(8000);
    expect(MNIST_SPLIT.testPerClass.reduce((a, b) => a + b)).toBe(2000);
  });

  it('has pixels in [0, 1] (and not all zero)', () => {
    for (const x of [trainX, testX]) {
      let lo = Infinity, hi = -Infinity;
      for (let i = 0; i < x.length; i++) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; }
      expect(lo).toBe(0);
      expect(hi).toBe(1);
    }
  });

  it('puts the first digits of each file in train and the last ones in test, in file order', () => {
    for (const c of [0, 3, 7]) {
      const raw = rawDigits(c);
      const trainPos = [...m.train.labels.keys()].filter((i) => m.train.labels[i] === c);
      const testPos = [...m.test.labels.keys()].filter((i) => m.test.labels[i] === c);
      // the first two train digits of class c are file digits 0 and 1, the first test digit is file digit train_c
      for (const [pos, digit, x] of [[trainPos[0], 0, trainX], [trainPos[1], 1, trainX], [testPos[0], MNIST_SPLIT.trainPerClass[c], testX]] as const) {
        expect(Array.from(x.subarray(pos * PIX, (pos + 1) * PIX))).toEqual(Array.from(Float32Array.from(raw.slice(digit * PIX, (digit + 1) * PIX))));
      }
      const lastTest = testPos[testPos.length - 1];
      expect(Array.from(testX.subarray(lastTest * PIX, (lastTest + 1) * PIX))).toEqual(Array.from(Float32Array.from(raw.slice(raw.length - PIX))));
    }
  });

  it('orders each split by stratified interleaving (a known digit at a known place)', () => {
    // the class with the most digits (1: 902 train, 225 test) comes first in both splits
    expect(m.train.labels[0]).toBe(1);
    expect(m.test.labels[0]).toBe(1);
    expect(Array.from(m.train.labels.slice(0, 10)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const one = rawDigits(1).slice(0, PIX);
    expect(Array.from(trainX.subarray(0, PIX))).toEqual(Array.from(Float32Array.from(one)));
  });

  it('is deterministic: a fresh parse gives the same bits', () => {
    const again = unwrap(loadMnist({ dir: `${digitsDir}/` })); // another cache entry: parsed anew
    expect(again.train.labels).toEqual(m.train.labels);
    expect(again.test.labels).toEqual(m.test.labels);
    expect(sameBits(toArray(again.train.images), trainX)).toBe(true);
    expect(sameBits(toArray(again.test.images), testX)).toBe(true);
    expect(again.stats).toEqual(m.stats);
  });

  it('returns labels the caller may mutate without affecting later loads', () => {
    const a = unwrap(loadMnist({ limit: 5 }));
    a.train.labels[0] = 9;
    expect(unwrap(loadMnist({ limit: 5 })).train.labels[0]).toBe(1);
  });

  it('limit keeps a stratified prefix of each split', () => {
    const s = unwrap(loadMnist({ limit: 100 }));
    expect(s.train.count).toBe(100);
    expect(s.test.count).toBe(100);
    expect(s.train.images.shape).toEqual([100, 1, 28, 28]);
    expect(Array.from(s.train.labels)).toEqual(Array.from(m.train.labels.slice(0, 100)));
    expect(sameBits(toArray(s.test.images), testX.subarray(0, 100 * PIX))).toBe(true);
    perClass(s.train.labels).forEach((n, c) => expect(Math.abs(n - (100 * MNIST_SPLIT.trainPerClass[c]) / 8000)).toBeLessThanOrEqual(1));
    perClass(s.test.labels).forEach((n, c) => expect(Math.abs(n - (100 * MNIST_SPLIT.testPerClass[c]) / 2000)).toBeLessThanOrEqual(1));
    expect(unwrap(loadMnist({ limit: 5000 })).test.count).toBe(2000);
    expect(unwrap(loadMnist({ limit: 0 })).train.images.shape).toEqual([0, 1, 28, 28]);
    expect(s.stats).toEqual(m.stats); // always over the full training split
    expect(() => loadMnist({ limit: -1 })).toThrow(OptionError);
    expect(() => loadMnist({ limit: 2.5 })).toThrow(/limit must be a non-negative integer/);
  });
});

describe('MNIST statistics', () => {
  it('MNIST_MEAN / MNIST_STD are computed over the 8000 training images', () => {
    let s = 0;
    for (const v of trainX) s += v;
    const mean = s / trainX.length;
    let q = 0;
    for (const v of trainX) q += (v - mean) ** 2;
    const std = Math.sqrt(q / trainX.length);
    expect(MNIST_MEAN).toBe(m.stats.mean);
    expect(MNIST_STD).toBe(m.stats.std);
    expect(MNIST_MEAN).toBeCloseTo(mean, 10);
    expect(MNIST_STD).toBeCloseTo(std, 10);
    expect(MNIST_MEAN).toBeGreaterThan(0.12);
    expect(MNIST_MEAN).toBeLessThan(0.14);
    expect(MNIST_STD).toBeGreaterThan(0.29);
    expect(MNIST_STD).toBeLessThan(0.32);
  });

  it('normalizeMnist computes (x - mean) / std', () => {
    const s = unwrap(loadMnist({ limit: 20 }));
    const z = toArray(normalizeMnist(s.train.images));
    const x = toArray(s.train.images);
    for (let i = 0; i < x.length; i += 97) expect(z[i]).toBeCloseTo((x[i] - MNIST_MEAN) / MNIST_STD, 5);
    expect(toArray(normalizeMnist(s.train.images, { mean: 0.5, std: 2 }))[0]).toBeCloseTo((x[0] - 0.5) / 2, 6);
    expect(() => normalizeMnist(s.train.images, { mean: 0, std: 0 })).toThrow(/positive std/);
  });
});

describe('loadMnist: errors at the boundary are Left values naming the file', () => {
  const makeDir = (perClassDigits: number, patch: Record<string, string> = {}): string => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-mnist-'));
    mkdirSync(dir, { recursive: true });
    for (let c = 0; c < 10; c++) {
      const data = Array.from({ length: perClassDigits * PIX }, (_, i) => ((i % PIX) === c ? 1 : 0));
      writeFileSync(join(dir, `${c}.json`), patch[`${c}.json`] ?? JSON.stringify({ data }));
    }
    return dir;
  };
  const leftMessage = (e: Either<DataError, Mnist>): string => {
    expect(isLeft(e)).toBe(true);
    if (!isLeft(e)) return '';
    expect(e.left).toBeInstanceOf(DataError);
    return e.left.message;
  };

  it('loads a well-formed folder with the same rule (5 digits per class: 4 train, 1 test)', () => {
    const r = unwrap(loadMnist({ dir: makeDir(5) }));
    expect(r.train.count).toBe(40);
    expect(r.test.count).toBe(10);
    expect(perClass(r.train.labels)).toEqual(new Array(10).fill(4));
    const x = toArray(r.train.images);
    expect(x[0 * PIX + r.train.labels[0]]).toBe(1); // class c has its marker at pixel c
  });

  it('missing folder or file', () => {
    const msg = leftMessage(loadMnist({ dir: join(tmpdir(), 'nn-ts-no-such-dir') }));
    expect(msg).toMatch(/0\.json: cannot read the file/);
  });

  it('invalid JSON, wrong envelope, wrong length, bad pixel value', () => {
    expect(leftMessage(loadMnist({ dir: makeDir(1, { '3.json': '{ "data": [0, ' }) }))).toMatch(/3\.json: not valid JSON/);
    expect(leftMessage(loadMnist({ dir: makeDir(1, { '4.json': '{ "pixels": [] }' }) }))).toMatch(/4\.json: malformed: expected UnknownArray at "data"/);
    expect(leftMessage(loadMnist({ dir: makeDir(1, { '5.json': '{ "data": [0, 0, 0] }' }) }))).toMatch(/5\.json: "data" has 3 numbers; expected a positive multiple of 784/);
    const bad = Array.from({ length: 2 * PIX }, () => 0);
    bad[PIX + 5] = 255;
    expect(leftMessage(loadMnist({ dir: makeDir(1, { '9.json': JSON.stringify({ data: bad }) }) })))
      .toMatch(/9\.json: "data\[789\]" \(digit 1, pixel 5\) is 255; expected a number in \[0, 1\]/);
  });

  it('loadMnistEither gives the boundary problem itself: FileMissing, BadData', () => {
    const missing = join(tmpdir(), 'nn-ts-no-such-dir');
    const r = loadMnistEither({ dir: missing });
    expect(isLeft(r) && r.left).toEqual({ _tag: 'FileMissing', path: join(missing, '0.json') });
    expect(leftMessage(loadMnist({ dir: missing }))).toBe(`${join(missing, '0.json')}: cannot read the file: no such file`);
    const dir = makeDir(1, { '3.json': '{ "data": [0, ' });
    const bad = loadMnistEither({ dir });
    expect(isLeft(bad) && bad.left).toMatchObject({ _tag: 'BadData', source: join(dir, '3.json') });
    expect(isLeft(bad) && bad.left._tag === 'BadData' && bad.left.detail).toMatch(/^not valid JSON: /);
    const pixel = loadMnistEither({ dir: makeDir(1, { '9.json': JSON.stringify({ data: new Array(PIX).fill(2) }) }) });
    expect(isLeft(pixel) && pixel.left).toMatchObject({ _tag: 'BadData', detail: '"data[0]" (digit 0, pixel 0) is 2; expected a number in [0, 1]' });
    expect(() => loadMnistEither({ limit: -1 })).toThrow(OptionError); // a programmer error still throws
  });

  it('a failed load is not cached', () => {
    const dir = makeDir(1, { '2.json': 'oops' });
    expect(isLeft(loadMnist({ dir }))).toBe(true);
    writeFileSync(join(dir, '2.json'), JSON.stringify({ data: new Array(PIX).fill(0) }));
    expect(isRight(loadMnist({ dir }))).toBe(true);
  });
});
