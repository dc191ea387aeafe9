// The WebAssembly SIMD engine against float64 references: every tile edge, both operand layouts,
// batch offsets, products past 65,536 terms, rounds of a large batch, block gathers and their
// adjoint, and bit-identical results at any thread count.
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { SimdBackend } from '../../src/backend/wasm/backend.js';
import { K_SPLIT, SimdEngine, engineUnavailableReason } from '../../src/backend/wasm/engine.js';
import { GEMM_TILING } from '../../src/backend/wasm/gemm-kernel.js';
import { sleb, uleb } from '../../src/backend/wasm/encoder.js';
import type { BatchOffset, GemmPlan } from '../../src/backend/types.js';
import type { PoolPlan } from '../../src/backend/gpujs/kernels/pool.js';
import { withBackend, withBackendInstance } from '../../src/backend/select.js';
import { conv2d, grad, matmul, mul, sum, tensor, toArray, type Tensor } from '../support/api.js';

const EPS = 2 ** -24;
const rand = (n: number, seed: number): Float32Array => {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 - 0.5; });
};

const at = (o: BatchOffset, bb: number, rows: number, k: number, row: number, q: number): number =>
  (o.stride === 0 ? 0 : (o.mod ? bb % o.mod : bb) * o.stride) + (o.kMajor ? q * rows + row : row * k + q);

/** Checks `out` against the float64 product, within the bound of blocked float32 summation. */
const checkGemm = (a: Float32Array, b: Float32Array, p: GemmPlan, out: Float32Array): void => {
  // In-order sums of KC terms, up to K_SPLIT / KC block sums, then a pairwise sum of the chunks.
  const { kc } = GEMM_TILING;
  const chunks = Math.ceil(p.k / K_SPLIT);
  const terms = Math.min(p.k, kc) + Math.min(Math.ceil(p.k / kc), K_SPLIT / kc) + Math.ceil(Math.log2(chunks)) + 1;
  for (let bb = 0; bb < p.batch; bb++)
    for (let i = 0; i < p.m; i++)
      for (let j = 0; j < p.n; j++) {
        let s = 0, mag = 0;
        for (let q = 0; q < p.k; q++) {
          const t = a[at(p.a, bb, p.m, p.k, i, q)] * b[at(p.b, bb, p.n, p.k, j, q)];
          s += t; mag += Math.abs(t);
        }
        const got = out[(bb * p.m + i) * p.n + j];
        if (!(Math.abs(got - s) <= terms * EPS * mag + 1e-30)) expect.fail(`[${bb}, ${i}, ${j}] of ${JSON.stringify(p)}: ${got} vs ${s} (bound ${terms * EPS * mag})`);
      }
};

const operandSize = (o: BatchOffset, batch: number, rows: number, k: number) =>
  o.stride === 0 ? rows * k : (o.mod ? Math.min(o.mod, batch) : batch) * rows * k;

const offsetArb = (rows: number, k: number) =>
  fc.record({ shared: fc.boolean(), mod: fc.constantFrom(0, 2), kMajor: fc.boolean() })
    .map(({ shared, mod, kMajor }): BatchOffset => ({ mod: shared ? 0 : mod, stride: shared ? 0 : rows * k, kMajor }));

const engines: SimdBackend[] = [];
afterAll(() => { for (const e of engines) e.destroy(); });

