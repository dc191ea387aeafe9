import { describe, expect, it } from 'vitest';
import { closeLaw, holds } from '../../laws/index.js';
import * as nn from '../support/api.js';
import type { Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('algebra');
const T = (s: number[], f = (i: number) => Math.sin(1.3 * i + 0.5)) => nn.tensor(Array.from({ length: s.reduce((a, b) => a * b, 1) }, (_, i) => f(i)), s);
const arr = (t: Tensor) => Array.from(nn.toArray(t));

describe.each(testedBackends)('algebraic laws on %s', (backend) => {
  const use = () => nn.useBackend(backend, { strict: true });

  it('add and mul commute; mul distributes over add', () => {
    use();
    const a = T([3, 4]), b = T([4], Math.cos), c = T([3, 1], Math.exp);
    expect(arr(nn.add(a, b))).toEqual(arr(nn.add(b, a)));
    expect(arr(nn.mul(a, b))).toEqual(arr(nn.mul(b, a)));
    holds(closeLaw('distributivity', nn.mul(a, nn.add(b, c)), nn.add(nn.mul(a, b), nn.mul(a, c))));
  });

  it('matmul is associative and (AB)ᵀ = BᵀAᵀ', () => {
    use();
    const A = T([3, 5]), B = T([5, 4], Math.cos), C = T([4, 2]);
    holds(closeLaw('associativity', nn.matmul(nn.matmul(A, B), C), nn.matmul(A, nn.matmul(B, C))));
    holds(closeLaw('transpose of product', nn.transpose(nn.matmul(A, B)), nn.matmul(nn.transpose(B), nn.transpose(A))));
    expect(arr(nn.transpose(nn.transpose(A)))).toEqual(arr(A));
  });

  it('conv with a delta kernel is the identity', () => {
    use();
    const x = T([2, 3, 6, 5]);
    const delta = nn.tensor(Array.from({ length: 3 * 3 * 9 }, (_, i) => { const o = Math.floor(i / 27), c = Math.floor(i / 9) % 3, k = i % 9; return o === c && k === 4 ? 1 : 0; }), [3, 3, 3, 3]);
    expect(arr(nn.conv2d(x, delta, { padding: 'same' }))).toEqual(arr(x));
  });

  it('conv commutes with translation (away from the border)', () => {
    use();
    const x = T([1, 2, 8, 8]), w = T([3, 2, 3, 3], Math.cos);
    const shifted = nn.pad(nn.slice(x, [0, 0, 0, 0], [1, 2, 7, 8]), [[0, 0], [0, 0], [1, 0], [0, 0]]); // down by one row
    const y = nn.conv2d(x, w), ys = nn.conv2d(shifted, w);
    holds(closeLaw('translation', nn.slice(ys, [0, 0, 1, 0], [1, 3, 5, 6]), nn.slice(y, [0, 0, 0, 0], [1, 3, 5, 6])));
  });

  it('conv1d equals conv2d on a height-1 image', () => {
    use();
    const x = T([2, 4, 9]), w = T([6, 2, 3], Math.cos);
    const y1 = nn.conv1d(x, w, { groups: 2, padding: 'same', dilation: 2 });
    const y2 = nn.conv2d(nn.reshape(x, [2, 4, 1, 9]), nn.reshape(w, [6, 2, 1, 3]), { groups: 2, padding: [[0, 0], [2, 2]], dilation: [1, 2] });
    expect(arr(y1)).toEqual(arr(y2));
  });

  it('max-pool ties: the first maximum in row-major window order wins, value and gradient', () => {
    use();
    const x = nn.tensor([5, 5, 1, 5, 5, 5, 0, 5, 2, 2, 2, 2, 2, 2, 2, 2], [1, 1, 4, 4]);
    expect(arr(nn.maxPool2d(x, { size: 2 }))).toEqual([5, 5, 2, 2]);
    const g = nn.grad((v: Tensor) => nn.sum(nn.maxPool2d(v, { size: 2 })))(x);
    expect(arr(g)).toEqual([1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
  });

  it('padded cells never win a max, even when every real cell is negative', () => {
    use();
    const x = nn.tensor([-3, -2, -1, -4], [1, 1, 2, 2]);
    expect(arr(nn.maxPool2d(x, { size: 2, stride: 1, padding: 1 }))).toEqual([-3, -2, -2, -1, -1, -2, -1, -1, -4]);
  });

  it('softmax rows sum to 1 and logits of ±1000 stay finite, with finite gradients', () => {
    use();
    const x = nn.tensor([1000, 0, -1000, 3, 3, 3], [2, 3]);
    const s = arr(nn.softmax(x));
    expect(s[0] + s[1] + s[2]).toBeCloseTo(1, 6);
    expect(s.slice(3).every((v) => Math.abs(v - 1 / 3) < 1e-6)).toBe(true);
    expect(arr(nn.logSoftmax(x)).every(Number.isFinite)).toBe(true);
    expect(arr(nn.grad((v: Tensor) => nn.sum(nn.mul(nn.logSoftmax(v), nn.tensor([1, 0, 0, 0, 1, 0], [2, 3]))))(x)).every(Number.isFinite)).toBe(true);
  });

  it('exp ∘ log is the identity on positives; reshape and permute round-trip', () => {
    use();
    const x = T([3, 4], (i) => 0.1 + i);
    holds(closeLaw('exp∘log', nn.exp(nn.log(x)), x, 1e-5, 1e-5));
    const y = T([2, 3, 4]);
    expect(arr(nn.permute(nn.permute(y, [2, 0, 1]), [1, 2, 0]))).toEqual(arr(y));
    expect(arr(nn.reshape(nn.reshape(y, [4, 6]), [2, 3, 4]))).toEqual(arr(y));
  });

  it('gather and scatterAdd are adjoint: ⟨gather(T, i), V⟩ = ⟨T, scatterAdd(V, i)⟩', () => {
    use();
    const table = T([6, 3]), idx = nn.tensor([5, 0, 5, 2, 2, 2, 1], [7]), V = T([7, 3], Math.cos);
    const lhs = nn.item(nn.sum(nn.mul(nn.gather(table, idx), V)));
    const rhs = nn.item(nn.sum(nn.mul(table, nn.scatterAdd(V, idx, 6))));
    expect(lhs).toBeCloseTo(rhs, 5);
  });

  it('zero-size dimensions give empty results, and sums of nothing are 0', () => {
    use();
    const e = nn.zeros([0, 3]);
    expect(nn.add(e, T([3])).shape).toEqual([0, 3]);
    expect(nn.matmul(e, T([3, 2])).shape).toEqual([0, 2]);
    expect(arr(nn.matmul(T([2, 0]) as Tensor, nn.zeros([0, 3])))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(arr(nn.sum(e, 0))).toEqual([0, 0, 0]);
    expect(nn.concat([e, T([2, 3])], 0).shape).toEqual([2, 3]);
  });
});
