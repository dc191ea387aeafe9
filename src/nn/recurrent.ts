// Recurrent layers: a cell scanned over time (BPTT is the gradient through `scan`), stacked and
// optionally bidirectional. Input batch-first [B, T, I]; output [B, T, H·dirs] or the last
// hidden state [B, H·dirs].
import { concat, reshape } from '../ops/index.js';
import { broadcastTo } from '../ops/elementwise.js';
import { split, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';
import { checkParamSize, checkSize } from './args.js';
import { checkTensor } from '../ops/launch.js';
import { checkShape } from '../shape/shape.js';
import { fromHost, zeros } from '../tensor/create.js';
import { Tensor } from '../tensor/tensor.js';
import { gruCell, rnnCell, type GruVariant, type LstmCellParams, type LstmState } from './cells.js';
import { lstmCellProjected } from '../ops/recurrent/lstm.js';
import { matmul } from '../ops/matmul.js';
import type { Empty, Layer } from './layer.js';
import { scan } from './scan.js';
import { isShapeSpec, specEntry } from './spec.js';


export type CellKind = 'rnn' | 'lstm' | 'gru';

export interface RecurrentOptions {
  readonly cell: CellKind;
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** Stacked layers (default 1). */
  readonly layers?: number;
  readonly bidirectional?: boolean;
  /** Output every step [B, T, H·dirs] (default) or only the final hidden state [B, H·dirs]. */
  readonly returnSequences?: boolean;
  /** LSTM: initial value of the forget-gate biases (default 0; 1 is a common choice). */
  readonly forgetBias?: number;
  /**
   * LSTM chrono initialisation (Tallec & Ollivier 2018) for dependencies up to this many steps:
   * forget biases log(u), u ~ U(1, chrono − 1), and input biases their negatives, so that the
   * cell state's memory times spread over 1 … chrono steps. Overrides `forgetBias`.
   */
  readonly chrono?: number;
  /** LSTM peepholes: which gates, full [H, H] or diagonal [H] (default none). */
  readonly peephole?: { readonly gates: readonly ('i' | 'f' | 'o')[]; readonly kind?: 'full' | 'diagonal' };
  /** GRU variant (default 'cho', the lecture's). */
  readonly variant?: GruVariant;
  /** RNN nonlinearity (default tanh). */
  readonly nonlinearity?: 'tanh' | 'relu';
  /** Learn the initial state as parameters (default: zeros). */
  readonly learnInitialState?: boolean;
  /** Truncated BPTT window (default: full BPTT). */
  readonly truncate?: number;
  /**
   * Take `{ x, mask?, carry? }` and give `{ y, carry }` (default false: a tensor in, a tensor out).
   * `mask` [B, T] (1 for real steps, 0 for padding) keeps the state over padding, so the last state
   * is the one after the last real step; `carry` continues from a state an earlier call returned
   * (stateful training over consecutive windows); without it the state starts from zeros (or the
   * learned initial state). A bidirectional layer's backward carry is its state after reading the
   * window from its end to its start: passing it on is what the layer computes, though continuing
   * a backward pass into the next window is rarely what a model wants.
   */
  readonly stateful?: boolean;
}

/** One direction's parameters: the cell's (RnnCellParams; LstmCellParams for an LSTM), and the learned initial state if asked for. */
export type DirectionParams = LstmCellParams & { readonly h0?: Tensor; readonly c0?: Tensor };
/** A recurrent layer's parameters: one entry per stacked layer (`params[0].forward.weightIh`). */
export type RecurrentParams = readonly { readonly forward: DirectionParams; readonly backward?: DirectionParams }[];
/** The state a cell carries: { h } (RNN, GRU) or { h, c } (LSTM), each [B, H]. */
export type CellCarry = { readonly h: Tensor; readonly c?: Tensor };
/** The carried state of a stateful layer: per stacked layer, per direction. */
export type RecurrentCarry = readonly { readonly forward: CellCarry; readonly backward?: CellCarry }[];
/** What a stateful recurrent layer takes: sequences [B, T, I], their optional mask [B, T], and the state to continue from. */
export type RecurrentInput<I extends number = number> = { readonly x: Tensor<readonly [number, number, I]>; readonly mask?: Tensor<readonly [number, number]>; readonly carry?: RecurrentCarry };
export type RecurrentOutput = { readonly y: Tensor; readonly carry: RecurrentCarry };

const GATES: Record<CellKind, number> = { rnn: 1, lstm: 4, gru: 3 };

/** U(−1/√H, 1/√H), PyTorch's initialisation for recurrent weights and biases. */
const uniform = (k: Key, shape: number[], H: number) => fromHost(uniformData(k, shape.reduce((a, b) => a * b, 1), -1 / Math.sqrt(H), 1 / Math.sqrt(H)), shape);

const initDirection = (k: Key, o: RecurrentOptions, inSize: number): DirectionParams => {
  const H = o.hiddenSize, G = GATES[o.cell];
  const ks = split(k, 8);
  const p: Record<string, Tensor> = {
    weightIh: uniform(ks[0], [G * H, inSize], H), weightHh: uniform(ks[1], [G * H, H], H),
    biasIh: uniform(ks[2], [G * H], H), biasHh: uniform(ks[3], [G * H], H),
  };
  const named = (): DirectionParams => ({
    weightIh: p.weightIh, weightHh: p.weightHh, biasIh: p.biasIh, biasHh: p.biasHh,
    ...Object.fromEntries(['peepholeI', 'peepholeF', 'peepholeO', 'h0', 'c0'].filter((n) => p[n]).map((n) => [n, p[n]])),
  });
  if (o.cell === 'lstm' && (o.forgetBias !== undefined || o.chrono !== undefined)) {
    // b_ih + b_hh on the forget slice equals forgetBias (or the chrono values, input slice their negatives)
    const bi = new Float32Array(G * H), bh = new Float32Array(G * H);
    bi.set(uniformData(ks[2], G * H, -1 / Math.sqrt(H), 1 / Math.sqrt(H)));
    bh.set(uniformData(ks[3], G * H, -1 / Math.sqrt(H), 1 / Math.sqrt(H)));
    const chrono = o.chrono !== undefined ? uniformData(ks[7], H, 1, o.chrono - 1) : undefined;
    for (let j = 0; j < H; j++) {
      const bf = chrono ? Math.log(chrono[j]) : o.forgetBias!;
      bi[H + j] = bf; bh[H + j] = 0;
      if (chrono) { bi[j] = -bf; bh[j] = 0; }
    }
    p.biasIh = fromHost(bi, [G * H]);
    p.biasHh = fromHost(bh, [G * H]);
  }
  if (o.cell === 'lstm' && o.peephole) {
    const full = (o.peephole.kind ?? 'diagonal') === 'full';
    o.peephole.gates.forEach((g, i) => { p[`peephole${g.toUpperCase()}`] = uniform(ks[4 + i], full ? [H, H] : [H], H); });
  }
  if (o.learnInitialState) {
    p.h0 = zeros([H]);
    if (o.cell === 'lstm') p.c0 = zeros([H]);
  }
  return named();
};

const lstmState = (s: CellCarry): LstmState => {
  if (!s.c) throw new ArgumentError('lstm', 'carry', 'must hold c (the cell state) as well as h');
  return { h: s.h, c: s.c };
};

/** The starting state of one direction: the carried one, else the learned initial state, else zeros. */
const startState = (o: RecurrentOptions, p: DirectionParams, B: number, carried: CellCarry | undefined): CellCarry => {
  const H = o.hiddenSize;
  if (carried) return carried;
  const from = (t: Tensor | undefined) => (t ? broadcastTo(reshape(t, [1, H]), [B, H]) : zeros([B, H]));
  return o.cell === 'lstm' ? { h: from(p.h0), c: from(p.c0) } : { h: from(p.h0) };
};

const runDirection = (o: RecurrentOptions, p: DirectionParams, x: Tensor, reverse: boolean, mask: Tensor | undefined, carried: CellCarry | undefined): { ys: Tensor; carry: CellCarry } => {
  if (o.cell === 'lstm') {
    // Every step's x·W_ihᵀ in one product over [B·T, I] before the scan: the same sums as per step, one launch.
    const [B, T, I] = x.shape;
    const xw = reshape(matmul(reshape(x, [B * T, I]), p.weightIh, { transposeB: true }), [B, T, 4 * o.hiddenSize]);
    const r = scan((s: CellCarry, xwt: Tensor) => { const c = lstmCellProjected(p, lstmState(s), xwt); return { carry: c, y: c.h }; },
      startState(o, p, B, carried), xw, { reverse, ...(o.truncate ? { truncate: o.truncate } : {}), ...(mask ? { mask } : {}) });
    return { ys: r.ys, carry: r.carry };
  }
  const step = (s: CellCarry, xt: Tensor): { carry: CellCarry; y: Tensor } => {
    const h = o.cell === 'gru' ? gruCell(p, s.h, xt, { variant: o.variant ?? 'cho' }) : rnnCell(p, s.h, xt, { nonlinearity: o.nonlinearity ?? 'tanh' });
    return { carry: { h }, y: h };
  };
  const r = scan(step, startState(o, p, x.shape[0], carried), x, { reverse, ...(o.truncate ? { truncate: o.truncate } : {}), ...(mask ? { mask } : {}) });
  return { ys: r.ys, carry: r.carry };
};

/** A recurrent layer (see RecurrentOptions). Parameters: `<layer>.forward.*` (and `.backward.*`). */
const layerKeys = ['layers', 'bidirectional', 'returnSequences', 'forgetBias', 'chrono', 'peephole', 'variant', 'nonlinearity', 'learnInitialState', 'truncate', 'stateful'] as const;
/** Options that only one kind of cell reads: given to another they would be ignored without a word. */
const cellOnly: readonly (readonly [keyof RecurrentOptions, CellKind])[] = [['forgetBias', 'lstm'], ['chrono', 'lstm'], ['peephole', 'lstm'], ['variant', 'gru'], ['nonlinearity', 'rnn']];

const checkRecurrentOptions = (op: string, o: RecurrentOptions): void => {
  checkOptions(op, o, ['cell', 'inputSize', 'hiddenSize', ...layerKeys]);
  if (o === undefined) throw new OptionError(op, 'needs options { cell, inputSize, hiddenSize, ... }');
  if (!(o.cell in GATES)) throw new OptionError(op, `cell must be 'rnn', 'lstm' or 'gru', got ${describe(o.cell)}`);
  checkSize(o.cell, 'inputSize', o.inputSize);
  checkSize(o.cell, 'hiddenSize', o.hiddenSize);
  checkParamSize(o.cell, [GATES[o.cell] * o.hiddenSize, Math.max(o.inputSize, 2 * o.hiddenSize)]);
  for (const [k, cell] of cellOnly)
    if (o[k] !== undefined && o.cell !== cell) throw new OptionError(o.cell, `option '${k}' applies to ${cell} layers only`);
  for (const k of ['bidirectional', 'returnSequences', 'learnInitialState', 'stateful'] as const) checkBoolean(o.cell, k, o[k]);
  const cell = o.cell;
  if (o.layers !== undefined) checkSize(cell, 'layers', o.layers);
  if (o.truncate !== undefined) checkSize(cell, 'truncate', o.truncate);
  for (const k of ['forgetBias', 'chrono'] as const)
    if (o[k] !== undefined && !(typeof o[k] === 'number' && Number.isFinite(o[k]))) throw new OptionError(cell, `${k} must be a finite number, got ${show(o[k])}`);
  if (o.variant !== undefined && o.variant !== 'cho' && o.variant !== 'pytorch') throw new OptionError(cell, `variant must be 'cho' or 'pytorch', got ${show(o.variant)}`);
  if (o.nonlinearity !== undefined && o.nonlinearity !== 'tanh' && o.nonlinearity !== 'relu') throw new OptionError(cell, `nonlinearity must be 'tanh' or 'relu', got ${show(o.nonlinearity)}`);
  const p: unknown = o.peephole;
  if (p !== undefined) {
    const ok = p !== null && typeof p === 'object' && 'gates' in p && Array.isArray(p.gates) && p.gates.every((g: unknown) => g === 'i' || g === 'f' || g === 'o')
      && (!('kind' in p) || p.kind === undefined || p.kind === 'full' || p.kind === 'diagonal');
    if (!ok) throw new OptionError(cell, `peephole must be { gates: ('i' | 'f' | 'o')[], kind?: 'full' | 'diagonal' }, got ${show(p)}`);
  }
};

/** Sequences in [B, T, I] → every step [B, T, H·dirs], or the last state [B, H·dirs] with `returnSequences: false`. */
export type SequenceLayer<I extends number = number, Y extends Tensor = Tensor> = Layer<RecurrentParams, Empty, Tensor<readonly [number, number, I]>, Y>;
/** The stateful form: `{ x, mask?, carry? }` → `{ y, carry }`. */
export type StatefulLayer<I extends number = number> = Layer<RecurrentParams, Empty, RecurrentInput<I>, RecurrentOutput>;
type Output<O> = O extends { readonly returnSequences: false } ? Tensor<readonly [number, number]> : Tensor<readonly [number, number, number]>;
type RecurrentLayerOf<I extends number, O> = O extends { readonly stateful: true } ? StatefulLayer<I> : SequenceLayer<I, Output<O>>;

/** The record a stateful layer got, its entries checked. */
const statefulInput = (cell: string, u: unknown): { x: Tensor; mask: Tensor | undefined; carry: RecurrentCarry | undefined } => {
  if (u === null || typeof u !== 'object' || u instanceof Tensor || !('x' in u))
    throw new ArgumentError(cell, 'x', `must be { x, mask?, carry? } for a stateful layer, got ${describe(u)}`);
  const entries: { readonly x?: unknown; readonly mask?: unknown; readonly carry?: unknown } = u;
  const { x, mask, carry } = entries;
  if (!(x instanceof Tensor)) throw new ArgumentError(cell, 'x.x', `must be a tensor [B, T, I], got ${describe(x)}`);
  if (mask !== undefined && !(mask instanceof Tensor)) throw new ArgumentError(cell, 'x.mask', `must be a tensor [B, T], got ${describe(mask)}`);
  return { x, mask, carry: carry === undefined ? undefined : checkCarry(cell, carry) };
};

const checkCarry = (cell: string, u: unknown): RecurrentCarry => {
  if (!Array.isArray(u)) throw new ArgumentError(cell, 'x.carry', `must be the carry an earlier call returned (one { forward, backward? } per layer), got ${describe(u)}`);
  const state = (v: unknown, where: string): CellCarry | undefined => {
    if (v === undefined) return undefined;
    if (v === null || typeof v !== 'object' || !('h' in v) || !(v.h instanceof Tensor)) throw new ArgumentError(cell, `x.carry${where}`, `must be { h${cell === 'lstm' ? ', c' : ''} } of tensors [B, H], got ${describe(v)}`);
    const c: unknown = 'c' in v ? v.c : undefined;
    return c instanceof Tensor ? { h: v.h, c } : { h: v.h };
  };
  return u.map((l: unknown, i) => {
    if (l === null || typeof l !== 'object' || !('forward' in l)) throw new ArgumentError(cell, `x.carry[${i}]`, `must be { forward, backward? }, got ${describe(l)}`);
    const forward = state(l.forward, `[${i}].forward`), backward = state('backward' in l ? l.backward : undefined, `[${i}].backward`);
    if (!forward) throw new ArgumentError(cell, `x.carry[${i}].forward`, 'is missing');
    return backward ? { forward, backward } : { forward };
  });
};

/** A recurrent layer (see RecurrentOptions). Parameters: `params[layer].forward.*` (and `.backward.*`). */
export function recurrent<const O extends RecurrentOptions>(o: O): RecurrentLayerOf<O['inputSize'], O>;
export function recurrent(o: RecurrentOptions): Layer<RecurrentParams, Empty, unknown, unknown> {
  checkRecurrentOptions('recurrent', o);
  const layers = o.layers ?? 1, dirs = o.bidirectional ? 2 : 1;
  if (!Number.isInteger(layers) || layers < 1) throw new OptionError(o.cell, `layers must be a positive integer, got ${layers}`);
  if (o.chrono !== undefined && (o.cell !== 'lstm' || !(Number.isFinite(o.chrono) && o.chrono > 2)))
    throw new OptionError(o.cell, `chrono initialisation needs an LSTM and a horizon > 2, got ${o.chrono}`);
  const stateful = o.stateful === true;
  const sequenceSpec = (s: unknown): readonly number[] => {
    const seq = stateful ? specEntry(o.cell, s, 'x') : s;
    checkShape(o.cell, seq);
    if (!isShapeSpec(seq) || seq.length !== 2 || seq[1] !== o.inputSize) throw new ShapeError(o.cell, stateful ? 'input x' : 'input', checkShape(o.cell, seq), `must be [T, ${o.inputSize}] per example (batch-first sequences)`);
    return seq;
  };
  return {
    kind: o.cell,
    init: (k, s) => {
      const seq = sequenceSpec(s);
      const ks = split(k, layers * dirs);
      const params: RecurrentParams = Array.from({ length: layers }, (_, l) => {
        const inSize = l === 0 ? o.inputSize : o.hiddenSize * dirs;
        const forward = initDirection(ks[l * dirs], o, inSize);
        return dirs === 2 ? { forward, backward: initDirection(ks[l * dirs + 1], o, inSize) } : { forward };
      });
      const y = o.returnSequences === false ? [o.hiddenSize * dirs] : [seq[0], o.hiddenSize * dirs];
      const state = o.cell === 'lstm' ? { h: [o.hiddenSize], c: [o.hiddenSize] } : { h: [o.hiddenSize] };
      const carry = Array.from({ length: layers }, () => (dirs === 2 ? { forward: state, backward: state } : { forward: state }));
      return { params, state: {}, outputShape: stateful ? { y, carry } : y };
    },
    apply: (p, st, input) => {
      const { x, mask, carry } = stateful ? statefulInput(o.cell, input) : { x: input, mask: undefined, carry: undefined };
      checkTensor(o.cell, 'x', x);
      if (x.rank !== 3 || x.shape[2] !== o.inputSize) throw new ShapeError(o.cell, 'x', x.shape, `must be [B, T, ${o.inputSize}] (batch-first sequences)`);
      if (carry && carry.length !== layers) throw new ArgumentError(o.cell, 'x.carry', `has ${carry.length} layers but the layer has ${layers}`);
      let seq = x;
      const out: { forward: CellCarry; backward?: CellCarry }[] = [];
      for (let l = 0; l < layers; l++) {
        const lp = p[l], lc = carry?.[l];
        const fw = runDirection(o, lp.forward, seq, false, mask, lc?.forward);
        if (dirs === 2) {
          if (!lp.backward) throw new ArgumentError(o.cell, 'params', `has no backward direction at layer ${l}, which a bidirectional layer needs`);
          const bw = runDirection(o, lp.backward, seq, true, mask, lc?.backward);
          seq = concat([fw.ys, bw.ys], 2);
          out.push({ forward: fw.carry, backward: bw.carry });
        } else {
          seq = fw.ys;
          out.push({ forward: fw.carry });
        }
      }
      const last = out[layers - 1];
      const y = o.returnSequences === false ? (last.backward ? concat([last.forward.h, last.backward.h], 1) : last.forward.h) : seq;
      return { y: stateful ? { y, carry: out } : y, state: st };
    },
  };
}

type CellLayerOptions = Omit<RecurrentOptions, 'cell' | 'inputSize' | 'hiddenSize'>;
const cellLayer = (cell: CellKind, inputSize: number, hiddenSize: number, o: CellLayerOptions = {}): Layer<RecurrentParams, Empty, unknown, unknown> => {
  checkSize(cell, 'inputSize', inputSize);
  checkSize(cell, 'hiddenSize', hiddenSize);
  checkOptions(cell, o, layerKeys);
  return recurrent({ ...o, cell, inputSize, hiddenSize });
};

/** An LSTM layer (see RecurrentOptions; typed by `stateful` and `returnSequences`). */
export function lstm<I extends number, const O extends CellLayerOptions = {}>(inputSize: I, hiddenSize: number, o?: O): RecurrentLayerOf<I, O>;
export function lstm(inputSize: number, hiddenSize: number, o?: CellLayerOptions): Layer<RecurrentParams, Empty, unknown, unknown> { return cellLayer('lstm', inputSize, hiddenSize, o); }
/** A GRU layer (see RecurrentOptions). */
export function gru<I extends number, const O extends CellLayerOptions = {}>(inputSize: I, hiddenSize: number, o?: O): RecurrentLayerOf<I, O>;
export function gru(inputSize: number, hiddenSize: number, o?: CellLayerOptions): Layer<RecurrentParams, Empty, unknown, unknown> { return cellLayer('gru', inputSize, hiddenSize, o); }
/** A plain (Elman) RNN layer (see RecurrentOptions). */
export function rnn<I extends number, const O extends CellLayerOptions = {}>(inputSize: I, hiddenSize: number, o?: O): RecurrentLayerOf<I, O>;
export function rnn(inputSize: number, hiddenSize: number, o?: CellLayerOptions): Layer<RecurrentParams, Empty, unknown, unknown> { return cellLayer('rnn', inputSize, hiddenSize, o); }
