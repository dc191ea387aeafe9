// StarSpace: the per-pair hinge gradient (through the 1/|bag|^p scale and the cosine) against a
// float64 reference by central differences, the per-row AdaGrad step, a synthetic task whose labels
// are learnable, ranking, determinism for a key, and the refusals.
import { describe, expect, it } from 'vitest';
import { embed, embedBags, rank, trainStarSpace, type StarSpacePair } from '../../src/embeddings/index.js';
import { descend, pairGradient, rowGradients, starSpaceDirection } from '../../src/embeddings/starspace-kernel.js';
import { ArgumentError, key, OptionError, toArray } from '../../src/index.js';
import { mulhi32, randomBits } from '../../src/random/philox.js';
import { uniformData } from '../../src/random/sample.js';

const bag = (...ids: number[]) => Int32Array.from(ids);

/** float64 reference: an entity's vector, the similarity and the pair's terms margin − s⁺ + s⁻_j. */
const vectorOf = (t: Float64Array, d: number, b: Int32Array, p: number) => {
  const v = new Float64Array(d);
  for (const f of b) for (let q = 0; q < d; q++) v[q] += t[f * d + q];
  return v.map((x) => x / b.length ** p);
};
const sim = (x: Float64Array, y: Float64Array, cosine: boolean) => {
  const dot = x.reduce((s, v, i) => s + v * y[i], 0);
  return cosine ? dot / Math.sqrt(x.reduce((s, v) => s + v * v, 0) * y.reduce((s, v) => s + v * v, 0)) : dot;
};
const terms = (t: Float64Array, d: number, lhs: Int32Array, rhs: Int32Array, negs: Int32Array[], p: number, cosine: boolean, margin: number) => {
  const a = vectorOf(t, d, lhs, p), pos = sim(a, vectorOf(t, d, rhs, p), cosine);
  return negs.map((n) => margin - pos + sim(a, vectorOf(t, d, n, p), cosine));
};

describe('the StarSpace pair gradient', () => {
  const F = 7, d = 5;
  const table = uniformData(key(3), F * d, -0.5, 0.5);
  const lhs = bag(0, 1, 1, 2), rhs = bag(3, 4), negs = [bag(5), bag(6, 0), bag(3, 5, 2)];
  for (const [similarity, p] of [['dot', 0.5], ['cosine', 0.7]] as const) {
    it(`matches central differences of the hinge loss in float64 (${similarity}, p ${p}), with one negative inactive`, () => {
      const cosine = similarity === 'cosine';
      const t64 = Float64Array.from(table);
      // a margin that leaves two terms active and one inactive, all away from the kink
      const raw = terms(t64, d, lhs, rhs, negs, p, cosine, 0).sort((x, y) => y - x);
      const margin = -(raw[1] + raw[2]) / 2;
      const at = terms(t64, d, lhs, rhs, negs, p, cosine, margin);
      expect(at.filter((v) => v > 0)).toHaveLength(2);
      expect(Math.min(...at.map(Math.abs))).toBeGreaterThan(1e-3);
      const loss = (t: Float64Array) => terms(t, d, lhs, rhs, negs, p, cosine, margin).reduce((s, v) => s + Math.max(0, v), 0);
      const got = pairGradient(table, d, lhs, rhs, negs, { margin, cosine, p });
      expect(got.loss).toBeCloseTo(loss(t64), 6);
      const h = 1e-6;
      for (let i = 0; i < F * d; i++) {
        const up = Float64Array.from(t64), down = Float64Array.from(t64);
        up[i] += h; down[i] -= h;
        expect(got.grad[i]).toBeCloseTo((loss(up) - loss(down)) / (2 * h), 6);
      }
    });
  }

  it('is zero when every negative is beaten by the margin', () => {
    const got = pairGradient(table, d, lhs, rhs, negs, { margin: -10, cosine: true, p: 0.5 });
    expect(got.loss).toBe(0);
    expect(got.grad.every((v) => v === 0)).toBe(true);
  });
});

describe("StarSpace's own update direction", () => {
  it('holds the unit projections constant: lhs Σ n̂ − k·b̂, rhs −k·â, each negative â', () => {
    const d = 2, a = Float64Array.of(3, 4), b = Float64Array.of(0, 2), negs = Float64Array.of(1, 0, 0, -1);
    const g = { lhs: new Float64Array(d), rhs: new Float64Array(d), negatives: new Float64Array(2 * d) };
    const loss = starSpaceDirection(a, b, negs, 2, d, 0.1, true, g);
    // cosines: s⁺ = 0.8, s⁻ = 0.6 and −0.8
    expect(loss).toBeCloseTo(2 * (0.1 - 0.8) + 0.6 - 0.8, 12);
    [1 + 0 - 0, 0 - 1 - 2].forEach((v, q) => expect(g.lhs[q]).toBeCloseTo(v, 12));
    [-1.2, -1.6].forEach((v, q) => expect(g.rhs[q]).toBeCloseTo(v, 12));
    [0.6, 0.8, 0.6, 0.8].forEach((v, q) => expect(g.negatives[q]).toBeCloseTo(v, 12));
  });
});

