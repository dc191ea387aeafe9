// NaN/±Inf laws for every registered primitive, on every backend (the semantics are listed in the
// README's Numerics section):
// - NaN propagation: a NaN in one input cell makes exactly the output cells that depend on it NaN
//   (dependence measured on cpu by moving that cell to other finite values), and the gradient of
//   ½Σy² is NaN at that cell when the NaN reached y (unless that gradient is identically zero, as
//   through relu′), NaN-free when it did not;
// - ±Inf agreement: with +Inf or −Inf in that cell, output and gradient have the same class
//   (NaN / +Inf / −Inf / finite) on every backend as on cpu, and finite cells agree;
// - comparisons follow IEEE (false against NaN, notEqual true), exactly, on every backend.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BackendName } from '../../src/backend/types.js';
import { cases, type Case } from '../primitives/cases.js';
import { convCases, poolCases } from '../primitives/cases-conv.js';
import { recurrentCases } from '../recurrent/cases.js';
import * as nn from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';
import { dependents, mismatches, nanMaskErrors, poisoned, runOn, toHost, zeroGradient, type Host, type Run } from './poison.js';

announceBackends('numerics');

const lawCases: Case[] = [...cases, ...convCases, ...poolCases, ...recurrentCases];
const comparisons = new Set(['greater', 'greaterEqual', 'less', 'lessEqual', 'equal', 'notEqual']);

interface Target { readonly k: number; readonly at: number; readonly dep: boolean[] }
interface Prepared { readonly xs: Host[]; readonly targets: Target[]; readonly infRef: Map<string, Run> }

const label = (c: Case) => `${c.prim}${c.refs?.[0] ? ` (${c.refs[0].label})` : ''}`;
const withGrad = (c: Case) => c.grad !== false;

// The fixed inputs of each case's first reference check, with two poisoned cells per input (the
// middle one and the last one, which some slices and strided pools never read), except inputs that
// hold indices or masks (those are `constant` for the gradient law).
const prepared = new Map<Case, Prepared>();
const prepare = (c: Case): Prepared => {
  let p = prepared.get(c);
  if (p) return p;
  const xs = nn.withBackend('cpu', () => c.refs![0].inputs().map(toHost));
  const constant = c.grad ? c.grad.constant ?? [] : [];
  const targets = xs.flatMap((x, k) => {
    if (constant.includes(k) || x.data.length === 0) return [];
    const cells = [...new Set([Math.floor(x.data.length / 2), x.data.length - 1])];
    return cells.map((at) => ({ k, at, dep: dependents(c.fn, xs, k, at) }));
  });
  p = { xs, targets, infRef: new Map() };
  prepared.set(c, p);
  return p;
};

const checkNaN = (b: BackendName, c: Case, p: Prepared, t: Target): string[] => {
  const r = runOn(b, c.fn, poisoned(p.xs, t.k, t.at, NaN), withGrad(c));
  const where = `NaN in input ${t.k} cell ${t.at}`;
  const errs = nanMaskErrors(r.y, t.dep).map((e) => `${where}: output ${e}`);
  if (r.grads) {
    const reached = t.dep.some(Boolean);
    const g = r.grads[t.k];
    if (reached && !Number.isNaN(g[t.at]) && !zeroGradient(c.fn, p.xs, t.k, t.at))
      errs.push(`${where}: reached the output but its gradient there is ${g[t.at]}`);
    if (!reached) r.grads.forEach((gi, i) => { if (gi.some(Number.isNaN)) errs.push(`${where}: did not reach the output but gradient ${i} has a NaN`); });
  }
  return errs;
};

const checkInf = (b: BackendName, c: Case, p: Prepared, t: Target): string[] =>
  [Infinity, -Infinity].flatMap((v) => {
    const xs = poisoned(p.xs, t.k, t.at, v);
    const key = `${t.k}:${t.at}:${v}`;
    if (!p.infRef.has(key)) p.infRef.set(key, runOn('cpu', c.fn, xs, withGrad(c)));
    const want = p.infRef.get(key)!;
    const got = runOn(b, c.fn, xs, withGrad(c));
    const where = `${v} in input ${t.k} cell ${t.at}`;
    return [
      ...mismatches(got.y, want.y).map((e) => `${where}: output ${e}`),
      ...(got.grads ?? []).flatMap((g, i) => mismatches(g, want.grads![i]).map((e) => `${where}: gradient ${i} ${e}`)),
    ];
  });

describe('non-finite laws cover every primitive', () => {
  it('every built-in primitive has a case here', () => {
    const covered = new Set(lawCases.map((c) => c.prim));
    const missing = [...nn.primitives().keys()].filter((n) => !n.startsWith('user.') && !covered.has(n));
    expect(missing).toEqual([]);
  });
});

describe.each(testedBackends)('NaN and ±Inf on %s', (backend) => {
  beforeAll(() => { nn.useBackend(backend, { strict: true }); });
  for (const c of lawCases.filter((x) => !comparisons.has(x.prim))) {
    it(label(c), () => {
      const p = prepare(c);
      const errs = p.targets.flatMap((t) => [...checkNaN(backend, c, p, t), ...(backend === 'cpu' ? [] : checkInf(backend, c, p, t))]);
      expect(errs).toEqual([]);
    });
  }

  const a = [NaN, 1, NaN, Infinity, -Infinity, 0, -0, Infinity, 2, -Infinity, 1, NaN, 3];
  const b = [1, NaN, NaN, Infinity, Infinity, -0, 0, -Infinity, 2, -Infinity, Infinity, -Infinity, -1];
  const ieee: Record<string, (x: number, y: number) => boolean> = {
    greater: (x, y) => x > y, greaterEqual: (x, y) => x >= y, less: (x, y) => x < y,
    lessEqual: (x, y) => x <= y, equal: (x, y) => x === y, notEqual: (x, y) => x !== y,
  };
  for (const c of lawCases.filter((x) => comparisons.has(x.prim))) {
    it(`${c.prim} follows IEEE on NaN, ±Inf, ±0`, () => {
      const got = Array.from(nn.toArray(c.fn(nn.tensor(a, [a.length]), nn.tensor(b, [b.length]))));
      expect(got).toEqual(a.map((x, i) => (ieee[c.prim](x, b[i]) ? 1 : 0)));
    });
  }

  it('where: a NaN condition counts as true (as in NumPy)', () => {
    expect(Array.from(nn.toArray(nn.where(nn.tensor([NaN, 0, 1], [3]), nn.tensor([1, 2, 3], [3]), nn.tensor([7, 8, 9], [3]))))).toEqual([1, 8, 3]);
  });

  it('gather refuses a NaN index', () => {
    expect(() => nn.gather(nn.tensor([1, 2, 3], [3, 1]), nn.tensor([NaN], [1]))).toThrow(nn.OptionError);
  });
});
