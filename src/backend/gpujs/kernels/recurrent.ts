import { kernelSource } from '../codegen.js';
import { unaryExpr } from './elementwise.js';

// Fused recurrent cells (gpujs.md §5.2): the gate nonlinearities and the state update of one step
// in one kernel after the matmuls, and the whole backward of that step in one more kernel. Inputs
// are the matmul results x·W_ihᵀ and h·W_hhᵀ (xw, hw) plus the biases, so the bias adds fuse too.
// Every thread recomputes the activations it needs (cheaper than a second launch). No loops: every
// thread does O(1) work, and all shape facts are literals.

/** sigmoid / tanh of a kernel variable, with the same stable expressions as the unary kernels. */
const sig = (v: string): string => unaryExpr.sigmoid.replace(/\bx\b/g, v);
const th = (v: string): string => unaryExpr.tanh.replace(/\bx\b/g, v);
/** g·relu′(v), NaN where v is NaN (the unordered case falls through to v + v, as in the relu kernel). */
const reluGrad = (v: string, g: string): string => `(${v} > 0.0 ? ${g} : (${v} <= 0.0 ? 0.0 : ${v} + ${v}))`;

// ---------------------------------------------------------------------------------------------
// Plain RNN: h' = act(xw + hw + b_ih + b_hh)

export type RnnActivation = 'tanh' | 'relu';

const rnnPre = (H: number) => `
const j = t % ${H};
const a = xw[t] + hw[t] + bih[j] + bhh[j];`;

/** out [B·H]: act(xw + hw + b_ih + b_hh). Inputs xw, hw [B, H]; bih, bhh [H]. */
export const rnnForwardSource = (H: number, act: RnnActivation): string =>
  kernelSource(['xw', 'hw', 'bih', 'bhh'], `${rnnPre(H)}
return ${act === 'tanh' ? th('a') : unaryExpr.relu.replace(/\bx\b/g, 'a')};`);

/** out [B·H]: the cotangent of the pre-activation, g·act'(a). Inputs g, xw, hw [B, H]; bih, bhh [H]. */
export const rnnBackwardSource = (H: number, act: RnnActivation): string =>
  kernelSource(['g', 'xw', 'hw', 'bih', 'bhh'], `${rnnPre(H)}
${act === 'tanh' ? `const y = ${th('a')};\nreturn g[t] * (1.0 - y * y);` : `return ${reluGrad('a', 'g[t]')};`}`);

// ---------------------------------------------------------------------------------------------
// LSTM, gates (i, f, g, o).

/** How a peephole enters its gate: absent, diagonal (a vector [H] times the cell), or a precomputed full term c·Pᵀ [B, H]. */
export type PeepholeKind = 'none' | 'diag' | 'full';
/** Which outputs a fused LSTM launch computes: both states stacked [2, B, H], only c', or only h'. */
export type LstmPart = 'ch' | 'c' | 'h';

export interface LstmKernelPlan {
  readonly B: number;
  readonly H: number;
  readonly pi: PeepholeKind;
  readonly pf: PeepholeKind;
  /** 'full' only with part 'h' (the term c'·P_oᵀ needs c' first); 'none' with part 'c'. */
  readonly po: PeepholeKind;
  readonly part: LstmPart;
}

/**
 * Kernel parameter names of the forward inputs, in order: xw, hw [B, 4H]; bih, bhh [4H]; cp [B, H];
 * then per gate i, f, o with a peephole: its vector `p*` [H] (diagonal) or its term `q*` [B, H] (full).
 */
export const lstmInputNames = (p: LstmKernelPlan): string[] => {
  const names = ['xw', 'hw', 'bih', 'bhh', 'cp'];
  for (const [g, kind] of [['i', p.pi], ['f', p.pf], ['o', p.po]] as const) {
    if (kind === 'diag') names.push(`p${g}`);
    if (kind === 'full') names.push(`q${g}`);
  }
  return names;
};

/** Term a peephole adds to a gate's pre-activation; `cell` is the cell it sees. */
const peepTerm = (kind: PeepholeKind, gate: string, cell: string) =>
  kind === 'diag' ? ` + p${gate}[j] * ${cell}` : kind === 'full' ? ` + q${gate}[k]` : '';

