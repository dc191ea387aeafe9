import * as E from 'fp-ts/lib/Either.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav, readWav, type Wav, type WavProblem } from '../../src/signal/index.js';

const stereo16: Wav = { sampleRate: 22050, bitsPerSample: 16, channels: [Float32Array.of(0, 0.5, -1, 0.25, -0.125), Float32Array.of(0.75, -0.5, 0.999969482421875, 0, -0.0625)] };
const mono8: Wav = { sampleRate: 8000, bitsPerSample: 8, channels: [Float32Array.of(0, 0.5, -1, 0.25, -0.125, 0.9921875, -0.0078125)] };

const right = (r: E.Either<WavProblem, Wav>): Wav => {
  if (E.isLeft(r)) throw new Error(`expected a Right, got ${r.left.message}`);
  return r.right;
};
const problemOf = (bytes: Uint8Array): WavProblem => {
  const r = parseWav(bytes);
  if (E.isRight(r)) throw new Error('expected a Left');
  return r.left;
};

/** A RIFF file of the given chunks (id, payload), with a correct RIFF size. */
const riff = (form: string, ...chunks: [string, Uint8Array][]): Uint8Array => {
  const size = 4 + chunks.reduce((a, [, p]) => a + 8 + p.length + (p.length % 2), 0);
  const out = new Uint8Array(8 + size), v = new DataView(out.buffer);
  const put = (at: number, s: string) => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  put(0, 'RIFF'); v.setUint32(4, size, true); put(8, form);
  let at = 12;
  for (const [id, p] of chunks) { put(at, id); v.setUint32(at + 4, p.length, true); out.set(p, at + 8); at += 8 + p.length + (p.length % 2); }
  return out;
};
const fmt = (tag: number, channels: number, rate: number, bits: number, blockAlign = channels * (bits / 8)): Uint8Array => {
  const b = new Uint8Array(16), v = new DataView(b.buffer);
  v.setUint16(0, tag, true); v.setUint16(2, channels, true); v.setUint32(4, rate, true); v.setUint32(8, rate * blockAlign, true); v.setUint16(12, blockAlign, true); v.setUint16(14, bits, true);
  return b;
};