describe('the per-row update', () => {
  it("is StarSpace's AdaGrad (accum += ‖g‖²/d, step rate/√(accum + 1e-6)) and caps a row's norm", () => {
    const d = 2, table = Float32Array.of(0.1, 0.2, 0.3, -0.4), accum = Float64Array.of(0, 0.5);
    const r = rowGradients(2);
    r.ids[0] = 0; r.ids[1] = 1; r.slot[0] = 0; r.slot[1] = 1; r.count = 2;
    r.grad = Float64Array.of(3, 4, 1, 0);
    descend(table, accum, d, r, 0.1, 0.35);
    expect(accum[0]).toBeCloseTo(12.5, 12);
    const s0 = 0.1 / Math.sqrt(12.5 + 1e-6);
    expect(table[0]).toBeCloseTo(0.1 - 3 * s0, 6);
    expect(table[1]).toBeCloseTo(0.2 - 4 * s0, 6);
    // row 1: 0.3 − 0.1/√1.000001 ≈ 0.2, norm √(0.2² + 0.4²) > 0.35, so scaled back to 0.35
    expect(Math.hypot(table[2], table[3])).toBeCloseTo(0.35, 6);
    expect(r.count).toBe(0);
    expect(Array.from(r.slot)).toEqual([-1, -1]);
  });
});

/** Documents of 4 topics: 6 words from topic c's 5 (ids 5c … 5c + 4) and 2 from 4 shared words (20–23); labels are features 24–27. */
const topicDocs = (seed: number, n: number): { pairs: StarSpacePair[]; topics: Int32Array } => {
  const bits = randomBits(key(seed), n * 9);
  const topics = Int32Array.from({ length: n }, (_, i) => mulhi32(bits[9 * i], 4));
  const pairs = Array.from(topics, (c, i) => ({
    lhs: Int32Array.from({ length: 8 }, (_, j) => (j < 6 ? 5 * c + mulhi32(bits[9 * i + 1 + j], 5) : 20 + mulhi32(bits[9 * i + 1 + j], 4))),
    rhs: bag(24 + c),
  }));
  return { pairs, topics };
};
const labels = [24, 25, 26, 27].map((f) => bag(f));

describe('trainStarSpace', () => {
  for (const [similarity, update] of [['cosine', 'gradient'], ['dot', 'gradient'], ['cosine', 'starspace']] as const) {
    it(`learns labels planted in the words (${similarity}, update ${update}): held-out documents ranked right`, () => {
      const train = topicDocs(1, 300), test = topicDocs(2, 100);
      const m = trainStarSpace(train.pairs, { features: 28, dim: 16, epochs: 5, lr: 0.05, similarity, update, candidates: labels, key: key(7) });
      expect(m.embeddings.shape).toEqual([28, 16]);
      expect(m.pairs).toBe(1500);
      const right = test.pairs.filter((q, i) => rank(m, q.lhs, labels).order[0] === test.topics[i]).length;
      expect(right / 100).toBeGreaterThanOrEqual(0.98);
      expect(m.losses[m.losses.length - 1]).toBeLessThan(m.losses[0]);
    });
  }

  it('is deterministic for a key, and another key gives another table', () => {
    const { pairs } = topicDocs(4, 60);
    const o = { features: 28, dim: 8, epochs: 2 };
    const a = toArray(trainStarSpace(pairs, { ...o, key: key(1) }).embeddings);
    const b = toArray(trainStarSpace(pairs, { ...o, key: key(1) }).embeddings);
    const c = toArray(trainStarSpace(pairs, { ...o, key: key(2) }).embeddings);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('reports progress with a falling learning rate', () => {
    const { pairs } = topicDocs(5, 50);
    const seen: number[] = [];
    trainStarSpace(pairs, { features: 28, dim: 8, epochs: 3, progressEvery: 25, key: key(1), onProgress: (p) => seen.push(p.lr) });
    expect(seen.length).toBe(6);
    seen.slice(1).forEach((lr, i) => expect(lr).toBeLessThan(seen[i]));
  });

  it('refuses bad options and bags, naming the op', () => {
    const { pairs } = topicDocs(6, 5);
    expect(() => trainStarSpace(pairs, { features: 28, similarity: 'l2' as never, key: key(1) })).toThrow(OptionError);
    expect(() => trainStarSpace(pairs, { features: 28, key: key(1), window: 3 } as never)).toThrow(/trainStarSpace/);
    expect(() => trainStarSpace([{ lhs: bag(0, 30), rhs: bag(1) }], { features: 28, key: key(1) })).toThrow(ArgumentError);
    expect(() => trainStarSpace([{ lhs: bag(0, 30), rhs: bag(1) }], { features: 28, key: key(1) })).toThrow(/pairs\[0\]\.lhs\[1\]/);
    expect(() => trainStarSpace([{ lhs: bag(), rhs: bag(1) }], { features: 28, key: key(1) })).toThrow(/empty/);
  });
});

describe('embed and rank', () => {
  const { pairs } = topicDocs(8, 40);
  const m = trainStarSpace(pairs, { features: 28, dim: 8, epochs: 1, key: key(3) });
  const t = toArray(m.embeddings);

  it('embed is the rows’ sum over |bag|^p, and embedBags stacks them', () => {
    const v = toArray(embed(m, bag(2, 5, 5)));
    for (let q = 0; q < 8; q++) expect(v[q]).toBeCloseTo((t[2 * 8 + q] + 2 * t[5 * 8 + q]) / Math.sqrt(3), 6);
    expect(Array.from(toArray(embedBags(m, [bag(2, 5, 5), bag(1)])).subarray(0, 8))).toEqual(Array.from(v));
  });

  it('rank orders candidates by similarity, from bags or from their embedded rows alike', () => {
    const cands = [bag(0), bag(1, 2), bag(24), bag(3, 3, 4)];
    const r = rank(m, bag(0, 1), cands);
    expect(Array.from(r.order).map((i) => r.scores[i])).toEqual([...r.scores].sort((x, y) => y - x));
    const viaRows = rank(m, bag(0, 1), embedBags(m, cands));
    expect(Array.from(viaRows.order)).toEqual(Array.from(r.order));
    viaRows.scores.forEach((s, i) => expect(s).toBeCloseTo(r.scores[i], 5));
  });
});
