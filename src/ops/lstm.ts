// The fused LSTM step: gates and state update in one kernel (forward) and one kernel (backward),
// with the reference decomposition each is checked against. Second-order gradients go through
// the reference form of the backward pass, so the fused cell stays differentiable to any order.
import { vjp } from '../autodiff/grad.js';
import { definePrimitive, type PrimitiveFn } from '../autodiff/primitive.js';
import { lstmBackwardSource, lstmForwardSource } from '../backend/gpujs/kernels/lstm.js';
import { ShapeError } from '../shape/errors.js';
import { fmt, type Shape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add, mul, sigmoid, sub, tanh } from './elementwise.js';
import { launch } from './launch.js';
import { concat, reshape, slice, stack } from './movement.js';
import { sum } from './reduce.js';

interface Plan { readonly B: number; readonly H: number }

const checkInputs = (op: string, [z, cp, pi, pf, po]: readonly Shape[], { B, H }: Plan) => {
  const want: [string, Shape | undefined, number[]][] = [['z', z, [B, 4 * H]], ['c', cp, [B, H]], ['peepholeI', pi, [H]], ['peepholeF', pf, [H]], ['peepholeO', po, [H]]];
  for (const [name, got, s] of want) if (!got || got.length !== s.length || got.some((d, i) => d !== s[i])) throw new ShapeError(op, name, got ?? [], `must be ${fmt(s)}`);
};

/** The gate math of one LSTM step written with primitives: [c', h'] stacked as [2, B, H]. */
export const lstmGatesReference = (z: Tensor, cp: Tensor, pi: Tensor, pf: Tensor, po: Tensor): Tensor => {
  const [B, H4] = z.shape, H = H4 / 4;
  const part = (k: number) => slice(z, [0, k * H], [B, H]);
  const gi = sigmoid(add(part(0), mul(pi, cp))), gf = sigmoid(add(part(1), mul(pf, cp))), gg = tanh(part(2));
  const c = add(mul(gf, cp), mul(gi, gg));
  const go = sigmoid(add(part(3), mul(po, c)));
  return stack([c, mul(go, tanh(c))], 0);
};

/** The backward math of one LSTM step written with primitives: dz [B·4H] then dc_prev [B·H], flat. */
export const lstmGatesGradReference = (dh: Tensor, dc: Tensor, z: Tensor, cp: Tensor, pi: Tensor, pf: Tensor, po: Tensor): Tensor => {
  const [B, H4] = z.shape, H = H4 / 4;
  const part = (k: number) => slice(z, [0, k * H], [B, H]);
  const gi = sigmoid(add(part(0), mul(pi, cp))), gf = sigmoid(add(part(1), mul(pf, cp))), gg = tanh(part(2));
  const c = add(mul(gf, cp), mul(gi, gg));
  const go = sigmoid(add(part(3), mul(po, c)));
  const tc = tanh(c);
  const dzo = mul(mul(dh, tc), mul(go, sub(1, go)));
  const dct = add(add(dc, mul(mul(dh, go), sub(1, mul(tc, tc)))), mul(dzo, po));
  const dzi = mul(mul(dct, gg), mul(gi, sub(1, gi)));
  const dzf = mul(mul(dct, cp), mul(gf, sub(1, gf)));
  const dzg = mul(mul(dct, gi), sub(1, mul(gg, gg)));
  const dcp = add(add(mul(dct, gf), mul(dzi, pi)), mul(dzf, pf));
  return concat([reshape(concat([dzi, dzf, dzg, dzo], 1), [4 * B * H]), reshape(dcp, [B * H])], 0);
};

const gatesGrad: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'lstmGatesGrad',
  shape: ([dh, dc, ...rest], p) => {
    checkInputs('lstmGatesGrad', rest, p);
    for (const [n, s] of [['dh', dh], ['dc', dc]] as const) if (s.length !== 2 || s[0] !== p.B || s[1] !== p.H) throw new ShapeError('lstmGatesGrad', n, s, `must be [${p.B}, ${p.H}]`);
    return [5 * p.B * p.H];
  },
  forward: (xs, p, shape) => launch('lstmGatesGrad', lstmBackwardSource(p.B, p.H), xs, shape, 30),
  // Second order through the reference form of this backward pass.
  vjp: (g, xs) => {
    const [, pull] = vjp((ys: Tensor[]) => lstmGatesGradReference(ys[0], ys[1], ys[2], ys[3], ys[4], ys[5], ys[6]), [...xs]);
    return pull(g);
  },
});

const gates: PrimitiveFn<Plan> = definePrimitive<Plan>({
  name: 'lstmGates',
  shape: (s, p) => { checkInputs('lstmGates', s, p); return [2, p.B, p.H]; },
  forward: (xs, p, shape) => launch('lstmGates', lstmForwardSource(p.B, p.H), xs, shape, 30),
  vjp: (g, [z, cp, pi, pf, po], y, { B, H }, wants) => {
    const at = (t: Tensor, k: number) => reshape(slice(t, [k, 0, 0], [1, B, H]), [B, H]);
    const back = gatesGrad([at(g, 1), at(g, 0), z, cp, pi, pf, po], { B, H });
    const dz = reshape(slice(back, [0], [4 * B * H]), [B, 4 * H]);
    const dGate = (k: number) => slice(dz, [0, k * H], [B, H]);
    return [
      wants[0] ? dz : undefined,
      wants[1] ? reshape(slice(back, [4 * B * H], [B * H]), [B, H]) : undefined,
      wants[2] ? sum(mul(dGate(0), cp), 0) : undefined,
      wants[3] ? sum(mul(dGate(1), cp), 0) : undefined,
      wants[4] ? sum(mul(dGate(3), at(y, 0)), 0) : undefined,
    ];
  },
});

/** One fused LSTM step after the matmuls: [c', h'] stacked as [2, B, H]. Diagonal peepholes [H] (zeros for none). */
export const lstmGates = (z: Tensor, cp: Tensor, pi: Tensor, pf: Tensor, po: Tensor): Tensor => {
  if (z.rank !== 2 || z.shape[1] % 4 !== 0) throw new ShapeError('lstmGates', 'z', z.shape, 'must be [B, 4H]');
  return gates([z, cp, pi, pf, po], { B: z.shape[0], H: z.shape[1] / 4 });
};
