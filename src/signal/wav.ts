// RIFF/WAVE PCM: a pure parser (bytes → channels, or what is wrong) and an encoder, with no file
// system access, so a browser build can use them. Reads format tag 1 (PCM) at 8 bits (unsigned,
// offset 128) and 16 bits (signed little-endian), any channel count; chunks other than `fmt ` and
// `data` (LIST, fact, ...) are skipped; a chunk of odd size is followed by one pad byte (RIFF rule).
import * as E from 'fp-ts/lib/Either.js';

/** Decoded audio: one Float32Array per channel, samples scaled to [−1, 1). */
export interface Wav {
  readonly sampleRate: number;
  readonly bitsPerSample: 8 | 16;
  /** `channels[c][i]` is sample i of channel c (de-interleaved). */
  readonly channels: readonly Float32Array[];
}

/** What can be wrong with WAV bytes; `message` is the sentence to show, naming the part at fault. */
export interface WavProblem {
  readonly _tag: 'NotRiff' | 'NotWave' | 'Truncated' | 'MissingChunk' | 'UnsupportedFormat' | 'BadFormat';
  readonly message: string;
}

const problem = (tag: WavProblem['_tag'], message: string): E.Either<WavProblem, never> => E.left({ _tag: tag, message });

const fourCC = (b: Uint8Array, at: number): string => String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3]);
/** A four-character code as text, non-printable bytes as \xNN (so a message shows what is there). */
const showCC = (b: Uint8Array, at: number): string =>
  JSON.stringify(Array.from(b.subarray(at, at + 4), (c) => (c >= 32 && c < 127 ? String.fromCharCode(c) : `\\x${c.toString(16).padStart(2, '0')}`)).join(''));

interface Chunk { readonly id: string; readonly start: number; readonly size: number }
interface Format { readonly formatTag: number; readonly channels: number; readonly sampleRate: number; readonly blockAlign: number; readonly bitsPerSample: number }

/** The chunks after `WAVE`, each checked to lie inside the bytes. */
function chunks(b: Uint8Array, view: DataView, end: number): E.Either<WavProblem, Chunk[]> {
  const out: Chunk[] = [];
  for (let at = 12; at < end;) {
    if (at + 8 > end) return problem('Truncated', `truncated chunk header at byte ${at}: ${end - at} bytes left, a chunk header needs 8`);
    const id = fourCC(b, at), size = view.getUint32(at + 4, true);
    if (at + 8 + size > end) return problem('Truncated', `truncated chunk ${showCC(b, at)} at byte ${at}: it declares ${size} bytes but only ${end - at - 8} follow`);
    out.push({ id, start: at + 8, size });
    at += 8 + size + (size % 2);
  }
  return E.right(out);
}

function format(view: DataView, c: Chunk): E.Either<WavProblem, Format> {
  if (c.size < 16) return problem('BadFormat', `the fmt chunk has ${c.size} bytes, fewer than the 16 PCM needs`);
  const f: Format = {
    formatTag: view.getUint16(c.start, true), channels: view.getUint16(c.start + 2, true), sampleRate: view.getUint32(c.start + 4, true),
    blockAlign: view.getUint16(c.start + 12, true), bitsPerSample: view.getUint16(c.start + 14, true),
  };
  if (f.formatTag !== 1) return problem('UnsupportedFormat', `unsupported format code ${f.formatTag} (0x${f.formatTag.toString(16)}): only 1, integer PCM, is read`);
  if (f.bitsPerSample !== 8 && f.bitsPerSample !== 16) return problem('UnsupportedFormat', `unsupported bits per sample ${f.bitsPerSample}: only 8 and 16 are read`);
  if (f.channels === 0) return problem('BadFormat', 'the fmt chunk declares 0 channels');
  if (f.sampleRate === 0) return problem('BadFormat', 'the fmt chunk declares a sample rate of 0');
  if (f.blockAlign !== f.channels * (f.bitsPerSample / 8))
    return problem('BadFormat', `block align is ${f.blockAlign} but ${f.channels} channel(s) of ${f.bitsPerSample} bits need ${f.channels * (f.bitsPerSample / 8)}`);
  return E.right(f);
}

