// Law cases for convolution and pooling, over the configurations the contract names: odd shapes,
// stride 2, dilation 2, groups 2, 'same' padding with even kernels, bias, overlapping and padded pools.
import fc from 'fast-check';
import * as R from '../reference/index.js';
import * as nn from '../support/api.js';
import type { Conv2dOptions, Pool2dOptions, Tensor } from '../support/api.js';
import type { Case } from './cases.js';
import { distinct, shaped } from './arbs.js';
import { convTranspose2d, type ConvTranspose2dOptions } from '../../src/ops/conv-transpose.js';

type P2 = [[number, number], [number, number]];
interface ConvConfig { label: string; x: number[]; w: number[]; opts: Conv2dOptions; ref: { stride: [number, number]; padding: P2; dilation: [number, number]; groups: number } }

const same = (x: number[], w: number[], s: [number, number], d: [number, number]): P2 =>
  [R.samePadding(x[2], w[2], s[0], d[0]), R.samePadding(x[3], w[3], s[1], d[1])];

export const convConfigs: ConvConfig[] = [
  { label: 'odd 7×6, kernel 3×2, pad 1', x: [2, 3, 7, 6], w: [4, 3, 3, 2], opts: { padding: 1 }, ref: { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 } },
  { label: 'stride 2, asymmetric pad', x: [1, 2, 9, 8], w: [3, 2, 3, 3], opts: { stride: 2, padding: [[1, 0], [0, 2]] }, ref: { stride: [2, 2], padding: [[1, 0], [0, 2]], dilation: [1, 1], groups: 1 } },
  { label: 'groups 2, dilation 2, same', x: [2, 4, 7, 7], w: [4, 2, 3, 3], opts: { groups: 2, dilation: 2, padding: 'same' }, ref: { stride: [1, 1], padding: same([2, 4, 7, 7], [4, 2, 3, 3], [1, 1], [2, 2]), dilation: [2, 2], groups: 2 } },
  { label: "even kernel 2×4, 'same', stride 2", x: [1, 3, 6, 5], w: [2, 3, 2, 4], opts: { padding: 'same', stride: 2 }, ref: { stride: [2, 2], padding: same([1, 3, 6, 5], [2, 3, 2, 4], [2, 2], [1, 1]), dilation: [1, 1], groups: 1 } },
  { label: 'groups 2 (depth multiplier 3), stride [2,1], dilation [1,2]', x: [2, 2, 5, 6], w: [6, 1, 3, 2], opts: { groups: 2, stride: [2, 1], dilation: [1, 2] }, ref: { stride: [2, 1], padding: [[0, 0], [0, 0]], dilation: [1, 2], groups: 2 } },
  // Long enough reductions to take the im2col + GEMM path (C/groups·KH·KW ≥ 64, O/groups ≥ 16).
  { label: 'im2col path: 8→16 channels, 3×3, pad 1', x: [2, 8, 6, 5], w: [16, 8, 3, 3], opts: { padding: 1 }, ref: { stride: [1, 1], padding: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 } },
  { label: 'im2col path: groups 2, stride 2, dilation 2', x: [1, 16, 7, 7], w: [32, 8, 3, 3], opts: { groups: 2, stride: 2, dilation: 2, padding: 'same' }, ref: { stride: [2, 2], padding: same([1, 16, 7, 7], [32, 8, 3, 3], [2, 2], [2, 2]), dilation: [2, 2], groups: 2 } },
];

const T = (s: number[], f = (i: number) => Math.sin(1.3 * i + 0.5)) => nn.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), s);
const outOf = (c: ConvConfig) => nn.conv2d(T(c.x), T(c.w), c.opts).shape as number[];
const arbConfig = fc.constantFrom(...convConfigs);

const conv = (c: ConvConfig) => (x: Tensor, w: Tensor) => nn.conv2d(x, w, c.opts);
const gradInput = (c: ConvConfig) => (gy: Tensor, w: Tensor) => nn.grad((x: Tensor) => nn.sum(nn.mul(nn.conv2d(x, w, c.opts), gy)))(nn.zeros(c.x));
const gradWeight = (c: ConvConfig) => (x: Tensor, gy: Tensor) => nn.grad((w: Tensor) => nn.sum(nn.mul(nn.conv2d(x, w, c.opts), gy)))(nn.zeros(c.w));

