// One layer applied to each of the K items of every example, [B, K, ...S] → [B, K, ...F], by folding
// the item axis into the batch: one call over B·K inputs, one parameter tree for all items (Keras's
// TimeDistributed; the batched form of a siamese encoder over the patches of an image).
import type { Tree } from '../autodiff/tree.js';
import { checkTensor } from '../ops/launch.js';
import { reshape } from '../ops/movement.js';
import { ShapeError } from '../shape/errors.js';
import { checkShape } from '../shape/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkLayer } from './args.js';
import type { Layer } from './layer.js';
import { isShapeSpec } from './spec.js';

/**
 * `overItems(f)` takes [B, K, ...S] where f takes [·, ...S], and gives [B, K, ...F] where f gives
 * [·, ...F]. Every item of every example sees the same parameters; batch-norm statistics inside f
 * are taken over all B·K items.
 */
export const overItems = <P extends Tree, S extends Tree>(f: Layer<P, S, Tensor, Tensor>): Layer<P, S, Tensor, Tensor> => {
  checkLayer('overItems', 'f', f);
  return {
    kind: `overItems ${f.kind}`,
    init: (k, s) => {
      checkShape('overItems', s);
      if (!isShapeSpec(s) || s.length < 1) throw new ShapeError('overItems', 'input', isShapeSpec(s) ? s : [], 'must have an item axis first per example ([K, ...item shape])');
      const r = f.init(k, s.slice(1));
      if (!isShapeSpec(r.outputShape)) throw new ShapeError('overItems', 'f output', [], 'must be one tensor per item');
      return { params: r.params, state: r.state, outputShape: [s[0], ...r.outputShape] };
    },
    apply: (p, st, x, ctx) => {
      checkTensor('overItems', 'x', x);
      if (x.rank < 2) throw new ShapeError('overItems', 'x', x.shape, 'must be [B, K, ...item shape]');
      const [b, k, ...item] = x.shape;
      const r = f.apply(p, st, reshape(x, [b * k, ...item]), ctx);
      return { y: reshape(r.y, [b, k, ...r.y.shape.slice(1)]), state: r.state };
    },
  };
};
