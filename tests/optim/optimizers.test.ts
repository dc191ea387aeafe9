import { describe, expect, it } from 'vitest';
import {
  adagrad, adam, adamw, cosineDecay, rmsprop, sgd, stepDecay,
  type AdagradOptions, type AdamOptions, type Optimizer, type RmspropOptions, type Schedule, type SgdOptions,
} from '../../src/optim/index.js';
import { add, item, OptionError, ShapeError, square, sub, sum, tensor, toArray, valueAndGrad, type Tensor } from '../../src/index.js';
import { leaves, type Tree } from '../../src/autodiff/tree.js';

// ---------- a tiny tree and fixed gradients ----------

const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const host = (n: number, lo: number, hi: number, seed: number) => {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
};

// leaves() order: 'b.0' (3 numbers) then 'layer.w' (6 numbers)
const makeTree = (flat: ArrayLike<number>) => ({
  layer: { w: tensor(Array.from(flat).slice(3, 9), [2, 3]) },
  b: [tensor(Array.from(flat).slice(0, 3), [3])],
});
type P = ReturnType<typeof makeTree>;
const flatten = (t: Tree): number[] => leaves(t).flatMap((l) => Array.from(toArray(l.value)));

const N = 9;
const p0 = host(N, -1, 1, 11);
const gradSeq = [host(N, -1, 1, 12), host(N, -2, 2, 13), host(N, -0.5, 0.5, 14)];
gradSeq[0][4] = 0; // a zero gradient on the first step

// ---------- float64 references, transcribed from the PyTorch docs' pseudo-code ----------

type Ref = (p: Float64Array, g: Float64Array, t: number) => void; // t = 1, 2, 3 (PyTorch's step), p updated in place
const lrOf = (lr: number | Schedule) => (t: number) => (typeof lr === 'number' ? lr : lr(t - 1));

const sgdRef = (o: SgdOptions): Ref => {
  const mu = o.momentum ?? 0, damp = o.dampening ?? 0, wd = o.weightDecay ?? 0, lr = lrOf(o.lr);
  const buf = new Float64Array(N);
  return (p, g, t) => {
    for (let i = 0; i < N; i++) {
      let d = g[i] + wd * p[i];
      if (mu !== 0) {
        buf[i] = t === 1 ? d : mu * buf[i] + (1 - damp) * d;
        d = o.nesterov ? d + mu * buf[i] : buf[i];
      }
      p[i] -= lr(t) * d;
    }
  };
};
const adagradRef = (o: AdagradOptions): Ref => {
  const eps = o.eps ?? 1e-10, wd = o.weightDecay ?? 0, lr = lrOf(o.lr);
  const s = new Float64Array(N).fill(o.initialAccumulator ?? 0);
  return (p, g, t) => {
    for (let i = 0; i < N; i++) {
      const d = g[i] + wd * p[i];
      s[i] += d * d;
      p[i] -= (lr(t) * d) / (Math.sqrt(s[i]) + eps);
    }
  };
};
const rmspropRef = (o: RmspropOptions): Ref => {
  const a = o.decay ?? 0.9, eps = o.eps ?? 1e-8, mu = o.momentum ?? 0, wd = o.weightDecay ?? 0, lr = lrOf(o.lr);
  const v = new Float64Array(N), gAvg = new Float64Array(N), buf = new Float64Array(N);
  return (p, g, t) => {
    for (let i = 0; i < N; i++) {
      const d = g[i] + wd * p[i];
      v[i] = a * v[i] + (1 - a) * d * d;
      let avg: number;
      if (o.centered) {
        gAvg[i] = a * gAvg[i] + (1 - a) * d;
        avg = Math.sqrt(v[i] - gAvg[i] * gAvg[i]) + eps;
      } else avg = Math.sqrt(v[i]) + eps;
      if (mu > 0) {
        buf[i] = mu * buf[i] + d / avg;
        p[i] -= lr(t) * buf[i];
      } else p[i] -= (lr(t) * d) / avg;
    }
  };
};
const adamRef = (o: AdamOptions, decoupled: boolean): Ref => {
  const b1 = o.beta1 ?? 0.9, b2 = o.beta2 ?? 0.999, eps = o.eps ?? 1e-8, wd = o.weightDecay ?? (decoupled ? 0.01 : 0), lr = lrOf(o.lr);
  const m = new Float64Array(N), v = new Float64Array(N);
  return (p, g, t) => {
    for (let i = 0; i < N; i++) {
      let d = g[i];
      if (decoupled) p[i] *= 1 - lr(t) * wd;
      else d += wd * p[i];
      m[i] = b1 * m[i] + (1 - b1) * d;
      v[i] = b2 * v[i] + (1 - b2) * d * d;
      const stepSize = lr(t) / (1 - b1 ** t);
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - b2 ** t) + eps;
      p[i] -= (stepSize * m[i]) / denom;
    }
  };
};

