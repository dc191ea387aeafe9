// Philox-4x32-10 counter-based bit generator (Salmon, Moraes, Dror, Shaw, SC'11).
// Only 32-bit integer operations (Math.imul, >>>, ^, &) so every JS engine produces
// the same words; no Math.random and no floating point rounding is involved.

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two uint32 values, built from 16-bit halves so each partial product fits in 32 bits. */
export function mulhi32(a: number, b: number): number {
  const a0 = a & 0xffff, a1 = a >>> 16;
  const b0 = b & 0xffff, b1 = b >>> 16;
  // Each 16x16 product is < 2^32, so Math.imul(..) >>> 0 is exact.
  const p00 = Math.imul(a0, b0) >>> 0;
  const p01 = Math.imul(a0, b1) >>> 0;
  const p10 = Math.imul(a1, b0) >>> 0;
  const p11 = Math.imul(a1, b1) >>> 0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff); // < 3 * 2^16: carry into the high word
  return (p11 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16)) >>> 0;
}

/** Runs the 10 rounds on one block and writes the 4 output words to out[off..off+3]. */
function block(
  c0: number, c1: number, c2: number, c3: number,
  k0: number, k1: number,
  out: Uint32Array | number[], off: number,
): void {
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      // Key schedule: Weyl sequence bump between rounds (9 bumps for 10 rounds).
      k0 = (k0 + W0) >>> 0;
      k1 = (k1 + W1) >>> 0;
    }
    const hi0 = mulhi32(M0, c0), lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi32(M1, c2), lo1 = Math.imul(M1, c2) >>> 0;
    c0 = (hi1 ^ c1 ^ k0) >>> 0;
    c1 = lo1;
    c2 = (hi0 ^ c3 ^ k1) >>> 0;
    c3 = lo0;
  }
  out[off] = c0; out[off + 1] = c1; out[off + 2] = c2; out[off + 3] = c3;
}

function checkWords(what: string, words: readonly number[], n: number): void {
  if (!Array.isArray(words) || words.length !== n) {
    throw new RangeError(`philox: ${what} must be an array of ${n} uint32 words`);
  }
  for (let i = 0; i < n; i++) {
    const w = words[i];
    if (!Number.isInteger(w) || w < 0 || w > 0xffffffff) {
      throw new RangeError(`philox: ${what}[${i}] must be an integer in [0, 2^32), got ${String(w)}`);
    }
  }
}

/** One Philox-4x32-10 block: 128-bit counter and 64-bit key in, four uint32 words out. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
): [number, number, number, number] {
  checkWords('counter', counter, 4);
  checkWords('key', key, 2);
  const out: [number, number, number, number] = [0, 0, 0, 0];
  block(counter[0], counter[1], counter[2], counter[3], key[0], key[1], out, 0);
  return out;
}

/**
 * `count` uint32 words from key `key`: block i uses counter [i mod 2^32, floor(i / 2^32), 0, 0]
 * and contributes 4 words, so a shorter request is always a prefix of a longer one.
 */
// `key` is any two uint32 words, not the branded Key: the generator sits below key.ts, which
// derives its keys through philox4x32 (a Key is such a pair, so callers pass keys unchanged).
export function randomBits(key: readonly [number, number], count: number): Uint32Array {
  checkWords('key', key, 2);
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`randomBits: count must be a non-negative integer, got ${String(count)}`);
  }
  const out = new Uint32Array(count);
  const full = Math.floor(count / 4);
  const k0 = key[0], k1 = key[1];
  for (let i = 0; i < full; i++) block(i >>> 0, Math.floor(i / 0x100000000), 0, 0, k0, k1, out, i * 4);
  const rest = count - full * 4;
  if (rest > 0) {
    // Last partial block: compute all 4 words and keep the ones asked for.
    const tmp = new Uint32Array(4);
    block(full >>> 0, Math.floor(full / 0x100000000), 0, 0, k0, k1, tmp, 0);
    out.set(tmp.subarray(0, rest), full * 4);
  }
  return out;
}
