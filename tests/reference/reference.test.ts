// Sanity checks of the float64 references themselves, on hand-computed examples and adjoint identities.
import { describe, expect, it } from 'vitest';
import {
  type Conv2dOpts, type Ref, avgPool2d, avgPool2dGrad, binary, concat, conv1d, conv2d, conv2dGradInput,
  conv2dGradWeight, gather, logSoftmax, matmul, maxPool2d, maxPool2dGrad, pad, permute, reduce, ref,
  samePadding, scatterAdd, size, slice, softmax, unary, where,
} from './index.js';

// Deterministic uniform [-1, 1) generator (mulberry32).
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

const arange = (shape: number[]): Ref => ref(Array.from({ length: size(shape) }, (_, i) => i), shape);
const random = (shape: number[], next: () => number): Ref => ref(Array.from({ length: size(shape) }, next), shape);
const dot = (a: Ref, b: Ref): number => a.data.reduce((s, v, i) => s + v * b.data[i], 0);
const values = (r: Ref): number[] => Array.from(r.data);
const close = (a: number, b: number, tol = 1e-9): void => {
  expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(a), Math.abs(b)));
};
const conv = (o: Partial<Conv2dOpts> = {}): Conv2dOpts => ({
  stride: [1, 1], padding: [[0, 0], [0, 0]], dilation: [1, 1], groups: 1, ...o,
});

describe('ref', () => {
  it('checks data length against shape', () => {
    expect(size([])).toBe(1);
    expect(size([2, 0, 3])).toBe(0);
    expect(() => ref([1, 2, 3], [2, 2])).toThrow();
  });
});

describe('elementwise', () => {
  it('unary maps every value', () => {
    expect(values(unary(ref([1, -2, 3], [3]), Math.abs))).toEqual([1, 2, 3]);
  });
  it('binary broadcasts [2,1] with [3] to [2,3]', () => {
    const y = binary(ref([1, 2], [2, 1]), ref([10, 20, 30], [3]), (p, q) => p + q);
    expect(y.shape).toEqual([2, 3]);
    expect(values(y)).toEqual([11, 21, 31, 12, 22, 32]);
  });
  it('binary rejects incompatible shapes', () => {
    expect(() => binary(ref([1, 2], [2]), ref([1, 2, 3], [3]), (p, q) => p + q)).toThrow();
  });
  it('where broadcasts condition, a and scalar b', () => {
    const y = where(ref([1, 0, 1], [3]), ref([1, 2], [2, 1]), ref([0], []));
    expect(y.shape).toEqual([2, 3]);
    expect(values(y)).toEqual([1, 0, 1, 2, 0, 2]);
  });
});

describe('reduce', () => {
  const x = arange([2, 3]);
  it('sums over a negative axis, with and without keepDims', () => {
    expect(reduce(x, [-1], false, 'sum')).toEqual(ref([3, 12], [2]));
    expect(reduce(x, [-1], true, 'sum').shape).toEqual([2, 1]);
  });
  it('means over axis 0 and maxes over all axes', () => {
    expect(values(reduce(x, [0], false, 'mean'))).toEqual([1.5, 2.5, 3.5]);
    expect(reduce(x, [0, 1], false, 'max')).toEqual(ref([5], []));
    expect(reduce(x, [0, 1], true, 'max').shape).toEqual([1, 1]);
  });
  it('logsumexp is stable for large inputs', () => {
    close(reduce(ref([1000, 1000], [2]), [0], false, 'logsumexp').data[0], 1000 + Math.log(2));
    close(reduce(ref([0, 0, 0], [1, 3]), [1], false, 'logsumexp').data[0], Math.log(3));
  });
  it('softmax / logSoftmax are stable and consistent', () => {
    expect(values(softmax(ref([1000, 1000], [2]), 0))).toEqual([0.5, 0.5]);
    const r = random([3, 4], rng(1));
    const s = softmax(r, 1);
    for (const v of values(reduce(s, [1], false, 'sum'))) close(v, 1);
    logSoftmax(r, -1).data.forEach((v, i) => close(v, Math.log(s.data[i])));
  });
});

describe('matmul', () => {
  const a = ref([1, 2, 3, 4], [2, 2]);
  const b = ref([5, 6, 7, 8], [2, 2]);
  it('multiplies 2-D matrices, honouring transA / transB', () => {
    expect(values(matmul(a, b))).toEqual([19, 22, 43, 50]);
    expect(values(matmul(ref([1, 3, 2, 4], [2, 2]), b, { transA: true }))).toEqual([19, 22, 43, 50]);
    expect(values(matmul(a, ref([5, 7, 6, 8], [2, 2]), { transB: true }))).toEqual([19, 22, 43, 50]);
    expect(matmul(arange([2, 3]), ref([1, 1, 1], [3, 1]))).toEqual(ref([3, 12], [2, 1]));
  });
  it('multiplies batched 3-D matrices', () => {
    const y = matmul(ref([1, 2, 3, 4, 1, 2, 3, 4], [2, 2, 2]), ref([5, 6, 7, 8, 1, 0, 0, 1], [2, 2, 2]));
    expect(y).toEqual(ref([19, 22, 43, 50, 1, 2, 3, 4], [2, 2, 2]));
    const t = matmul(ref([1, 3, 2, 4, 1, 3, 2, 4], [2, 2, 2]), ref([5, 7, 6, 8, 1, 0, 0, 1], [2, 2, 2]), { transA: true, transB: true });
    expect(t).toEqual(y);
  });
});