describe('SIMD engine', () => {
  it('is available in this runtime (Node 20 has WebAssembly SIMD and shared memory)', () => {
    expect(engineUnavailableReason()).toBeUndefined();
    expect(new SimdEngine(undefined, 1).shared).toBe(true);
  });

  it('encodes LEB128 integers as the WebAssembly format does', () => {
    expect(uleb(624485)).toEqual([0xe5, 0x8e, 0x26]);
    expect(sleb(-123456)).toEqual([0xc0, 0xbb, 0x78]);
    expect(sleb(64)).toEqual([0xc0, 0x00]);
    expect(sleb(-1)).toEqual([0x7f]);
  });

  it('multiplies every shape, layout and batch offset within the float32 summation bound', () => {
    const engine = new SimdEngine(undefined, 1);
    const dims = fc.record({ batch: fc.integer({ min: 1, max: 4 }), m: fc.integer({ min: 1, max: 23 }), n: fc.integer({ min: 1, max: 37 }), k: fc.integer({ min: 1, max: 600 }) });
    fc.assert(fc.property(dims.chain((d) => fc.record({ d: fc.constant(d), a: offsetArb(d.m, d.k), b: offsetArb(d.n, d.k), seed: fc.nat() })), ({ d, a: oa, b: ob, seed }) => {
      const p: GemmPlan = { ...d, a: oa, b: ob };
      const a = rand(operandSize(oa, d.batch, d.m, d.k), seed), b = rand(operandSize(ob, d.batch, d.n, d.k), seed + 1);
      const out = new Float32Array(d.batch * d.m * d.n).fill(NaN);
      expect(engine.gemm(a, b, p, out)).toBe(true);
      checkGemm(a, b, p, out);
    }), { numRuns: 120, seed: 20261201 });
  });

  it('sums 100,000 terms (past 65,536) within the bound of its blocked and pairwise summation', () => {
    const p: GemmPlan = { batch: 1, m: 5, n: 9, k: 100_000, a: { mod: 0, stride: 0 }, b: { mod: 0, stride: 0, kMajor: true } };
    const a = rand(p.m * p.k, 1), b = rand(p.n * p.k, 2), out = new Float32Array(p.m * p.n);
    expect(new SimdEngine(undefined, 1).gemm(a, b, p, out)).toBe(true);
    checkGemm(a, b, p, out);
  });

  it('gives the same bits when a large batch is packed in several rounds', () => {
    const p: GemmPlan = { batch: 7, m: 13, n: 17, k: 40, a: { mod: 3, stride: 13 * 40 }, b: { mod: 0, stride: 17 * 40 } };
    const a = rand(3 * 13 * 40, 3), b = rand(7 * 17 * 40, 4);
    const whole = new Float32Array(7 * 13 * 17), rounds = new Float32Array(7 * 13 * 17);
    new SimdEngine(undefined, 1).gemm(a, b, p, whole);
    new SimdEngine(undefined, 1, 2 * (16 * 40 + 24 * 40 + 16 * 24) * 4).gemm(a, b, p, rounds); // two items per round
    expect(rounds).toEqual(whole);
    checkGemm(a, b, p, whole);
  });

  it('scatter is the adjoint of gather: <gather(x), y> = <x, scatter(y)>', () => {
    const engine = new SimdEngine(undefined, 1);
    fc.assert(fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 60 }), fc.integer({ min: 1, max: 90 }), fc.nat(), (blocks, stride, T, seed) => {
      let s = seed;
      const table = Int32Array.from({ length: T }, () => { s = (s * 1103515245 + 12345) % 2 ** 31; return (s % (stride + 1)) - 1; });
      const x = rand(blocks * stride, seed), y = rand(blocks * T, seed + 7);
      const gx = new Float32Array(blocks * T), sy = new Float32Array(blocks * stride);
      engine.blocks('gather', x, table, blocks, stride, gx);
      engine.blocks('scatter', y, table, blocks, stride, sy);
      for (let bb = 0; bb < blocks; bb++) for (let i = 0; i < T; i++) expect(gx[bb * T + i]).toBe(table[i] < 0 ? 0 : x[bb * stride + table[i]]);
      let l = 0, r = 0;
      for (let i = 0; i < gx.length; i++) l += gx[i] * y[i];
      for (let i = 0; i < sy.length; i++) r += x[i] * sy[i];
      expect(Math.abs(l - r)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(l)));
    }), { numRuns: 60, seed: 7 });
  });
});

/** The window rule of kernels/pool.ts maxPoolSource, in plain JavaScript. */
const poolReference = (x: Float32Array, p: PoolPlan) => {
  const n = p.P * p.OH * p.OW, max = new Float32Array(n), arg = new Float32Array(n);
  for (let pl = 0, o = 0; pl < p.P; pl++)
    for (let oh = 0; oh < p.OH; oh++)
      for (let ow = 0; ow < p.OW; ow++, o++) {
        let m = -Infinity, at = -1, nan = false;
        for (let a = 0; a < p.KH; a++) for (let b = 0; b < p.KW; b++) {
          const ih = oh * p.sh - p.pt + a, iw = ow * p.sw - p.pl + b;
          if (ih < 0 || ih >= p.H || iw < 0 || iw >= p.W) continue;
          const v = x[(pl * p.H + ih) * p.W + iw], k = p.KW * a + b;
          if (v > m) { m = v; at = k; } else if (v <= m) { if (at < 0) { m = v; at = k; } } else if (!nan) { m = v; at = k; nan = true; }
        }
        max[o] = m; arg[o] = at;
      }
  return { max, arg };
};

