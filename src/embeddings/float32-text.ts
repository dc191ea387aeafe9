// Decimal text for float32 numbers that reads back exactly: the shortest decimal strictly inside the
// interval of reals that round to the value (or an integer that rounds to it). Strictly inside, so
// any correct reader gets the value back, whether it rounds the decimal straight to float32 (C's
// strtof) or first to a double and then to float32 (`Math.fround(Number(s))`, numpy's
// float32(float(s)), hence gensim): a decimal on an interval's end could go either way.

const f32 = new Float32Array(1);
const bits = new Uint32Array(f32.buffer);
const fromBits = (b: number): number => {
  bits[0] = b;
  return f32[0];
};

/** 10^0 … 10^22: the powers of ten a double holds exactly, so n / 10^k rounds once. */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The bit pattern of the largest finite float32. */
const MAX_BITS = 0x7f7fffff;

/**
 * The decimal n / 10^k (n a positive integer below 2^53, 0 ≤ k ≤ 22) written out: built from
 * String(n), which for these integers is much cheaper than String of a fraction.
 */
const decimalText = (n: number, k: number): string => {
  let digits = String(n);
  let end = digits.length;
  while (k > 0 && digits.charCodeAt(end - 1) === 48) { end--; k--; } // trailing zeros say nothing
  digits = digits.slice(0, end);
  if (k === 0) return digits;
  if (k < digits.length) return `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
  return `0.${'0'.repeat(k - digits.length)}${digits}`;
};

/**
 * Whether the decimal read as the double `d` reads back as m for every correct reader: strictly
 * inside the interval, or an integer (then d is the decimal itself, no double rounding can occur,
 * and a tie at the interval's end goes to m under round-half-even everywhere).
 */
const readsBack = (d: number, m: number, lo: number, hi: number): boolean =>
  (d > lo && d < hi) || (Number.isSafeInteger(d) && Math.fround(d) === m);

/** m (> 0, finite) to p significant digits, as text, when that decimal reads back as m; else undefined. */
const candidate = (m: number, p: number, exponent: number, lo: number, hi: number): string | undefined => {
  const k = p - 1 - exponent;
  if (k >= 0 && k <= 22) {
    // n may be one off the nearest p-digit integer (m·10^k is rounded once): only the interval
    // test decides, so the answer is exact either way.
    const n = Math.round(m * POW10[k]);
    const d = n / POW10[k];
    return readsBack(d, m, lo, hi) ? decimalText(n, k) : undefined;
  }
  const d = Number(m.toPrecision(p)); // values below ~1e-14 or of 10^9 and more: rarer, slower
  return readsBack(d, m, lo, hi) ? String(d) : undefined;
};

/**
 * The shortest decimal (`0.1`, `-3.5`, `1e-45`, `1e+21`) that reads back as the float32 `v`
 * exactly, `-0` for negative zero. 9 significant digits always suffice (they do for every float32);
 * most trained weights need 7–9, round values fewer. `v` must be a finite float32
 * (`Math.fround(v) === v`); anything else is returned as `String(v)`.
 */
export const float32Text = (v: number): string => {
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  if (!Number.isFinite(v) || Math.fround(v) !== v) return String(v);
  const m = Math.abs(v);
  f32[0] = m;
  const b = bits[0];
  const below = fromBits(b - 1); // 0 for the smallest subnormal
  // The reals that round to m: the open interval between the midpoints to its neighbours (exact in
  // doubles). Above the largest float32 the neighbour is infinity; the threshold is half a step up.
  const lo = (m + below) / 2;
  const hi = b === MAX_BITS ? m + (m - below) / 2 : (m + fromBits(b + 1)) / 2;
  const exponent = Math.floor(Math.log10(m));
  // Rounding to more digits never moves further from m, so which p work is (nearly) monotone:
  // bisect over 1…9. Only a p that passed the interval test is ever used.
  let best: string | undefined;
  for (let a = 1, z = 9; a < z;) {
    const p = (a + z) >> 1;
    const text = candidate(m, p, exponent, lo, hi);
    if (text === undefined) {
      a = p + 1;
    } else {
      best = text;
      z = p;
    }
  }
  best ??= candidate(m, 9, exponent, lo, hi) ?? String(Number(m.toPrecision(9)));
  return v < 0 ? `-${best}` : best;
};
