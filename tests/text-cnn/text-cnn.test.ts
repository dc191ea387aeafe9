// Kim's CNN as a layer: the layer laws (shape, gradient through every parameter, backend agreement)
// for each embedding mode and for one filter width alone; a float64 reference of one width with
// the window rule (short sentences read beside zero vectors, an empty one gives zeros); padding
// changes nothing; the static channel gets no gradient; and a small model learns a keyword task.
import { describe, expect, it } from 'vitest';
import { gradientLaw, holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import { combine, partition } from '../../src/nn/combinators.js';
import { maxNorm } from '../../src/nn/max-norm.js';
import { convOverTime, isFrozenTextCnnParam, TEXT_CNN_CLASSIFIER_WEIGHT, textCnn, windowMask, type EmbeddingMode } from '../../src/nn/text-cnn.js';
import { softmaxCrossEntropy } from '../../src/losses/index.js';
import { adam } from '../../src/optim/index.js';
import { grad, key, leaves, mapLeaves, normal, split, sum, tensor, toArray, uniform, useBackend, valueAndGrad, type Tensor, type Tree } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('text-cnn');

const V = 9, D = 3, T = 6;
// (key 3: no pre-activation lies within the finite difference's step of ReLU's kink, where the law cannot hold)
const table = uniform(key(3), [V, D], -0.5, 0.5);
// sentences of lengths 6, 3, 1 (shorter than every width) and 0
const lengths = [6, 3, 1, 0];
const ids = tensor(lengths.flatMap((n, b) => Array.from({ length: T }, (_, t) => (t < n ? 1 + ((3 * b + 2 * t) % (V - 1)) : 0))), [4, T]);
const mask = tensor(lengths.flatMap((n) => Array.from({ length: T }, (_, t) => (t < n ? 1 : 0))), [4, T]);
const input = { x: ids, mask };
const spec = { x: [T], mask: [T] };
const modes: EmbeddingMode[] = ['non-static', 'static', 'multichannel'];
const small = (embedding: EmbeddingMode) => textCnn({ table, classes: 2, embedding, widths: [2, 3], maps: 2 });

/** The gradient law through the parameters a mode trains (the static channel is held fixed by design, so only its zero gradient is checked, below). */
const trainableGradientLaw = (mode: EmbeddingMode, training: boolean, seed: number) => {
  const model = small(mode);
  const start = model.init(key(12), spec);
  const [trainable, frozen] = partition(start.params, (path) => !isFrozenTextCnnParam(path));
  const named = leaves(trainable);
  const ctx = { training, key: key(13) };
  const f = (...ts: Tensor[]) => {
    let i = 0;
    return model.apply(combine(mapLeaves(trainable, () => ts[i++]), frozen), start.state, input, ctx).y;
  };
  return { ...gradientLaw(f, named.map((l) => l.value), { seed }), law: `${model.kind} gradient (${named.map((l) => l.path).join(', ')})` };
};

describe.each(testedBackends)('textCnn laws on %s', (backend) => {
  for (const mode of modes)
    it(`${mode}: shape law, and the gradient law through every trained parameter`, () => {
      useBackend(backend, { strict: true });
      holds(layerShapeLaw(small(mode), spec, { input }));
      holds(trainableGradientLaw(mode, false, 2));
    });

  it('in training mode (dropout with a fixed key) the gradient law holds too', () => {
    useBackend(backend, { strict: true });
    holds(trainableGradientLaw('non-static', true, 3));
  });

  it('convOverTime (one width): shape and gradient laws through x and the conv parameters', () => {
    useBackend(backend, { strict: true });
    const x = normal(key(4), [4, D, T]);
    const layer = convOverTime(D, 2, 3);
    const s = { x: [D, T], mask: [T] };
    holds(layerShapeLaw(layer, s, { input: { x, mask } }));
    holds(layerGradientLaw(layer, s, { input: { x, mask }, inputConstant: ['mask'], seed: 5 }));
  });
});

describe(`textCnn backend agreement (${testedBackends.join(', ')})`, () => {
  for (const mode of modes) it(mode, () => { holds(layerBackendLaw(small(mode), spec, { input, backends: testedBackends })); });
  it('at a realistic size: 32 sentences of up to 24 tokens, d 32, widths 3/4/5 × 100', () => {
    const B = 32, L = 24, big = uniform(key(6), [500, 32], -0.3, 0.3);
    const n = Array.from({ length: B }, (_, b) => (b * 7) % (L + 1));
    const x = tensor(n.flatMap((len, b) => Array.from({ length: L }, (_, t) => (t < len ? 1 + ((b * 31 + t * 17) % 499) : 0))), [B, L]);
    const m = tensor(n.flatMap((len) => Array.from({ length: L }, (_, t) => (t < len ? 1 : 0))), [B, L]);
    holds(layerBackendLaw(textCnn({ table: big, classes: 2 }), { x: [L], mask: [L] }, { input: { x, mask: m }, backends: testedBackends }));
  });
});

/** float64: per map, relu(b + w · window) maxed over the windows the rule keeps (0 when none). */
const referencePool = (xv: Float32Array, w: Float32Array, b: Float32Array, n: number, row: number, K: number, maps: number): number[] => {
  const windows = T - K + 1;
  const full = Array.from({ length: windows }, (_, t) => t + K <= n);
  const touching = Array.from({ length: windows }, (_, t) => t < n);
  const keep = full.some(Boolean) ? full : touching;
  return Array.from({ length: maps }, (_, o) => {
    let best = -Infinity;
    for (let t = 0; t < windows; t++) {
      if (!keep[t]) continue;
      let s = b[o];
      for (let c = 0; c < D; c++) for (let k = 0; k < K; k++) s += w[(o * D + c) * K + k] * xv[(row * D + c) * T + t + k];
      best = Math.max(best, Math.max(s, 0));
    }
    return best === -Infinity ? 0 : best;
  });
};

describe.each(testedBackends)('textCnn against references on %s', (backend) => {
  it('one width: the float64 max over the windows the rule keeps; short sentences read beside zero vectors', () => {
    useBackend(backend, { strict: true });
    const K = 3, maps = 4;
    // x zero at padding, as the embedding stage gives it
    const xv = toArray(normal(key(7), [4, D, T]));
    lengths.forEach((n, r) => { for (let c = 0; c < D; c++) for (let t = n; t < T; t++) xv[(r * D + c) * T + t] = 0; });
    const layer = convOverTime(D, maps, K);
    const { params, state } = layer.init(key(8), { x: [D, T], mask: [T] });
    const y = toArray(layer.apply(params, state, { x: tensor(xv, [4, D, T]), mask }).y);
    const ls = leaves(params);
    const w = toArray(ls.find((l) => l.path.endsWith('weight'))!.value), b = toArray(ls.find((l) => l.path.endsWith('bias'))!.value);
    lengths.forEach((n, r) => referencePool(xv, w, b, n, r, K, maps).forEach((want, o) => expect(y[r * maps + o]).toBeCloseTo(want, 5)));
  });

  it('windowMask: whole windows when there are some, else every window touching a token; none for an empty row', () => {
    useBackend(backend, { strict: true });
    const m = tensor([1, 1, 1, 1, 0, 0, /**/ 1, 1, 0, 0, 0, 0, /**/ 0, 0, 0, 0, 0, 0, /**/ 1, 1, 0, 1, 1, 1], [4, T]);
    expect(Array.from(toArray(windowMask(m, 3)))).toEqual([1, 1, 0, 0, /**/ 1, 1, 0, 0, /**/ 0, 0, 0, 0, /**/ 0, 0, 0, 1]);
    expect(() => windowMask(tensor([1, 1], [1, 2]), 3)).toThrow(/T ≥ 3/);
  });

  it('padding changes nothing: the same sentences padded to 6 or to 14 give the same logits', () => {
    useBackend(backend, { strict: true });
    const model = small('multichannel');
    const { params, state } = model.init(key(9), spec);
    const wide = (t: Tensor) => tensor(Array.from({ length: 4 }, (_, b) => [...Array.from(toArray(t).subarray(b * T, (b + 1) * T)), ...new Array<number>(8).fill(0)]).flat(), [4, T + 8]);
    const a = toArray(model.apply(params, state, input).y), z = toArray(model.apply(params, state, { x: wide(ids), mask: wide(mask) }).y);
    a.forEach((v, i) => expect(z[i]).toBeCloseTo(v, 5));
    expect(() => model.apply(params, state, { x: ids, mask: tensor(new Float32Array(4 * (T - 1)), [4, T - 1]) })).toThrow(/mask has shape \[4, 5\] but must be \[4, 6\]/);
  });

  it('multichannel: the static channel gets no gradient, the non-static one does', () => {
    useBackend(backend, { strict: true });
    const model = small('multichannel');
    const { params, state } = model.init(key(10), spec);
    const g = grad((p: Tree) => sum(model.apply(p, state, input).y))(params); // grad of the whole tree: the frozen leaf is in it
    const norm = (path: string) => toArray(leaves(g).find((l) => l.path === path)!.value).reduce((s, v) => s + Math.abs(v), 0);
    expect(norm('embed.static.weight')).toBe(0);
    expect(norm('embed.nonStatic.weight')).toBeGreaterThan(0);
    expect(leaves(params).filter((l) => isFrozenTextCnnParam(l.path)).map((l) => l.path)).toEqual(['embed.static.weight']);
  });
});

describe('textCnn training (cpu)', () => {
  it('learns which sentences hold word 1 within 60 steps of Adam, with max-norm after each step', () => {
    useBackend('cpu', { strict: true });
    const B = 32, L = 8, words = 12;
    const [kData, kTable, kInit, kTrain] = split(key(11), 4);
    const draw = toArray(uniform(kData, [B * L], 2, words - 0.01));
    const x = new Float32Array(B * L), m = new Float32Array(B * L), labels = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const n = 2 + (b % 6);
      for (let t = 0; t < n; t++) { x[b * L + t] = Math.floor(draw[b * L + t]); m[b * L + t] = 1; }
      if (b % 2 === 0) { x[b * L + (b % n)] = 1; labels[b] = 1; }
    }
    const batch = { x: tensor(x, [B, L]), mask: tensor(m, [B, L]) };
    const model = textCnn({ table: uniform(kTable, [words, 6], -0.5, 0.5), classes: 2, widths: [2, 3], maps: 8, embedding: 'multichannel' });
    const start = model.init(kInit, { x: [L], mask: [L] });
    const [trainable, frozen] = partition(start.params, (path) => !isFrozenTextCnnParam(path));
    const opt = adam({ lr: 0.02 });
    let p = trainable, os = opt.init(p), first = 0, last = 0;
    for (let step = 0; step < 60; step++) {
      const [loss, g] = valueAndGrad((q: typeof p) => softmaxCrossEntropy(model.apply(combine(q, frozen), start.state, batch, { training: true, key: split(kTrain, 60)[step] }).y, labels), { rowSparse: true })(p);
      const r = opt.step(p, g, os);
      p = maxNorm(r.params, { maxNorm: 3, select: (path) => path === TEXT_CNN_CLASSIFIER_WEIGHT });
      os = r.state;
      if (step === 0) first = toArray(loss)[0];
      last = toArray(loss)[0];
    }
    const z = toArray(model.apply(combine(p, frozen), start.state, batch).y);
    const right = Array.from(labels).filter((y, b) => (z[2 * b + 1] > z[2 * b] ? 1 : 0) === y).length;
    expect(last).toBeLessThan(first / 2);
    expect(right).toBeGreaterThanOrEqual(30);
  });
});