describe('SIMD engine max pooling', () => {
  it('follows the gpu.js kernel\'s rule (first maximum, first NaN, all −Inf windows) bit for bit, in the general and the 2×2 kernels, and sends each gradient to its window\'s argmax', () => {
    const engine = new SimdEngine(undefined, 1);
    const special = [NaN, Infinity, -Infinity, 0, -0];
    const planArb = fc.record({
      P: fc.integer({ min: 1, max: 5 }), H: fc.integer({ min: 2, max: 13 }), W: fc.integer({ min: 2, max: 19 }),
      KH: fc.integer({ min: 1, max: 3 }), KW: fc.integer({ min: 1, max: 3 }), sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }),
      two: fc.boolean(), pad: fc.boolean(), seed: fc.nat(), specials: fc.integer({ min: 0, max: 4 }),
    });
    fc.assert(fc.property(planArb, (r) => {
      const [KH, KW, sh, sw] = r.two ? [2, 2, 2, 2] : [r.KH, r.KW, r.sh, r.sw];
      const pt = r.pad && !r.two ? Math.min(1, KH - 1) : 0, pl = r.pad && !r.two ? Math.min(1, KW - 1) : 0;
      const OH = Math.floor((r.H + 2 * pt - KH) / sh) + 1, OW = Math.floor((r.W + 2 * pl - KW) / sw) + 1;
      if (OH < 1 || OW < 1) return;
      const p: PoolPlan = { P: r.P, H: r.H, W: r.W, KH, KW, sh, sw, pt, pl, OH, OW, countIncludePad: true };
      // few distinct values, so ties are common, and a sprinkling of NaN and infinities
      const x = rand(r.P * r.H * r.W, r.seed).map((v, i) => (i % 7 < r.specials ? special[(i * 13 + r.seed) % special.length] : Math.round(v * 6)));
      const want = poolReference(x, p);
      const max = new Float32Array(r.P * OH * OW), arg = new Float32Array(r.P * OH * OW);
      engine.maxPool('max', x, p, max);
      engine.maxPool('argmax', x, p, arg);
      expect(max).toEqual(want.max);
      expect(arg).toEqual(want.arg);
      // the gradient: each window's gy at its argmax cell, windows in row-major order
      const gy = rand(max.length, r.seed + 3), dx = new Float32Array(x.length).fill(NaN), wantDx = new Float32Array(x.length);
      for (let o = 0; o < gy.length; o++) {
        const plane = Math.floor(o / (OH * OW)), oh = Math.floor(o / OW) % OH, ow = o % OW, k = want.arg[o];
        wantDx[(plane * r.H + oh * sh - pt + Math.floor(k / KW)) * r.W + ow * sw - pl + (k % KW)] += gy[o];
      }
      engine.maxPoolGrad(gy, arg, p, dx);
      expect(dx).toEqual(wantDx);
    }), { numRuns: 300, seed: 11 });
  });
});

describe("the 'simd' backend's threads", () => {
  it('give bit-identical products, convolutions and conv gradients at 1 and 2 threads, and really split the work', () => {
    const one = new SimdBackend(1), two = new SimdBackend(2);
    engines.push(one, two);
    expect(two.stats().threads).toBe(2);
    const run = () => {
      const a: Tensor = tensor(rand(300 * 170, 1), [300, 170]), b: Tensor = tensor(rand(170 * 190, 2), [170, 190]);
      const x = tensor(rand(8 * 16 * 14 * 14, 3), [8, 16, 14, 14]), w = tensor(rand(32 * 16 * 3 * 3, 4), [32, 16, 3, 3]);
      const g = grad((p: Tensor[]) => sum(mul(conv2d(p[0], p[1], { padding: 1 }), conv2d(p[0], p[1], { padding: 1 }))))([x, w]);
      return [toArray(matmul(a, b)), toArray(matmul(b, a, { transposeA: true, transposeB: true })), toArray(g[0]), toArray(g[1])];
    };
    const r1 = withBackendInstance(one, run);
    const r2 = withBackendInstance(two, run);
    expect(r2).toEqual(r1);
    expect(one.engine().splitRuns).toBe(0);
    expect(two.engine().splitRuns).toBeGreaterThan(0);
  });
});

