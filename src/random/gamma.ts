// Gamma and Dirichlet samples from keys (Marsaglia & Tsang 2000). They read the key's philox
// stream from word 0 like the samplers in sample.ts, so equal keys and arguments give equal arrays.
// Gamma draws are kept as logarithms until the end: for a shape α ≪ 1 (Dirichlet noise over many
// moves) the boost u^(1/α) underflows to 0 in float64, and a Dirichlet of zeros would be 0/0.
import { OptionError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { checkKey, type Key } from './key.js';
import { philox4x32 } from './philox.js';

const TWO_M32 = 2 ** -32;
const TWO_32 = 2 ** 32;

/** Uniform in (0, 1] from a 32-bit word: never 0, so its log is finite. */
const open01 = (w: number): number => (w + 1) * TWO_M32;

/** The key's words in randomBits order, drawn lazily: rejection sampling does not know its count in advance. */
const wordStream = (k: Key): (() => number) => {
  let block = 0, pos = 4;
  let buf: readonly number[] = [];
  return () => {
    if (pos === 4) {
      buf = philox4x32([block >>> 0, Math.floor(block / TWO_32), 0, 0], k);
      block++;
      pos = 0;
    }
    return buf[pos++];
  };
};

/** log of one Gamma(α ≥ 1, 1) draw by Marsaglia–Tsang squeeze-and-reject (acceptance above 95%). */
const logGammaAtLeastOne = (next: () => number, alpha: number): number => {
  const d = alpha - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    // Box–Muller, cos branch: one normal from two words.
    const x = Math.sqrt(-2 * Math.log(open01(next()))) * Math.cos(2 * Math.PI * open01(next()));
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const logU = Math.log(open01(next()));
    if (logU < 0.5 * x * x + d - d * v + d * Math.log(v)) return Math.log(d) + Math.log(v);
  }
};

/** log of one Gamma(α, 1) draw for any α > 0: below 1, Gamma(α + 1) · U^(1/α) (Marsaglia–Tsang's boost), in logs. */
const logGamma1 = (next: () => number, alpha: number): number =>
  alpha >= 1 ? logGammaAtLeastOne(next, alpha) : logGammaAtLeastOne(next, alpha + 1) + Math.log(open01(next())) / alpha;

const checkShapeParameter = (op: string, name: string, a: unknown): number => {
  if (typeof a !== 'number' || !Number.isFinite(a) || a <= 0) throw new OptionError(op, `${name} must be a finite number > 0, got ${describe(a)}`);
  return a;
};

const checkCount = (op: string, n: unknown): number => {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw new OptionError(op, `count must be a non-negative integer, got ${describe(n)}`);
  return n;
};

/** count draws from Gamma(shape α, scale θ) (mean αθ, variance αθ²); α > 0, θ > 0. */
export function gammaData(k: Key, count: number, alpha: number, scale = 1): Float32Array {
  checkKey('gammaData', k);
  checkCount('gammaData', count);
  checkShapeParameter('gammaData', 'alpha', alpha);
  checkShapeParameter('gammaData', 'scale', scale);
  const next = wordStream(k);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = scale * Math.exp(logGamma1(next, alpha));
  return out;
}

/**
 * count draws from Dirichlet(α₁..α_K), row-major [count, K]: each row is positive and sums to 1
 * (mean α_i / Σα). From K gamma draws normalised in log space, so rows stay finite for any α > 0.
 */
export function dirichletData(k: Key, alpha: readonly number[] | Float32Array | Float64Array, count = 1): Float32Array {
  checkKey('dirichletData', k);
  checkCount('dirichletData', count);
  if (!(Array.isArray(alpha) || alpha instanceof Float32Array || alpha instanceof Float64Array) || alpha.length < 1)
    throw new OptionError('dirichletData', `alpha must be a non-empty array of concentrations, got ${describe(alpha)}`);
  const K = alpha.length;
  const as = Array.from(alpha, (a, i) => checkShapeParameter('dirichletData', `alpha[${i}]`, a));
  const next = wordStream(k);
  const out = new Float32Array(count * K);
  const logs = new Float64Array(K);
  for (let r = 0; r < count; r++) {
    let top = -Infinity;
    for (let i = 0; i < K; i++) { logs[i] = logGamma1(next, as[i]); top = Math.max(top, logs[i]); }
    let total = 0;
    for (let i = 0; i < K; i++) { logs[i] = Math.exp(logs[i] - top); total += logs[i]; }
    for (let i = 0; i < K; i++) out[r * K + i] = logs[i] / total;
  }
  return out;
}
