// Uniform integers drawn lazily from a key's philox stream, for the players and rollouts that
// need an unknown number of them (the words are those of randomBits(key, ∞), in order).
import type { Key } from '../random/key.js';
import { mulhi32, philox4x32 } from '../random/philox.js';

const TWO_32 = 2 ** 32;

export interface IntStream {
  /** An integer in [0, n), 1 <= n < 2^31, unbiased (Lemire's multiply-shift with rejection). */
  below(n: number): number;
  /** A float in [0, 1) with 32-bit resolution. */
  unit(): number;
}

export const intStream = (k: Key): IntStream => {
  let block = 0, pos = 4;
  let buf: readonly number[] = [];
  const next = (): number => {
    if (pos === 4) {
      buf = philox4x32([block >>> 0, Math.floor(block / TWO_32), 0, 0], k);
      block++;
      pos = 0;
    }
    return buf[pos++];
  };
  return {
    below: (n) => {
      let w = next(), lo = Math.imul(w, n) >>> 0;
      if (lo < n) {
        const t = (TWO_32 - n) % n;
        while (lo < t) { w = next(); lo = Math.imul(w, n) >>> 0; }
      }
      return mulhi32(w, n);
    },
    unit: () => next() / TWO_32,
  };
};
