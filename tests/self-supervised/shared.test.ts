// shared(f, names): one parameter tree applied to several inputs (a siamese encoder). Its output is
// f's on each input, its gradient the sum over the uses (the gradient law checks it), on every backend.
import { describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import * as nn from '../../src/nn/index.js';
import { shared } from '../../src/nn/shared.js';
import { overItems } from '../../src/nn/over-items.js';
import { ArgumentError, key, normal, reshape, toArray, useBackend } from '../../src/index.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('shared');

const encoder = () => nn.sequential(nn.conv2d(1, 3, 3), nn.tanh(), nn.flatten(), nn.dense(12, 4));
const spec = { a: [1, 4, 4], b: [1, 4, 4] };

describe('shared', () => {
  it('applies the same parameters to every input', () => {
    const f = encoder(), s = nn.sequential(shared(f, ['a', 'b']), nn.concatenate(), nn.dense(8, 8));
    const init = s.init(key(1), spec);
    const a = normal(key(2), [3, 1, 4, 4]), b = normal(key(3), [3, 1, 4, 4]);
    const sh = shared(f, ['a', 'b']), p = init.params[0];
    const y = sh.apply(p, init.state[0], { a, b }).y;
    expect(Array.from(toArray(y.a))).toEqual(Array.from(toArray(f.apply(p, init.state[0], a).y)));
    expect(Array.from(toArray(y.b))).toEqual(Array.from(toArray(f.apply(p, init.state[0], b).y)));
  });
  describe.each(testedBackends)('layer laws on %s', (backend) => {
    it('shape and gradient (both uses add into one parameter tree)', () => {
      useBackend(backend, { strict: true });
      const l = nn.sequential(shared(encoder(), ['a', 'b']), nn.concatenate(), nn.dense(8, 8));
      holds(layerShapeLaw(l, spec));
      holds(layerGradientLaw(l, spec, { seed: 5 }));
    });
  });
  it(`backend agreement (${testedBackends.join(', ')})`, () => {
    holds(layerBackendLaw(nn.sequential(shared(encoder(), ['a', 'b']), nn.concatenate(), nn.dense(8, 8)), spec, { backends: testedBackends }));
  });
  it('names what is wrong with its inputs', () => {
    const sh = shared(encoder(), ['a', 'b']);
    expect(() => sh.init(key(0), { a: [1, 4, 4], b: [1, 5, 5] })).toThrow(/input spec\.b.*must equal input spec\.a/);
    // @ts-expect-error the spec lacks an input (a compile error too)
    expect(() => sh.init(key(0), { a: [1, 4, 4] })).toThrow(/has no entry 'b'/);
    expect(() => shared(encoder(), [])).toThrow(ArgumentError);
    expect(() => shared(encoder(), ['a', 'a'])).toThrow(/distinct/);
  });
});

describe('overItems', () => {
  const f = () => nn.sequential(nn.conv2d(1, 2, 3), nn.tanh(), nn.flatten(), nn.dense(8, 3));
  it('equals f on each item with the same parameters', () => {
    const l = overItems(f());
    const init = l.init(key(1), [4, 1, 4, 4]);
    expect(init.outputShape).toEqual([4, 3]);
    const x = normal(key(2), [2, 4, 1, 4, 4]);
    const y = toArray(l.apply(init.params, init.state, x).y);
    const one = toArray(f().apply(init.params, init.state, reshape(x, [8, 1, 4, 4])).y);
    expect(Array.from(y)).toEqual(Array.from(one));
  });
  describe.each(testedBackends)('layer laws on %s', (backend) => {
    it('shape and gradient', () => {
      useBackend(backend, { strict: true });
      holds(layerShapeLaw(overItems(f()), [3, 1, 4, 4]));
      holds(layerGradientLaw(overItems(f()), [3, 1, 4, 4], { seed: 6 }));
    });
  });
  it(`backend agreement (${testedBackends.join(', ')})`, () => {
    holds(layerBackendLaw(overItems(f()), [3, 1, 4, 4], { backends: testedBackends }));
  });
  it('needs an item axis', () => {
    expect(() => overItems(nn.dense(3, 2)).init(key(0), [])).toThrow(/item axis/);
  });
});
