// The two-player step on a tiny G and D: pure (same key, same bits), each criterion's gradient
// against finite differences, the logit forms stable where probabilities round to 0 or 1, the R1
// penalty against a float64 reference (and its second-order gradient), k D-updates per G-update,
// and the minimax criterion's vanishing gradient while D rejects the fakes.
import { describe, expect, it } from 'vitest';
import { gradientLaw, holds } from '../../laws/index.js';
import { leaves, unflattenTree, type Tree } from '../../src/autodiff/tree.js';
import { discriminatorLoss, generatorLoss, initGan, makeGanStep, r1Penalty, type Player } from '../../src/gan/index.js';
import * as nn from '../../src/nn/index.js';
import { adam, sgd, type AdamState, type SgdState } from '../../src/optim/index.js';
import { ArgumentError, grad, item, key, normal, OptionError, split, tensor, toArray, useBackend, type Tensor } from '../support/api.js';

const makeG = () => nn.sequential(nn.dense(2, 5), nn.tanh(), nn.dense(5, 3));
const makeD = () => nn.sequential(nn.dense(3, 4), nn.tanh(), nn.dense(4, 1));
const players = (): [Player<Tree, Tree, AdamState>, Player<Tree, Tree, AdamState>] => [
  { model: makeG(), optimizer: adam({ lr: 1e-2, beta1: 0.5 }) },
  { model: makeD(), optimizer: adam({ lr: 1e-2, beta1: 0.5 }) },
];
const reals = (seed: number, k: number) => split(key(seed), k).map((kk) => normal(kk, [6, 3], 1, 0.5));
const bits = (t: Tree) => leaves(t).map((l) => Buffer.from(toArray(l.value).buffer).toString('hex')).join('|');

/** A function of a tree's leaves (what the gradient law differentiates), rebuilt into the tree. */
const ofLeaves = (template: Tree, f: (t: Tree) => Tensor) => {
  const ls = leaves(template);
  return { xs: ls.map((l) => l.value), f: (...ts: Tensor[]) => f(unflattenTree(template, Object.fromEntries(ls.map((l, i) => [l.path, ts[i]])))) };
};

