// The fused gates of the LSTM cell (ops/recurrent/lstm.ts, no peepholes, both states out) and of
// the GRU cell (ops/recurrent/gru.ts, both variants) as engine kernels: the formulas of
// kernels/recurrent.ts in the same order, in float64 lanes, each output rounded once to f32, as
// gpu.js's cpu mode evaluates them, so the same bits almost always.
import { FnBuilder, simd } from './encoder.js';
import type { CellKernel } from '../types.js';
import { f64Scratch, sigmoidF64, tanhF64, type F64Scratch } from './transcendental.js';

const { f64x2Add: ADD, f64x2Sub: SUB, f64x2Mul: MUL } = simd;

/**
 * The i32 header both kernels read (byte addresses but H and BH): H; BH = B·H; xw, hw [B, 4H];
 * bias = b_ih [4H] then b_hh [4H]; cp (the previous cell) [B, H]; g, the cotangent [2, B, H]
 * (backward only); out ([2, B, H] = c' | h' forward, [5·B·H] = dz [B, 4H] | dc_prev [B, H] backward).
 */
export const LSTM_HEADER = ['H', 'BH', 'xw', 'hw', 'bias', 'cp', 'g', 'out'] as const;

interface Cell<K extends string> {
  /** Locals of the header fields, and of this pair's byte offsets: k·4 (the cell b·H + j), j·4, and zb·4 = (b·G·H + j)·4 (its first gate in a [B, G·H] row). */
  readonly h: Readonly<Record<K | 'H', number>>;
  readonly k4: number;
  readonly z4: number;
  readonly j4: number;
  readonly s: F64Scratch;
}

/**
 * Loops over rows b0 ≤ b < b1 and column pairs j, calling `body(lanes)` with the offsets set (an
 * odd H ends with one lane). The header's fields are i32s in `header` order, H first; G is the
 * number of gates in a row of the z4 operand.
 */
const cells = <K extends string>(name: string, header: readonly K[], G: number, body: (f: FnBuilder, c: Cell<K>, lanes: 1 | 2) => void): FnBuilder => {
  const f = new FnBuilder(name, ['i32', 'i32', 'i32']);
  const [params, b0, b1] = [0, 1, 2];
  const fields = new Map<string, number>();
  header.forEach((k, i) => { const l = f.local('i32'); f.get(params).i32Load(4 * i).set(l); fields.set(k, l); });
  const field = (k: string): number => {
    const l = fields.get(k);
    if (l === undefined) throw new Error(`nn-ts simd engine: kernel ${name} has no header field ${k}`);
    return l;
  };
  const h = Object.fromEntries(['H', ...header].map((k) => [k, field(k)])) as Record<K | 'H', number>;
  const s = f64Scratch(f);
  const b = f.local('i32'), j = f.local('i32'), pairs = f.local('i32');
  const c: Cell<K> = { h, k4: f.local('i32'), z4: f.local('i32'), j4: f.local('i32'), s };
  f.get(h.H).i32(-2).op(0x71).set(pairs); // H rounded down to even (i32.and)
  const at = () => {
    f.get(j).i32(4).mul().set(c.j4);
    f.get(b).get(h.H).mul().get(j).add().i32(4).mul().set(c.k4);
    f.get(b).get(h.H).i32(G).mul().mul().get(j).add().i32(4).mul().set(c.z4);
  };
  f.forRange(b, () => f.get(b0), () => f.get(b1), 1, () => {
    f.forRange(j, () => f.i32(0), () => f.get(pairs), 2, () => { at(); body(f, c, 2); });
    f.ifThen(() => { f.get(pairs).get(h.H).ltS(); }, () => { f.get(pairs).set(j); at(); body(f, c, 1); });
  });
  return f;
};

/** Pushes the f64x2 pre-activation of gate `g` (0 i, 1 f, 2 g, 3 o): ((xw + hw) + b_ih) + b_hh. */
type LstmCell = Cell<(typeof LSTM_HEADER)[number]>;

const pre = (f: FnBuilder, c: LstmCell, g: number): void => {
  const { h, z4, j4 } = c;
  const gH4 = () => { f.get(h.H).i32(4 * g).mul(); };
  f.get(h.xw).get(z4).add(); gH4(); f.add().loadF32Pair();
  f.get(h.hw).get(z4).add(); gH4(); f.add().loadF32Pair().simd(ADD);
  f.get(h.bias).get(j4).add(); gH4(); f.add().loadF32Pair().simd(ADD);
  f.get(h.bias).get(j4).add(); gH4(); f.add().get(h.H).i32(16).mul().add().loadF32Pair().simd(ADD);
};

