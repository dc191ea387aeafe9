// Plain RNN cell: h' = act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh), the two matmuls as separate kernels
// and the rest as the fused primitive `rnnCellGates`.
import type { PrimitiveFn } from '../../autodiff/primitive.js';
import { rnnBackwardSource, rnnForwardSource, type RnnActivation } from '../../backend/gpujs/kernels/recurrent.js';
import { OptionError } from '../../shape/errors.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, relu, tanh } from '../elementwise.js';
import { matmul } from '../matmul.js';
import type { RnnCellParams } from './params.js';
import { batchSum, cellOptions, checkBH, checkCell, defineFused, tB } from './fused.js';

export type { RnnCellParams } from './params.js';

export interface RnnCellOptions {
  /** Default 'tanh'. */
  readonly nonlinearity?: RnnActivation;
  /** false: run the reference decomposition instead of the fused kernels. Default true. */
  readonly fused?: boolean;
}

interface RnnKernelPlan { readonly B: number; readonly H: number; readonly act: RnnActivation }

// ---------------------------------------------------------------------------------------------
// The fused primitive: act(xw + hw + b_ih + b_hh)

/** Reference of the fused RNN primitive: inputs xw, hw [B, H], bih, bhh [H]. */
const rnnCellGatesReference = ([xw, hw, bih, bhh]: readonly Tensor[], p: RnnKernelPlan): Tensor => {
  const a = add(add(xw, hw), add(bih, bhh));
  return p.act === 'relu' ? relu(a) : tanh(a);
};

const rnnFused = defineFused<RnnKernelPlan>({
  name: 'rnnCellGates',
  inputs: ({ B, H }) => [['xw', [B, H]], ['hw', [B, H]], ['bih', [H]], ['bhh', [H]]],
  outShape: ({ B, H }) => [B, H],
  gradShape: ({ B, H }) => [B, H],
  forwardSource: (p) => rnnForwardSource(p.H, p.act),
  backwardSource: (p) => rnnBackwardSource(p.H, p.act),
  work: 8,
  native: ({ act }) => `rnn_${act}`,
  reference: rnnCellGatesReference,
  layout: (cts) => cts[0],
  unpack: (d, _xs, _y, _p, wants) => {
    const db = wants[2] || wants[3] ? batchSum(d) : undefined;
    return [wants[0] ? d : undefined, wants[1] ? d : undefined, wants[2] ? db : undefined, wants[3] ? db : undefined];
  },
  checkPlan: (p) => {
    checkBH('rnnCellGates', p);
    if (p.act !== 'tanh' && p.act !== 'relu') throw new OptionError('rnnCellGates', `act must be 'tanh' or 'relu', got ${String(p.act)}`);
  },
});

/** @internal fused RNN step after the matmuls: act(xw + hw + b_ih + b_hh) [B, H]. */
export const rnnCellGates: PrimitiveFn<RnnKernelPlan> = rnnFused.prim;
/** @internal its backward: [g, xw, hw, bih, bhh] → the pre-activation's cotangent [B, H]. */
export const rnnCellGatesGrad: PrimitiveFn<RnnKernelPlan> = rnnFused.gradPrim;

// ---------------------------------------------------------------------------------------------
// The cell

const rnnOptions = (o: RnnCellOptions | undefined) => cellOptions('rnnCell', o, { nonlinearity: ['tanh', 'relu'], fused: [true, false] });

/** The plain RNN cell written from the formula: act(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh). */
export const rnnCellReference = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: RnnCellOptions): Tensor => {
  const o = rnnOptions(opts);
  checkCell('rnnCell', p, 1, h, x);
  const a = add(add(matmul(x, p.weightIh, tB), p.biasIh), add(matmul(h, p.weightHh, tB), p.biasHh));
  return o.nonlinearity === 'relu' ? relu(a) : tanh(a);
};

/**
 * Plain RNN cell: `h' = tanh(x W_ihᵀ + b_ih + h W_hhᵀ + b_hh)` (or relu with `{ nonlinearity: 'relu' }`).
 * params `{ weightIh [H, I], weightHh [H, H], biasIh [H], biasHh [H] }`, h [B, H], x [B, I] → h' [B, H].
 */
export const rnnCell = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: RnnCellOptions): Tensor => {
  const o = rnnOptions(opts);
  if (o.fused === false) return rnnCellReference(p, h, x, o);
  const { B, H } = checkCell('rnnCell', p, 1, h, x);
  return rnnCellGates([matmul(x, p.weightIh, tB), matmul(h, p.weightHh, tB), p.biasIh, p.biasHh], { B, H, act: o.nonlinearity ?? 'tanh' });
};
