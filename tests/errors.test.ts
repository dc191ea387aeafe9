import { describe, expect, it } from 'vitest';
import * as nn from './support/api.js';
import { OptionError, ShapeError } from './support/api.js';

const z = (s: number[]) => nn.zeros(s);

describe('bad input gives a clear error, never a crash inside gpu.js', () => {
  it('data that does not fit the shape', () => {
    expect(() => nn.tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => nn.tensor([1, 2, 3], [2, 2])).toThrow('tensor: data has shape [3] but shape [2, 2] needs 4 numbers');
    expect(() => nn.tensor([1, 2], [2, -1] as number[])).toThrow(OptionError);
  });

  it('shape errors name the op, the argument and both shapes', () => {
    expect(() => nn.matmul(z([2, 3]) as nn.Tensor, z([4, 5]))).toThrow('matmul: b has shape [4, 5] but must have 3 rows to match a [2, 3] (inner dimensions 3 vs 4)');
    expect(() => nn.add(z([2, 3]) as nn.Tensor, z([4, 3]))).toThrow('add: b has shape [4, 3] but does not broadcast with a of shape [2, 3]');
    expect(() => nn.conv2d(z([1, 3, 8, 8]) as nn.Tensor, z([4, 2, 3, 3]))).toThrow('conv2d: w has shape [4, 2, 3, 3] but must have C/groups = 3 input channels to match x [1, 3, 8, 8]');
    expect(() => nn.conv2d(z([1, 3, 2, 2]) as nn.Tensor, z([4, 3, 3, 3]))).toThrow(/conv2d: x has shape \[1, 3, 2, 2\] but is too small for a 3×3 kernel/);
    expect(() => nn.reshape(z([2, 3]) as nn.Tensor, [4] as number[])).toThrow('reshape: x has shape [2, 3] but cannot be reshaped to [4]');
  });

  it('unknown or bad options are named', () => {
    expect(() => nn.conv2d(z([1, 1, 5, 5]), z([1, 1, 3, 3]), { pading: 1 } as never)).toThrow("conv2d: unknown option 'pading'");
    expect(() => nn.conv2d(z([1, 1, 5, 5]), z([1, 1, 3, 3]), { stride: 0 })).toThrow('conv2d: stride must be positive integers, got 0');
    expect(() => nn.conv2d(z([1, 2, 5, 5]), z([3, 1, 3, 3]), { groups: 2 })).toThrow('conv2d: groups 2 must divide both the input channels 2 and the output channels 3');
    expect(() => nn.conv2d(z([1, 1, 5, 5]), z([1, 1, 3, 3]), { padding: 'full' as never })).toThrow(/padding must be a number/);
    expect(() => nn.maxPool2d(z([1, 1, 4, 4]), { size: 2, countIncludePad: false })).toThrow('maxPool2d: countIncludePad applies to avgPool2d only');
    expect(() => nn.sum(z([2, 3]), 2)).toThrow('sum: axis 2 is out of range for rank 2');
    expect(() => nn.gather(z([3, 2]), nn.tensor([0, 3], [2]))).toThrow('gather: index 3 at position 1 is not an integer in [0, 3)');
    expect(() => nn.add(z([2]), 'x' as never)).toThrow('add: b must be a Tensor or a number, got string');
  });
});