/** The activations of the pair: gi, gf, gg, go, cpk, c (f64, unrounded), tc = tanh(c). */
const gates = (f: FnBuilder, c: LstmCell) => {
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

/** `lstm(params, b0, b1)`: out = c' | h' for rows b0 ≤ b < b1 (header: LSTM_HEADER). */
export const lstmGatesKernel = (): FnBuilder =>
  cells('lstm', LSTM_HEADER, 4, (f, c, lanes) => {
    const r = gates(f, c);
    f.get(c.h.out).get(c.k4).add().get(r.c).storeF32Pair(lanes);
    f.get(c.h.out).get(c.k4).add().get(c.h.BH).i32(4).mul().add().get(r.go).get(r.tc).simd(MUL).storeF32Pair(lanes);
  });

/** `lstm_grad(params, b0, b1)`: out = dz [B, 4H] | dc_prev [B, H] for rows b0 ≤ b < b1. */
export const lstmGatesGradKernel = (): FnBuilder =>
  cells('lstm_grad', LSTM_HEADER, 4, (f, c, lanes) => {
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

// ---------------------------------------------------------------------------------------------
// GRU, gates (r, z, n)

/**
 * The i32 header of the GRU kernels (byte addresses but H and BH): xw [B, 3H]; hw [B, 2H] ('cho')
 * or [B, 3H] ('pytorch'); bias = b_ih [3H] then b_hh [3H]; h [B, H]; rhw = (r⊙h)·W_hnᵀ [B, H]
 * ('cho' part 'h'); g [B, H] (backward); out [B, H] forward, [7·B·H] = dxw | dhwFull | dh backward.
 */
export const GRU_HEADER = ['H', 'BH', 'xw', 'hw', 'bias', 'h', 'rhw', 'g', 'out'] as const;
/** Which launch: part 'rh' of 'cho' (r⊙h), part 'h' of 'cho', or 'pytorch' (part 'h'). */
export type GruKernelKind = 'rh' | 'cho' | 'pytorch';
type GruCell = Cell<(typeof GRU_HEADER)[number]>;

/** The activations a GRU launch needs: r and hk always, z, hn, n but for 'rh'. */
const gruGatesOf = (f: FnBuilder, c: GruCell, kind: GruKernelKind) => {
  const { h, k4, z4, j4, s } = c;
  const v = () => f.local('v128');
  const r = { hk: v(), r: v(), z: v(), hn: v(), n: v(), t: v(), hw4: f.local('i32') };
  const H4 = () => { f.get(h.H).i32(4).mul(); };
  /** Pushes address base + offset + g·H·4. */
  const at = (base: number, off: number, g: number, extra = 0) => {
    f.get(base).get(off).add();
    if (g > 0) { f.get(h.H).i32(4 * g).mul(); f.add(); }
    if (extra > 0) { f.get(h.H).i32(4 * extra).mul(); f.add(); }
  };
  // hw's row has 2H ('cho') or 3H cells: its offset is (b·Gh·H + j)·4 = Gh·(k4 − j4) + j4
  f.get(k4).get(j4).sub().i32(kind === 'pytorch' ? 3 : 2).mul().get(j4).add().set(r.hw4);
  f.get(h.h).get(k4).add().loadF32Pair().set(r.hk);
  const preGate = (g: number) => {
    at(h.xw, z4, g); f.loadF32Pair();
    at(h.hw, r.hw4, g); f.loadF32Pair().simd(ADD);
    at(h.bias, j4, g); f.loadF32Pair().simd(ADD);
    at(h.bias, j4, g, 3); f.loadF32Pair().simd(ADD);
  };
  preGate(0); f.set(r.t); sigmoidF64(f, r.t, s); f.set(r.r);
  if (kind === 'rh') return r;
  preGate(1); f.set(r.t); sigmoidF64(f, r.t, s); f.set(r.z);
  // hn = rhw + b_hn ('cho') or hw_n + b_hn ('pytorch'); zn = (xw_n + b_in) + (hn or r·hn)
  if (kind === 'cho') f.get(h.rhw).get(k4).add().loadF32Pair();
  else { at(h.hw, r.hw4, 2); f.loadF32Pair(); }
  at(h.bias, j4, 2, 3); f.loadF32Pair().simd(ADD).set(r.hn);
  at(h.xw, z4, 2); f.loadF32Pair();
  at(h.bias, j4, 2); f.loadF32Pair().simd(ADD);
  if (kind === 'cho') f.get(r.hn); else f.get(r.r).get(r.hn).simd(MUL);
  f.simd(ADD).set(r.t);
  tanhF64(f, r.t, s); f.set(r.n);
  return r;
};

/** `gru_<kind>(params, b0, b1)`: out [B, H] = r⊙h ('rh') or h' for rows b0 ≤ b < b1 (header: GRU_HEADER). */
export const gruGatesKernel = (kind: GruKernelKind): FnBuilder =>
  cells(`gru_${kind}`, GRU_HEADER, 3, (f, c, lanes) => {
    const r = gruGatesOf(f, c, kind);
    const one = c.s.k(1);
    f.get(c.h.out).get(c.k4).add();
    if (kind === 'rh') f.get(r.r).get(r.hk).simd(MUL);
    // 'cho': (1 − z)·h + z·n;  'pytorch': (1 − z)·n + z·h
    else f.get(one).get(r.z).simd(SUB).get(kind === 'cho' ? r.hk : r.n).simd(MUL).get(r.z).get(kind === 'cho' ? r.n : r.hk).simd(MUL).simd(ADD);
    f.storeF32Pair(lanes);
  });

/** `gru_<kind>_grad(params, b0, b1)`: out = dxw [B, 3H] | dhwFull [B, 3H] | dh [B, H] for rows b0 ≤ b < b1. */
export const gruGatesGradKernel = (kind: GruKernelKind): FnBuilder =>
  cells(`gru_${kind}_grad`, GRU_HEADER, 3, (f, c, lanes) => {
    const r = gruGatesOf(f, c, kind);
    const { h, k4, z4 } = c;
    const one = c.s.k(1), zero = c.s.k(0);
    const gk = f.local('v128'), dr = f.local('v128'), dz = f.local('v128'), dn = f.local('v128');
    f.get(h.g).get(k4).add().loadF32Pair().set(gk);
    /** Stores the f64x2 `value` (a local) at gate g of dxw (part 0) or dhwFull (part 1). */
    const put = (part: 0 | 1, g: number, value: number) => {
      f.get(h.out).get(z4).add();
      if (part === 1) { f.get(h.BH).i32(12).mul(); f.add(); }
      if (g > 0) { f.get(h.H).i32(4 * g).mul(); f.add(); }
      f.get(value).storeF32Pair(lanes);
    };
    let dhn = dn;
    if (kind === 'rh') {
      // dr = gk·hk·r·(1 − r); dh (direct) = gk·r
      f.get(gk).get(r.hk).simd(MUL).get(r.r).simd(MUL).get(one).get(r.r).simd(SUB).simd(MUL).set(dr);
      f.get(zero).set(dz).get(zero).set(dn);
    } else if (kind === 'cho') {
      // dz = gk·(n − hk)·z·(1 − z); dn = gk·z·(1 − n·n); dh = gk·(1 − z)
      f.get(gk).get(r.n).get(r.hk).simd(SUB).simd(MUL).get(r.z).simd(MUL).get(one).get(r.z).simd(SUB).simd(MUL).set(dz);
      f.get(gk).get(r.z).simd(MUL).get(one).get(r.n).get(r.n).simd(MUL).simd(SUB).simd(MUL).set(dn);
      f.get(zero).set(dr);
    } else {
      // dz = gk·(hk − n)·z·(1 − z); dn = gk·(1 − z)·(1 − n·n); dr = dn·hn·r·(1 − r); dhn = dn·r; dh = gk·z
      f.get(gk).get(r.hk).get(r.n).simd(SUB).simd(MUL).get(r.z).simd(MUL).get(one).get(r.z).simd(SUB).simd(MUL).set(dz);
      f.get(gk).get(one).get(r.z).simd(SUB).simd(MUL).get(one).get(r.n).get(r.n).simd(MUL).simd(SUB).simd(MUL).set(dn);
      f.get(dn).get(r.hn).simd(MUL).get(r.r).simd(MUL).get(one).get(r.r).simd(SUB).simd(MUL).set(dr);
      dhn = f.local('v128');
      f.get(dn).get(r.r).simd(MUL).set(dhn);
    }
    put(0, 0, dr); put(0, 1, dz); put(0, 2, dn);
    put(1, 0, dr); put(1, 1, dz); put(1, 2, dhn);
    f.get(h.out).get(h.BH).i32(24).mul().add().get(k4).add();
    if (kind === 'rh') f.get(gk).get(r.r).simd(MUL);
    else if (kind === 'cho') f.get(gk).get(one).get(r.z).simd(SUB).simd(MUL);
    else f.get(gk).get(r.z).simd(MUL);
    f.storeF32Pair(lanes);
  });

// ---------------------------------------------------------------------------------------------
// Plain RNN: h' = act(xw + hw + b_ih + b_hh)

/** The i32 header of the RNN kernels: xw, hw [B, H]; bias = b_ih [H] then b_hh [H]; g [B, H] (backward); out [B, H]. */
export const RNN_HEADER = ['H', 'BH', 'xw', 'hw', 'bias', 'g', 'out'] as const;
export type RnnKernelAct = 'tanh' | 'relu';

/** `rnn_<act>[_grad](params, b0, b1)`: out = act(a) or its cotangent g·act′(a), a = ((xw + hw) + b_ih) + b_hh. */
export const rnnKernel = (act: RnnKernelAct, dir: 'forward' | 'backward'): FnBuilder =>
  cells(`rnn_${act}${dir === 'forward' ? '' : '_grad'}`, RNN_HEADER, 1, (f, c, lanes) => {
    const { h, k4, j4, s } = c;
    const a = f.local('v128'), y = f.local('v128'), g = f.local('v128');
    const one = s.k(1), zero = s.k(0);
    f.get(h.xw).get(k4).add().loadF32Pair();
    f.get(h.hw).get(k4).add().loadF32Pair().simd(ADD);
    f.get(h.bias).get(j4).add().loadF32Pair().simd(ADD);
    f.get(h.bias).get(j4).add().get(h.H).i32(4).mul().add().loadF32Pair().simd(ADD).set(a);
    if (dir === 'backward') f.get(h.g).get(k4).add().loadF32Pair().set(g);
    f.get(h.out).get(k4).add();
    if (act === 'tanh') {
      tanhF64(f, a, s);
      if (dir === 'backward') f.set(y).get(g).get(one).get(y).get(y).simd(MUL).simd(SUB).simd(MUL); // g·(1 − y·y)
    } else {
      // forward a > 0 ? a : (a ≤ 0 ? 0 : a + a); backward the same with g for a (NaN stays NaN)
      f.get(dir === 'forward' ? a : g).get(zero).get(a).get(zero).simd(simd.f64x2Gt).simd(simd.bitselect);
      f.get(a).get(a).simd(ADD).get(a).get(a).simd(simd.f64x2Eq).simd(simd.bitselect);
    }
    f.storeF32Pair(lanes);
  });

// ---------------------------------------------------------------------------------------------
// The cells by name, for the engine

/** A fused cell kernel: its header, the names of its inputs after xw, hw, b_ih, b_hh, and its transcendental functions per cell (thread split). */
interface CellSpec { readonly header: readonly string[]; readonly rest: readonly string[]; readonly transcendentals: number; readonly make: (dir: 'forward' | 'backward') => FnBuilder }

export const CELL_KERNELS: Readonly<Record<CellKernel, CellSpec>> = {
  lstm: { header: LSTM_HEADER, rest: ['cp'], transcendentals: 5, make: (d) => (d === 'forward' ? lstmGatesKernel() : lstmGatesGradKernel()) },
  gru_rh: { header: GRU_HEADER, rest: ['h'], transcendentals: 1, make: (d) => (d === 'forward' ? gruGatesKernel('rh') : gruGatesGradKernel('rh')) },
  gru_cho: { header: GRU_HEADER, rest: ['h', 'rhw'], transcendentals: 3, make: (d) => (d === 'forward' ? gruGatesKernel('cho') : gruGatesGradKernel('cho')) },
  gru_pytorch: { header: GRU_HEADER, rest: ['h'], transcendentals: 3, make: (d) => (d === 'forward' ? gruGatesKernel('pytorch') : gruGatesGradKernel('pytorch')) },
  rnn_tanh: { header: RNN_HEADER, rest: [], transcendentals: 1, make: (d) => rnnKernel('tanh', d) },
  rnn_relu: { header: RNN_HEADER, rest: [], transcendentals: 0, make: (d) => rnnKernel('relu', d) },
};
/** The export name of a cell kernel (what `make` names it). */
export const cellKernelName = (cell: CellKernel, dir: 'forward' | 'backward'): string => (dir === 'forward' ? cell : `${cell}_grad`);
