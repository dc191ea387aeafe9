import { describe, expect, it } from 'vitest';
import { sgnsBatch, sgnsLabels, sgnsLoss, type SkipGramParams } from '../../src/embeddings/index.js';
import { tensor, toArray, valueAndGrad } from '../../src/index.js';

const V = 4, d = 3, k = 2;
const IN = [[0.3, -0.2, 0.5], [0.1, 0.4, -0.3], [-0.6, 0.2, 0.1], [0.25, 0.35, -0.15]];
const OUT = [[-0.1, 0.2, 0.4], [0.5, -0.3, 0.2], [0.2, 0.1, -0.4], [-0.35, 0.15, 0.3]];
// pair 0: centre 0, context 1, the negative 2 drawn twice; pair 1: word 3 is its own context (and
// one of its negatives); pair 2 is padding, which must weigh nothing
const CENTRES = [0, 3, 0], CONTEXTS = [1, 3, 0], NEGATIVES = [2, 2, 1, 3, 0, 0], COUNT = 2;

const softplus = (z: number) => Math.log1p(Math.exp(z));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const dot = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * b[i], 0);

/** The mean over real pairs of −ln σ⟨x_u, c_w⟩ − Σ ln σ(−⟨x_u, c_v⟩), and its gradient, in float64. */
function reference() {
  const gIn = IN.map((r) => r.map(() => 0)), gOut = OUT.map((r) => r.map(() => 0));
  let loss = 0;
  for (let b = 0; b < COUNT; b++) {
    const u = CENTRES[b];
    const terms: [number, number][] = [[CONTEXTS[b], 1], ...NEGATIVES.slice(b * k, b * k + k).map((v): [number, number] => [v, 0])];
    for (const [t, label] of terms) {
      const s = dot(IN[u], OUT[t]);
      loss += (label ? softplus(-s) : softplus(s)) / COUNT;
      const ds = (label ? -sigmoid(-s) : sigmoid(s)) / COUNT; // ∂ term / ∂s
      for (let j = 0; j < d; j++) { gIn[u][j] += ds * OUT[t][j]; gOut[t][j] += ds * IN[u][j]; }
    }
  }
  return { loss, gIn: gIn.flat(), gOut: gOut.flat() };
}

describe('sgnsLoss', () => {
  const params: SkipGramParams = { input: tensor(IN.flat(), [V, d]), output: tensor(OUT.flat(), [V, d]) };
  const batch = sgnsBatch(Int32Array.from(CENTRES), Int32Array.from(CONTEXTS), COUNT, Int32Array.from(NEGATIVES), sgnsLabels(3, k));

  it('and its gradient agree with a float64 reference (repeated negative, own context, padding)', () => {
    const ref = reference();
    const [loss, g] = valueAndGrad((p: SkipGramParams) => sgnsLoss(p, batch))(params);
    expect(toArray(loss)[0]).toBeCloseTo(ref.loss, 6);
    Array.from(toArray(g.input)).forEach((v, i) => expect(v).toBeCloseTo(ref.gIn[i], 6));
    Array.from(toArray(g.output)).forEach((v, i) => expect(v).toBeCloseTo(ref.gOut[i], 6));
    // the repeated negative counts twice: row 2 of the output gradient is 2 σ(s)·x_0 / 2
    const s = dot(IN[0], OUT[2]);
    expect(toArray(g.output)[2 * d]).toBeCloseTo(sigmoid(s) * IN[0][0], 6);
  });

  it('lays out a batch as [context, negatives…] with labels 1, 0, … and weights 1/count, 0 for padding', () => {
    expect(Array.from(toArray(batch.targets))).toEqual([1, 2, 2, 3, 1, 3, 0, 0, 0]);
    expect(Array.from(toArray(batch.labels))).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0]);
    expect(Array.from(toArray(batch.weights))).toEqual([0.5, 0.5, 0]);
  });
});
