// The LSTM cell's fused gates (ops/recurrent/lstm.ts, no peepholes, both states out) as engine
// kernels: the formulas of kernels/recurrent.ts in the same order, in float64 lanes, each output
// rounded once to f32, as gpu.js's cpu mode evaluates them, so the same bits almost always.
import { FnBuilder, simd } from './encoder.js';
import { f64Scratch, sigmoidF64, tanhF64, type F64Scratch } from './transcendental.js';

const { f64x2Add: ADD, f64x2Sub: SUB, f64x2Mul: MUL } = simd;

/**
 * The i32 header both kernels read (byte addresses but H and BH): H; BH = B·H; xw, hw [B, 4H];
 * bias = b_ih [4H] then b_hh [4H]; cp (the previous cell) [B, H]; g, the cotangent [2, B, H]
 * (backward only); out ([2, B, H] = c' | h' forward, [5·B·H] = dz [B, 4H] | dc_prev [B, H] backward).
 */
export const LSTM_HEADER = ['H', 'BH', 'xw', 'hw', 'bias', 'cp', 'g', 'out'] as const;

interface Cell {
  /** Locals of the header fields, and of this pair's byte offsets: k·4 (the cell) and zb·4 (its gate i). */
  readonly h: Readonly<Record<(typeof LSTM_HEADER)[number], number>>;
  readonly k4: number;
  readonly z4: number;
  readonly j4: number;
  readonly s: F64Scratch;
}

/** Loops over rows b0 ≤ b < b1 and column pairs j, calling `body(lanes)` with the offsets set (an odd H ends with one lane). */
const cells = (name: string, body: (f: FnBuilder, c: Cell, lanes: 1 | 2) => void): FnBuilder => {
  const f = new FnBuilder(name, ['i32', 'i32', 'i32']);
  const [params, b0, b1] = [0, 1, 2];
  const h = Object.fromEntries(LSTM_HEADER.map((k, i) => {
    const l = f.local('i32');
    f.get(params).i32Load(4 * i).set(l);
    return [k, l];
  })) as Cell['h'];
  const s = f64Scratch(f);
  const b = f.local('i32'), j = f.local('i32'), pairs = f.local('i32');
  const c: Cell = { h, k4: f.local('i32'), z4: f.local('i32'), j4: f.local('i32'), s };
  f.get(h.H).i32(-2).op(0x71).set(pairs); // H rounded down to even (i32.and)
  const at = () => {
    f.get(j).i32(4).mul().set(c.j4);
    f.get(b).get(h.H).mul().get(j).add().i32(4).mul().set(c.k4);
    f.get(b).get(h.H).i32(4).mul().mul().get(j).add().i32(4).mul().set(c.z4);
  };
  f.forRange(b, () => f.get(b0), () => f.get(b1), 1, () => {
    f.forRange(j, () => f.i32(0), () => f.get(pairs), 2, () => { at(); body(f, c, 2); });
    f.ifThen(() => { f.get(pairs).get(h.H).ltS(); }, () => { f.get(pairs).set(j); at(); body(f, c, 1); });
  });
  return f;
};

/** Pushes the f64x2 pre-activation of gate `g` (0 i, 1 f, 2 g, 3 o): ((xw + hw) + b_ih) + b_hh. */
const pre = (f: FnBuilder, c: Cell, g: number): void => {
  const { h, z4, j4 } = c;
  const gH4 = () => { f.get(h.H).i32(4 * g).mul(); };
  f.get(h.xw).get(z4).add(); gH4(); f.add().loadF32Pair();
  f.get(h.hw).get(z4).add(); gH4(); f.add().loadF32Pair().simd(ADD);
  f.get(h.bias).get(j4).add(); gH4(); f.add().loadF32Pair().simd(ADD);
  f.get(h.bias).get(j4).add(); gH4(); f.add().get(h.H).i32(16).mul().add().loadF32Pair().simd(ADD);
};

/** The activations of the pair: gi, gf, gg, go, cpk, c (f64, unrounded), tc = tanh(c). */
const gates = (f: FnBuilder, c: Cell) => {
  const v = () => f.local('v128');
  const r = { gi: v(), gf: v(), gg: v(), go: v(), cpk: v(), c: v(), tc: v(), z: v() };
  const act = (g: number, into: number, fn: typeof sigmoidF64) => { pre(f, c, g); f.set(r.z); fn(f, r.z, c.s); f.set(into); };
  act(0, r.gi, sigmoidF64);
  act(1, r.gf, sigmoidF64);
  act(2, r.gg, tanhF64);
  f.get(c.h.cp).get(c.k4).add().loadF32Pair().set(r.cpk);
  f.get(r.gf).get(r.cpk).simd(MUL).get(r.gi).get(r.gg).simd(MUL).simd(ADD).set(r.c);
  act(3, r.go, sigmoidF64);
  tanhF64(f, r.c, c.s); f.set(r.tc);
  return r;
};

/** `lstm_gates(params, b0, b1)`: out = c' | h' for rows b0 ≤ b < b1 (header: LSTM_HEADER). */
export const lstmGatesKernel = (): FnBuilder =>
  cells('lstm_gates', (f, c, lanes) => {
    const r = gates(f, c);
    f.get(c.h.out).get(c.k4).add().get(r.c).storeF32Pair(lanes);
    f.get(c.h.out).get(c.k4).add().get(c.h.BH).i32(4).mul().add().get(r.go).get(r.tc).simd(MUL).storeF32Pair(lanes);
  });

/** `lstm_gates_grad(params, b0, b1)`: out = dz [B, 4H] | dc_prev [B, H] for rows b0 ≤ b < b1. */
export const lstmGatesGradKernel = (): FnBuilder =>
  cells('lstm_gates_grad', (f, c, lanes) => {
    const r = gates(f, c);
    const dh = f.local('v128'), dct = f.local('v128'), one = c.s.k(1);
    const { h, k4, z4 } = c;
    const dz = (g: number) => { f.get(h.out).get(z4).add().get(h.H).i32(4 * g).mul().add(); };
    // dh = g[k + BH]; dzo = dh·tc·go·(1 − go); dct = g[k] + dh·go·(1 − tc·tc)
    f.get(h.g).get(k4).add().get(h.BH).i32(4).mul().add().loadF32Pair().set(dh);
    f.get(h.g).get(k4).add().loadF32Pair().get(dh).get(r.go).simd(MUL).get(one).get(r.tc).get(r.tc).simd(MUL).simd(SUB).simd(MUL).simd(ADD).set(dct);
    dz(3); f.get(dh).get(r.tc).simd(MUL).get(r.go).simd(MUL).get(one).get(r.go).simd(SUB).simd(MUL).storeF32Pair(lanes);
    // dzi = dct·gg·gi·(1 − gi); dzf = dct·cpk·gf·(1 − gf); dzg = dct·gi·(1 − gg·gg); dc_prev = dct·gf
    dz(0); f.get(dct).get(r.gg).simd(MUL).get(r.gi).simd(MUL).get(one).get(r.gi).simd(SUB).simd(MUL).storeF32Pair(lanes);
    dz(1); f.get(dct).get(r.cpk).simd(MUL).get(r.gf).simd(MUL).get(one).get(r.gf).simd(SUB).simd(MUL).storeF32Pair(lanes);
    dz(2); f.get(dct).get(r.gi).simd(MUL).get(one).get(r.gg).get(r.gg).simd(MUL).simd(SUB).simd(MUL).storeF32Pair(lanes);
    f.get(h.out).get(h.BH).i32(16).mul().add().get(k4).add().get(dct).get(r.gf).simd(MUL).storeF32Pair(lanes);
  });
