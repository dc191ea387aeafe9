// Recurrent layers: a cell scanned over time (BPTT is the gradient through `scan`), stacked and
// optionally bidirectional. Input batch-first [B, T, I]; output [B, T, H·dirs] or the last
// hidden state [B, H·dirs].
import { concat, reshape } from '../ops/index.js';
import { broadcastTo } from '../ops/elementwise.js';
import { split, type Key } from '../random/key.js';
import { uniformData } from '../random/sample.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions, describe, show } from '../shape/options.js';
import { checkParamSize, checkSize } from './args.js';
import { checkTensor } from '../ops/launch.js';
import { checkShape } from '../shape/shape.js';
import { fromHost, zeros } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { gruCell, lstmCell, rnnCell, type GruVariant, type LstmParams, type RnnParams } from './cells.js';
import type { Layer, Params } from './layer.js';
import { scan } from './scan.js';


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
}

const GATES: Record<CellKind, number> = { rnn: 1, lstm: 4, gru: 3 };

/** U(−1/√H, 1/√H), PyTorch's initialisation for recurrent weights and biases. */
const uniform = (k: Key, shape: number[], H: number) => fromHost(uniformData(k, shape.reduce((a, b) => a * b, 1), -1 / Math.sqrt(H), 1 / Math.sqrt(H)), shape);

const initDirection = (k: Key, o: RecurrentOptions, inSize: number): Params => {
  const H = o.hiddenSize, G = GATES[o.cell];
  const ks = split(k, 8);
  const p: Record<string, Tensor> = {
    weightIh: uniform(ks[0], [G * H, inSize], H), weightHh: uniform(ks[1], [G * H, H], H),
    biasIh: uniform(ks[2], [G * H], H), biasHh: uniform(ks[3], [G * H], H),
  };
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
  return p;
};

type Carry = { h: Tensor; c?: Tensor };

const runDirection = (o: RecurrentOptions, p: Params, x: Tensor, reverse: boolean): { ys: Tensor; last: Tensor } => {
  const [B] = x.shape, H = o.hiddenSize;
  const h0 = p.h0 ? broadcastTo(reshape(p.h0 as Tensor, [1, H]), [B, H]) : zeros([B, H]);
  const init: Carry = o.cell === 'lstm' ? { h: h0, c: p.c0 ? broadcastTo(reshape(p.c0 as Tensor, [1, H]), [B, H]) : zeros([B, H]) } : { h: h0 };
  const step = (s: Carry, xt: Tensor): { carry: Carry; y: Tensor } => {
    if (o.cell === 'lstm') { const r = lstmCell(p as unknown as LstmParams, s as { h: Tensor; c: Tensor }, xt); return { carry: r, y: r.h }; }
    const h = o.cell === 'gru' ? gruCell(p as unknown as RnnParams, s.h, xt, { variant: o.variant ?? 'cho' }) : rnnCell(p as unknown as RnnParams, s.h, xt, { nonlinearity: o.nonlinearity ?? 'tanh' });
    return { carry: { h }, y: h };
  };
  const r = scan(step, init, x, { reverse, ...(o.truncate ? { truncate: o.truncate } : {}) });
  return { ys: r.ys, last: r.carry.h };
};

/** A recurrent layer (see RecurrentOptions). Parameters: `<layer>.forward.*` (and `.backward.*`). */
const layerKeys = ['layers', 'bidirectional', 'returnSequences', 'forgetBias', 'chrono', 'peephole', 'variant', 'nonlinearity', 'learnInitialState', 'truncate'] as const;
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
  for (const k of ['bidirectional', 'returnSequences', 'learnInitialState'] as const) checkBoolean(o.cell, k, o[k]);
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

export const recurrent = (o: RecurrentOptions): Layer<[number, number], number[]> => {
  checkRecurrentOptions('recurrent', o);
  const layers = o.layers ?? 1, dirs = o.bidirectional ? 2 : 1;
  if (!Number.isInteger(layers) || layers < 1) throw new OptionError(o.cell, `layers must be a positive integer, got ${layers}`);
  if (o.chrono !== undefined && (o.cell !== 'lstm' || !(Number.isFinite(o.chrono) && o.chrono > 2)))
    throw new OptionError(o.cell, `chrono initialisation needs an LSTM and a horizon > 2, got ${o.chrono}`);
  const names = dirs === 2 ? ['forward', 'backward'] : ['forward'];
  return {
    kind: o.cell,
    init: (k, s) => {
      checkShape(o.cell, s);
      if (s.length !== 2 || s[1] !== o.inputSize) throw new ShapeError(o.cell, 'input', s, `must be [T, ${o.inputSize}] per example (batch-first sequences)`);
      const ks = split(k, layers * dirs);
      const params: Record<string, Params> = {};
      for (let l = 0; l < layers; l++)
        params[String(l)] = Object.fromEntries(names.map((n, d) => [n, initDirection(ks[l * dirs + d], o, l === 0 ? o.inputSize : o.hiddenSize * dirs)]));
      const outputShape = o.returnSequences === false ? [o.hiddenSize * dirs] : [s[0], o.hiddenSize * dirs];
      return { params, state: {}, outputShape };
    },
    apply: (p, st, x) => {
      checkTensor(o.cell, 'x', x);
      if (x.rank !== 3 || x.shape[2] !== o.inputSize) throw new ShapeError(o.cell, 'x', x.shape, `must be [B, T, ${o.inputSize}] (batch-first sequences)`);
      let input = x, lasts: Tensor[] = [];
      for (let l = 0; l < layers; l++) {
        const lp = p[String(l)] as Record<string, Params>;
        const rs = names.map((n) => runDirection(o, lp[n], input, n === 'backward'));
        input = dirs === 2 ? concat(rs.map((r) => r.ys), 2) : rs[0].ys;
        lasts = rs.map((r) => r.last);
      }
      const y = o.returnSequences === false ? (dirs === 2 ? concat(lasts, 1) : lasts[0]) : input;
      return { y, state: st };
    },
  };
};

type CellLayerOptions = Omit<RecurrentOptions, 'cell' | 'inputSize' | 'hiddenSize'>;
const cellLayer = (cell: CellKind) => (inputSize: number, hiddenSize: number, o: CellLayerOptions = {}) => {
  checkSize(cell, 'inputSize', inputSize);
  checkSize(cell, 'hiddenSize', hiddenSize);
  checkOptions(cell, o, layerKeys);
  return recurrent({ ...o, cell, inputSize, hiddenSize });
};
export const lstm = cellLayer('lstm');
export const gru = cellLayer('gru');
export const rnn = cellLayer('rnn');

