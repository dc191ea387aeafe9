import { kernelSource, partIndex } from '../codegen.js';
import { LOOP_BUDGET, assertLoops, chunks } from './budget.js';

/** Static facts of one 2-D convolution (NCHW input, OIHW weight, cross-correlation). */
export interface ConvPlan {
  readonly N: number; readonly C: number; readonly H: number; readonly W: number;
  readonly O: number; readonly KH: number; readonly KW: number;
  readonly groups: number;
  readonly sh: number; readonly sw: number;
  readonly dh: number; readonly dw: number;
  /** padding before (top, left); the padding after only shows in OH, OW */
  readonly pt: number; readonly pl: number;
  readonly OH: number; readonly OW: number;
}

const groupSizes = (p: ConvPlan) => ({ Cg: p.C / p.groups, Og: p.O / p.groups });

/**
 * How a direct kernel's outer reduction loop (over `items`, each costing `perItem` loop iterations)
 * is cut so one thread stays within LOOP_BUDGET: `count` chunks of `size` items. With count > 1 the
 * kernel's output is [count, ...] partial sums, to be summed over the first axis.
 */
export interface Split { readonly count: number; readonly size: number; readonly items: number }
export const splitLoop = (kernel: string, items: number, perItem: number): Split => {
  const size = Math.max(1, Math.floor(LOOP_BUDGET / perItem));
  const { count, size: each } = chunks(items, size);
  assertLoops(kernel, each * perItem);
  return { count, size: each, items };
};

/** The direct kernels' outer loops: (c, a) pairs for the forward pass, (oo, a) for dx, (n, oh) for dw. */
export const forwardSplit = (p: ConvPlan): Split => splitLoop('conv2d', (p.C / p.groups) * p.KH, 1 + p.KW);
export const gradInputSplit = (p: ConvPlan): Split => splitLoop('conv2dGradInput', (p.O / p.groups) * p.KH, 1 + p.KW);
export const gradWeightSplit = (p: ConvPlan): Split => splitLoop('conv2dGradWeight', p.N * p.OH, 1 + p.OW);

/** Decodes the chunk `sc` and the cell index `u` from `t`, and opens the chunked outer loop over `e`. */
const chunked = (sp: Split, cells: number, body: (u: string) => string, loop: string) => {
  const head = partIndex(sp.count, cells);
  const e = sp.count === 1 ? 'e0' : `sc * ${sp.size} + e0`;
  const guard = sp.count * sp.size > sp.items ? `if (e >= ${sp.items}) { break; }` : '';
  return `${head}\n${body('u')}\nlet s = 0.0;\nfor (let e0 = 0; e0 < ${sp.size}; e0++) {\nconst e = ${e};\n${guard}\n${loop}\n}\nreturn s;`;
};

/** y[n,o,oh,ow] = Σ_c Σ_a Σ_b w[o,c,a,b] · x[n, g·Cg+c, oh·sh − pt + a·dh, ow·sw − pl + b·dw]. */
export const convForwardSource = (p: ConvPlan, sp = forwardSplit(p)): string => {
  const { Cg, Og } = groupSizes(p);
  return kernelSource(['x', 'w'], chunked(sp, p.N * p.O * p.OH * p.OW, (u) => `
const ow = ${u} % ${p.OW};
let r = Math.floor(${u} / ${p.OW});
const oh = r % ${p.OH};
r = Math.floor(r / ${p.OH});
const o = r % ${p.O};
const n = Math.floor(r / ${p.O});
const g = Math.floor(o / ${Og});`, `
const c = Math.floor(e / ${p.KH});
const a = e - c * ${p.KH};
const ih = oh * ${p.sh} - ${p.pt} + a * ${p.dh};
if (ih >= 0 && ih < ${p.H}) {
  const xr = ((n * ${p.C} + g * ${Cg} + c) * ${p.H} + ih) * ${p.W};
  const wr = ((o * ${Cg} + c) * ${p.KH} + a) * ${p.KW};
  for (let b = 0; b < ${p.KW}; b++) {
    const iw = ow * ${p.sw} - ${p.pl} + b * ${p.dw};
    if (iw >= 0 && iw < ${p.W}) {
      s += x[xr + iw] * w[wr + b];
    }
  }
}`));
};

/** Output index along one axis that reads input `i` through tap `k`, or skip (the gather form of the adjoint). */
const tapToOut = (name: string, i: string, pad: number, k: string, dil: number, stride: number, size: number): string =>
  stride === 1
    ? `const ${name} = ${i} + ${pad} - ${k} * ${dil};\nif (${name} >= 0 && ${name} < ${size}) {`
    : `const ${name}_t = ${i} + ${pad} - ${k} * ${dil};\nconst ${name} = Math.floor(${name}_t / ${stride});\nif (${name}_t >= 0 && ${name} * ${stride} == ${name}_t && ${name} < ${size}) {`;

/** dx = the adjoint of the forward map in x, computed per input cell (gather, no atomics). */
export const convGradInputSource = (p: ConvPlan, sp = gradInputSplit(p)): string => {
  const { Cg, Og } = groupSizes(p);
  return kernelSource(['gy', 'w'], chunked(sp, p.N * p.C * p.H * p.W, (u) => `
const iw = ${u} % ${p.W};
let r = Math.floor(${u} / ${p.W});
const ih = r % ${p.H};
r = Math.floor(r / ${p.H});
const ci = r % ${p.C};
const n = Math.floor(r / ${p.C});
const g = Math.floor(ci / ${Cg});
const c = ci % ${Cg};`, `
const oo = Math.floor(e / ${p.KH});
const a = e - oo * ${p.KH};
const o = g * ${Og} + oo;
${tapToOut('oh', 'ih', p.pt, 'a', p.dh, p.sh, p.OH)}
  for (let b = 0; b < ${p.KW}; b++) {
    ${tapToOut('ow', 'iw', p.pl, 'b', p.dw, p.sw, p.OW)}
      s += gy[((n * ${p.O} + o) * ${p.OH} + oh) * ${p.OW} + ow] * w[((o * ${Cg} + c) * ${p.KH} + a) * ${p.KW} + b];
    }
  }
}`));
};