describe('parseWav', () => {
  it('round trip: encodeWav then parseWav gives the samples back exactly (16-bit stereo, 8-bit mono)', () => {
    for (const w of [stereo16, mono8]) {
      const back = right(parseWav(encodeWav(w)));
      expect(back.sampleRate).toBe(w.sampleRate);
      expect(back.bitsPerSample).toBe(w.bitsPerSample);
      expect(back.channels.map((c) => Array.from(c))).toEqual(w.channels.map((c) => Array.from(c)));
    }
    expect(encodeWav(stereo16).length).toBe(44 + 5 * 4);
  });

  it('reads 8-bit as unsigned with offset 128 and 16-bit as signed little-endian, de-interleaving channels', () => {
    const data16 = Uint8Array.of(0x00, 0x80, 0xff, 0x7f, 0x01, 0x00, 0xff, 0xff); // -32768, 32767 | 1, -1
    const w = right(parseWav(riff('WAVE', ['fmt ', fmt(1, 2, 16000, 16)], ['data', data16])));
    expect(Array.from(w.channels[0])).toEqual([-1, 1 / 32768]);
    expect(Array.from(w.channels[1])).toEqual([32767 / 32768, -1 / 32768]);
    const w8 = right(parseWav(riff('WAVE', ['fmt ', fmt(1, 1, 8000, 8)], ['data', Uint8Array.of(0, 128, 255)])));
    expect(Array.from(w8.channels[0])).toEqual([-1, 0, 127 / 128]);
  });

  it('skips other chunks (LIST, odd-sized with its pad byte) and accepts fmt after them', () => {
    const w = right(parseWav(riff('WAVE', ['LIST', Uint8Array.of(1, 2, 3)], ['fmt ', fmt(1, 1, 8000, 8)], ['junk', new Uint8Array(0)], ['data', Uint8Array.of(128, 192)])));
    expect(Array.from(w.channels[0])).toEqual([0, 0.5]);
  });

  it('says what is wrong with each malformed input', () => {
    const good = encodeWav(mono8);
    const cases: [string, Uint8Array, WavProblem['_tag'], RegExp][] = [
      ['empty', new Uint8Array(0), 'NotRiff', /fewer than the 12-byte RIFF header/],
      ['not RIFF', Uint8Array.from([...new TextEncoder().encode('RIFX'), ...good.subarray(4)]), 'NotRiff', /not a RIFF file: it starts with "RIFX"/],
      ['not WAVE', riff('AVI ', ['fmt ', fmt(1, 1, 8000, 8)]), 'NotWave', /form "AVI ", not "WAVE"/],
      ['RIFF size past the end', good.subarray(0, good.length - 3), 'Truncated', /RIFF header declares 51 bytes but there are 48/],
      ['chunk past the end', (() => { const b = riff('WAVE', ['fmt ', fmt(1, 1, 8000, 8)], ['data', Uint8Array.of(1, 2)]); new DataView(b.buffer).setUint32(40, 99, true); return b; })(), 'Truncated', /truncated chunk "data" at byte 36: it declares 99 bytes but only 2 follow/],
      ['no fmt', riff('WAVE', ['data', Uint8Array.of(1, 2)]), 'MissingChunk', /no "fmt " chunk/],
      ['no data', riff('WAVE', ['fmt ', fmt(1, 1, 8000, 8)]), 'MissingChunk', /no "data" chunk/],
      ['float format', riff('WAVE', ['fmt ', fmt(3, 1, 8000, 32)], ['data', new Uint8Array(8)]), 'UnsupportedFormat', /unsupported format code 3 \(0x3\)/],
      ['24-bit', riff('WAVE', ['fmt ', fmt(1, 1, 8000, 24)], ['data', new Uint8Array(6)]), 'UnsupportedFormat', /unsupported bits per sample 24/],
      ['short fmt', riff('WAVE', ['fmt ', new Uint8Array(14)], ['data', new Uint8Array(2)]), 'BadFormat', /fmt chunk has 14 bytes/],
      ['0 channels', riff('WAVE', ['fmt ', fmt(1, 0, 8000, 16, 2)], ['data', new Uint8Array(2)]), 'BadFormat', /declares 0 channels/],
      ['bad block align', riff('WAVE', ['fmt ', fmt(1, 2, 8000, 16, 2)], ['data', new Uint8Array(4)]), 'BadFormat', /block align is 2 but 2 channel\(s\) of 16 bits need 4/],
      ['partial frame', riff('WAVE', ['fmt ', fmt(1, 2, 8000, 16)], ['data', new Uint8Array(6)]), 'BadFormat', /6 bytes, not a whole number of 4-byte sample frames/],
    ];
    for (const [name, bytes, tag, message] of cases) {
      const p = problemOf(bytes);
      expect(p._tag, name).toBe(tag);
      expect(p.message, name).toMatch(message);
    }
  });
});

describe('readWav', () => {
  it('reads a file, and names the file when it is missing or malformed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-ts-wav-'));
    try {
      const ok = join(dir, 'ok.wav'), bad = join(dir, 'bad.wav');
      writeFileSync(ok, encodeWav(stereo16));
      writeFileSync(bad, Uint8Array.of(1, 2, 3));
      const r = readWav(ok);
      expect(E.isRight(r) && Array.from(r.right.channels[1])).toEqual(Array.from(stereo16.channels[1]));
      const missing = readWav(join(dir, 'none.wav')), malformed = readWav(bad);
      expect(E.isLeft(missing) && missing.left._tag).toBe('FileMissing');
      expect(E.isLeft(malformed) && malformed.left).toEqual({ _tag: 'BadData', source: bad, detail: 'not a RIFF file: 3 bytes, fewer than the 12-byte RIFF header' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