// One case per primitive; each law run picks a configuration at random.
const perConfig = (make: (c: ConvConfig) => (...xs: Tensor[]) => Tensor) => {
  let chosen = convConfigs[0];
  return { fn: (...xs: Tensor[]) => make(chosen)(...xs), pick: (c: ConvConfig) => { chosen = c; } };
};

const fwd = perConfig(conv), gin = perConfig(gradInput), gw = perConfig(gradWeight);

const conv2dCases: Case[] = [
  {
    prim: 'conv2d', fn: fwd.fn,
    inputs: arbConfig.chain((c) => fc.tuple(shaped(c.x), shaped(c.w)).map((xs) => { fwd.pick(c); return xs; })),
    shape: ([x, w]) => outOf(convConfigs.find((c) => c.x.join() === x.join() && c.w.join() === w.join())!),
    bad: () => { fwd.pick(convConfigs[0]); return [T([1, 3, 5, 5]), T([2, 2, 3, 3])]; },
    refs: convConfigs.map((c) => ({
      label: c.label, inputs: () => { fwd.pick(c); return [T(c.x), T(c.w, Math.cos)]; }, ref: ([x, w]: R.Ref[]) => R.conv2d(x, w, c.ref),
      reduction: c.w[1] * c.w[2] * c.w[3],
    })),
  },
  {
    prim: 'conv2dGradInput', fn: gin.fn,
    inputs: arbConfig.chain((c) => fc.tuple(shaped(outOf(c)), shaped(c.w)).map((xs) => { gin.pick(c); return xs; })),
    refs: convConfigs.map((c) => ({
      label: c.label, inputs: () => { gin.pick(c); return [T(outOf(c)), T(c.w, Math.cos)]; }, ref: ([gy, w]: R.Ref[]) => R.conv2dGradInput(gy, w, c.x, c.ref),
      reduction: c.w[0] * c.w[2] * c.w[3],
    })),
  },
  {
    prim: 'conv2dGradWeight', fn: gw.fn,
    inputs: arbConfig.chain((c) => fc.tuple(shaped(c.x), shaped(outOf(c))).map((xs) => { gw.pick(c); return xs; })),
    refs: convConfigs.map((c) => ({
      label: c.label, inputs: () => { gw.pick(c); return [T(c.x), T(outOf(c), Math.cos)]; }, ref: ([x, gy]: R.Ref[]) => R.conv2dGradWeight(x, gy, c.w, c.ref),
      reduction: outOf(c)[0] * outOf(c)[2] * outOf(c)[3],
    })),
  },
];