describe("the 'simd' backend's elementwise kernels", () => {
  it('give the same bits as gpu.js cpu mode for neg, abs, sqrt, sign, relu and add/sub/mul/div under every broadcast', async () => {
    const { add, sub, mul, div, neg, abs, sqrt, sign, relu } = await import('../support/api.js');
    const simd = new SimdBackend(1);
    engines.push(simd);
    const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -3.5];
    const data = (n: number, seed: number) => rand(n, seed).map((v, i) => (i % 5 === 0 ? specials[(i + seed) % specials.length] : v * 10));
    const shapes = fc.constantFrom<[number[], number[]]>(
      [[7, 9], [7, 9]], [[7, 9], [9]], [[9], [7, 9]], [[7, 9], [1]], [[1], [7, 9]], [[3, 5, 4, 6], [1, 5, 1, 1]], [[3, 5, 4, 6], [5, 1, 1]],
      [[3, 5, 4, 6], [3, 1, 4, 1]], [[2, 3, 4], [2, 1, 4]], [[7, 1], [1, 9]], [[4097 * 2], [1]], [[5, 1, 3], [4, 1]],
    );
    fc.assert(fc.property(shapes, fc.nat(), ([sa, sb], seed) => {
      const na = sa.reduce((x, y) => x * y, 1), nb = sb.reduce((x, y) => x * y, 1);
      const ha = data(na, seed), hb = data(nb, seed + 1);
      const onBoth = (f: () => Float32Array[]) => [withBackendInstance(simd, f), withBackend('cpu', f)];
      const [got, want] = onBoth(() => {
        const a = tensor(ha, sa) as Tensor, b = tensor(hb, sb) as Tensor;
        return [add(a, b), sub(a, b), mul(a, b), div(a, b), sub(b, a), neg(a), abs(a), sqrt(a), sign(a), relu(a)].map(toArray);
      });
      expect(got).toEqual(want);
      expect(simd.stats().compiles).toBe(0); // every one ran in the engine, none in gpu.js
    }), { numRuns: 40, seed: 5 });
  });
});

describe("the 'simd' backend's sums", () => {
  it('give the same bits as gpu.js cpu mode (the same blocks and float64 groups), past 65,536 terms and along every axis', async () => {
    const { sum } = await import('../support/api.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const cases: [number[], number[] | undefined][] = [
      [[70_000], undefined], [[3, 2500, 5], [1]], [[64, 120], [0]], [[7, 9, 11], [0, 2]], [[2, 3, 4, 5], [1, 3]], [[1025, 3], [0]],
    ];
    for (const [shape, axes] of cases) {
      const h = rand(shape.reduce((a, b) => a * b, 1), shape.length).map((v, i) => (i % 97 === 0 ? v * 1e6 : v));
      const run = () => toArray(sum(tensor(h, shape) as Tensor, axes));
      const launches = simd.stats().launches;
      expect(withBackendInstance(simd, run), JSON.stringify([shape, axes])).toEqual(withBackend('cpu', run));
      expect(simd.stats().launches).toBeGreaterThan(launches);
    }
    expect(simd.stats().compiles).toBe(0);
  });
});

describe("the 'simd' backend's fused Adam", () => {
  it('gives the same bits as the composed ops on gpu.js cpu mode: Adam, Adam with L2 decay, AdamW, over several steps', async () => {
    const { adam, adamw } = await import('../../src/optim/index.js');
    const simd = new SimdBackend(1);
    engines.push(simd);
    for (const make of [() => adam({ lr: 1e-2 }), () => adam({ lr: 3e-3, weightDecay: 0.1 }), () => adamw({ lr: 1e-3, beta1: 0.8 })]) {
      const run = () => {
        const opt = make();
        let params: Record<string, Tensor> = { w: tensor(rand(37 * 5, 1), [37, 5]), b: tensor(rand(3, 2), [3]) };
        let state = opt.init(params);
        for (let s = 0; s < 4; s++) {
          const grads = { w: tensor(rand(37 * 5, 10 + s).map((x, i) => (i === 7 ? 0 : x * 100)), [37, 5]), b: tensor(rand(3, 20 + s), [3]) };
          const r = opt.step(params, grads, state);
          params = r.params as Record<string, Tensor>;
          state = r.state;
        }
        return [toArray(params.w), toArray(params.b)];
      };
      const launches = simd.stats().launches;
      expect(withBackendInstance(simd, run)).toEqual(withBackend('cpu', run));
      expect(simd.stats().launches - launches).toBe(8); // one fused update per leaf and step
    }
  });
});