function samples(b: Uint8Array, view: DataView, f: Format, d: Chunk): E.Either<WavProblem, Wav> {
  if (d.size % f.blockAlign !== 0) return problem('BadFormat', `the data chunk has ${d.size} bytes, not a whole number of ${f.blockAlign}-byte sample frames`);
  const n = d.size / f.blockAlign;
  const channels = Array.from({ length: f.channels }, () => new Float32Array(n));
  for (let i = 0; i < n; i++)
    for (let c = 0; c < f.channels; c++) {
      const at = d.start + i * f.blockAlign;
      channels[c][i] = f.bitsPerSample === 8 ? (b[at + c] - 128) / 128 : view.getInt16(at + 2 * c, true) / 32768;
    }
  return E.right({ sampleRate: f.sampleRate, bitsPerSample: f.bitsPerSample === 8 ? 8 : 16, channels });
}

/**
 * The audio of a RIFF/WAVE PCM file's bytes, or a WavProblem saying what is wrong: not RIFF, not
 * WAVE, a truncated chunk, no `fmt ` or `data` chunk, an unsupported format code or sample width,
 * an inconsistent format. A RIFF size larger than the bytes is read as a truncated file.
 */
export function parseWav(bytes: Uint8Array): E.Either<WavProblem, Wav> {
  if (bytes.length < 12) return problem('NotRiff', `not a RIFF file: ${bytes.length} bytes, fewer than the 12-byte RIFF header`);
  if (fourCC(bytes, 0) !== 'RIFF') return problem('NotRiff', `not a RIFF file: it starts with ${showCC(bytes, 0)}, not "RIFF"`);
  if (fourCC(bytes, 8) !== 'WAVE') return problem('NotWave', `a RIFF file of form ${showCC(bytes, 8)}, not "WAVE"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const riffEnd = 8 + view.getUint32(4, true);
  if (riffEnd > bytes.length) return problem('Truncated', `truncated file: the RIFF header declares ${riffEnd} bytes but there are ${bytes.length}`);
  return readChunks(bytes, view, riffEnd);
}

function readChunks(bytes: Uint8Array, view: DataView, end: number): E.Either<WavProblem, Wav> {
  const cs = chunks(bytes, view, end);
  if (E.isLeft(cs)) return cs;
  const fmt = cs.right.find((c) => c.id === 'fmt '), data = cs.right.find((c) => c.id === 'data');
  if (fmt === undefined) return problem('MissingChunk', 'no "fmt " chunk');
  if (data === undefined) return problem('MissingChunk', 'no "data" chunk');
  const f = format(view, fmt);
  return E.isLeft(f) ? f : samples(bytes, view, f.right, data);
}

/** The canonical 44-byte-header PCM file of `wav` (channels of equal length; samples clipped to [−1, 1)). */
export function encodeWav(wav: Wav): Uint8Array {
  const { sampleRate, bitsPerSample, channels } = wav;
  const n = channels[0]?.length ?? 0, bytesPer = bitsPerSample / 8, blockAlign = channels.length * bytesPer;
  if (channels.length === 0 || channels.some((c) => c.length !== n)) throw new RangeError('encodeWav: needs at least one channel, all of the same length');
  const out = new Uint8Array(44 + n * blockAlign), view = new DataView(out.buffer);
  const put = (at: number, s: string) => { for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i); };
  put(0, 'RIFF'); view.setUint32(4, 36 + n * blockAlign, true); put(8, 'WAVE');
  put(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true); view.setUint32(28, sampleRate * blockAlign, true); view.setUint16(32, blockAlign, true); view.setUint16(34, bitsPerSample, true);
  put(36, 'data'); view.setUint32(40, n * blockAlign, true);
  for (let i = 0; i < n; i++)
    channels.forEach((ch, c) => {
      const at = 44 + i * blockAlign + c * bytesPer;
      if (bitsPerSample === 8) out[at] = Math.max(0, Math.min(255, Math.round(ch[i] * 128) + 128));
      else view.setInt16(at, Math.max(-32768, Math.min(32767, Math.round(ch[i] * 32768))), true);
    });
  return out;
}