/** Statements computing the activations of cell k = b·H + j (defines b, j, zb, cpk, gi, gf, gg, c, and go, tc unless part is 'c'). */
const lstmGates = (p: LstmKernelPlan) => {
  const { H } = p;
  const pre = (g: number) => `xw[zb + ${g * H}] + hw[zb + ${g * H}] + bih[j + ${g * H}] + bhh[j + ${g * H}]`;
  return `
const b = Math.floor(k / ${H});
const j = k % ${H};
const zb = b * ${4 * H} + j;
const cpk = cp[k];
const zi = ${pre(0)}${peepTerm(p.pi, 'i', 'cpk')};
const zf = ${pre(1)}${peepTerm(p.pf, 'f', 'cpk')};
const zg = ${pre(2)};
const gi = ${sig('zi')};
const gf = ${sig('zf')};
const gg = ${th('zg')};
const c = gf * cpk + gi * gg;${p.part === 'c' ? '' : `
const zo = ${pre(3)}${peepTerm(p.po, 'o', 'c')};
const go = ${sig('zo')};
const tc = ${th('c')};`}`;
};

/** Forward: part 'ch' → out [2·B·H] = c' then h'; part 'c' → c' [B·H]; part 'h' → h' [B·H]. */
export const lstmForwardSource = (p: LstmKernelPlan): string => {
  const n = p.B * p.H;
  const body = p.part === 'ch'
    ? `const k = t < ${n} ? t : t - ${n};\n${lstmGates(p)}\nif (t < ${n}) { return c; }\nreturn go * tc;`
    : `const k = t;\n${lstmGates(p)}\nreturn ${p.part === 'c' ? 'c' : 'go * tc'};`;
  return kernelSource(lstmInputNames(p), body);
};

/**
 * Backward: out [5·B·H] = dz [B, 4H] (the cotangent of the pre-activations of i, f, g, o) then
 * dc_prev [B, H]. Inputs: g (the cotangent of the forward output: [2, B, H] for part 'ch',
 * [B, H] otherwise), then the forward inputs.
 */
export const lstmBackwardSource = (p: LstmKernelPlan): string => {
  const { B, H } = p;
  const n = B * H, n4 = 4 * n;
  const dc = p.part === 'ch' ? 'g[k]' : p.part === 'c' ? 'g[k]' : '0.0';
  const dh = p.part === 'ch' ? `g[k + ${n}]` : p.part === 'h' ? 'g[k]' : '0.0';
  const hasO = p.part !== 'c';
  return kernelSource(['g', ...lstmInputNames(p)], `
let k = 0;
let gate = 4;
if (t < ${n4}) {
  const r = t % ${4 * H};
  gate = Math.floor(r / ${H});
  k = Math.floor(t / ${4 * H}) * ${H} + r % ${H};
} else {
  k = t - ${n4};
}
${lstmGates(p)}
${hasO ? `const dhk = ${dh};
const dzo = dhk * tc * go * (1.0 - go);
const dct = ${dc} + dhk * go * (1.0 - tc * tc)${p.po === 'diag' ? ' + dzo * po[j]' : ''};` : `const dzo = 0.0;
const dct = ${dc};`}
const dzi = dct * gg * gi * (1.0 - gi);
const dzf = dct * cpk * gf * (1.0 - gf);
if (gate == 0) { return dzi; }
if (gate == 1) { return dzf; }
if (gate == 2) { return dct * gi * (1.0 - gg * gg); }
if (gate == 3) { return dzo; }
return dct * gf${p.pi === 'diag' ? ' + dzi * pi[j]' : ''}${p.pf === 'diag' ? ' + dzf * pf[j]' : ''};`);
};

// ---------------------------------------------------------------------------------------------
// GRU, gates (r, z, n).

export type GruVariant = 'cho' | 'pytorch';
/** 'h': the new state h'. 'rh': r⊙h, the input of the cho variant's W_hn matmul. */
export type GruPart = 'h' | 'rh';

export interface GruKernelPlan {
  readonly B: number;
  readonly H: number;
  readonly variant: GruVariant;
  /** 'rh' only for 'cho'. */
  readonly part: GruPart;
}

/**
 * Kernel parameter names of the forward inputs: xw [B, 3H]; hw [B, 3H] ('pytorch') or [B, 2H]
 * ('cho': only the r and z rows of W_hh); bih, bhh [3H]; h [B, H]; and for 'cho' part 'h' the
 * matmul rhw = (r⊙h)·W_hnᵀ [B, H].
 */
