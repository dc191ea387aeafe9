import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaves, OptionError, tensor, toArray, zeros, type Tensor, type Tree } from '../../src/index.js';
import {
  decodeSafetensors, encodeSafetensors, loadSafetensors, loadSafetensorsSync, restoreTree,
  saveSafetensors, saveSafetensorsSync, type SafetensorsError,
} from '../../src/io/index.js';

const bits = (t: Tensor) => Array.from(new Uint32Array(toArray(t).buffer));
const le64 = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const concat = (...parts: Uint8Array[]) => { const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0)); let at = 0; for (const p of parts) { out.set(p, at); at += p.length; } return out; };
const f32le = (...xs: number[]) => { const b = new Uint8Array(4 * xs.length); const v = new DataView(b.buffer); xs.forEach((x, i) => v.setFloat32(4 * i, x, true)); return b; };
/** A file from a header (object or raw text) and a data buffer, with an honest length prefix. */
const fileOf = (header: unknown, data: Uint8Array) => {
  const json = new TextEncoder().encode(typeof header === 'string' ? header : JSON.stringify(header));
  return concat(le64(json.length), json, data);
};
const leftOf = <A>(r: Either<SafetensorsError, A>): SafetensorsError => {
  if (!isLeft(r)) throw new Error('expected a Left');
  expect(r.left._tag).toBe('SafetensorsError');
  return r.left;
};
const rightOf = <A>(r: Either<SafetensorsError, A>): A => {
  if (isLeft(r)) throw new Error(`expected a Right, got: ${r.left.message}`);
  return r.right;
};

const special = Float32Array.of(0, -0, 1.5, -2.25, Infinity, -Infinity, NaN, 1e-45, 3.4028234663852886e38, 1 / 3, -7e-39, 123456.789);
const model = {
  features: [
    { weight: tensor(special, [3, 4]), bias: tensor([0.1, 0.2, 0.3], [3]) },
    { weight: tensor([1, 2, 3, 4, 5, 6], [2, 3]), bias: tensor([-1, 1], [2]) },
  ],
  head: { scale: tensor([4.5], []), empty: zeros([0, 3]), wide: zeros([2, 0, 5]) },
  '10': tensor([7], [1]),
  '9': tensor([8], [1]),
};

describe('safetensors round trip', () => {
  it('a nested tree comes back bit-identical with shapes, metadata, scalar and zero-size tensors', () => {
    const meta = { format: 'pt', note: 'ünïcödé ✓', empty: '' };
    const bytes = encodeSafetensors(model, meta);
    const { tensors, metadata } = rightOf(decodeSafetensors(bytes));
    expect(metadata).toEqual(meta);
    expect(Object.keys(tensors).sort()).toEqual(leaves(model).map((l) => l.path).sort());
    expect(Object.keys(tensors)).toContain('features.0.weight');
    const restored = rightOf(restoreTree(model, tensors));
    for (const [a, b] of leaves(model).map((l, i) => [l, leaves(restored)[i]] as const)) {
      expect(b.path).toBe(a.path);
      expect(b.value.shape).toEqual(a.value.shape);
      expect(bits(b.value)).toEqual(bits(a.value));
    }
    expect(restored.head.scale.shape).toEqual([]);
    expect(restored.head.empty.shape).toEqual([0, 3]);
    expect(Array.isArray(restored.features)).toBe(true);
  });

  it('a flat record and no metadata', () => {
    const { tensors, metadata } = rightOf(decodeSafetensors(encodeSafetensors({ 'a.weight': tensor([1, 2], [1, 2]) })));
    expect(metadata).toEqual({});
    expect(Array.from(toArray(tensors['a.weight']))).toEqual([1, 2]);
    expect(new TextDecoder().decode(encodeSafetensors({ x: tensor([1], [1]) }))).not.toContain('__metadata__');
  });

  it('an empty record is a valid file', () => {
    const bytes = encodeSafetensors({});
    expect(rightOf(decodeSafetensors(bytes)).tensors).toEqual({});
    expect(bytes.length).toBe(16); // "{}" padded to 8
  });

  it('header is padded to 8 bytes and data is laid out contiguously in sorted name order', () => {
    fc.assert(fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }).filter((s) => s !== '__metadata__' && !s.includes('.')), fc.array(fc.float({ noNaN: true }), { maxLength: 5 }), { maxKeys: 5 }), (d) => {
      const rec = Object.fromEntries(Object.entries(d).map(([k, v]) => [k, tensor(Float32Array.from(v), [v.length])]));
      const bytes = encodeSafetensors(rec);
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect(n % 8).toBe(0);
      const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, { data_offsets: [number, number] }>;
      const names = Object.keys(rec).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      let at = 0;
      for (const k of names) { expect(header[k].data_offsets).toEqual([at, at + 4 * rec[k].size]); at += 4 * rec[k].size; }
      expect(bytes.length).toBe(8 + n + at);
      const back = rightOf(decodeSafetensors(bytes)).tensors;
      for (const k of names) expect(bits(back[k])).toEqual(bits(rec[k]));
    }), { numRuns: 60 });
  });
});

