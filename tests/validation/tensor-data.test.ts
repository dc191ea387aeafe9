// `tensor` reads only numbers: anything else in the data is an ArgumentError naming the position.
import { describe, expect, it } from 'vitest';
import { ArgumentError, LimitError, ShapeError, tensor, toArray } from '../support/api.js';

const refused = (f: () => unknown): ArgumentError => {
  try { f(); } catch (e) { if (e instanceof ArgumentError) return e; throw e; }
  throw new Error('expected an ArgumentError');
};

describe('tensor data', () => {
  it('refuses strings instead of making NaN', () => {
    const e = refused(() => tensor(['a', 'b'] as never, [2]));
    expect(e.op).toBe('tensor');
    expect(e.argument).toBe('data');
    expect(e.message).toBe("tensor: data at [0] must be a number, got a string ('a')");
  });

  it('refuses null, undefined and booleans, naming the first bad index', () => {
    expect(() => tensor([1, null, undefined, true] as never, [4])).toThrow('tensor: data at [1] must be a number, got null');
    expect(() => tensor([1, 2, undefined] as never)).toThrow('tensor: data at [2] must be a number, got undefined');
    expect(() => tensor([[1, 2], [3, true]] as never)).toThrow('tensor: data at [1][1] must be a number, got true');
  });

  it('refuses ragged nested arrays with the index path', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: data is ragged: at [1] an array of 1 where [0] has 2');
    expect(() => tensor([[1, 2], 3] as never)).toThrow(/tensor: data is ragged: at \[1\] a number where an array of 2 belongs/);
    expect(() => tensor([[[1], [2]], [[3], [4, 5]]])).toThrow('tensor: data is ragged: at [1][1] an array of 2 where [0][0] has 1');
    expect(() => tensor([[1, 2], [3, 4]], [4])).not.toThrow(); // regular nesting with another shape of the same size
  });

  it('refuses data that contains itself', () => {
    const a: unknown[] = [];
    a.push(a);
    expect(() => tensor(a as never)).toThrow(ArgumentError);
    expect(() => tensor(a as never)).toThrow('contains itself');
  });

  it('refuses what is not data at all', () => {
    expect(() => tensor(null as never)).toThrow('tensor: data must be a number, an array of numbers, nested arrays of numbers or a typed array, got null');
    expect(() => tensor('12' as never)).toThrow(ArgumentError);
    expect(() => tensor({ length: -1 } as never)).toThrow(ArgumentError);
  });

  it('keeps NaN and ±Infinity, which are numbers', () => {
    expect(Array.from(toArray(tensor([NaN, Infinity, -Infinity], [3])))).toEqual([NaN, Infinity, -Infinity]);
    expect(Array.from(toArray(tensor([[NaN], [1]])))).toEqual([NaN, 1]);
  });

  it('takes typed arrays and array-likes of numbers', () => {
    expect(Array.from(toArray(tensor(new Int32Array([1, -2]), [2])))).toEqual([1, -2]);
    expect(Array.from(toArray(tensor(new Float64Array([0.5]), [1])))).toEqual([0.5]);
    expect(Array.from(toArray(tensor({ length: 2, 0: 3, 1: 4 }, [2])))).toEqual([3, 4]);
    expect(() => tensor(new BigInt64Array(2) as never, [2])).toThrow(ArgumentError);
  });

  it('still reports a size mismatch as a ShapeError, and a huge shape before reading the data', () => {
    expect(() => tensor([1, 2, 3], [2, 2])).toThrow(ShapeError);
    expect(() => tensor(['x'] as never, [65536, 65536])).toThrow(LimitError);
  });
});
