// Convolution references (cross-correlation, NCHW / OIHW) and their exact adjoints.
import { type Ref, zeros } from './ref.js';

export interface Conv2dOpts {
  stride: readonly [number, number];
  padding: readonly [readonly [number, number], readonly [number, number]];
  dilation: readonly [number, number];
  groups: number;
  bias?: Ref;
}

export interface Conv1dOpts {
  stride: number;
  padding: readonly [number, number];
  dilation: number;
  groups: number;
  bias?: Ref;
}

// Output length of one spatial axis: floor((in + before + after - d*(k-1) - 1)/s) + 1.
export function convOutSize(inSize: number, k: number, stride: number, pads: readonly [number, number], dilation: number): number {
  return Math.floor((inSize + pads[0] + pads[1] - dilation * (k - 1) - 1) / stride) + 1;
}

// TF-style SAME padding [before, after] for one axis (odd extra goes after).
export function samePadding(inSize: number, k: number, stride: number, dilation: number): [number, number] {
  const out = Math.ceil(inSize / stride);
  const total = Math.max(0, (out - 1) * stride + dilation * (k - 1) + 1 - inSize);
  const before = Math.floor(total / 2);
  return [before, total - before];
}

// Output shape [N, O, OH, OW] of conv2d, validating channel / group counts.
export function conv2dOutShape(xShape: readonly number[], wShape: readonly number[], opts: Conv2dOpts): [number, number, number, number] {
  const [N, C, H, W] = xShape;
  const [O, Cg, KH, KW] = wShape;
  const g = opts.groups;
  if (C % g !== 0 || O % g !== 0 || Cg !== C / g) throw new Error(`conv2d: C=${C}, O=${O}, C/groups=${Cg} inconsistent with groups=${g}`);
  const OH = convOutSize(H, KH, opts.stride[0], opts.padding[0], opts.dilation[0]);
  const OW = convOutSize(W, KW, opts.stride[1], opts.padding[1], opts.dilation[1]);
  if (OH < 1 || OW < 1) throw new Error(`conv2d: empty output ${OH}x${OW}`);
  return [N, O, OH, OW];
}

// Visits every (y, x, w) flat-index triple of the forward relation whose input position is in range.
function forEachTap(
  xShape: readonly number[], wShape: readonly number[], opts: Conv2dOpts,
  visit: (yi: number, xi: number, wi: number) => void,
): void {
  const [N, C, H, W] = xShape;
  const [O, Cg, KH, KW] = wShape;
  const [, , OH, OW] = conv2dOutShape(xShape, wShape, opts);
  const [sh, sw] = opts.stride;
  const [dh, dw] = opts.dilation;
  const top = opts.padding[0][0];
  const left = opts.padding[1][0];
  const Og = O / opts.groups;
  for (let n = 0; n < N; n++)
    for (let o = 0; o < O; o++) {
      const g = Math.floor(o / Og);
      for (let i = 0; i < OH; i++)
        for (let j = 0; j < OW; j++) {
          const yi = ((n * O + o) * OH + i) * OW + j;
          for (let c = 0; c < Cg; c++)
            for (let a = 0; a < KH; a++) {
              const h = i * sh - top + a * dh;
              if (h < 0 || h >= H) continue;
              for (let b = 0; b < KW; b++) {
                const w = j * sw - left + b * dw;
                if (w < 0 || w >= W) continue;
                const xi = ((n * C + g * Cg + c) * H + h) * W + w;
                const wi = ((o * Cg + c) * KH + a) * KW + b;
                visit(yi, xi, wi);
              }
            }
        }
    }
}

// y[n,o,i,j] = b[o] + Σ_{c,a,b} w[o,c,a,b] · x[n, g*Cg+c, i*sh-top+a*dh, j*sw-left+b*dw].
export function conv2d(x: Ref, w: Ref, opts: Conv2dOpts): Ref {
  const shape = conv2dOutShape(x.shape, w.shape, opts);
  const y = zeros(shape);
  if (opts.bias) {
    const plane = shape[2] * shape[3];
    for (let k = 0; k < y.data.length; k++) y.data[k] = opts.bias.data[Math.floor(k / plane) % shape[1]];
  }
  forEachTap(x.shape, w.shape, opts, (yi, xi, wi) => { y.data[yi] += w.data[wi] * x.data[xi]; });
  return y;
}

// dx = adjoint of conv2d in x: scatters gy[yi] · w[wi] into dx[xi] along the forward relation.
export function conv2dGradInput(gy: Ref, w: Ref, xShape: readonly number[], opts: Conv2dOpts): Ref {
  const dx = zeros(xShape);
  forEachTap(xShape, w.shape, opts, (yi, xi, wi) => { dx.data[xi] += gy.data[yi] * w.data[wi]; });
  return dx;
}

