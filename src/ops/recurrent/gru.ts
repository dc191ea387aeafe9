// GRU cell, gates (r, z, n), in the lecture's ('cho') and PyTorch's variants: the matmuls as
// separate kernels and the gates and state update as the fused primitive `gruCellGates`.
import type { PrimitiveFn } from '../../autodiff/primitive.js';
import { zeros } from '../../tensor/create.js';
import {
  gruBackwardSource, gruForwardSource, gruInputNames, type GruKernelPlan, type GruVariant,
} from '../../backend/gpujs/kernels/recurrent.js';
import { OptionError } from '../../shape/errors.js';
import type { Shape } from '../../shape/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { add, mul, sigmoid, sub, tanh } from '../elementwise.js';
import { matmul } from '../matmul.js';
import { concat, slice } from '../movement.js';
import { batchSum, cellOptions, checkBH, checkCell, cols, defineFused, flat, part, piece, tB } from './fused.js';
import type { RnnCellParams } from './params.js';

export interface GruCellOptions {
  /** Default 'cho' (the lecture's); 'pytorch' loads PyTorch checkpoints. */
  readonly variant?: GruVariant;
  /** false: run the reference decomposition instead of the fused kernels. Default true. */
  readonly fused?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The fused primitive

const gruInputs = (p: GruKernelPlan): [string, Shape][] => {
  const { B, H } = p;
  const shapes: Record<string, Shape> = { xw: [B, 3 * H], hw: [B, (p.variant === 'cho' ? 2 : 3) * H], bih: [3 * H], bhh: [3 * H], h: [B, H], rhw: [B, H] };
  return gruInputNames(p).map((n) => [n, shapes[n]]);
};

/**
 * Reference of the fused GRU primitive. Inputs: xw = x·W_ihᵀ [B, 3H]; hw = h·W_hhᵀ [B, 3H]
 * ('pytorch') or h·W_hh[0:2H]ᵀ [B, 2H] ('cho'); bih, bhh [3H]; h [B, H]; for 'cho' part 'h' also
 * rhw = (r⊙h)·W_hnᵀ [B, H]. Output [B, H]: h' (part 'h') or r⊙h (part 'rh', 'cho' only).
 */
const gruCellGatesReference = (xs: readonly Tensor[], p: GruKernelPlan): Tensor => {
  const { H } = p;
  const [xw, hw, bih, bhh, h, rhw] = xs;
  const X = (k: number) => add(cols(xw, k, H), part(bih, k, H));
  const Hh = (k: number) => add(cols(hw, k, H), part(bhh, k, H));
  const r = sigmoid(add(X(0), Hh(0)));
  if (p.part === 'rh') return mul(r, h);
  const z = sigmoid(add(X(1), Hh(1)));
  if (p.variant === 'cho') {
    const n = tanh(add(X(2), add(rhw, part(bhh, 2, H))));
    return add(mul(sub(1, z), h), mul(z, n));
  }
  const n = tanh(add(X(2), mul(r, Hh(2))));
  return add(mul(sub(1, z), n), mul(z, h));
};

const gruFused = defineFused<GruKernelPlan>({
  name: 'gruCellGates',
  inputs: gruInputs,
  outShape: ({ B, H }) => [B, H],
  gradShape: ({ B, H }) => [7 * B * H],
  forwardSource: gruForwardSource,
  backwardSource: gruBackwardSource,
  work: 30,
  reference: gruCellGatesReference,
  native: ({ variant, part: pt }) => (pt === 'rh' ? 'gru_rh' : `gru_${variant}`),
  // dxw | dhwFull | dh, where dhwFull's n columns are d rhw for 'cho' (zero for part 'rh')
  layout: (cts, _xs, p) => {
    const { B, H } = p;
    const dhwFull = p.variant === 'pytorch' ? cts[1] : concat([cts[1], p.part === 'h' ? cts[5] : zeros([B, H])], 1);
    return concat([flat(cts[0]), flat(dhwFull), flat(cts[4])], 0);
  },
  unpack: (back, _xs, _y, p, wants) => {
    const { B, H } = p;
    const dxw = piece(back, 0, [B, 3 * H]);
    const dF = piece(back, 3 * B * H, [B, 3 * H]);
    const cho = p.variant === 'cho';
    return [
      wants[0] ? dxw : undefined,
      wants[1] ? (cho ? slice(dF, [0, 0], [B, 2 * H]) : dF) : undefined,
      wants[2] ? batchSum(dxw) : undefined,
      wants[3] ? batchSum(dF) : undefined,
      wants[4] ? piece(back, 6 * B * H, [B, H]) : undefined,
      ...(cho && p.part === 'h' ? [wants[5] ? cols(dF, 2, H) : undefined] : []),
    ];
  },
  checkPlan: (p) => {
    checkBH('gruCellGates', p);
    if (p.variant !== 'cho' && p.variant !== 'pytorch') throw new OptionError('gruCellGates', `variant must be 'cho' or 'pytorch', got ${String(p.variant)}`);
    if (p.part !== 'h' && !(p.part === 'rh' && p.variant === 'cho')) throw new OptionError('gruCellGates', `part must be 'h' (or 'rh' for 'cho'), got ${String(p.part)}`);
  },
});

/** @internal fused GRU gates and state update after the matmuls (see gruCellGatesReference). */
export const gruCellGates: PrimitiveFn<GruKernelPlan> = gruFused.prim;
/** @internal its backward: [g, ...forward inputs] → dxw [B·3H] | dhwFull [B·3H] | dh [B·H], flat. */
export const gruCellGatesGrad: PrimitiveFn<GruKernelPlan> = gruFused.gradPrim;

// ---------------------------------------------------------------------------------------------
// The cell (its params: RnnCellParams with G = 3)

const gruOptions = (o: GruCellOptions | undefined) => cellOptions('gruCell', o, { variant: ['cho', 'pytorch'], fused: [true, false] });

/**
 * The GRU cell written from the formulas, gates (r, z, n). 'cho': `n = tanh(W_in x + b_in + W_hn (r⊙h) + b_hn)`,
 * `h' = (1−z)⊙h + z⊙n`. 'pytorch': `n = tanh(W_in x + b_in + r⊙(W_hn h + b_hn))`, `h' = (1−z)⊙n + z⊙h`.
 */
export const gruCellReference = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: GruCellOptions): Tensor => {
  const o = gruOptions(opts);
  const { B, H } = checkCell('gruCell', p, 3, h, x);
  const xi = add(matmul(x, p.weightIh, tB), p.biasIh);
  const gate = (t: Tensor, k: number) => slice(t, [0, k * H], [B, H]);
  if ((o.variant ?? 'cho') === 'cho') {
    const hrz = add(matmul(h, slice(p.weightHh, [0, 0], [2 * H, H]), tB), slice(p.biasHh, [0], [2 * H]));
    const r = sigmoid(add(gate(xi, 0), gate(hrz, 0)));
    const z = sigmoid(add(gate(xi, 1), gate(hrz, 1)));
    const hn = add(matmul(mul(r, h), slice(p.weightHh, [2 * H, 0], [H, H]), tB), slice(p.biasHh, [2 * H], [H]));
    const n = tanh(add(gate(xi, 2), hn));
    return add(mul(sub(1, z), h), mul(z, n));
  }
  const hh = add(matmul(h, p.weightHh, tB), p.biasHh);
  const r = sigmoid(add(gate(xi, 0), gate(hh, 0)));
  const z = sigmoid(add(gate(xi, 1), gate(hh, 1)));
  const n = tanh(add(gate(xi, 2), mul(r, gate(hh, 2))));
  return add(mul(sub(1, z), n), mul(z, h));
};

