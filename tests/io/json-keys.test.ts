import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from '../../src/io/json-keys.js';

describe('findDuplicateKey', () => {
  it('finds a duplicate at the top level, with an empty path', () => {
    expect(findDuplicateKey('{"a":1,"b":2,"a":3}')).toEqual({ key: 'a', path: [] });
    expect(findDuplicateKey('{"":1,"":2}')).toEqual({ key: '', path: [] });
  });

  it('finds duplicates at any depth and names the way down, array indices included', () => {
    expect(findDuplicateKey('{"x":{"dtype":"F32","dtype":"F16"}}')).toEqual({ key: 'dtype', path: ['x'] });
    expect(findDuplicateKey('{"x":{"y":[1,{"k":0},{"k":1,"k":2}]}}')).toEqual({ key: 'k', path: ['x', 'y', '2'] });
    expect(findDuplicateKey('[[], [{"a":1}], [{"b":1,"b":1}]]')).toEqual({ key: 'b', path: ['2', '0'] });
  });

  it('compares keys after unescaping', () => {
    expect(findDuplicateKey('{"a":1,"\\u0061":2}')).toEqual({ key: 'a', path: [] });
    expect(findDuplicateKey('{"q\\"":1,"q\\u0022":2}')).toEqual({ key: 'q"', path: [] });
    expect(findDuplicateKey('{"\\\\":1,"\\\\\\\\":2}')).toBeUndefined(); // one backslash, then two
  });

  it('the same key in sibling objects or at different levels is not a duplicate', () => {
    expect(findDuplicateKey('{"a":{"a":{"a":1}},"b":{"a":2}}')).toBeUndefined();
    expect(findDuplicateKey('[{"a":1},{"a":2}]')).toBeUndefined();
    expect(findDuplicateKey('{"a":[{"b":1}],"b":[{"a":1}]}')).toBeUndefined();
  });

  it('strings that look like JSON (braces, commas, colons, quotes) are values, not keys', () => {
    expect(findDuplicateKey('{"a":"{\\"a\\":1, \\"a\\":2}","b":"a","c":["a","a"]}')).toBeUndefined();
    expect(findDuplicateKey(' { "a" : "x" , "b" : "a" , "a" : 1 } ')).toEqual({ key: 'a', path: [] });
  });

  it('scalars, empty containers and deep nesting (no recursion limit)', () => {
    for (const s of ['1', '"a"', 'null', '{}', '[]', '[{}]']) expect(findDuplicateKey(s)).toBeUndefined();
    const deep = '[{"k":'.repeat(30_000) + '{"d":1,"d":2}' + '}]'.repeat(30_000); // far past a recursive parser's stack
    const found = findDuplicateKey(deep);
    expect(found?.key).toBe('d');
    expect(found?.path.length).toBe(60_000);
  });

  it('what JSON.stringify writes never has a duplicate; one key written twice always is found', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => { expect(findDuplicateKey(JSON.stringify(v))).toBeUndefined(); }), { numRuns: 300 });
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue(), { minKeys: 1 }), fc.nat(), (d, i) => {
      const keys = Object.keys(d);
      const k = keys[i % keys.length];
      const text = `{${JSON.stringify(k)}:0,${JSON.stringify(d).slice(1)}`;
      expect(findDuplicateKey(text)).toEqual({ key: k, path: [] });
      expect(findDuplicateKey(`[{"outer":${text}}]`)).toEqual({ key: k, path: ['0', 'outer'] });
    }), { numRuns: 300 });
  });

  it('any text, valid JSON or not, gives an answer without throwing', () => {
    fc.assert(fc.property(fc.string(), (s) => { findDuplicateKey(s); }), { numRuns: 500 });
    for (const s of ['{"a', '{"a":1,"a', '}}]]', '"\\', '{"a":1,"a":2']) expect(() => findDuplicateKey(s)).not.toThrow();
  });
});
