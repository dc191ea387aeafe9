// Dotted-path selectors: globs with * (within a segment) and ** (whole segments, none too), RegExps,
// predicates; anything else is an ArgumentError that says what is accepted.
import { describe, expect, it } from 'vitest';
import { globRegex, pathMatcher } from '../../src/autodiff/path-pattern.js';
import { ArgumentError } from '../../src/index.js';

const cases: [string, string, boolean][] = [
  ['features.**', 'features.0.weight', true], ['features.**', 'features', true], ['features.**', 'featuresX.0', false],
  ['features.**', 'head.weight', false], ['**.weight', 'features.0.weight', true], ['**.weight', 'weight', true],
  ['**.weight', 'a.bias', false], ['a.**.b', 'a.b', true], ['a.**.b', 'a.x.y.b', true], ['a.**.b', 'a.x.y.c', false],
  ['head.*', 'head.weight', true], ['head.*', 'head.0.weight', false], ['f*.0.*', 'features.0.bias', true],
  ['**', 'anything.at.all', true], ['features.3.**', 'features.3.weight', true], ['features.3.**', 'features.30.weight', false],
  ['a+b.(c)', 'a+b.(c)', true], ['a+b.(c)', 'aab.c', false], // regex metacharacters are literal
];

describe('path selectors', () => {
  it.each(cases)('%s on %s is %s', (glob, path, want) => {
    expect(pathMatcher('t', 's', glob)(path)).toBe(want);
    expect(globRegex(glob).test(path)).toBe(want);
  });
  it('several globs match when any does; RegExps and predicates are used as they are', () => {
    const m = pathMatcher('t', 's', ['head.**', 'features.0.*']);
    expect(['head.w', 'features.0.bias', 'features.1.bias'].map(m)).toEqual([true, true, false]);
    const g = pathMatcher('t', 's', /^features\.[01]\./g); // a global RegExp must not keep state between calls
    expect(['features.0.w', 'features.0.w', 'features.2.w'].map(g)).toEqual([true, true, false]);
    expect(pathMatcher('t', 's', (p) => p.endsWith('bias'))('x.bias')).toBe(true);
  });
  it('anything else is refused with the accepted forms', () => {
    for (const bad of ['', 3, null, [1], ['ok', '']]) {
      // @ts-expect-error deliberately wrong argument types
      expect(() => pathMatcher('op', 'include', bad)).toThrow(ArgumentError);
    }
    expect(() => pathMatcher('op', 'include', '')).toThrow(/non-empty glob/);
  });
});