describe('GAN step', () => {
  it('is pure: the same state, batches and key give the same parameters and numbers, bit for bit (cpu)', () => {
    useBackend('cpu');
    for (const o of [{ objective: 'minimax', r1: 0 }, { objective: 'nonSaturating', r1: 1 }] as const) {
      const [g, d] = players();
      const step = makeGanStep(g, d, { latent: [2], discriminatorSteps: 2, ...o });
      const init = () => initGan(g, d, key(3), { latent: [2], data: [3] });
      const run = () => {
        let gan = init();
        const ms = [];
        for (let i = 0; i < 3; i++) { const r = step(gan, reals(10 + i, 2), key(100 + i)); gan = r.gan; ms.push(r.metrics); }
        return { bits: bits(gan.generator.params) + bits(gan.discriminator.params) + bits(gan.discriminator.opt.expAvg), ms };
      };
      const a = run(), b = run();
      expect(a.bits).toBe(b.bits);
      expect(a.ms).toEqual(b.ms);
      // and another key gives another result
      const [g2, d2] = players();
      const other = makeGanStep(g2, d2, { latent: [2], discriminatorSteps: 2, ...o })(init(), reals(10, 2), key(999));
      expect(bits(other.gan.generator.params)).not.toBe(bits(step(init(), reals(10, 2), key(100)).gan.generator.params));
    }
  });

  it('k discriminator steps mean k D-updates per G-update', () => {
    useBackend('cpu');
    const g = { model: makeG(), optimizer: sgd({ lr: 0.1 }) }, d = { model: makeD(), optimizer: adam({ lr: 1e-2 }) };
    const step = makeGanStep(g, d, { latent: [2], discriminatorSteps: 3 });
    let gan = initGan(g, d, key(1), { latent: [2], data: [3] });
    for (let i = 0; i < 2; i++) {
      const r = step(gan, reals(i, 3), key(i));
      expect(r.metrics.dUpdates).toBe(3);
      gan = r.gan;
    }
    expect(gan.discriminator.opt.step).toBe(6);
    expect(gan.step).toBe(2);
    const gOpt: SgdState = gan.generator.opt;
    expect(gOpt).toBeDefined();
    expect(() => step(gan, reals(0, 2), key(0))).toThrow(ArgumentError);
    expect(() => step(gan, [...reals(0, 2), normal(key(5), [4, 3])], key(0))).toThrow(/realBatches\[2\] has shape \[4, 3\] but must have the shape of realBatches\[0\] \[6, 3\]/);
    expect(() => makeGanStep(g, d, { latent: [2], discriminatorSteps: 0 })).toThrow(OptionError);
    // @ts-expect-error an unknown objective is refused
    expect(() => makeGanStep(g, d, { latent: [2], objective: 'wasserstein' })).toThrow(/objective must be one of minimax, nonSaturating/);
  });

  it("each criterion's gradient agrees with finite differences (G through D, and D's own)", () => {
    useBackend('cpu');
    const [g, d] = players();
    const gan = initGan(g, d, key(4), { latent: [2], data: [3] });
    const z = normal(key(5), [6, 2]), real = reals(6, 1)[0];
    const D = (p: Tree, x: Tensor) => d.model.apply(p, gan.discriminator.state, x).y;
    const G = (p: Tree) => g.model.apply(p, gan.generator.state, z).y;
    for (const objective of ['minimax', 'nonSaturating'] as const) {
      const { xs, f } = ofLeaves(gan.generator.params, (p) => generatorLoss(D(gan.discriminator.params, G(p)), objective));
      holds(gradientLaw(f, xs, { seed: 1, eps: 1e-2 }));
    }
    const fake = G(gan.generator.params);
    const { xs, f } = ofLeaves(gan.discriminator.params, (p) => discriminatorLoss(D(p, real), D(p, fake)));
    holds(gradientLaw(f, xs, { seed: 2 }));
    const r1 = ofLeaves(gan.discriminator.params, (p) => r1Penalty((x) => D(p, x), real, 10));
    holds(gradientLaw(r1.f, r1.xs, { seed: 3 })); // a second-order gradient
  });

  it('computes the criteria from logits stably, as the float64 formulas', () => {
    useBackend('cpu');
    const real = [-120, -30, 0, 2, 90], fake = [100, 35, -1, 0.5, -80];
    const lnSig = (l: number) => (l >= 0 ? -Math.log1p(Math.exp(-l)) : l - Math.log1p(Math.exp(l)));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const wantD = -mean(real.map(lnSig)) - mean(fake.map((l) => lnSig(-l)));
    expect(item(discriminatorLoss(tensor(real, [5]), tensor(fake, [5, 1])))).toBeCloseTo(wantD, 3);
    expect(item(generatorLoss(tensor(fake, [5]), 'minimax'))).toBeCloseTo(mean(fake.map((l) => lnSig(-l))), 3);
    expect(item(generatorLoss(tensor(fake, [5]), 'nonSaturating'))).toBeCloseTo(-mean(fake.map(lnSig)), 3);
    expect(() => generatorLoss(tensor([1, 2, 3, 4], [2, 2]), 'minimax')).toThrow(/fakeLogits has shape \[2, 2\] but must be one logit per example/);
  });

  it('the R1 penalty equals a float64 reference on a tiny D', () => {
    useBackend('cpu');
    const d = makeD();
    const { params } = d.init(key(8), [3]);
    const x = normal(key(9), [5, 3]);
    const got = item(r1Penalty((xx) => d.apply(params, [{}, {}, {}], xx).y, x, 10));
    // D(x) = w2 · tanh(W1 x + b1) + b2, so ∇_x D = W1ᵀ (w2 ⊙ (1 − tanh²(W1 x + b1)))
    const flat = Object.fromEntries(leaves(params).map((l) => [l.path, Array.from(toArray(l.value), Number)]));
    const W1 = flat['0.weight'], b1 = flat['0.bias'], w2 = flat['2.weight'], xv = Array.from(toArray(x), Number);
    let total = 0;
    for (let n = 0; n < 5; n++) {
      const gx = [0, 0, 0];
      for (let h = 0; h < 4; h++) {
        let a = b1[h];
        for (let i = 0; i < 3; i++) a += W1[h * 3 + i] * xv[n * 3 + i];
        const s = w2[h] * (1 - Math.tanh(a) ** 2);
        for (let i = 0; i < 3; i++) gx[i] += W1[h * 3 + i] * s;
      }
      total += gx.reduce((acc, v) => acc + v * v, 0);
    }
    expect(got).toBeCloseTo((10 / 2) * (total / 5), 5);
    expect(() => r1Penalty((xx) => xx, x, -1)).toThrow(OptionError);
  });

  it('the minimax criterion saturates while D rejects the fakes; the non-saturating one does not', () => {
    useBackend('cpu');
    const [g] = players();
    const gParams = g.model.init(key(2), [2]).params;
    const z = normal(key(3), [16, 2]);
    // a confident D: logit = −8 + small dependence on x, so D(G(z)) ≈ 3e-4
    const dOf = (x: Tensor) => nn.dense(3, 1).apply({ weight: tensor([0.3, -0.2, 0.1], [1, 3]), bias: tensor([-8], [1]) }, {}, x).y;
    const norm = (objective: 'minimax' | 'nonSaturating') => {
      const { xs, f } = ofLeaves(gParams, (p) => generatorLoss(dOf(g.model.apply(p, [{}, {}, {}], z).y), objective));
      const grads = grad((ts: Tensor[]) => f(...ts))(xs);
      return Math.sqrt(grads.reduce((s, t) => s + toArray(t).reduce((a, v) => a + v * v, 0), 0));
    };
    const mm = norm('minimax'), ns = norm('nonSaturating');
    expect(mm * 1000).toBeLessThan(ns); // σ(l) ≈ 3e-4 vs 1 − σ(l) ≈ 1 in the chain rule
  });
});