describe('movement', () => {
  it('permute transposes and moves axes', () => {
    expect(permute(arange([2, 3]), [1, 0])).toEqual(ref([0, 3, 1, 4, 2, 5], [3, 2]));
    const x = arange([2, 3, 4]);
    const y = permute(x, [2, 0, 1]);
    expect(y.shape).toEqual([4, 2, 3]);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++)
      expect(y.data[(k * 2 + i) * 3 + j]).toBe(x.data[(i * 3 + j) * 4 + k]);
  });
  it('slice, pad and concat', () => {
    expect(slice(arange([3, 3]), [1, 0], [2, 2])).toEqual(ref([3, 4, 6, 7], [2, 2]));
    expect(pad(ref([1, 2], [2]), [[1, 2]], 9)).toEqual(ref([9, 1, 2, 9, 9], [5]));
    expect(pad(ref([1], [1, 1]), [[0, 1], [1, 0]])).toEqual(ref([0, 1, 0, 0], [2, 2]));
    expect(concat([ref([0, 3], [2, 1]), ref([1, 2, 4, 5], [2, 2])], -1)).toEqual(arange([2, 3]));
    expect(concat([arange([1, 2]), ref([2, 3, 4, 5], [2, 2])], 0)).toEqual(arange([3, 2]));
  });
  it('gather and scatterAdd are adjoint, with repeated indices summed', () => {
    expect(gather(arange([3, 2]), [2, 0, 2])).toEqual(ref([4, 5, 0, 1, 4, 5], [3, 2]));
    expect(scatterAdd(ref([1, 1, 2, 2, 3, 3], [3, 2]), [2, 0, 2], 3)).toEqual(ref([2, 2, 0, 0, 4, 4], [3, 2]));
    const next = rng(2);
    const t = random([4, 3], next);
    const g = random([5, 3], next);
    const idx = [3, 1, 3, 0, 3];
    close(dot(gather(t, idx), g), dot(t, scatterAdd(g, idx, 4)));
  });
});

describe('conv2d (hand-computed)', () => {
  const x = arange([1, 1, 3, 3]);
  const w = ref([1, 2, 3, 4], [1, 1, 2, 2]);
  it('2x2 kernel over arange 3x3, with bias', () => {
    expect(conv2d(x, w, conv())).toEqual(ref([27, 37, 57, 67], [1, 1, 2, 2]));
    expect(values(conv2d(x, w, conv({ bias: ref([10], [1]) })))).toEqual([37, 47, 67, 77]);
  });
  it('stride 2 with padding 1', () => {
    expect(conv2d(x, w, conv({ stride: [2, 2], padding: [[1, 1], [1, 1]] }))).toEqual(ref([0, 11, 30, 67], [1, 1, 2, 2]));
  });
  it('dilation 2', () => {
    expect(conv2d(x, w, conv({ dilation: [2, 2] }))).toEqual(ref([54], [1, 1, 1, 1]));
  });
  it('groups 2: each output reads only its group of channels', () => {
    const xg = ref([1, 2, 3, 4, 5, 6, 7, 8], [1, 2, 2, 2]);
    const y = conv2d(xg, ref([1, 2, 3, 4], [4, 1, 1, 1]), conv({ groups: 2 }));
    expect(y).toEqual(ref([1, 2, 3, 4, 2, 4, 6, 8, 15, 18, 21, 24, 20, 24, 28, 32], [1, 4, 2, 2]));
    expect(() => conv2d(xg, ref([1, 2], [1, 2, 1, 1]), conv({ groups: 2 }))).toThrow();
  });
  it('gradients with gy = 1', () => {
    const gy = ref([1, 1, 1, 1], [1, 1, 2, 2]);
    expect(values(conv2dGradInput(gy, w, [1, 1, 3, 3], conv()))).toEqual([1, 3, 2, 4, 10, 6, 3, 7, 4]);
    expect(values(conv2dGradWeight(x, gy, [1, 1, 2, 2], conv()))).toEqual([8, 12, 20, 24]);
  });
  it('conv1d with stride 2 and padding [1,1]', () => {
    const y = conv1d(ref([1, 2, 3, 4, 5], [1, 1, 5]), ref([1, 0, -1], [1, 1, 3]), { stride: 2, padding: [1, 1], dilation: 1, groups: 1 });
    expect(y).toEqual(ref([-2, -2, 4], [1, 1, 3]));
  });
  it('samePadding puts the odd extra after', () => {
    expect(samePadding(5, 3, 2, 1)).toEqual([1, 1]);
    expect(samePadding(4, 3, 2, 1)).toEqual([0, 1]);
    expect(samePadding(4, 2, 1, 1)).toEqual([0, 1]);
    expect(samePadding(5, 3, 1, 2)).toEqual([2, 2]);
    expect(samePadding(6, 1, 1, 1)).toEqual([0, 0]);
    expect(samePadding(7, 1, 3, 1)).toEqual([0, 0]);
  });
});

