import { f, kernelSource } from '../codegen.js';

/** Static facts of one 2-D pooling over planes (N·C planes of H×W). */
export interface PoolPlan {
  readonly P: number; readonly H: number; readonly W: number;
  readonly KH: number; readonly KW: number;
  readonly sh: number; readonly sw: number;
  readonly pt: number; readonly pl: number;
  readonly OH: number; readonly OW: number;
  readonly countIncludePad: boolean;
}

const head = (p: PoolPlan) => `
const ow = t % ${p.OW};
let r = Math.floor(t / ${p.OW});
const oh = r % ${p.OH};
const pl = Math.floor(r / ${p.OH});
const h0 = oh * ${p.sh} - ${p.pt};
const w0 = ow * ${p.sw} - ${p.pl};`;

/** Window scan in row-major order; padded cells are never visited, so they never win a max. */
const scan = (p: PoolPlan, inner: string) => `
for (let a = 0; a < ${p.KH}; a++) {
  const ih = h0 + a;
  if (ih >= 0 && ih < ${p.H}) {
    for (let b = 0; b < ${p.KW}; b++) {
      const iw = w0 + b;
      if (iw >= 0 && iw < ${p.W}) {
        const j = (pl * ${p.H} + ih) * ${p.W} + iw;
        ${inner}
      }
    }
  }
}`;

/**
 * Max of each window, or the offset a·KW + b inside the window of its first maximum (`argmax`; small,
 * so exact in float32 at any tensor size). NaN-sticky without a NaN test (GLSL may fold those): m
 * starts at −Inf and is NaN only after a NaN was taken; a value unordered with a non-NaN m is NaN, so
 * the first NaN is taken (flag `nan`) and then kept. An all −Inf window gives −Inf at its first cell.
 */
export const maxPoolSource = (p: PoolPlan, argmax: boolean): string =>
  kernelSource(['x'], `${head(p)}
let m = ${f(-Infinity)};
let at = -1.0;
let nan = 0.0;
${scan(p, `const v = x[j];
const k = ${p.KW}.0 * a + b;
if (v > m) { m = v; at = k; }
else if (v <= m) { if (at < 0.0) { m = v; at = k; } }
else if (nan == 0.0) { m = v; at = k; nan = 1.0; }`)}
return ${argmax ? 'at' : 'm'};`);

/** v read at each window's argmax cell (the form maxPool2dGrad's pullback needs). Inputs v [P·H·W], am [P·OH·OW]. */
export const maxPoolSelectSource = (p: PoolPlan): string =>
  kernelSource(['v', 'am'], `${head(p)}
const k = am[t];
const a = Math.floor((k + 0.5) / ${p.KW});
const b = k - a * ${p.KW};
return v[(pl * ${p.H} + h0 + a) * ${p.W} + w0 + b];`);

/** Cells of window (oh, ow) that count for the average. */
const countExpr = (p: PoolPlan): string => p.countIncludePad
  ? `${p.KH * p.KW}.0`
  : `((Math.min(h0 + ${p.KH}, ${p.H}) - Math.max(h0, 0)) * (Math.min(w0 + ${p.KW}, ${p.W}) - Math.max(w0, 0)))`;

export const avgPoolSource = (p: PoolPlan): string =>
  kernelSource(['x'], `${head(p)}
let s = 0.0;
${scan(p, 's += x[j];')}
return s / ${countExpr(p)};`);

/** Loops over the windows that contain input cell (ih, iw), as a gather. */
const windowsOf = (p: PoolPlan, inner: string) => `
const iw = t % ${p.W};
let r = Math.floor(t / ${p.W});
const ih = r % ${p.H};
const pl = Math.floor(r / ${p.H});
let s = 0.0;
for (let a = 0; a < ${p.KH}; a++) {
  const th = ih + ${p.pt} - a;
  const oh = Math.floor(th / ${p.sh});
  if (th >= 0 && oh * ${p.sh} == th && oh < ${p.OH}) {
    for (let b = 0; b < ${p.KW}; b++) {
      const tw = iw + ${p.pl} - b;
      const ow = Math.floor(tw / ${p.sw});
      if (tw >= 0 && ow * ${p.sw} == tw && ow < ${p.OW}) {
        const o = (pl * ${p.OH} + oh) * ${p.OW} + ow;
        const h0 = oh * ${p.sh} - ${p.pt};
        const w0 = ow * ${p.sw} - ${p.pl};
        ${inner}
      }
    }
  }
}
return s;`;

/** dx of max-pool: each window's cotangent goes to its first maximum (argmax holds offsets a·KW + b in the window). */
export const maxPoolGradSource = (p: PoolPlan): string =>
  kernelSource(['gy', 'am'], windowsOf(p, `if (am[o] == ${p.KW}.0 * a + b) { s += gy[o]; }`));

/** dx of avg-pool. */
export const avgPoolGradSource = (p: PoolPlan): string =>
  kernelSource(['gy'], windowsOf(p, `s += gy[o] / ${countExpr(p)};`));
