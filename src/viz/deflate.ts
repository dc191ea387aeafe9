// A zlib stream (RFC 1950) of one fixed-Huffman deflate block (RFC 1951) with LZ77 matches, in
// plain TypeScript so PNGs encode the same way in Node and in a browser. Pictures of plots and
// filters are long runs of a few colours, which matches of up to 258 bytes compress well.

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];

const WINDOW = 32768;
const MIN_MATCH = 3;
const MAX_MATCH = 258;
/** Candidates tried per position: enough for runs and repeated rows, bounded so encoding stays linear. */
const MAX_CHAIN = 48;
const HASH_BITS = 15;

/** The code of a symbol (lit/len 0–287, or a distance 0–29 when `dist`) bit-reversed, and its length. */
const fixedCode = (sym: number, dist: boolean): [number, number] => {
  let code: number, len: number;
  if (dist) { code = sym; len = 5; }
  else if (sym < 144) { code = 0x30 + sym; len = 8; }
  else if (sym < 256) { code = 0x190 + sym - 144; len = 9; }
  else if (sym < 280) { code = sym - 256; len = 7; }
  else { code = 0xc0 + sym - 280; len = 8; }
  let rev = 0;
  for (let i = 0; i < len; i++) rev |= ((code >>> i) & 1) << (len - 1 - i);
  return [rev, len];
};

const LIT_CODES = Array.from({ length: 288 }, (_, s) => fixedCode(s, false));
const DIST_CODES = Array.from({ length: 30 }, (_, s) => fixedCode(s, true));

/** Index of the largest base ≤ v. */
const bucket = (bases: readonly number[], v: number): number => {
  let i = bases.length - 1;
  while (bases[i] > v) i--;
  return i;
};
const LENGTH_SYMBOL = Uint8Array.from({ length: MAX_MATCH + 1 }, (_, l) => (l < MIN_MATCH ? 0 : bucket(LENGTH_BASE, l)));

class BitWriter {
  private buf: Uint8Array;
  private pos = 0;
  private bits = 0;
  private count = 0;
  constructor(capacity: number) { this.buf = new Uint8Array(Math.max(64, capacity)); }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  /** `len` bits of `value`, least significant first (codes arrive already bit-reversed). */
  write(value: number, len: number): void {
    this.bits |= value << this.count;
    this.count += len;
    if (this.count >= 8) {
      this.ensure(4);
      while (this.count >= 8) { this.buf[this.pos++] = this.bits & 0xff; this.bits >>>= 8; this.count -= 8; }
    }
  }

  bytes(values: readonly number[]): void {
    this.flush();
    this.ensure(values.length);
    for (const v of values) this.buf[this.pos++] = v;
  }

  flush(): void {
    if (this.count > 0) { this.ensure(1); this.buf[this.pos++] = this.bits & 0xff; }
    this.bits = 0;
    this.count = 0;
  }

  result(): Uint8Array { this.flush(); return this.buf.slice(0, this.pos); }
}

const adler32 = (data: Uint8Array): number => {
  let a = 1, b = 0;
  for (let i = 0; i < data.length;) {
    const end = Math.min(data.length, i + 5552); // the most bytes before the sums can overflow 2^32
    for (; i < end; i++) { a += data[i]; b += a; }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
};

/** `data` as a zlib stream (what node:zlib's inflateSync and a PNG decoder read). */
export const zlibDeflate = (data: Uint8Array): Uint8Array => {
  const out = new BitWriter(data.length / 4 + 16);
  out.bytes([0x78, 0x01]); // deflate, 32K window; (0x78·256 + 0x01) % 31 = 0
  out.write(1, 1); // BFINAL: the only block
  out.write(1, 2); // BTYPE 01: fixed Huffman codes
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(WINDOW);
  const hash = (i: number) => (((data[i] << 10) ^ (data[i + 1] << 5) ^ data[i + 2]) & ((1 << HASH_BITS) - 1));
  const insert = (i: number) => {
    if (i + MIN_MATCH > data.length) return;
    const h = hash(i);
    prev[i & (WINDOW - 1)] = head[h];
    head[h] = i;
  };
  const literal = (v: number) => { const [c, l] = LIT_CODES[v]; out.write(c, l); };
  let i = 0;
  while (i < data.length) {
    let bestLen = 0, bestDist = 0;
    if (i + MIN_MATCH <= data.length) {
      const limit = Math.min(MAX_MATCH, data.length - i);
      let cand = head[hash(i)];
      for (let chain = 0; cand >= 0 && i - cand <= WINDOW && chain < MAX_CHAIN; chain++) {
        if (data[cand + bestLen] === data[i + bestLen]) {
          let n = 0;
          while (n < limit && data[cand + n] === data[i + n]) n++;
          if (n > bestLen) { bestLen = n; bestDist = i - cand; if (n === limit) break; }
        }
        const next = prev[cand & (WINDOW - 1)];
        if (next >= cand) break; // the slot was reused by a newer position: the chain ends here
        cand = next;
      }
    }
    if (bestLen >= MIN_MATCH) {
      const ls = LENGTH_SYMBOL[bestLen];
      const [lc, ll] = LIT_CODES[257 + ls];
      out.write(lc, ll);
      if (LENGTH_EXTRA[ls] > 0) out.write(bestLen - LENGTH_BASE[ls], LENGTH_EXTRA[ls]);
      const ds = bucket(DIST_BASE, bestDist);
      const [dc, dl] = DIST_CODES[ds];
      out.write(dc, dl);
      if (DIST_EXTRA[ds] > 0) out.write(bestDist - DIST_BASE[ds], DIST_EXTRA[ds]);
      for (let k = 0; k < bestLen; k++) insert(i + k);
      i += bestLen;
    } else {
      literal(data[i]);
      insert(i);
      i++;
    }
  }
  literal(256); // end of block
  const a = adler32(data);
  out.bytes([a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff]);
  return out.result();
};
