// multiTransform: each labelled part of a tree steps with its own optimiser and keeps its own state.
// Laws: equal to the plain optimiser when every part has the same settings (bit for bit), equal to
// separate optimisers on the separate parts, frozen parts bit for bit unchanged, sparse leaves pass
// through, and every label problem named.
import { describe, expect, it } from 'vitest';
import { leaves, type Tree } from '../../src/autodiff/tree.js';
import { adam, sgd } from '../../src/optim/index.js';
import { frozen, multiTransform } from '../../src/optim/multi-transform.js';
import { ArgumentError, gather, grad, key, normal, split, sum, mul, tensor, toArray, type Tensor } from '../../src/index.js';

const ks = split(key(5), 8);
const params = () => ({
  features: [{ weight: normal(ks[0], [4, 3]), bias: normal(ks[1], [4]) }, { weight: normal(ks[2], [2, 4]) }],
  head: { weight: normal(ks[3], [3, 2]), bias: normal(ks[4], [3]) },
});
const grads = (seed: number) => {
  const g = split(key(seed), 5);
  return {
    features: [{ weight: normal(g[0], [4, 3]), bias: normal(g[1], [4]) }, { weight: normal(g[2], [2, 4]) }],
    head: { weight: normal(g[3], [3, 2]), bias: normal(g[4], [3]) },
  };
};
const flat = (t: Tree) => Object.fromEntries(leaves(t).map((l) => [l.path, Array.from(toArray(l.value))]));

describe('multiTransform', () => {
  it('with the same optimiser on every part it equals that optimiser on the whole tree, bit for bit, over several steps', () => {
    const a = adam({ lr: 0.01 });
    const m = multiTransform({ body: adam({ lr: 0.01 }), top: adam({ lr: 0.01 }) }, { rules: [['features.**', 'body']], otherwise: 'top' });
    let p1 = params(), s1 = a.init(p1), p2 = params(), s2 = m.init(p2);
    for (let t = 0; t < 3; t++) {
      const g = grads(10 + t);
      ({ params: p1, state: s1 } = a.step(p1, g, s1));
      ({ params: p2, state: s2 } = m.step(p2, g, s2));
    }
    expect(flat(p2)).toEqual(flat(p1));
  });

  it('each part steps exactly as its own optimiser would on that part; a frozen part stays bit for bit', () => {
    const m = multiTransform({ slow: sgd({ lr: 0.001 }), fast: sgd({ lr: 0.1, momentum: 0.9 }), fixed: frozen() }, {
      rules: [['features.0.**', 'fixed'], ['features.**', 'slow']], otherwise: 'fast',
    });
    const p0 = params();
    let p = p0, s = m.init(p);
    const slow = sgd({ lr: 0.001 }), fast = sgd({ lr: 0.1, momentum: 0.9 });
    let ps = { w: p0.features[1].weight }, ss = slow.init(ps), pf = p0.head, sf = fast.init(pf);
    for (let t = 0; t < 3; t++) {
      const g = grads(20 + t);
      ({ params: p, state: s } = m.step(p, g, s));
      ({ params: ps, state: ss } = slow.step(ps, { w: g.features[1].weight }, ss));
      ({ params: pf, state: sf } = fast.step(pf, g.head, sf));
    }
    expect(flat(p.features[0])).toEqual(flat(p0.features[0]));
    expect(Array.from(toArray(p.features[1].weight))).toEqual(Array.from(toArray(ps.w)));
    expect(flat(p.head)).toEqual(flat(pf));
    expect(s.fixed.step).toBe(3);
  });

  it('passes row-sparse gradient leaves to the label’s optimiser', () => {
    const table: Tensor = normal(ks[5], [50, 4]), other: Tensor = normal(ks[6], [4]);
    const p = { table, other };
    const f = (q: typeof p) => sum(mul(gather(q.table, tensor([3, 7, 3], [3])), q.other));
    const g = grad(f, { rowSparse: true })(p);
    const m = multiTransform({ emb: sgd({ lr: 0.5 }), rest: frozen() }, { rules: [['table', 'emb']], otherwise: 'rest' });
    const r = m.step(p, g, m.init(p));
    const dense = sgd({ lr: 0.5 }).step({ table }, { table: grad((t: Tensor) => f({ table: t, other }))(table) }, sgd({ lr: 0.5 }).init({ table }));
    expect(Array.from(toArray(r.params.table))).toEqual(Array.from(toArray(dense.params.table)));
    expect(Array.from(toArray(r.params.other))).toEqual(Array.from(toArray(other)));
  });

  it('names the path whose label has no optimiser, and refuses bad arguments', () => {
    // @ts-expect-error a label that names no optimiser
    const bad = multiTransform({ a: sgd({ lr: 1 }) }, () => 'b');
    expect(() => bad.init(params())).toThrow(/"features\.0\.bias", which names no optimiser \(known: a\)/);
    // @ts-expect-error a rule whose label names no optimiser
    expect(() => multiTransform({ a: sgd({ lr: 1 }) }, { rules: [['x.**', 'c']], otherwise: 'a' })).toThrow(ArgumentError);
    // @ts-expect-error no optimisers at all
    expect(() => multiTransform({}, () => 'a')).toThrow(/non-empty record/);
    const m = multiTransform({ a: sgd({ lr: 1 }) }, () => 'a');
    // @ts-expect-error a state from somewhere else
    expect(() => m.step(params(), grads(1), { step: 0 })).toThrow(/one entry per label: a/);
  });
});