// dw = adjoint of conv2d in w: scatters gy[yi] · x[xi] into dw[wi] along the forward relation.
export function conv2dGradWeight(x: Ref, gy: Ref, wShape: readonly number[], opts: Conv2dOpts): Ref {
  const dw = zeros(wShape);
  forEachTap(x.shape, wShape, opts, (yi, xi, wi) => { dw.data[wi] += gy.data[yi] * x.data[xi]; });
  return dw;
}

// Lifts 1-D options to 2-D ones with a unit height axis.
function lift(opts: Conv1dOpts): Conv2dOpts {
  return { stride: [1, opts.stride], padding: [[0, 0], opts.padding], dilation: [1, opts.dilation], groups: opts.groups, bias: opts.bias };
}

// Inserts a unit height axis: [A, B, L] -> [A, B, 1, L].
function to2d(r: Ref): Ref {
  return { shape: [r.shape[0], r.shape[1], 1, r.shape[2]], data: r.data };
}

// Drops the unit height axis: [A, B, 1, L] -> [A, B, L].
function to1d(r: Ref): Ref {
  return { shape: [r.shape[0], r.shape[1], r.shape[3]], data: r.data };
}

// y[n,o,j] = b[o] + Σ_{c,k} w[o,c,k] · x[n, g*Cg+c, j*s-left+k*d]  (x [N,C,L], w [O,C/groups,K]).
export function conv1d(x: Ref, w: Ref, opts: Conv1dOpts): Ref {
  return to1d(conv2d(to2d(x), to2d(w), lift(opts)));
}

// Adjoint of conv1d in x.
export function conv1dGradInput(gy: Ref, w: Ref, xShape: readonly number[], opts: Conv1dOpts): Ref {
  return to1d(conv2dGradInput(to2d(gy), to2d(w), [xShape[0], xShape[1], 1, xShape[2]], lift(opts)));
}

// Adjoint of conv1d in w.
export function conv1dGradWeight(x: Ref, gy: Ref, wShape: readonly number[], opts: Conv1dOpts): Ref {
  return to1d(conv2dGradWeight(to2d(x), to2d(gy), [wShape[0], wShape[1], 1, wShape[2]], lift(opts)));
}

export interface ConvTranspose2dOpts {
  stride: readonly [number, number];
  padding: readonly [number, number];
  outputPadding: readonly [number, number];
  dilation: readonly [number, number];
  groups: number;
  bias?: Ref;
}

// Transposed conv (x [N, Cin, H, W], w [Cin, Cout/groups, KH, KW], PyTorch's layout), written as
// PyTorch defines it: each input cell scatters x · w into out[n, g*Cog+co, i*sh-ph+a*dh, j*sw-pw+b*dw],
// OH = (H-1)*sh - 2*ph + dh*(KH-1) + oph + 1; cells that land outside are dropped.
export function convTranspose2d(x: Ref, w: Ref, opts: ConvTranspose2dOpts): Ref {
  const [N, Cin, H, W] = x.shape;
  const [Cw, Cog, KH, KW] = w.shape;
  const G = opts.groups, Cig = Cin / G, Cout = Cog * G;
  if (Cw !== Cin || Cin % G !== 0) throw new Error(`convTranspose2d: x has ${Cin} channels, w [${w.shape.join(', ')}], groups ${G}`);
  const [sh, sw] = opts.stride, [ph, pw] = opts.padding, [dh, dw] = opts.dilation;
  const OH = (H - 1) * sh - 2 * ph + dh * (KH - 1) + opts.outputPadding[0] + 1;
  const OW = (W - 1) * sw - 2 * pw + dw * (KW - 1) + opts.outputPadding[1] + 1;
  const y = zeros([N, Cout, OH, OW]);
  if (opts.bias) for (let k = 0; k < y.data.length; k++) y.data[k] = opts.bias.data[Math.floor(k / (OH * OW)) % Cout];
  for (let n = 0; n < N; n++)
    for (let ci = 0; ci < Cin; ci++) {
      const g = Math.floor(ci / Cig);
      for (let i = 0; i < H; i++)
        for (let j = 0; j < W; j++) {
          const v = x.data[((n * Cin + ci) * H + i) * W + j];
          for (let co = 0; co < Cog; co++)
            for (let a = 0; a < KH; a++) {
              const oh = i * sh - ph + a * dh;
              if (oh < 0 || oh >= OH) continue;
              for (let b = 0; b < KW; b++) {
                const ow = j * sw - pw + b * dw;
                if (ow < 0 || ow >= OW) continue;
                y.data[((n * Cout + g * Cog + co) * OH + oh) * OW + ow] += v * w.data[((ci * Cog + co) * KH + a) * KW + b];
              }
            }
        }
    }
  return y;
}
