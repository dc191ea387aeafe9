// Raw samplers: key in, typed array out. Every sampler reads the key's philox stream
// (randomBits order) from word 0, so equal keys and arguments give equal arrays.
// The bits are engine-independent; transforms that use Math.log/cos/sin/exp are
// deterministic per engine but, as the spec leaves those functions approximate,
// could in principle differ in the last float64 bit between engines.
import { OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import type { Key } from './key.js';
import { mulhi32, philox4x32, randomBits } from './philox.js';

const TWO_M24 = 2 ** -24;
const TWO_M32 = 2 ** -32;
const TWO_32 = 2 ** 32;

function checkCount(fn: string, what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new OptionError(fn, `${what} must be a non-negative integer, got ${describe(n)}`);
  }
}

function checkFinite(fn: string, what: string, x: number): void {
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new OptionError(fn, `${what} must be a finite number, got ${describe(x)}`);
}

function checkStd(fn: string, std: number): void {
  checkFinite(fn, 'std', std);
  if (std < 0) throw new OptionError(fn, `std must be >= 0, got ${std}`);
}

/** Uniform in (0, 1] from a full 32-bit word: never 0, so log() stays finite (|z| reaches ~6.66 sigma). */
const open01 = (w: number): number => (w + 1) * TWO_M32;

/**
 * The same words as randomBits(key, ∞), produced lazily, for samplers (rejection,
 * Fisher–Yates) whose word count is not known in advance.
 */
class BitStream {
  private block = 0;
  private buf: [number, number, number, number] = [0, 0, 0, 0];
  private pos = 4;
  constructor(private readonly key: Key) {}
  next(): number {
    if (this.pos === 4) {
      this.buf = philox4x32([this.block >>> 0, Math.floor(this.block / TWO_32), 0, 0], this.key);
      this.block++;
      this.pos = 0;
    }
    return this.buf[this.pos++];
  }
}

// Float32 neighbour below x, so a rounded-up uniform can be pulled back inside [min, max).
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);
function prevFloat32(x: number): number {
  f32[0] = x;
  if (x === 0) return -(2 ** -149);
  i32[0] += x > 0 ? -1 : 1;
  return f32[0];
}

/** count float32 values uniform in [min, max): 24 high bits per word give an exact float32 grid on [0, 1). */
export function uniformData(k: Key, count: number, min = 0, max = 1): Float32Array {
  checkCount('uniformData', 'count', count);
  checkFinite('uniformData', 'min', min);
  checkFinite('uniformData', 'max', max);
  if (min > max) throw new OptionError('uniformData', `min (${min}) must be <= max (${max})`);
  const bits = randomBits(k, count);
  const out = new Float32Array(count);
  const lo = Math.fround(min), hi = Math.fround(max), span = max - min;
  const top = lo < hi ? Math.max(lo, prevFloat32(hi)) : lo; // largest allowed output
  for (let i = 0; i < count; i++) {
    const v = Math.fround(min + span * ((bits[i] >>> 8) * TWO_M24));
    // Rounding to float32 can land on max (or below min); clamp to keep the interval half-open.
    out[i] = v > top ? top : v < lo ? lo : v;
  }
  return out;
}

/** count normals via Box–Muller: each pair of words gives two values (cos and sin branch). */
export function normalData(k: Key, count: number, mean = 0, std = 1): Float32Array {
  checkCount('normalData', 'count', count);
  checkFinite('normalData', 'mean', mean);
  checkStd('normalData', std);
  const pairs = Math.ceil(count / 2);
  const bits = randomBits(k, 2 * pairs);
  const out = new Float32Array(count);
  for (let p = 0; p < pairs; p++) {
    const r = Math.sqrt(-2 * Math.log(open01(bits[2 * p])));
    const theta = 2 * Math.PI * open01(bits[2 * p + 1]);
    out[2 * p] = mean + std * r * Math.cos(theta);
    if (2 * p + 1 < count) out[2 * p + 1] = mean + std * r * Math.sin(theta);
  }
  return out;
}

/** count values that are 1 with probability p, else 0 (word < p·2^32: exact compare, resolution 2^-32). */
export function bernoulliData(k: Key, count: number, p: number): Float32Array {
  checkCount('bernoulliData', 'count', count);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1)) {
    throw new OptionError('bernoulliData', `p must be a probability in [0, 1], got ${describe(p)}`);
  }
  const bits = randomBits(k, count);
  const threshold = p * TWO_32;
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = bits[i] < threshold ? 1 : 0;
  return out;
}

/**
 * One class index per row of a row-major [rows, classes] logits array, drawn from
 * softmax(row). Gumbel-max (argmax of logit + Gumbel noise) never exponentiates the
 * logits, so rows like [1000, 999] or [-1000, -1001] are as safe as [0, -1].
 * -Infinity logits mark impossible classes.
 */
