import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors, restoreTree } from '../../src/io/index.js';
import { leaves } from '../../src/autodiff/tree.js';
import * as nn from '../../src/nn/index.js';
import { definePrimitive, key, mul, toArray, type Tensor } from '../support/api.js';
import { layerCases, type LayerCase } from './cases.js';

const bits = (t: Tensor) => Array.from(new Uint32Array(toArray(t).buffer));

// A user-defined layer: a learnable per-feature scale (no registration or class needed to save it).
const scale = (n: number): nn.Layer<{ gain: Tensor }, nn.Empty> => ({
  kind: 'user.scale',
  init: (k) => ({ params: { gain: nn.heNormal()(k, [n, n]) }, state: {}, outputShape: [n] }),
  apply: (p, st, x) => ({ y: mul(x, p.gain), state: st }),
});
void definePrimitive;

describe('every layer’s parameters and state survive a safetensors round trip unchanged', () => {
  const cases: LayerCase[] = [...layerCases, { name: 'custom layer', layer: nn.sequential({ scale: scale(3), head: nn.dense(3, 2) }), input: [3] }];
  for (const c of cases) {
    it(c.name, () => {
      const { params, state } = c.layer.init(key(9), c.input);
      const tree = { params, state };
      const decoded = decodeSafetensors(encodeSafetensors(tree));
      if (E.isLeft(decoded)) throw new Error(decoded.left.message);
      const back = restoreTree(tree, decoded.right.tensors);
      if (E.isLeft(back)) throw new Error(back.left.message);
      const a = leaves(tree), b = leaves(back.right);
      expect(b.map((l) => l.path)).toEqual(a.map((l) => l.path));
      a.forEach((l, i) => { expect(b[i].value.shape).toEqual(l.value.shape); expect(bits(b[i].value)).toEqual(bits(l.value)); });
    });
  }
});