// ---------- transposed convolution ----------
// convTranspose2d runs on conv2dGradInput's kernels with a plan of its own (its output sizes, output
// padding): these cases hold it to the float64 scatter form PyTorch defines, bias included.
type Pair = [number, number];
interface ConvTConfig { label: string; x: number[]; w: number[]; bias?: boolean; opts: ConvTranspose2dOptions; ref: { stride: Pair; padding: Pair; outputPadding: Pair; dilation: Pair; groups: number } }
const tRef = (r: Partial<ConvTConfig['ref']>): ConvTConfig['ref'] => ({ stride: [1, 1], padding: [0, 0], outputPadding: [0, 0], dilation: [1, 1], groups: 1, ...r });
export const convTransposeConfigs: ConvTConfig[] = [
  { label: 'DCGAN upsampling: kernel 4, stride 2, pad 1, bias', x: [2, 3, 4, 3], w: [3, 2, 4, 4], bias: true, opts: { stride: 2, padding: 1 }, ref: tRef({ stride: [2, 2], padding: [1, 1] }) },
  { label: 'kernel 3, stride 2, pad 1, outputPadding 1', x: [1, 2, 4, 5], w: [2, 3, 3, 3], opts: { stride: 2, padding: 1, outputPadding: 1 }, ref: tRef({ stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] }) },
  { label: 'groups 2, dilation 2, stride [2,1], padding [1,0]', x: [2, 4, 3, 4], w: [4, 1, 3, 2], opts: { groups: 2, dilation: 2, stride: [2, 1], padding: [1, 0] }, ref: tRef({ groups: 2, dilation: [2, 2], stride: [2, 1], padding: [1, 0] }) },
  { label: 'stride 1, dilation 2, outputPadding [1,0] (< dilation)', x: [1, 2, 4, 3], w: [2, 2, 3, 2], opts: { dilation: 2, outputPadding: [1, 0] }, ref: tRef({ dilation: [2, 2], outputPadding: [1, 0] }) },
  // 16 input channels: the im2col + GEMM + col2im path of conv2dGradInput.
  { label: 'im2col path: 16→8 channels, stride 2, pad 1, outputPadding 1, bias', x: [1, 16, 3, 3], w: [16, 8, 3, 3], bias: true, opts: { stride: 2, padding: 1, outputPadding: 1 }, ref: tRef({ stride: [2, 2], padding: [1, 1], outputPadding: [1, 1] }) },
];
const tShapes = (c: ConvTConfig) => [c.x, c.w, ...(c.bias ? [[c.w[1] * (c.ref.groups)]] : [])];
const tOut = (c: ConvTConfig) => {
  const r = c.ref, [N, , H, W] = c.x, [, Cog, KH, KW] = c.w;
  return [N, Cog * r.groups, (H - 1) * r.stride[0] - 2 * r.padding[0] + r.dilation[0] * (KH - 1) + r.outputPadding[0] + 1,
    (W - 1) * r.stride[1] - 2 * r.padding[1] + r.dilation[1] * (KW - 1) + r.outputPadding[1] + 1];
};
let tChosen = convTransposeConfigs[0];
const tFn = (x: Tensor, w: Tensor, b?: Tensor) => convTranspose2d(x, w, { ...tChosen.opts, ...(b ? { bias: b } : {}) });

export const convTransposeCase: Case = {
  prim: 'convTranspose2d', fn: (...xs) => tFn(xs[0], xs[1], xs[2]),
  inputs: fc.constantFrom(...convTransposeConfigs).chain((c) => fc.tuple(...tShapes(c).map((s) => shaped(s))).map((xs) => { tChosen = c; return xs; })),
  shape: ([x, w]) => tOut(convTransposeConfigs.find((c) => c.x.join() === x.join() && c.w.join() === w.join())!),
  // 3 input channels against a weight made for 2
  bad: () => { tChosen = convTransposeConfigs[0]; return [T([1, 3, 4, 4]), T([2, 2, 4, 4])]; },
  refs: convTransposeConfigs.map((c) => ({
    label: c.label,
    inputs: () => { tChosen = c; return tShapes(c).map((s, i) => T(s, [undefined, Math.cos, (j: number) => 0.1 * j - 0.3][i])); },
    ref: ([x, w, b]: R.Ref[]) => R.convTranspose2d(x, w, { ...c.ref, ...(b ? { bias: b } : {}) }),
    reduction: (c.x[1] / c.ref.groups) * c.w[2] * c.w[3],
  })),
};

export const convCases: Case[] = [...conv2dCases, convTransposeCase];

// ---------- pooling ----------
interface PoolConfig { label: string; x: number[]; opts: Pool2dOptions; ref: { size: [number, number]; stride: [number, number]; padding: P2; countIncludePad: boolean } }
export const poolConfigs: PoolConfig[] = [
  { label: '2×2 stride 2 on odd 7×7', x: [2, 3, 7, 7], opts: { size: 2 }, ref: { size: [2, 2], stride: [2, 2], padding: [[0, 0], [0, 0]], countIncludePad: true } },
  { label: '3×3 stride 2 pad 1 (overlapping)', x: [1, 2, 7, 6], opts: { size: 3, stride: 2, padding: 1 }, ref: { size: [3, 3], stride: [2, 2], padding: [[1, 1], [1, 1]], countIncludePad: true } },
  { label: '2×3 stride [1,2]', x: [1, 1, 5, 8], opts: { size: [2, 3], stride: [1, 2] }, ref: { size: [2, 3], stride: [1, 2], padding: [[0, 0], [0, 0]], countIncludePad: true } },
];
const avgExclude: PoolConfig = { label: '3×3 pad 1, countIncludePad false', x: [2, 2, 5, 5], opts: { size: 3, stride: 2, padding: 1, countIncludePad: false }, ref: { size: [3, 3], stride: [2, 2], padding: [[1, 1], [1, 1]], countIncludePad: false } };