describe("the 'simd' backend's slices and pads", () => {
  it('copy the same cells as the gpu.js kernels, for every block of every rank up to 4 (slices, pads, permutes, concats)', async () => {
    const { slice, pad, permute, concat } = await import('../support/api.js');
    const simd = new SimdBackend(1);
    engines.push(simd);
    const block = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 }).chain((shape) => fc.record({
      shape: fc.constant(shape),
      begin: fc.tuple(...shape.map((d) => fc.integer({ min: 0, max: d - 1 }))),
      pads: fc.tuple(...shape.map(() => fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })))),
      value: fc.constantFrom(0, -1.5, NaN), seed: fc.nat(),
      perm: fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length, maxLength: shape.length }),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
    }));
    fc.assert(fc.property(block, ({ shape, begin, pads, value, seed, perm, axis }) => {
      const h = rand(shape.reduce((a, b) => a * b, 1), seed);
      const size = shape.map((d, i) => d - begin[i] - (seed % 2) * Math.floor((d - begin[i]) / 2));
      // a contiguous block too (single leading axes, whole trailing ones)
      const lead = seed % shape.length;
      const cBegin = shape.map((_, i) => (i <= lead ? begin[i] : 0));
      const cSize = shape.map((d, i) => (i < lead ? 1 : i === lead ? d - begin[i] : d));
      const run = () => {
        const x = tensor(h, shape) as Tensor;
        const other = tensor(rand(h.length, seed + 1), shape) as Tensor;
        return [toArray(slice(x, begin, size)), toArray(pad(x, pads, value)), toArray(slice(x, cBegin, cSize)), toArray(permute(x, perm)), toArray(concat([x, other, x], axis))];
      };
      expect(withBackendInstance(simd, run)).toEqual(withBackend('cpu', run));
    }), { numRuns: 150, seed: 3 });
    expect(simd.stats().compiles).toBe(0);
  });
});

describe("the 'simd' backend's split kernels at the sizes users run", () => {
  it('max pooling (forward and gradient) of a batch-128 feature map and Adam on a 300,000-number leaf agree with cpu bit for bit on 2 threads', async () => {
    const { maxPool2d, grad, sum, mul } = await import('../support/api.js');
    const { adam } = await import('../../src/optim/index.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const x = rand(128 * 16 * 28 * 28, 41), w = rand(128 * 16 * 14 * 14, 42);
    const pool = () => {
      const X = tensor(x, [128, 16, 28, 28]) as Tensor, W = tensor(w, [128, 16, 14, 14]) as Tensor;
      return [toArray(maxPool2d(X, { size: 2 })), toArray(maxPool2d(X, { size: 3, stride: 2, padding: 1 })), toArray(grad((v: Tensor) => sum(mul(maxPool2d(v, { size: 2 }), W)))(X))];
    };
    const p = rand(300_000, 43), g = rand(300_000, 44);
    const step = () => {
      const opt = adam({ lr: 1e-3 });
      const params = { w: tensor(p, [300_000]) as Tensor };
      const r = opt.step(params, { w: tensor(g, [300_000]) as Tensor }, opt.init(params));
      return [toArray((r.params as { w: Tensor }).w)];
    };
    const before = simd.engine().splitRuns;
    expect(withBackendInstance(simd, pool)).toEqual(withBackend('cpu', pool));
    const afterPool = simd.engine().splitRuns;
    expect(afterPool).toBeGreaterThan(before);
    expect(withBackendInstance(simd, step)).toEqual(withBackend('cpu', step));
    expect(simd.engine().splitRuns).toBeGreaterThan(afterPool);
  });
});

describe("the 'simd' backend's products with a weight used again", () => {
  it('give the same bits on first use, second use (packed and kept) and later uses (the kept copy), in both layouts', () => {
    const simd = new SimdBackend(1);
    engines.push(simd);
    const x = rand(32 * 128, 71), w = rand(512 * 128, 72), g = rand(32 * 512, 73);
    const run = () => {
      const X = tensor(x, [32, 128]) as Tensor, W = tensor(w, [512, 128]) as Tensor, G = tensor(g, [32, 512]) as Tensor;
      return Array.from({ length: 4 }, () => [toArray(matmul(X, W, { transposeB: true })), toArray(matmul(G, W))]);
    };
    const [first, ...later] = withBackendInstance(simd, run);
    for (const r of later) expect(r).toEqual(first);
    const plan = (kMajor: boolean, n: number, k: number): GemmPlan => ({ batch: 1, m: 32, n, k, a: { stride: 0, mod: 0, kMajor: false }, b: { stride: 0, mod: 0, kMajor } });
    checkGemm(x, w, plan(false, 512, 128), first[0]);
    checkGemm(g, w, plan(true, 128, 512), first[1]);
  });
});

describe("the 'simd' backend's exp, sigmoid and tanh (float64 lanes, rounded once)", () => {
  const sigmoid64 = (v: number) => (v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v)));
  const ulp = (v: number) => { const a = Math.abs(Math.fround(v)); return a < 2 ** -126 ? 2 ** -149 : 2 ** (Math.floor(Math.log2(a)) - 23); };
  it('round the float64 value to the nearest f32 (within 2^-24 relative) and match gpu.js cpu mode bit for bit on 786,432 inputs', async () => {
    const { exp, sigmoid, tanh } = await import('../support/api.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const n = 1 << 18;
    const spread = (lo: number, hi: number, seed: number) => rand(n, seed).map((v) => Math.fround(lo + (v + 0.5) * (hi - lo)));
    const cases = [
      ['exp', exp, Math.exp, spread(-104, 89, 51)], ['sigmoid', sigmoid, sigmoid64, spread(-40, 40, 52)], ['tanh', tanh, Math.tanh, spread(-12, 12, 53)],
    ] as const;
    for (const [name, f, ref, xs] of cases) {
      const run = () => toArray(f(tensor(xs, [n]) as Tensor));
      const got = withBackendInstance(simd, run), want = withBackend('cpu', run);
      let mismatches = 0;
      for (let i = 0; i < n; i++) {
        const w = ref(xs[i]);
        if (got[i] !== want[i]) {
          mismatches++;
          expect(Math.abs(got[i] - want[i]), `${name}(${xs[i]}): ${got[i]} vs cpu ${want[i]}`).toBeLessThanOrEqual(ulp(w));
        }
        if (Math.abs(w) >= 2 ** -126 && Math.abs(w) <= 3.4e38 && !(Math.abs(got[i] - w) <= 2 ** -24 * Math.abs(w) * (1 + 1e-6)))
          expect.fail(`${name}(${xs[i]}) = ${got[i]}, float64 ${w}: more than half an ulp off`);
      }
      // exact agreement but where the float64 values lie within ~1e-14 of a rounding midpoint
      expect(mismatches, name).toBeLessThanOrEqual(4);
    }
    expect(simd.stats().compiles).toBe(0);
    expect(simd.engine().splitRuns).toBeGreaterThan(0);
  });
});