export const gruInputNames = (p: GruKernelPlan): string[] =>
  ['xw', 'hw', 'bih', 'bhh', 'h', ...(p.variant === 'cho' && p.part === 'h' ? ['rhw'] : [])];

/** Statements for cell k = b·H + j: defines b, j, hk, r (and z, n, hn unless part is 'rh'). */
const gruGates = (p: GruKernelPlan) => {
  const { H } = p;
  const G = p.variant === 'cho' ? 2 : 3;
  const pre = (g: number) => `xw[b * ${3 * H} + j + ${g * H}] + hw[b * ${G * H} + j + ${g * H}] + bih[j + ${g * H}] + bhh[j + ${g * H}]`;
  const head = `
const b = Math.floor(k / ${H});
const j = k % ${H};
const hk = h[k];
const zr = ${pre(0)};
const r = ${sig('zr')};`;
  if (p.part === 'rh') return head;
  const inN = `xw[b * ${3 * H} + j + ${2 * H}] + bih[j + ${2 * H}]`;
  return `${head}
const zz = ${pre(1)};
const z = ${sig('zz')};
const hn = ${p.variant === 'cho' ? `rhw[k] + bhh[j + ${2 * H}]` : `hw[b * ${3 * H} + j + ${2 * H}] + bhh[j + ${2 * H}]`};
const zn = ${inN} + ${p.variant === 'cho' ? 'hn' : 'r * hn'};
const n = ${th('zn')};`;
};

/** Forward: out [B·H], h' (part 'h') or r⊙h (part 'rh'). */
export const gruForwardSource = (p: GruKernelPlan): string =>
  kernelSource(gruInputNames(p), `const k = t;\n${gruGates(p)}
return ${p.part === 'rh' ? 'r * hk' : p.variant === 'cho' ? '(1.0 - z) * hk + z * n' : '(1.0 - z) * n + z * hk'};`);

/**
 * Backward: out [7·B·H] = dxw [B, 3H] | dhwFull [B, 3H] | dh [B, H]. dhwFull holds the cotangents of
 * the h-side pre-activations (r, z, n) before the bias: for 'pytorch' it is d hw; for 'cho' its r, z
 * columns are d hw and its n column is d rhw. Summed over the batch it is d b_hh in both variants.
 * `dh` is only the direct path (for 'cho' the path through rhw is the matmul's).
 */
export const gruBackwardSource = (p: GruKernelPlan): string => {
  const { B, H } = p;
  const n3 = 3 * B * H;
  const grads = p.part === 'rh'
    ? `
const dr = gk * hk * r * (1.0 - r);
const dxr = dr; const dxz = 0.0; const dxn = 0.0;
const dhr = dr; const dhz = 0.0; const dhn = 0.0;
const dhd = gk * r;`
    : p.variant === 'cho'
      ? `
const dz = gk * (n - hk) * z * (1.0 - z);
const dn = gk * z * (1.0 - n * n);
const dxr = 0.0; const dxz = dz; const dxn = dn;
const dhr = 0.0; const dhz = dz; const dhn = dn;
const dhd = gk * (1.0 - z);`
      : `
const dz = gk * (hk - n) * z * (1.0 - z);
const dn = gk * (1.0 - z) * (1.0 - n * n);
const dr = dn * hn * r * (1.0 - r);
const dxr = dr; const dxz = dz; const dxn = dn;
const dhr = dr; const dhz = dz; const dhn = dn * r;
const dhd = gk * z;`;
  return kernelSource(['g', ...gruInputNames(p)], `
let k = 0;
let gate = 3;
let part = 2;
if (t < ${2 * n3}) {
  part = t < ${n3} ? 0 : 1;
  const u = t < ${n3} ? t : t - ${n3};
  const r3 = u % ${3 * H};
  gate = Math.floor(r3 / ${H});
  k = Math.floor(u / ${3 * H}) * ${H} + r3 % ${H};
} else {
  k = t - ${2 * n3};
}
${gruGates(p)}
const gk = g[k];
${grads}
if (part == 2) { return dhd; }
if (part == 0) {
  if (gate == 0) { return dxr; }
  if (gate == 1) { return dxz; }
  return dxn;
}
if (gate == 0) { return dhr; }
if (gate == 1) { return dhz; }
return dhn;`);
};
