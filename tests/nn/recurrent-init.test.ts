import { describe, expect, it } from 'vitest';
import { key, toArray, type Tensor } from '../../src/index.js';
import * as nn from '../../src/nn/index.js';
import { OptionError } from '../../src/shape/errors.js';

const biases = (layer: nn.Layer, H: number) => {
  const p = (layer.init(key(3), [5, 2]).params as { '0': { forward: Record<string, Tensor> } })['0'].forward;
  const sum = Array.from(toArray(p.biasIh)).map((v, i) => v + toArray(p.biasHh)[i]);
  return { i: sum.slice(0, H), f: sum.slice(H, 2 * H), g: sum.slice(2 * H, 3 * H) };
};

describe('LSTM bias initialisation', () => {
  it('forgetBias sets b_ih + b_hh on the forget slice exactly', () => {
    expect(biases(nn.lstm(2, 6, { forgetBias: 1 }), 6).f).toEqual(Array(6).fill(1));
  });
  it('chrono: forget biases log U(1, T−1), input biases their negatives, other gates untouched', () => {
    const b = biases(nn.lstm(2, 64, { chrono: 100 }), 64);
    for (let j = 0; j < 64; j++) {
      expect(b.f[j]).toBeGreaterThanOrEqual(0);
      expect(b.f[j]).toBeLessThanOrEqual(Math.log(99) + 1e-6);
      expect(b.i[j]).toBeCloseTo(-b.f[j], 6);
    }
    // spread over the range, not a constant: mean of log U(1, 99) is about 3.65
    const mean = b.f.reduce((a, v) => a + v, 0) / 64;
    expect(mean).toBeGreaterThan(3);
    expect(Math.max(...b.f) - Math.min(...b.f)).toBeGreaterThan(1.5);
    expect(Math.max(...b.g.map(Math.abs))).toBeLessThanOrEqual(2 / Math.sqrt(64) + 1e-6);
  });
  it('chrono is refused for other cells and short horizons', () => {
    expect(() => nn.gru(2, 4, { chrono: 50 })).toThrow(OptionError);
    expect(() => nn.lstm(2, 4, { chrono: 2 })).toThrow(/horizon > 2/);
  });
});