export function categoricalData(k: Key, logits: Float32Array, rows: number, classes: number): Int32Array {
  checkCount('categoricalData', 'rows', rows);
  checkCount('categoricalData', 'classes', classes);
  if (classes < 1) throw new OptionError('categoricalData', 'classes must be >= 1');
  if (!(logits instanceof Float32Array) || logits.length !== rows * classes) {
    throw new OptionError('categoricalData', `logits must be a Float32Array of length rows * classes = ${rows * classes}, got length ${String(logits?.length)}`);
  }
  const bits = randomBits(k, rows * classes);
  const out = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = -Infinity, arg = -1;
    for (let c = 0; c < classes; c++) {
      const i = r * classes + c, l = logits[i];
      if (Number.isNaN(l) || l === Infinity) {
        throw new OptionError('categoricalData', `logits must be finite or -Infinity, got ${l} at row ${r}, class ${c}`);
      }
      // u = (w + 0.5)·2^-32 is strictly inside (0, 1), so both logs are finite.
      const g = -Math.log(-Math.log((bits[i] + 0.5) * TWO_M32));
      const s = l + g;
      if (s > best) { best = s; arg = c; }
    }
    if (arg < 0) throw new OptionError('categoricalData', `row ${r} has every logit -Infinity (no class is possible)`);
    out[r] = arg;
  }
  return out;
}

/** Unbiased integer in [0, range) for 1 <= range <= 2^32 (Lemire's multiply-shift with rejection). */
function boundedInt(s: BitStream, range: number): number {
  let w = s.next();
  let lo = Math.imul(w, range) >>> 0;
  if (lo < range) {
    // Reject the 2^32 mod range low products that would over-represent some outputs.
    const t = (TWO_32 - range) % range;
    while (lo < t) {
      w = s.next();
      lo = Math.imul(w, range) >>> 0;
    }
  }
  return mulhi32(w, range);
}

/** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
export function permutationData(k: Key, n: number): Int32Array {
  checkCount('permutationData', 'n', n);
  if (n > 0x7fffffff) throw new OptionError('permutationData', `n must be <= 2^31 - 1, got ${n}`);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  const s = new BitStream(k);
  for (let i = n - 1; i > 0; i--) {
    const j = boundedInt(s, i + 1);
    const t = out[i]; out[i] = out[j]; out[j] = t;
  }
  return out;
}

/** Standard normal from two stream words (cos branch only; rejection loops need one at a time). */
function streamNormal(s: BitStream): number {
  const r = Math.sqrt(-2 * Math.log(open01(s.next())));
  return r * Math.cos(2 * Math.PI * open01(s.next()));
}

/** Uniform in [0, 1) with 24-bit resolution, for accept/reject tests. */
const streamUniform = (s: BitStream): number => (s.next() >>> 8) * TWO_M24;

/**
 * A standard normal restricted to [a, b] (a < b, 0 <= a or a <= 0 <= b), by rejection.
 * The proposal follows Robert (1995) so acceptance stays above ~0.2 for any interval,
 * including far tails such as [5, 6] where plain normal proposals would almost never land.
 */
function truncatedStandard(s: BitStream, a: number, b: number): number {
  if (a <= 0) {
    // Interval contains 0 (caller mirrors b < 0 to this case or a > 0).
    if (b - a >= 2.5) {
      for (;;) { const z = streamNormal(s); if (z >= a && z <= b) return z; }
    }
    for (;;) { // narrow interval around 0: uniform proposal, accept with density ratio
      const z = a + (b - a) * streamUniform(s);
      if (streamUniform(s) < Math.exp(-0.5 * z * z)) return z;
    }
  }
  const alpha = 0.5 * (a + Math.sqrt(a * a + 4)); // optimal exponential rate for the tail [a, ∞)
  if (alpha * (b - a) >= 1) {
    for (;;) { // tail: shifted exponential proposal
      const z = a - Math.log(open01(s.next())) / alpha;
      const d = z - alpha;
      if (z <= b && streamUniform(s) < Math.exp(-0.5 * d * d)) return z;
    }
  }
  for (;;) { // short interval away from 0: uniform proposal relative to the density at a
    const z = a + (b - a) * streamUniform(s);
    if (streamUniform(s) < Math.exp(0.5 * (a * a - z * z))) return z;
  }
}

/**
 * count normals with the given mean and std, conditioned on lying in
 * [mean + lo·std, mean + hi·std] (lo, hi in units of std; ±Infinity allowed).
 * Out-of-range proposals are rejected and redrawn from the same stream.
 */
export function truncatedNormalData(k: Key, count: number, mean = 0, std = 1, lo = -2, hi = 2): Float32Array {
  checkCount('truncatedNormalData', 'count', count);
  checkFinite('truncatedNormalData', 'mean', mean);
  checkStd('truncatedNormalData', std);
  if (typeof lo !== 'number' || typeof hi !== 'number' || Number.isNaN(lo) || Number.isNaN(hi) || !(lo < hi)
    || lo === Infinity || hi === -Infinity) {
    throw new OptionError('truncatedNormalData', `need lo < hi (in units of std), got lo=${describe(lo)}, hi=${describe(hi)}`);
  }
  const s = new BitStream(k);
  const out = new Float32Array(count);
  const mirror = hi < 0; // sample the mirror image of an interval left of 0
  const a = mirror ? -hi : lo, b = mirror ? -lo : hi;
  for (let i = 0; i < count; i++) {
    const z = truncatedStandard(s, a, b);
    out[i] = mean + std * (mirror ? -z : z);
  }
  return out;
}