describe("the 'simd' backend's fused LSTM gates", () => {
  it('give the same bits as the gpu.js kernels, forward and backward, at batch 128 and 256, odd and even H, on 1 and 2 threads', async () => {
    const { lstmCellGates, lstmCellGatesGrad } = await import('../../src/ops/recurrent/lstm.js');
    const one = new SimdBackend(1), two = new SimdBackend(2);
    engines.push(one, two);
    for (const [B, H] of [[128, 33], [256, 128], [3, 1]]) {
      const plan = { B, H, pi: 'none', pf: 'none', po: 'none', part: 'ch' } as const;
      const shapes = [[2, B, H], [B, 4 * H], [B, 4 * H], [4 * H], [4 * H], [B, H]];
      const hs = shapes.map((s, i) => rand(s.reduce((a, b) => a * b, 1), 60 + i).map((v) => v * 8));
      const run = () => {
        const ts = hs.map((h, i) => tensor(h, shapes[i]) as Tensor);
        return [toArray(lstmCellGates(ts.slice(1), plan)), toArray(lstmCellGatesGrad(ts, plan))];
      };
      const want = withBackend('cpu', run);
      expect(withBackendInstance(one, run), `B ${B}, H ${H}`).toEqual(want);
      expect(withBackendInstance(two, run), `B ${B}, H ${H}, 2 threads`).toEqual(want);
    }
    expect(one.stats().compiles + two.stats().compiles).toBe(0);
    expect(two.engine().splitRuns).toBeGreaterThan(0);
  });
});

describe("the 'simd' backend's fused GRU gates", () => {
  it("give the same bits as the gpu.js kernels, forward and backward, for 'cho' (both parts) and 'pytorch', at batch 128 and 256, odd and even H, on 1 and 2 threads", async () => {
    const { gruCellGates, gruCellGatesGrad } = await import('../../src/ops/recurrent/gru.js');
    const one = new SimdBackend(1), two = new SimdBackend(2);
    engines.push(one, two);
    for (const [B, H] of [[128, 33], [256, 128], [3, 1]])
      for (const [variant, part] of [['cho', 'rh'], ['cho', 'h'], ['pytorch', 'h']] as const) {
        const plan = { B, H, variant, part } as const;
        const shapes = [[B, H], [B, 3 * H], [B, (variant === 'cho' ? 2 : 3) * H], [3 * H], [3 * H], [B, H], ...(variant === 'cho' && part === 'h' ? [[B, H]] : [])];
        const hs = shapes.map((s, i) => rand(s.reduce((a, b) => a * b, 1), 100 + i).map((v) => v * 8));
        const run = () => {
          const ts = hs.map((h, i) => tensor(h, shapes[i]) as Tensor);
          return [toArray(gruCellGates(ts.slice(1), plan)), toArray(gruCellGatesGrad(ts, plan))];
        };
        const want = withBackend('cpu', run);
        expect(withBackendInstance(one, run), `${variant} ${part}, B ${B}, H ${H}`).toEqual(want);
        expect(withBackendInstance(two, run), `${variant} ${part}, B ${B}, H ${H}, 2 threads`).toEqual(want);
      }
    expect(one.stats().compiles + two.stats().compiles).toBe(0);
    expect(two.engine().splitRuns).toBeGreaterThan(0);
  });
});