describe('conv2d (random, adjoint identities)', () => {
  const cases: { x: number[]; w: number[]; o: Partial<Conv2dOpts> }[] = [
    { x: [2, 3, 5, 6], w: [4, 3, 3, 2], o: {} },
    { x: [1, 4, 7, 6], w: [6, 2, 3, 3], o: { stride: [2, 3], padding: [[1, 2], [0, 1]], dilation: [1, 2], groups: 2 } },
    { x: [2, 6, 6, 5], w: [3, 2, 2, 3], o: { stride: [3, 1], padding: [[2, 0], [1, 1]], dilation: [2, 1], groups: 3, bias: ref([0, 0, 0], [3]) } },
    { x: [1, 2, 4, 4], w: [2, 1, 3, 3], o: { padding: [[1, 1], [1, 1]], groups: 2 } },
  ];
  it.each(cases.map((c, i) => [i, c] as const))('case %i', (i, c) => {
    const next = rng(100 + i);
    const opts = conv(c.o);
    const x = random(c.x, next);
    const w = random(c.w, next);
    const y = conv2d(x, w, opts);
    const gy = random([...y.shape], next);
    const lhs = dot(y, gy);
    close(lhs, dot(x, conv2dGradInput(gy, w, c.x, opts)));
    close(lhs, dot(w, conv2dGradWeight(x, gy, c.w, opts)));
    // Padding inside conv2d equals explicit zero padding of the input.
    const p = opts.padding;
    const yp = conv2d(pad(x, [[0, 0], [0, 0], p[0], p[1]]), w, { ...opts, padding: [[0, 0], [0, 0]] });
    expect(yp.shape).toEqual(y.shape);
    yp.data.forEach((v, k) => close(v, y.data[k]));
  });
});

describe('pooling', () => {
  it('max pool: the first maximum wins ties', () => {
    const x = ref([5, 5, 1, 1, 5, 2, 1, 1], [1, 1, 2, 4]);
    const { y, argmax } = maxPool2d(x, { size: [2, 2], stride: [2, 2], padding: [[0, 0], [0, 0]] });
    expect(y).toEqual(ref([5, 1], [1, 1, 1, 2]));
    expect(Array.from(argmax)).toEqual([0, 2]);
    expect(values(maxPool2dGrad(ref([1, 2], [1, 1, 1, 2]), argmax, x.shape))).toEqual([1, 0, 2, 0, 0, 0, 0, 0]);
  });
  it('max pool: padded cells never win', () => {
    const x = ref([-4, -3, -2, -1], [1, 1, 2, 2]);
    const { y, argmax } = maxPool2d(x, { size: [2, 2], stride: [1, 1], padding: [[1, 0], [1, 0]] });
    expect(values(y)).toEqual([-4, -3, -2, -1]);
    expect(Array.from(argmax)).toEqual([0, 1, 2, 3]);
  });
  it('avg pool: countIncludePad true vs false', () => {
    const x = arange([1, 1, 3, 3]);
    const base = { size: [2, 2] as [number, number], stride: [2, 2] as [number, number], padding: [[0, 1], [0, 1]] as [[number, number], [number, number]] };
    expect(avgPool2d(x, { ...base, countIncludePad: true })).toEqual(ref([2, 1.75, 3.25, 2], [1, 1, 2, 2]));
    expect(values(avgPool2d(x, { ...base, countIncludePad: false }))).toEqual([2, 3.5, 6.5, 8]);
    expect(values(avgPool2dGrad(ref([4, 4, 4, 4], [1, 1, 2, 2]), x.shape, { ...base, countIncludePad: false })))
      .toEqual([1, 1, 2, 1, 1, 2, 2, 2, 4]);
  });
  it.each([0, 1, 2])('adjoint identities, case %i', (i) => {
    const next = rng(200 + i);
    const opts = [
      { size: [3, 2], stride: [2, 1], padding: [[1, 1], [0, 1]] },
      { size: [2, 2], stride: [1, 2], padding: [[0, 1], [1, 0]] },
      { size: [3, 3], stride: [3, 3], padding: [[1, 0], [2, 1]] },
    ][i] as { size: [number, number]; stride: [number, number]; padding: [[number, number], [number, number]] };
    const x = random([2, 3, 6, 5], next);
    const { y, argmax } = maxPool2d(x, opts);
    const gy = random([...y.shape], next);
    const dx = random([...x.shape], next);
    // Max pool is locally the selection dx -> dx[argmax]; its adjoint is maxPool2dGrad.
    close(Array.from(argmax).reduce((s, a, k) => s + dx.data[a] * gy.data[k], 0), dot(dx, maxPool2dGrad(gy, argmax, x.shape)));
    for (const countIncludePad of [true, false]) {
      const o = { ...opts, countIncludePad };
      close(dot(avgPool2d(x, o), gy), dot(x, avgPool2dGrad(gy, x.shape, o)));
    }
  });
});
