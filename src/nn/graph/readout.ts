// Readouts: one vector per graph from its nodes' vectors (global pooling), invariant to the order
// of the nodes. With a batch of graphs, row g is graph g.
import { segmentMax, segmentMean, segmentSum } from '../../ops/sparse/index.js';
import { OptionError } from '../../shape/errors.js';
import { show } from '../../shape/options.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { Empty, Layer } from '../layer.js';
import { specEntry } from '../spec.js';
import { checkShape } from '../../shape/shape.js';
import { withShape } from '../typed.js';
import { denseFeatures, graphInput, type GraphData } from './input.js';

export type Readout = 'sum' | 'mean' | 'max';
const reduce: Record<Readout, (x: Tensor, offsets: Int32Array) => Tensor> = { sum: segmentSum, mean: segmentMean, max: segmentMax };

/** { x [N, F], graph, batch? } → [G, F]: the sum, mean or max of each graph's node vectors (an empty graph gives 0). */
export const globalPool = (kind: Readout): Layer<Empty, Empty, GraphData, Tensor<readonly [number, number]>> => {
  if (!(kind in reduce)) throw new OptionError('globalPool', `kind must be 'sum', 'mean' or 'max', got ${show(kind)}`);
  const op = `global ${kind} pool`;
  return {
    kind: op,
    init: (_k, s) => ({ params: {}, state: {}, outputShape: checkShape(op, specEntry(op, s, 'x')) }),
    apply: (_p, st, input) => {
      const { x: given, graph, batch } = graphInput(op, input);
      const x = denseFeatures(op, given);
      const offsets = batch ? batch.offsets : Int32Array.of(0, graph.nodeCount);
      const y = reduce[kind](x, offsets);
      return { y: withShape(op, y, [offsets.length - 1, x.shape[1]]), state: st };
    },
  };
};