describe("the 'simd' backend's fused RNN activations", () => {
  it('give the same bits as the gpu.js kernels for tanh and relu, forward and backward, with NaN, ±Inf and ±0 pre-activations', async () => {
    const { rnnCellGates, rnnCellGatesGrad } = await import('../../src/ops/recurrent/rnn.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const specials = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -1e-3];
    for (const [B, H] of [[128, 33], [1024, 64], [2, 1]])
      for (const act of ['tanh', 'relu'] as const) {
        const plan = { B, H, act } as const;
        const shapes = [[B, H], [B, H], [B, H], [H], [H]];
        const hs = shapes.map((s, i) => rand(s.reduce((a, b) => a * b, 1), 120 + i).map((v, e) => (i === 1 && e % 7 === 0 ? specials[e % specials.length] : v * 8)));
        const run = () => {
          const ts = hs.map((h, i) => tensor(h, shapes[i]) as Tensor);
          return [toArray(rnnCellGates(ts.slice(1), plan)), toArray(rnnCellGatesGrad(ts, plan))];
        };
        expect(withBackendInstance(simd, run), `${act}, B ${B}, H ${H}`).toEqual(withBackend('cpu', run));
      }
    expect(simd.stats().compiles).toBe(0);
    expect(simd.engine().splitRuns).toBeGreaterThan(0);
  });
});

describe("the 'simd' backend's permutes and concats past 2^24 elements", () => {
  it('put every cell where the index formula says, for runs copied whole (≥ 16) and cell by cell', async () => {
    const { concat, permute } = await import('../support/api.js');
    const simd = new SimdBackend(1);
    engines.push(simd);
    const [B, T, F] = [128, 64, 2049]; // 16.8M cells: float32 flat indices would be wrong past 2^24
    const x = Float32Array.from({ length: B * T * F }, (_, i) => i % 8191);
    withBackendInstance(simd, () => {
      const X = tensor(x, [B, T, F]) as Tensor;
      const p = toArray(permute(X, [1, 0, 2])); // runs of F = 2049 cells
      const bad = (got: Float32Array, want: (i: number) => number) => { for (let i = 0; i < got.length; i++) if (got[i] !== want(i)) return i; return -1; };
      expect(bad(p, (i) => x[((i / F | 0) % B) * T * F + (Math.floor(i / (B * F))) * F + (i % F)])).toBe(-1);
      const q = toArray(permute(tensor(x, [B * T, F]) as Tensor, [1, 0])); // a transpose: cell by cell
      expect(bad(q, (i) => x[(i % (B * T)) * F + Math.floor(i / (B * T))])).toBe(-1);
      const y = Float32Array.from({ length: B * T * 7 }, (_, i) => -(i % 127));
      const c = toArray(concat([X, tensor(y, [B, T, 7]) as Tensor], 2));
      expect(bad(c, (i) => { const r = Math.floor(i / (F + 7)), k = i % (F + 7); return k < F ? x[r * F + k] : y[r * 7 + k - F]; })).toBe(-1);
    });
    expect(simd.stats().compiles).toBe(0);
  });
});

describe("the 'simd' backend's graph kernels (segment sums, maxima, sparse products, gathers) and broadcasts", () => {
  it('give the same bits as gpu.js cpu mode at the sizes users run (128 graphs, a segment past the 4,096-item piece, NaN / ±Inf / ±0), forward and gradients, and compile nothing', async () => {
    const { spmm, sddmm, csrFromCoo, segmentSum, segmentMean, segmentMax, gather, broadcastTo, add } = await import('../support/api.js');
    const { randomCoo, randomData, randomOffsets } = await import('../sparse/graphs.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const F = 24, N = 6000;
    // 128 graphs (some empty) plus one of 4,500 nodes: its sums and maxima run in pieces, then over the pieces
    const offsets = Int32Array.from([...randomOffsets(128, N - 4500, 51), N]), G = offsets.length - 1;
    const x = randomData(N * F, 52);
    [0, 7, 100, 5000].forEach((i, k) => { x[i * F + 3] = [NaN, Infinity, -Infinity, -0][k]; });
    x.fill(-0, 10 * F, 11 * F);
    const a = randomCoo(N, N, 40_000, 53, { longRow: { row: 9, length: 5000 }, longCol: { col: 4, length: 4500 }, repeats: 50 });
    const ids = Float32Array.from({ length: 3000 }, (_, i) => (i * 7919) % N);
    const run = () => {
      const X = tensor(x, [N, F]) as Tensor, W = tensor(randomData(G * F, 54), [G, F]) as Tensor;
      const A = csrFromCoo(N, N, a.r, a.c, a.v);
      const pooled = (v: Tensor) => [segmentSum(v, offsets), segmentMean(v, offsets), segmentMax(v, offsets)];
      const loss = (v: Tensor) => { const [s, m, x] = pooled(v); return sum(mul(add(add(s, m), x), W)); };
      const dx = grad(loss)(X);
      // second order through the max: the gradient of ⟨∇loss, X⟩
      const ddx = grad((v: Tensor) => sum(mul(grad(loss)(v), X)))(X);
      const y = spmm(A, X);
      const dA = grad((vals: Tensor) => sum(mul(spmm({ ...A, values: vals }, X), X)))(A.values);
      const dX = grad((v: Tensor) => sum(mul(spmm(A, v), X)))(X);
      const rows = gather(X, tensor(ids, [ids.length]) as Tensor);
      const dG = grad((v: Tensor) => sum(mul(gather(v, tensor(ids, [ids.length]) as Tensor), rows)))(X);
      const b = broadcastTo(tensor(randomData(F, 55), [1, F]) as Tensor, [N, F]);
      // broadcasts at a batch-128 size: a per-channel value over the middle axis, a column, a scalar
      const perChannel = broadcastTo(tensor(randomData(16, 56), [1, 16, 1, 1]) as Tensor, [128, 16, 28, 28]);
      const column = broadcastTo(tensor(randomData(128, 57), [128, 1]) as Tensor, [128, 4096]);
      const scalar = broadcastTo(tensor([-0], []) as Tensor, [128, 300]);
      return [...pooled(X), dx, ddx, y, dA, dX, sddmm(A, X, X), rows, dG, b, perChannel, column, scalar].map(toArray);
    };
    const got = withBackendInstance(simd, run), want = withBackend('cpu', run);
    got.forEach((g, i) => expect(g, `output ${i}`).toEqual(want[i]));
    expect(simd.stats().compiles).toBe(0);
  });

  it('give the same bits when one process runs them at several row widths in turn (64, 1, 130, 24: the reused accumulators grow and shrink)', async () => {
    const { spmm, csrFromCoo, segmentSum, segmentMax, gather } = await import('../support/api.js');
    const { randomCoo, randomData, randomOffsets } = await import('../sparse/graphs.js');
    const simd = new SimdBackend(2);
    engines.push(simd);
    const N = 3000;
    // 128 graphs plus one of 1,000 nodes (a segment of many 32-item groups); 30,000 nonzeros with a long row
    const offsets = Int32Array.from([...randomOffsets(128, N - 1000, 61), N]);
    const a = randomCoo(N, N, 30_000, 62, { longRow: { row: 5, length: 2000 }, repeats: 20 });
    const ids = Float32Array.from({ length: 5000 }, (_, i) => (i * 7919) % N); // repeated rows: scatter-add sums them
    const run = (F: number) => () => {
      const X = tensor(randomData(N * F, 63 + F), [N, F]) as Tensor;
      const A = csrFromCoo(N, N, a.r, a.c, a.v);
      const idx = tensor(ids, [ids.length]) as Tensor;
      const dG = grad((v: Tensor) => sum(mul(gather(v, idx), gather(X, idx))))(X);
      return [segmentSum(X, offsets), segmentMax(X, offsets), spmm(A, X), dG].map(toArray);
    };
    for (const F of [64, 1, 130, 24]) {
      const got = withBackendInstance(simd, run(F)), want = withBackend('cpu', run(F));
      got.forEach((g, i) => expect(g, `row ${F}, output ${i}`).toEqual(want[i]));
    }
    expect(simd.stats().compiles).toBe(0);
  });
});