const cases: [string, Optimizer<unknown>, Ref][] = [
  ['sgd', sgd({ lr: 0.1 }), sgdRef({ lr: 0.1 })],
  ['sgd momentum + dampening + weight decay', sgd({ lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 }), sgdRef({ lr: 0.1, momentum: 0.9, dampening: 0.1, weightDecay: 0.01 })],
  ['sgd nesterov + weight decay', sgd({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 }), sgdRef({ lr: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['adagrad', adagrad({ lr: 0.1 }), adagradRef({ lr: 0.1 })],
  ['adagrad initialAccumulator + weight decay', adagrad({ lr: 0.1, initialAccumulator: 0.1, weightDecay: 0.01 }), adagradRef({ lr: 0.1, initialAccumulator: 0.1, weightDecay: 0.01 })],
  ['rmsprop', rmsprop({ lr: 0.01 }), rmspropRef({ lr: 0.01 })],
  ['rmsprop centered + momentum + weight decay', rmsprop({ lr: 0.01, decay: 0.95, centered: true, momentum: 0.9, weightDecay: 0.01 }), rmspropRef({ lr: 0.01, decay: 0.95, centered: true, momentum: 0.9, weightDecay: 0.01 })],
  ['adam', adam({ lr: 0.01 }), adamRef({ lr: 0.01 }, false)],
  ['adam L2 weight decay + betas + scheduled lr', adam({ lr: stepDecay(0.01, 1, 0.5), beta1: 0.8, beta2: 0.99, weightDecay: 0.1 }), adamRef({ lr: stepDecay(0.01, 1, 0.5), beta1: 0.8, beta2: 0.99, weightDecay: 0.1 }, false)],
  ['adamw (default decoupled decay 0.01)', adamw({ lr: 0.01 }), adamRef({ lr: 0.01 }, true)],
  ['adamw weight decay 0.1 + cosine lr', adamw({ lr: cosineDecay(0.05, 3), weightDecay: 0.1 }), adamRef({ lr: cosineDecay(0.05, 3), weightDecay: 0.1 }, true)],
] as [string, Optimizer<unknown>, Ref][];

describe('optimisers follow the PyTorch formulas (3 steps vs a float64 reference, tolerance 1e-5)', () => {
  it.each(cases)('%s', (_name, opt, ref) => {
    let params: P = makeTree(p0);
    let state = opt.init(params);
    const want = Float64Array.from(p0);
    for (let t = 1; t <= 3; t++) {
      const g = gradSeq[t - 1];
      ({ params, state } = opt.step(params, makeTree(g), state));
      ref(want, Float64Array.from(g), t);
      const got = flatten(params);
      for (let i = 0; i < N; i++) expect(Math.abs(got[i] - want[i]), `step ${t}, element ${i}: ${got[i]} vs ${want[i]}`).toBeLessThanOrEqual(1e-5);
    }
    expect((state as { step: number }).step).toBe(3);
  });
});

// ---------- minimising a quadratic ----------

const target = makeTree(host(N, -2, 2, 21));
const quadratic = (p: P): Tensor =>
  leaves(p).map((l, i) => sum(square(sub(l.value, leaves(target)[i].value))) as Tensor).reduce((a, b) => add(a, b) as Tensor);
const minimise = <S>(opt: Optimizer<S>, steps: number): number => {
  let params: P = makeTree(new Float32Array(N));
  let state = opt.init(params);
  for (let i = 0; i < steps; i++) {
    const [, g] = valueAndGrad(quadratic)(params);
    ({ params, state } = opt.step(params, g, state));
  }
  return item(quadratic(params));
};

describe('each optimiser minimises sum((p − target)²) from p = 0 (initial loss 6.18; measured final losses in the names)', () => {
  it('initial loss', () => expect(item(quadratic(makeTree(new Float32Array(N))))).toBeCloseTo(6.1823, 3));
  it('sgd lr 0.1, 50 steps: final loss 1.3e-9', () => expect(minimise(sgd({ lr: 0.1 }), 50)).toBeLessThan(1e-7));
  it('sgd nesterov 0.9, lr 0.05, 100 steps: final loss 3.5e-9', () => expect(minimise(sgd({ lr: 0.05, momentum: 0.9, nesterov: true }), 100)).toBeLessThan(1e-7));
  it('adagrad lr 0.5, 100 steps: final loss 1.1e-13', () => expect(minimise(adagrad({ lr: 0.5 }), 100)).toBeLessThan(1e-9));
  it('rmsprop cosine lr 0.05 → 0, 150 steps: final loss 0 (every leaf lands on its float32 target)', () => expect(minimise(rmsprop({ lr: cosineDecay(0.05, 150) }), 150)).toBeLessThan(1e-9));
  it('adam cosine lr 0.1 → 0, 200 steps: final loss 5.2e-8', () => expect(minimise(adam({ lr: cosineDecay(0.1, 200) }), 200)).toBeLessThan(1e-6));
  it('adamw cosine lr 0.1 → 0, decay 0.01, 200 steps: final loss 3.8e-5 (the decoupled decay pulls towards 0)', () =>
    expect(minimise(adamw({ lr: cosineDecay(0.1, 200) }), 200)).toBeLessThan(2e-4));
});

// ---------- the functional contract ----------

describe('optimiser values and states', () => {
  it('step returns new params and state of the same structure and leaves the inputs as they were', () => {
    const opt = adam({ lr: 0.1 });
    const params = makeTree(p0);
    const s0 = opt.init(params);
    const before = flatten(params);
    const { params: p1, state: s1 } = opt.step(params, makeTree(gradSeq[0]), s0);
    expect(flatten(params)).toEqual(before);
    expect(s0.step).toBe(0);
    expect(flatten(s0.expAvg)).toEqual(new Array(N).fill(0));
    expect(s1.step).toBe(1);
    expect(leaves(p1).map((l) => [l.path, l.value.shape])).toEqual(leaves(params).map((l) => [l.path, l.value.shape]));
    expect(leaves(s1.expAvgSq).map((l) => l.path)).toEqual(['b.0', 'layer.w']);
    // the same (params, grads, state) always gives the same result
    expect(flatten(opt.step(params, makeTree(gradSeq[0]), s0).params)).toEqual(flatten(p1));
  });

  it('states hold only what the options need', () => {
    const p = makeTree(p0);
    expect(sgd({ lr: 1 }).init(p).momentumBuffer).toBeNull();
    expect(sgd({ lr: 1, momentum: 0.5 }).init(p).momentumBuffer).not.toBeNull();
    const r = rmsprop({ lr: 1 }).init(p);
    expect([r.gradAvg, r.momentumBuffer]).toEqual([null, null]);
    expect(flatten(adagrad({ lr: 1, initialAccumulator: 0.25 }).init(p).sum)).toEqual(new Array(N).fill(0.25));
  });

  it('gradients whose structure or shapes differ from the params are rejected', () => {
    const opt = sgd({ lr: 0.1 });
    const params = makeTree(p0);
    const s = opt.init(params);
    expect(() => opt.step(params, { layer: params.layer } as unknown as P, s)).toThrow(/sgd: grads has leaves \['layer.w'\] but params has \['b.0', 'layer.w'\]/);
    const bad = { layer: { w: tensor(new Float32Array(6), [3, 2]) }, b: params.b } as unknown as P;
    expect(() => opt.step(params, bad, s)).toThrow(ShapeError);
    expect(() => opt.step(params, bad, s)).toThrow(/sgd: grads.layer.w has shape \[3, 2\] but must match params.layer.w \[2, 3\]/);
  });

  it('a bare tensor is a tree too', () => {
    const opt = sgd({ lr: 0.5 });
    const x = tensor([1, 2], [2]);
    const { params } = opt.step(x, tensor([2, -2], [2]), opt.init(x));
    expect(Array.from(toArray(params))).toEqual([0, 3]);
  });

  it('bad options are OptionErrors naming the optimiser and the option', () => {
    expect(() => sgd({ lr: -0.1 })).toThrow(OptionError);
    expect(() => sgd({ lr: -0.1 })).toThrow(/sgd: lr must be a finite number ≥ 0, got -0.1/);
    expect(() => sgd({} as SgdOptions)).toThrow(/sgd: lr is required/);
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow(/sgd: nesterov momentum needs momentum > 0/);
    expect(() => sgd({ lr: 0.1, momentum: 0.9, nesterov: true, dampening: 0.1 })).toThrow(/dampening = 0/);
    expect(() => sgd({ lr: 0.1, momentom: 0.9 } as SgdOptions)).toThrow("sgd: unknown option 'momentom'; expected one of lr, momentum, dampening, nesterov, weightDecay");
    expect(() => sgd(undefined as never)).toThrow('sgd: options must be an object, got undefined');
    expect(() => adam({ lr: 0.1, beta1: 1 })).toThrow(/adam: beta1 must be in \[0, 1\), got 1/);
    expect(() => adamw({ lr: 0.1, beta2: -0.5 })).toThrow(/adamw: beta2 must be in \[0, 1\), got -0.5/);
    expect(() => adam({ lr: 0.1, eps: Number.NaN })).toThrow(/adam: eps/);
    expect(() => adamw({ lr: 0.1, weightDecay: -1 })).toThrow(/adamw: weightDecay/);
    expect(() => adagrad({ lr: 0.1, initialAccumulator: -1 })).toThrow(/adagrad: initialAccumulator/);
    expect(() => rmsprop({ lr: 0.1, decay: 1.5 })).toThrow(/rmsprop: decay must be in \[0, 1\)/);
    expect(() => rmsprop({ lr: 0.1, centered: 'yes' as unknown as boolean })).toThrow(/rmsprop: centered must be true or false/);
  });

  it('a schedule that gives a bad rate is an OptionError at the step that reads it', () => {
    const opt = sgd({ lr: (t) => (t < 1 ? 0.1 : Number.NaN) });
    const x = tensor([1], [1]);
    const { params, state } = opt.step(x, x, opt.init(x));
    expect(() => opt.step(params, x, state)).toThrow(/sgd: the lr schedule gave NaN at step 1/);
  });
});