describe('byte layout (interoperates with PyTorch safetensors)', () => {
  it('a 2-element tensor, byte for byte', () => {
    const json = '{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes, padded to 56
    const expected = Uint8Array.from([
      56, 0, 0, 0, 0, 0, 0, 0, // u64 little-endian header length
      ...Array.from(json, (c) => c.charCodeAt(0)), 0x20, 0x20, // JSON + 2 spaces of padding
      0x00, 0x00, 0x80, 0x3f, // 1.0f  = 0x3f800000, little-endian
      0x00, 0x00, 0x00, 0xc0, // -2.0f = 0xc0000000, little-endian
    ]);
    expect(json.length).toBe(54);
    const bytes = encodeSafetensors({ x: tensor([1, -2], [2]) });
    expect(Array.from(bytes)).toEqual(Array.from(expected));
    expect((8 + 56) % 8).toBe(0);
    const { tensors } = rightOf(decodeSafetensors(expected));
    expect(tensors.x.shape).toEqual([2]);
    expect(Array.from(toArray(tensors.x))).toEqual([1, -2]);
  });

  it('matches what PyTorch writes: __metadata__ first, tensors in name order, space padding', () => {
    // As `safetensors.torch.save_file({"a.bias": torch.tensor([1., 2.])}, f, {"format": "pt"})` writes it.
    const json = '{"__metadata__":{"format":"pt"},"a.bias":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 90 → 96
    const torchFile = concat(le64(96), new TextEncoder().encode(json + ' '.repeat(6)), f32le(1, 2));
    expect(Array.from(encodeSafetensors({ a: { bias: tensor([1, 2], [2]) } }, { format: 'pt' }))).toEqual(Array.from(torchFile));
  });

  it('reads headers other writers make: unpadded, any key order, out-of-order and shared regions, odd alignment', () => {
    const data = f32le(10, 20, 30);
    const header = { b: { shape: [1], dtype: 'F32', data_offsets: [0, 4] }, a: { dtype: 'F32', shape: [2], data_offsets: [4, 12] }, same: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } };
    const { tensors } = rightOf(decodeSafetensors(fileOf(header, data))); // header length 131: data starts unaligned
    expect(Array.from(toArray(tensors.a))).toEqual([20, 30]);
    expect(Array.from(toArray(tensors.same))).toEqual([20, 30]);
    expect(Array.from(toArray(tensors.b))).toEqual([10]);
    // A Buffer that is a view into a larger pool (as readFileSync may return) decodes too.
    const pooled = Buffer.concat([Buffer.alloc(3), Buffer.from(encodeSafetensors({ x: tensor([5], [1]) }))]).subarray(3);
    expect(Array.from(toArray(rightOf(decodeSafetensors(pooled)).tensors.x))).toEqual([5]);
  });

  it('a tensor named "__proto__" stays a tensor, not a prototype', () => {
    const { tensors } = rightOf(decodeSafetensors(fileOf('{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32le(3))));
    expect(Object.prototype.hasOwnProperty.call(tensors, '__proto__')).toBe(true);
    expect(Array.from(toArray(tensors['__proto__']))).toEqual([3]);
  });
});

describe('tensors stored in other dtypes (PyTorch half weights, int64 counters) are read as float32', () => {
  /** One tensor `x` of `dtype` whose elements `write` puts into a buffer of `size` bytes each. */
  const one = (dtype: string, n: number, size: number, write: (v: DataView, i: number) => void) => {
    const data = new Uint8Array(n * size), v = new DataView(data.buffer);
    for (let i = 0; i < n; i++) write(v, i);
    return rightOf(decodeSafetensors(fileOf({ x: { dtype, shape: [n], data_offsets: [0, n * size] } }, data)));
  };
  const values = (f: { tensors: Record<string, Tensor> }) => Array.from(toArray(f.tensors.x));

  it('F16 (normal, subnormal, ±0, ±Inf, NaN) and BF16 exactly', () => {
    const halves = [0x3c00, 0xc000, 0x3555, 0x0001, 0x03ff, 0x8000, 0x7c00, 0xfc00, 0x7e00, 0x7bff];
    const f = one('F16', halves.length, 2, (v, i) => v.setUint16(2 * i, halves[i], true));
    expect(values(f)).toEqual([1, -2, 0.333251953125, 2 ** -24, 1023 * 2 ** -24, -0, Infinity, -Infinity, NaN, 65504]);
    expect(f.converted).toEqual({ x: 'F16' });
    // bfloat16 keeps a float32's top 16 bits: the stored values are those floats with the low half cleared
    const top = new Uint32Array(Float32Array.of(1.5, -3.140625, 1e-39, -Infinity).buffer).map((b) => b & 0xffff0000);
    const b = one('BF16', 4, 2, (v, i) => v.setUint16(2 * i, top[i] >>> 16, true));
    expect(values(b)).toEqual(Array.from(new Float32Array(top.buffer)));
    expect(values(b)[2]).not.toBe(0);
  });
  it('F64 and integers past 2^24 rounded to the nearest float32; small integers and BOOL exact', () => {
    expect(values(one('F64', 3, 8, (v, i) => v.setFloat64(8 * i, [1 / 3, -1e300, 2.5][i], true)))).toEqual([Math.fround(1 / 3), -Infinity, 2.5]);
    const big = [0n, -1n, 123456789n, 2n ** 53n + 1n, -(2n ** 62n)];
    expect(values(one('I64', big.length, 8, (v, i) => v.setBigInt64(8 * i, big[i], true)))).toEqual(big.map((b) => Math.fround(Number(b))));
    expect(values(one('U64', 1, 8, (v) => v.setBigUint64(0, 2n ** 64n - 1n, true)))).toEqual([2 ** 64]);
    expect(values(one('I32', 2, 4, (v, i) => v.setInt32(4 * i, [-2147483648, 16777217][i], true)))).toEqual([-2147483648, 16777216]);
    expect(values(one('U32', 1, 4, (v) => v.setUint32(0, 4294967295, true)))).toEqual([4294967296]);
    expect(values(one('I16', 2, 2, (v, i) => v.setInt16(2 * i, [-32768, 7][i], true)))).toEqual([-32768, 7]);
    expect(values(one('U16', 1, 2, (v) => v.setUint16(0, 65535, true)))).toEqual([65535]);
    expect(values(one('I8', 2, 1, (v, i) => v.setInt8(i, [-128, 127][i])))).toEqual([-128, 127]);
    expect(values(one('U8', 2, 1, (v, i) => v.setUint8(i, [0, 255][i])))).toEqual([0, 255]);
    expect(values(one('BOOL', 3, 1, (v, i) => v.setUint8(i, [0, 1, 7][i])))).toEqual([0, 1, 1]);
  });
  it('checks the byte span against the dtype\'s element size, and lists only converted tensors', () => {
    const e = leftOf(decodeSafetensors(fileOf({ n: { dtype: 'I64', shape: [], data_offsets: [0, 4] } }, new Uint8Array(4))));
    expect(e.reason).toBe('shape');
    expect(e.message).toBe("safetensors: tensor 'n': data_offsets [0, 4] span 4 bytes but shape [] of I64 needs 8 bytes (8 per element)");
    const mixed = rightOf(decodeSafetensors(concat(
      (() => { const h = new TextEncoder().encode(JSON.stringify({ w: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, n: { dtype: 'I64', shape: [], data_offsets: [4, 12] } })); return concat(le64(h.length), h); })(),
      f32le(0.5), (() => { const b = new Uint8Array(8); new DataView(b.buffer).setBigInt64(0, 300n, true); return b; })(),
    )));
    expect(mixed.converted).toEqual({ n: 'I64' });
    expect(mixed.tensors.n.shape).toEqual([]);
    expect(Array.from(toArray(mixed.tensors.n))).toEqual([300]);
    expect(rightOf(decodeSafetensors(encodeSafetensors({ w: tensor([1], [1]) }))).converted).toEqual({});
  });
});

describe('corrupt files give a Left naming the problem and the field', () => {
  const x = { dtype: 'F32', shape: [2], data_offsets: [0, 8] };
  const good = encodeSafetensors({ x: tensor([1, 2], [2]) });
  const bad = (bytes: Uint8Array) => leftOf(decodeSafetensors(bytes));

  it('truncated data', () => {
    const e = bad(good.subarray(0, good.length - 3));
    expect(e.reason).toBe('truncated');
    expect(e.message).toMatch(/^safetensors: data is truncated: the header describes 8 bytes of tensor data but only 5 are present/);
  });
  it('shorter than the length prefix, and a header length larger than the file', () => {
    expect(bad(good.subarray(0, 5)).message).toBe('safetensors: file is 5 bytes, shorter than the 8-byte header length at its start');
    const huge = good.slice(); huge.set(le64(2 ** 40), 0);
    expect(bad(huge).message).toMatch(/header length 1099511627776 \(first 8 bytes\) is larger than the file: only \d+ bytes follow/);
    const max = good.slice(); max.fill(0xff, 0, 8);
    expect(bad(max).reason).toBe('length');
  });
  it('header that is not JSON, not UTF-8, or not an object', () => {
    expect(bad(fileOf('{"x": {"dtype"', new Uint8Array(0))).message).toMatch(/^safetensors: header is not valid JSON \(/);
    expect(bad(concat(le64(4), Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d))).message).toMatch(/header \(bytes 8 to 12\) is not valid UTF-8/);
    expect(bad(fileOf([1, 2], new Uint8Array(0))).message).toBe('safetensors: header must be a JSON object, got [1,2]');
    expect(bad(concat(le64(0))).message).toMatch(/header is not valid JSON/);
  });
  it('dtypes nn-ts does not read (complex, 8-bit and smaller floats) and unknown dtypes', () => {
    for (const dtype of ['C64', 'F8_E4M3', 'F8_E5M2', 'F4']) {
      const e = bad(fileOf({ x: { ...x, dtype } }, new Uint8Array(8)));
      expect(e.reason).toBe('dtype');
      expect(e.message).toMatch(new RegExp(`tensor 'x' has dtype ${dtype}, which nn-ts does not read: it reads F32, F64, F16, BF16, I64`));
    }
    expect(bad(fileOf({ x: { ...x, dtype: 'Q7' } }, new Uint8Array(8))).message).toMatch(/tensor 'x' has unknown dtype "Q7": nn-ts reads F32, F64/);
    expect(bad(fileOf({ x: { ...x, dtype: 7 } }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x': dtype must be a string, got 7");
  });
  it('shape that does not match the byte length, or is not non-negative integers', () => {
    const e = bad(fileOf({ x: { ...x, shape: [3] } }, new Uint8Array(8)));
    expect(e.reason).toBe('shape');
    expect(e.message).toBe("safetensors: tensor 'x': data_offsets [0, 8] span 8 bytes but shape [3] of F32 needs 12 bytes (4 per element)");
    expect(bad(fileOf({ x: { ...x, shape: [2, -1] } }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x': shape[1] must be a non-negative integer, got -1");
    expect(bad(fileOf({ x: { ...x, shape: [1.5] } }, new Uint8Array(8))).message).toMatch(/shape\[0\] must be a non-negative integer, got 1.5/);
    expect(bad(fileOf({ x: { ...x, shape: 'big' } }, new Uint8Array(8))).message).toMatch(/tensor 'x': shape must be an array of non-negative integers, got "big"/);
    expect(bad(fileOf({ x: { ...x, shape: [2 ** 40, 2 ** 40] } }, new Uint8Array(8))).reason).toBe('shape');
  });
  it('offsets out of bounds, not a pair, or reversed', () => {
    const e = bad(fileOf({ x: { ...x, data_offsets: [8, 16] } }, new Uint8Array(8)));
    expect(e.reason).toBe('offsets');
    expect(e.message).toBe("safetensors: tensor 'x': data_offsets [8, 16] are out of bounds: the data buffer holds only 8 bytes");
    expect(bad(fileOf({ x: { ...x, data_offsets: [0] } }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x': data_offsets must be a [begin, end] pair of non-negative integers, got [0]");
    expect(bad(fileOf({ x: { ...x, data_offsets: [8, 0] } }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x': data_offsets [8, 0] must have begin <= end");
  });
  it('missing fields, bad entries and bad metadata', () => {
    expect(bad(fileOf({ x: { shape: [2], data_offsets: [0, 8] } }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x': dtype is missing (must be a string)");
    expect(bad(fileOf({ x: 3 }, new Uint8Array(8))).message).toBe("safetensors: tensor 'x' must be an object with dtype, shape and data_offsets, got 3");
    expect(bad(fileOf({ __metadata__: { k: 1 }, x }, new Uint8Array(8))).message).toBe("safetensors: __metadata__: value of 'k' must be a string, got 1");
    expect(bad(fileOf({ x: { dtype: 'F32' }, y: 1 }, new Uint8Array(8))).message).toMatch(/\(and 2 more problems in the header\)$/);
  });
});

describe('fuzz: any bytes give Left or Right, never a throw', () => {
  const valid = encodeSafetensors({ a: { w: tensor([1, 2, 3, 4, 5, 6], [2, 3]), b: tensor([7], []) }, e: zeros([0]) }, { k: 'v' });
  const decodes = (bytes: Uint8Array) => {
    const r = decodeSafetensors(bytes);
    expect(isLeft(r) || isRight(r)).toBe(true);
    if (isLeft(r)) expect(r.left.message.length).toBeGreaterThan(12);
    else for (const t of Object.values(r.right.tensors)) expect(toArray(t).length).toBe(t.size);
  };

  it('random byte mutations and truncations of a valid file', () => {
    // Mostly past the length prefix, often JSON punctuation and digits, so the header codec and the
    // layout checks are exercised, not just the length check.
    const index = fc.oneof({ arbitrary: fc.nat(7), weight: 1 }, { arbitrary: fc.integer({ min: 8, max: valid.length - 1 }), weight: 9 });
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...Array.from('0123456789[]{}",:- ', (c) => c.charCodeAt(0))));
    fc.assert(fc.property(
      fc.array(fc.tuple(index, byte), { maxLength: 4 }),
      fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.nat(valid.length), weight: 1 }),
      (mutations, cut) => {
        const bytes = valid.slice(0, cut);
        for (const [i, b] of mutations) if (i < bytes.length) bytes[i] = b;
        decodes(bytes);
      }), { numRuns: 1500 });
  });

  it('random header JSON with a matching length prefix', () => {
    const dim = fc.oneof(fc.nat(4), fc.integer({ min: -3, max: 3 }), fc.constant(2 ** 53), fc.double(), fc.constant(1e308), fc.string());
    const entry = fc.record({
      dtype: fc.oneof(fc.constant('F32'), fc.constantFrom('F16', 'BF16', 'I64'), fc.string(), fc.integer()),
      shape: fc.oneof(fc.array(dim, { maxLength: 3 }), fc.anything()),
      data_offsets: fc.oneof(fc.tuple(fc.nat(40), fc.nat(40)), fc.array(dim, { maxLength: 3 }), fc.anything()),
    }, { requiredKeys: [] });
    const header = fc.oneof(fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('__metadata__', '__proto__', 'constructor')), fc.oneof(entry, fc.anything()), { maxKeys: 4 }), fc.jsonValue());
    fc.assert(fc.property(header, fc.uint8Array({ maxLength: 40 }), (h, data) => decodes(fileOf(h, data))), { numRuns: 1000 });
  });

  it('completely random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), decodes), { numRuns: 300 });
  });
});

describe('files', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-ts-io-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const leftovers = () => fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'));
  const small = { w: tensor([1, 2, 3], [3]) };
  const other = { w: tensor([9, 9, 9, 9], [4]) };

  it('sync and async save/load round trip', async () => {
    const p = path.join(dir, 'model.safetensors');
    expect(isRight(saveSafetensorsSync(p, model, { epoch: '3' }))).toBe(true);
    const sync = rightOf(loadSafetensorsSync(p));
    expect(sync.metadata).toEqual({ epoch: '3' });
    expect(bits(sync.tensors['features.0.weight'])).toEqual(bits(model.features[0].weight));
    const q = path.join(dir, 'model2.safetensors');
    expect(isRight(await saveSafetensors(q, model)())).toBe(true);
    expect(Array.from(fs.readFileSync(q))).toEqual(Array.from(encodeSafetensors(model)));
    const loaded = rightOf(await loadSafetensors(q)());
    expect(Object.keys(loaded.tensors).length).toBe(leaves(model).length);
    expect(leftovers()).toEqual([]);
  });

  it('a missing file is a Left with the path; a corrupt file names the path and the problem', async () => {
    const p = path.join(dir, 'nope.safetensors');
    expect(leftOf(loadSafetensorsSync(p)).message).toBe(`safetensors: cannot read '${p}': no such file`);
    expect(leftOf(await loadSafetensors(p)()).message).toContain(p);
    const c = path.join(dir, 'corrupt.safetensors');
    const bytes = encodeSafetensors(small);
    fs.writeFileSync(c, bytes.subarray(0, bytes.length - 1));
    expect(leftOf(loadSafetensorsSync(c)).message).toMatch(new RegExp(`^safetensors file '${c.replace(/[.\\]/g, '\\$&')}': data is truncated`));
  });

  it('a write that fails midway leaves the original file intact and returns Left (sync)', () => {
    const p = path.join(dir, 'atomic.safetensors');
    expect(isRight(saveSafetensorsSync(p, small))).toBe(true);
    const before = fs.readFileSync(p);
    let calls = 0;
    const e = leftOf(saveSafetensorsSync(p, other, undefined, {
      fs: {
        writeSync: (fd, buf, off, len) => {
          if (calls++ > 0) throw new Error('ENOSPC: no space left on device');
          return fs.writeSync(fd, buf, off, Math.min(len, 10)); // a partial write first, then the disk fills
        },
      },
    }));
    expect(e.reason).toBe('io');
    expect(e.message).toBe(`safetensors: cannot save '${p}': writing the temporary file failed (ENOSPC: no space left on device); any previous file at that path is unchanged`);
    expect(fs.readFileSync(p)).toEqual(before);
    expect(Array.from(toArray(rightOf(loadSafetensorsSync(p)).tensors.w))).toEqual([1, 2, 3]);
    expect(leftovers()).toEqual([]);
  });

  it('a failing fsync or rename leaves the original file intact (sync)', () => {
    const p = path.join(dir, 'atomic2.safetensors');
    saveSafetensorsSync(p, small);
    const before = fs.readFileSync(p);
    expect(leftOf(saveSafetensorsSync(p, other, undefined, { fs: { renameSync: () => { throw new Error('EXDEV'); } } })).message).toMatch(/renaming the temporary file over the target failed \(EXDEV\)/);
    expect(leftOf(saveSafetensorsSync(p, other, undefined, { fs: { fsyncSync: () => { throw new Error('EIO'); } } })).message).toMatch(/flushing the temporary file to disk failed \(EIO\)/);
    expect(fs.readFileSync(p)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('a write that fails midway leaves the original file intact and returns Left (async)', async () => {
    const p = path.join(dir, 'atomic3.safetensors');
    expect(isRight(await saveSafetensors(p, small)())).toBe(true);
    const before = fs.readFileSync(p);
    const e = leftOf(await saveSafetensors(p, other, undefined, { fs: { write: async () => { throw new Error('EIO: i/o error'); } } })());
    expect(e.message).toMatch(/writing the temporary file failed \(EIO: i\/o error\)/);
    const sync = leftOf(await saveSafetensors(p, other, undefined, { fs: { close: () => { throw new Error('sync throw'); } } })());
    expect(sync.message).toMatch(/closing the temporary file failed \(sync throw\)/);
    expect(fs.readFileSync(p)).toEqual(before);
    expect(leftovers()).toEqual([]);
  });

  it('a directory that cannot be written is a Left', async () => {
    const p = path.join(dir, 'no', 'such', 'dir', 'm.safetensors');
    expect(leftOf(saveSafetensorsSync(p, small)).message).toMatch(/cannot save '.*m\.safetensors': creating the temporary file failed \(ENOENT/);
    expect(leftOf(await saveSafetensors(p, small)()).reason).toBe('io');
  });

  it('names the format cannot hold: encode throws OptionError, save returns Left', () => {
    const clash = { 'a.b': tensor([1], [1]), a: { b: tensor([2], [1]) } };
    expect(() => encodeSafetensors(clash)).toThrow(OptionError);
    expect(() => encodeSafetensors({ __metadata__: tensor([1], [1]) })).toThrow(/reserved/);
    const e = leftOf(saveSafetensorsSync(path.join(dir, 'clash.safetensors'), clash));
    expect(e.reason).toBe('encode');
    expect(e.message).toMatch(/two tensors are both named 'a\.b'/);
    expect(fs.existsSync(path.join(dir, 'clash.safetensors'))).toBe(false);
  });
});

describe('restoreTree', () => {
  const template = { layer: [{ w: zeros([2, 3]), b: zeros([2]) }], out: zeros([]) };
  const flat = () => ({ 'layer.0.w': tensor([1, 2, 3, 4, 5, 6], [2, 3]), 'layer.0.b': tensor([7, 8], [2]), out: tensor([9], []) });

  it('rebuilds the template structure', () => {
    const t = rightOf(restoreTree(template, flat()));
    expect(Array.from(toArray(t.layer[0].w))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(toArray(t.out))).toEqual([9]);
    const whole: Tree = tensor([1], [1]);
    expect(rightOf(restoreTree(whole, { '': tensor([2], [1]) }))).toBeDefined();
  });
  it('a missing path', () => {
    const { 'layer.0.b': _, ...rest } = flat();
    const e = leftOf(restoreTree(template, rest));
    expect(e.reason).toBe('tree');
    expect(e.message).toBe("restoreTree: missing from the checkpoint: 'layer.0.b' (shape [2])");
  });
  it('a wrong shape names the path and both shapes', () => {
    expect(leftOf(restoreTree(template, { ...flat(), 'layer.0.w': zeros([3, 2]) })).message)
      .toBe("restoreTree: wrong shape: 'layer.0.w' has shape [3, 2] in the checkpoint but the template needs [2, 3]");
  });
  it('extra names are reported, unless allowed', () => {
    const more = { ...flat(), 'head.w': zeros([1]), 'head.b': zeros([1]) };
    expect(leftOf(restoreTree(template, more)).message).toBe("restoreTree: unexpected names not in the template: 'head.b'; 'head.w'");
    expect(isRight(restoreTree(template, more, { allowExtra: true }))).toBe(true);
  });
});