const poolOut = (c: PoolConfig, kind: 'max' | 'avg') => (kind === 'max' ? nn.maxPool2d(T(c.x), c.opts) : nn.avgPool2d(T(c.x), c.opts)).shape as number[];
const maxOpts = (c: PoolConfig): Pool2dOptions => ({ size: c.opts.size, ...(c.opts.stride ? { stride: c.opts.stride } : {}), ...(c.opts.padding ? { padding: c.opts.padding } : {}) });
const distinctT = (s: number[]) => T(s, (i) => Math.sin(1.3 * i + 0.5) + i * 1e-3);

const poolCase = (prim: string, configs: PoolConfig[], make: (c: PoolConfig) => { fn: (...xs: Tensor[]) => Tensor; arb: fc.Arbitrary<Tensor[]>; ref: (xs: R.Ref[]) => R.Ref; inputs: () => Tensor[] }): Case => {
  let chosen = configs[0];
  return {
    prim,
    fn: (...xs) => make(chosen).fn(...xs),
    inputs: fc.constantFrom(...configs).chain((c) => make(c).arb.map((xs) => { chosen = c; return xs; })),
    refs: configs.map((c) => ({ label: c.label, inputs: () => { chosen = c; return make(c).inputs(); }, ref: make(c).ref })),
  };
};

const x0 = (c: PoolConfig) => distinctT(c.x);
const maxGradFn = (c: PoolConfig) => (gy: Tensor) => nn.grad((x: Tensor) => nn.sum(nn.mul(nn.maxPool2d(x, maxOpts(c)), gy)))(x0(c));
const refArgmax = (c: PoolConfig) => R.maxPool2d(R.ref(nn.toArray(x0(c)), c.x), c.ref).argmax;

export const poolCases: Case[] = [
  poolCase('maxPool2d', poolConfigs, (c) => ({
    fn: (x) => nn.maxPool2d(x, maxOpts(c)), arb: distinct(c.x).map((x) => [x]),
    inputs: () => [distinctT(c.x)], ref: ([x]) => R.maxPool2d(x, c.ref).y,
  })),
  poolCase('maxPool2dGrad', poolConfigs, (c) => ({
    fn: maxGradFn(c), arb: shaped(poolOut(c, 'max')).map((g) => [g]),
    inputs: () => [T(poolOut(c, 'max'), Math.cos)], ref: ([gy]) => R.maxPool2dGrad(gy, refArgmax(c), c.x),
  })),
  poolCase('maxPool2dSelect', poolConfigs, (c) => ({
    // The second-order form: d/dgy ⟨maxPoolGrad(gy), v⟩ reads v at each window's maximum.
    fn: (v) => nn.grad((gy: Tensor) => nn.sum(nn.mul(maxGradFn(c)(gy), v)))(nn.zeros(poolOut(c, 'max'))),
    arb: shaped(c.x).map((v) => [v]),
    inputs: () => [T(c.x, Math.cos)],
    ref: ([v]) => { const am = refArgmax(c); return R.ref(Array.from(am, (j) => v.data[j]), poolOut(c, 'max')); },
  })),
  poolCase('avgPool2d', [...poolConfigs, avgExclude], (c) => ({
    fn: (x) => nn.avgPool2d(x, c.opts), arb: shaped(c.x).map((x) => [x]),
    inputs: () => [T(c.x)], ref: ([x]) => R.avgPool2d(x, c.ref),
  })),
  poolCase('avgPool2dGrad', [...poolConfigs, avgExclude], (c) => ({
    fn: (gy) => nn.grad((x: Tensor) => nn.sum(nn.mul(nn.avgPool2d(x, c.opts), gy)))(nn.zeros(c.x)),
    arb: shaped(poolOut(c, 'avg')).map((g) => [g]),
    inputs: () => [T(poolOut(c, 'avg'), Math.cos)], ref: ([gy]) => R.avgPool2dGrad(gy, c.x, c.ref),
  })),
];
