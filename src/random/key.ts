// JAX-style PRNG keys: an immutable pair of uint32 words. New keys are derived only
// through philox output, so a key's streams never depend on call order or global state.
import { philox4x32 } from './philox.js';
import { ArgumentError, LimitError, OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/** Two uint32 words; the brand keeps arbitrary number pairs from passing as keys by accident. */
export type Key = readonly [number, number] & { readonly __brand: 'Key' };

// Counter word 3 tags what a philox block is used for, so the words of split and
// foldIn never coincide with the sampling stream (which keeps word 3 at 0).
const SPLIT_DOMAIN = 1;
const FOLD_DOMAIN = 2;

const TWO_32 = 0x100000000;

function makeKey(k0: number, k1: number): Key {
  return Object.freeze([k0 >>> 0, k1 >>> 0]) as unknown as Key;
}

function isUint32(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}

/** True for a 2-element array of uint32 words (keys from key/split/foldIn, or a raw pair of that form). */
export function isKey(u: unknown): u is Key {
  if (!Array.isArray(u)) return false;
  const a: readonly unknown[] = u;
  return a.length === 2 && isUint32(a[0]) && isUint32(a[1]);
}

/** Throws an ArgumentError naming `fn` unless `k` is a Key. */
export function checkKey(fn: string, k: unknown): asserts k is Key {
  if (!isKey(k)) throw new ArgumentError(fn, 'key', `must be a Key (two uint32 words, from key(seed) or split), got ${describe(k)}`);
}

/** Low and high 32-bit words of a safe integer in 64-bit two's complement (negatives included). */
function words64(fn: string, what: string, x: number): [number, number] {
  if (!Number.isSafeInteger(x)) {
    throw new OptionError(fn, `${what} must be a safe integer (|x| <= 2^53 - 1), got ${describe(x)}`);
  }
  // Division by 2^32 and floor are exact for safe integers; >>> 0 wraps -1 to 0xffffffff.
  return [x >>> 0, Math.floor(x / TWO_32) >>> 0];
}

/** murmur3's 32-bit finaliser: a cheap avalanche used as the Feistel round function. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const FEISTEL_ROUNDS = [0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344] as const;

/**
 * Key from an integer seed. Both 32-bit halves of the seed are mixed by a 4-round Feistel
 * network, which is a bijection on 64 bits: distinct seeds always give distinct keys,
 * and seeds differing only in their high bits still give unrelated-looking keys.
 */
export function key(seed: number): Key {
  let [l, h] = words64('key', 'seed', seed);
  for (const c of FEISTEL_ROUNDS) {
    const t = (l ^ fmix32((h ^ c) >>> 0)) >>> 0;
    l = h;
    h = t;
  }
  return makeKey(l, h);
}

/** Most keys one split makes (each is a small array; 2^24 of them take about a gigabyte). */
const MAX_SPLIT = 2 ** 24;

/** n new keys derived from k (two keys per philox block); a pure function of (k, n). */
export function split(k: Key, n = 2): Key[] {
  checkKey('split', k);
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new OptionError('split', `n must be an integer >= 1, got ${describe(n)}`);
  }
  if (n > MAX_SPLIT) throw new LimitError('split', 'number of keys', n, MAX_SPLIT, 'keys are JavaScript arrays: split in stages, or use foldIn(k, i)');
  const out: Key[] = [];
  for (let b = 0; out.length < n; b++) {
    const w = philox4x32([b >>> 0, Math.floor(b / TWO_32), 0, SPLIT_DOMAIN], k);
    out.push(makeKey(w[0], w[1]));
    if (out.length < n) out.push(makeKey(w[2], w[3]));
  }
  return out;
}

/** Key derived from k and an integer (e.g. a step or layer index) without threading splits. */
export function foldIn(k: Key, data: number): Key {
  checkKey('foldIn', k);
  const [lo, hi] = words64('foldIn', 'data', data);
  const w = philox4x32([lo, hi, 0, FOLD_DOMAIN], k);
  return makeKey(w[0], w[1]);
}