/**
 * GRU cell (DESIGN.md): params `{ weightIh [3H, I], weightHh [3H, H], biasIh [3H], biasHh [3H] }`,
 * h [B, H], x [B, I] → h' [B, H]; `{ variant: 'cho' }` (default) or `'pytorch'`. The 'cho' variant
 * needs r before its W_hn matmul, so its fused kernel runs in two parts around that matmul.
 */
export const gruCell = (p: RnnCellParams, h: Tensor, x: Tensor, opts?: GruCellOptions): Tensor => {
  const o = gruOptions(opts);
  if (o.fused === false) return gruCellReference(p, h, x, o);
  const { B, H } = checkCell('gruCell', p, 3, h, x);
  const xw = matmul(x, p.weightIh, tB);
  if (o.variant === 'pytorch')
    return gruCellGates([xw, matmul(h, p.weightHh, tB), p.biasIh, p.biasHh, h], { B, H, variant: 'pytorch', part: 'h' });
  const base = [xw, matmul(h, slice(p.weightHh, [0, 0], [2 * H, H]), tB), p.biasIh, p.biasHh, h];
  const rh = gruCellGates(base, { B, H, variant: 'cho', part: 'rh' });
  const rhw = matmul(rh, slice(p.weightHh, [2 * H, 0], [H, H]), tB);
  return gruCellGates([...base, rhw], { B, H, variant: 'cho', part: 'h' });
};
