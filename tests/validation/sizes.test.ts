// Sizes are checked before anything is allocated: a typo in a shape is a LimitError, not a process
// killed for memory.
import { describe, expect, it } from 'vitest';
import {
  LimitError, OptionError, arange, nn, broadcastTo, conv2d, full, matmul, ones, pad, scatterAdd, tensor, toArray, zeros,
} from '../support/api.js';

const BIG = [65536, 65536];

describe('sizes are checked before allocating', () => {
  it('constructors refuse shapes past the limit, naming themselves', () => {
    expect(() => zeros(BIG)).toThrow(LimitError);
    expect(() => zeros(BIG)).toThrow(/^zeros: elements in a tensor of shape \[65536, 65536\]: 4,294,967,296 is over the limit/);
    expect(() => ones(BIG)).toThrow(/^ones: /);
    expect(() => full(BIG, 1)).toThrow(/^full: /);
    expect(() => tensor([], BIG)).toThrow(/^tensor: .*over the limit/);
    expect(() => arange(0, 2 ** 40)).toThrow(LimitError);
    expect(() => arange(0, 1, 1e-12)).toThrow(/^arange: .*over the limit/);
  });

  it('arange refuses non-finite bounds and steps', () => {
    expect(() => arange(NaN)).toThrow(OptionError);
    expect(() => arange(NaN)).toThrow('arange: n must be a finite number, got NaN');
    expect(() => arange(0, Infinity)).toThrow('arange: stop must be a finite number, got Infinity');
    expect(() => arange(-Infinity, 0)).toThrow(OptionError);
    expect(() => arange(0, 3, 0)).toThrow('arange: step must be a finite non-zero number, got 0');
    expect(() => arange(0, 3, NaN)).toThrow(OptionError);
    expect(Array.from(toArray(arange(1, 2, 0.25)))).toEqual([1, 1.25, 1.5, 1.75]);
  });

  it('shapes with negative, fractional, NaN or unsafe dims stay OptionErrors', () => {
    for (const s of [[-1], [1.5], [NaN], [2 ** 60], 'abc', null])
      expect(() => zeros(s as never)).toThrow(OptionError);
    const cyclic: unknown[] = [1];
    cyclic.push(cyclic);
    expect(() => zeros(cyclic as never)).toThrow(/^zeros: shape must be an array of non-negative integers, got an array of 2$/);
  });

  it('ops whose arguments choose the output size refuse huge outputs up front', () => {
    // Both operands are empty, but the product would be 2^40 × 2^40.
    expect(() => matmul(zeros([2 ** 40, 0] as number[]), zeros([0, 2 ** 40] as number[]))).toThrow(/^matmul: .*over the limit/);
    expect(() => broadcastTo(zeros([1]), BIG)).toThrow(/^broadcastTo: .*over the limit/);
    expect(() => pad(zeros([2, 2]), [[0, 65536], [0, 65536]])).toThrow(/^pad: .*over the limit/);
    expect(() => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), { padding: 65536 as number })).toThrow(/^conv2d: .*over the limit/);
    expect(() => scatterAdd(zeros([1, 65536]), tensor([0], [1]), 65536)).toThrow(/^scatterAdd: .*over the limit/);
  });

  it('layers refuse parameters past the limit when they are made, naming themselves', () => {
    expect(() => nn.dense(65536, 65536)).toThrow(/^dense: elements in a tensor of shape \[65536, 65536\]/);
    expect(() => nn.embedding(2 ** 26, 64)).toThrow(/^embedding: .*over the limit/);
    expect(() => nn.conv2d(1024, 1024, 1024)).toThrow(/^conv2d layer: .*over the limit/);
    expect(() => nn.lstm(4, 65536)).toThrow(/^lstm: .*over the limit/);
  });
});
