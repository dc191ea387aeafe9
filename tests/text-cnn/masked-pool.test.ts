// Max over time under a padding mask: padded steps never win whatever they hold, the result is the
// float64 max over each row's real steps, a row with no real step gives 0, the gradient goes whole
// to the first maximum (never to a masked step), and the layer obeys the layer laws on every backend.
import { describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import { maskedMaxOverTime, maskedMaxPool } from '../../src/nn/masked-pool.js';
import { grad, key, normal, sum, tensor, toArray, useBackend, type Tensor } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('text-cnn');

const B = 4, C = 3, T = 6;
// Row 0 all real, row 1 a prefix of 2, row 2 real steps with a gap (steps 1 and 4), row 3 none.
const maskRows = [[1, 1, 1, 1, 1, 1], [1, 1, 0, 0, 0, 0], [0, 1, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]];
const mask = tensor(maskRows.flat(), [B, T]);

/** x with 1e6 (bigger than any real value) at every masked step, so a leaked max would show. */
const withLoudPadding = (x: Tensor): Float32Array => {
  const v = toArray(x);
  for (let b = 0; b < B; b++) for (let c = 0; c < C; c++) for (let t = 0; t < T; t++) if (maskRows[b][t] === 0) v[(b * C + c) * T + t] = 1e6;
  return v;
};

/** The float64 reference: max over the real steps, 0 for a row with none. */
const reference = (v: Float32Array): number[] => {
  const out: number[] = [];
  for (let b = 0; b < B; b++)
    for (let c = 0; c < C; c++) {
      let m = -Infinity;
      for (let t = 0; t < T; t++) if (maskRows[b][t] === 1) m = Math.max(m, v[(b * C + c) * T + t]);
      out.push(m === -Infinity ? 0 : m);
    }
  return out;
};

describe.each(testedBackends)('maskedMaxOverTime on %s', (backend) => {
  it('equals the float64 max over the real steps; padded steps never win; an empty row gives 0', () => {
    useBackend(backend, { strict: true });
    const v = withLoudPadding(normal(key(1), [B, C, T]));
    const y = maskedMaxOverTime(tensor(v, [B, C, T]), mask);
    expect(y.shape).toEqual([B, C]);
    expect(Array.from(toArray(y))).toEqual(reference(v)); // a max picks one of its inputs: exact
  });

  it('sends the whole gradient to the first maximum, none to a masked step (even one holding the same value)', () => {
    useBackend(backend, { strict: true });
    // every real step of row 0 ties at 2; row 2's masked step 0 holds 5 and its real steps tie at 5
    const v = new Float32Array(B * C * T).fill(-1);
    for (let c = 0; c < C; c++) {
      for (let t = 0; t < T; t++) v[(0 * C + c) * T + t] = 2;
      v[(2 * C + c) * T + 0] = 5; v[(2 * C + c) * T + 1] = 5; v[(2 * C + c) * T + 4] = 5;
    }
    const g = toArray(grad((x: Tensor) => sum(maskedMaxOverTime(x, mask)))(tensor(v, [B, C, T])));
    const want = new Float32Array(B * C * T);
    for (let c = 0; c < C; c++) {
      want[(0 * C + c) * T + 0] = 1; // row 0: first of six ties
      want[(1 * C + c) * T + 0] = 1; // row 1: all −1 on its two real steps, the first wins
      want[(2 * C + c) * T + 1] = 1; // row 2: step 1 (step 0 is masked)
    } // row 3: no real step, no gradient
    expect(Array.from(g)).toEqual(Array.from(want));
  });

  it('the layer: shape and gradient laws (mask held constant), and a mismatched mask is refused', () => {
    useBackend(backend, { strict: true });
    const layer = maskedMaxPool();
    const input = { x: normal(key(2), [B, C, T]), mask };
    const spec = { x: [C, T], mask: [T] };
    holds(layerShapeLaw(layer, spec, { input }));
    holds(layerGradientLaw(layer, spec, { input, inputConstant: ['mask'], seed: 4 }));
    expect(() => maskedMaxOverTime(normal(key(3), [B, C, T]), tensor(new Float32Array(B * (T - 1)), [B, T - 1]))).toThrow(/mask has shape \[4, 5\] but must be \[4, 6\]/);
    expect(() => maskedMaxOverTime(normal(key(3), [B, T]), mask)).toThrow(/must be rank 3/);
    expect(() => layer.init(key(0), { x: [C, T], mask: [T + 1] })).toThrow(/input spec mask/);
  });
});

describe(`maskedMaxPool backend agreement (${testedBackends.join(', ')})`, () => {
  it('at a realistic size: 50 sentences × 100 maps × 40 steps with ragged masks', () => {
    const b = 50, c = 100, t = 40;
    const m = tensor(Array.from({ length: b * t }, (_, i) => (i % t < 1 + ((i / t) | 0) % t ? 1 : 0)), [b, t]);
    holds(layerBackendLaw(maskedMaxPool(), { x: [c, t], mask: [t] }, { input: { x: normal(key(5), [b, c, t]), mask: m }, backends: testedBackends }));
  });
});
