// Dropout on node features, dense or sparse: sparse features drop stored values only (a zero stays
// zero under any mask), so Cora's first layer draws 49,216 mask entries instead of 3.9 million.
import { invertedDropout } from '../dropout.js';
import { OptionError } from '../../shape/errors.js';
import { show } from '../../shape/options.js';
import { checkShape } from '../../shape/shape.js';
import type { Empty, Layer, ShapeKeeping } from '../layer.js';
import { specEntry } from '../spec.js';
import { graphInput, nodeFeatures, type GraphData, type SparseGraphData } from './input.js';
import type { Tensor } from '../../tensor/tensor.js';
import { SparseFeatures } from './sparse-features.js';

/** Inverted dropout of node features (see nn.dropout) that keeps sparse features sparse. */
export const featureDropout = (rate: number): ShapeKeeping<Layer<Empty, Empty, GraphData | SparseGraphData, GraphData | SparseGraphData>> => {
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new OptionError('featureDropout', `rate must be in [0, 1), got ${show(rate)}`);
  return {
    kind: 'featureDropout',
    keepsShape: true,
    init: (_k, s) => ({ params: {}, state: {}, outputShape: { x: checkShape('featureDropout', specEntry('featureDropout', s, 'x')), graph: {} } }),
    apply: (_p, st, input, ctx = {}) => {
      const { x, graph, batch } = graphInput('featureDropout', input);
      if (!ctx.training || rate === 0) {
        const rest = { graph, ...(batch ? { batch } : {}) };
        return { y: x instanceof SparseFeatures ? { x, ...rest } : { x: nodeFeatures('featureDropout', x, graph.nodeCount), ...rest }, state: st };
      }
      if (!ctx.key) throw new OptionError('featureDropout', 'training mode needs a key: apply(params, state, x, { training: true, key })');
      const k = ctx.key;
      const drop = (t: Tensor) => invertedDropout(t, rate, k);
      const rest = { graph, ...(batch ? { batch } : {}) };
      return { y: x instanceof SparseFeatures ? { x: x.withValues(drop(x.matrix.values)), ...rest } : { x: nodeFeatures('featureDropout', drop(x), graph.nodeCount), ...rest }, state: st };
    },
  };
};