/** dw = the adjoint of the forward map in w: a reduction over batch and output positions. */
export const convGradWeightSource = (p: ConvPlan, sp = gradWeightSplit(p)): string => {
  const { Cg, Og } = groupSizes(p);
  return kernelSource(['x', 'gy'], chunked(sp, p.O * Cg * p.KH * p.KW, (u) => `
const b = ${u} % ${p.KW};
let r = Math.floor(${u} / ${p.KW});
const a = r % ${p.KH};
r = Math.floor(r / ${p.KH});
const c = r % ${Cg};
const o = Math.floor(r / ${Cg});
const g = Math.floor(o / ${Og});`, `
const n = Math.floor(e / ${p.OH});
const oh = e - n * ${p.OH};
const ih = oh * ${p.sh} - ${p.pt} + a * ${p.dh};
if (ih >= 0 && ih < ${p.H}) {
  const xr = ((n * ${p.C} + g * ${Cg} + c) * ${p.H} + ih) * ${p.W};
  const gr = ((n * ${p.O} + o) * ${p.OH} + oh) * ${p.OW};
  for (let ow = 0; ow < ${p.OW}; ow++) {
    const iw = ow * ${p.sw} - ${p.pl} + b * ${p.dw};
    if (iw >= 0 && iw < ${p.W}) {
      s += gy[gr + ow] * x[xr + iw];
    }
  }
}`));
};

/** Work per output cell (multiply-adds), for thread splitting. */
export const convWork = (p: ConvPlan, which: 'forward' | 'input' | 'weight'): number =>
  which === 'weight' ? p.N * p.OH * p.OW : (p.C / p.groups) * p.KH * p.KW * (which === 'input' ? p.O / p.groups : 1);

/** Elements of the im2col matrix of a plan: [N, G, OH·OW, C/G·KH·KW]. */
export const patchesSize = (p: ConvPlan): number => p.N * p.OH * p.OW * p.C * p.KH * p.KW;

/**
 * Where each patch-matrix cell of one (n, g) block reads from, as an offset into that block's
 * Cg input planes (−1 for padding). Computed once on the host per plan, so the kernel does one
 * division per cell instead of seven.
 */
export const im2colTable = (p: ConvPlan): Float32Array => {
  const { Cg } = groupSizes(p);
  const KK = p.KH * p.KW, CKK = Cg * KK, P = p.OH * p.OW;
  const t = new Float32Array(P * CKK);
  for (let pp = 0; pp < P; pp++) {
    const oh = Math.floor(pp / p.OW), ow = pp % p.OW;
    for (let kk = 0; kk < CKK; kk++) {
      const c = Math.floor(kk / KK), a = Math.floor(kk / p.KW) % p.KH, b = kk % p.KW;
      const ih = oh * p.sh - p.pt + a * p.dh, iw = ow * p.sw - p.pl + b * p.dw;
      t[pp * CKK + kk] = ih >= 0 && ih < p.H && iw >= 0 && iw < p.W ? (c * p.H + ih) * p.W + iw : -1;
    }
  }
  return t;
};

/** im2col: out[n, g, p, k] = x[n, g·Cg + c, ih, iw] (0 in the padding), through `im2colTable`. */
export const im2colSource = (p: ConvPlan): string => {
  const { Cg } = groupSizes(p);
  const block = p.OH * p.OW * Cg * p.KH * p.KW;
  return kernelSource(['x', 'tab'], `
const ng = Math.floor(t / ${block});
const at = tab[t - ng * ${block}];
if (at < 0.0) { return 0.0; }
return x[ng * ${Cg * p.H * p.W} + at];`);
};

/** col2im as a gather: dx[n, ci, ih, iw] = Σ over the taps that read (ih, iw) of dcols[n, g, p, k]. */
export const col2imSource = (p: ConvPlan): string => {
  const { Cg } = groupSizes(p);
  assertLoops('col2im', p.KH * (1 + p.KW));
  const KK = p.KH * p.KW, CKK = Cg * KK, P = p.OH * p.OW;
  return kernelSource(['d'], `
const iw = t % ${p.W};
let r = Math.floor(t / ${p.W});
const ih = r % ${p.H};
r = Math.floor(r / ${p.H});
const ci = r % ${p.C};
const n = Math.floor(r / ${p.C});
const g = Math.floor(ci / ${Cg});
const c = ci % ${Cg};
const base = (n * ${p.groups} + g) * ${P};
let s = 0.0;
for (let a = 0; a < ${p.KH}; a++) {
  ${tapToOut('oh', 'ih', p.pt, 'a', p.dh, p.sh, p.OH)}
    for (let b = 0; b < ${p.KW}; b++) {
      ${tapToOut('ow', 'iw', p.pl, 'b', p.dw, p.sw, p.OW)}
        s += d[(base + oh * ${p.OW} + ow) * ${CKK} + c * ${KK} + a * ${p.KW} + b];
      }
    }
  }
}
return s;`);
};
