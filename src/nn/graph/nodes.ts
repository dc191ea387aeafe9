// A tensor layer applied to the node features of a graph input (activations, dropout, an MLP
// between convolutions); the graph and the batch pass through.
import type { Tree } from '../../autodiff/tree.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkLayer } from '../args.js';
import type { Layer, ShapeKeeping } from '../layer.js';
import { specEntry } from '../spec.js';
import { checkShape } from '../../shape/shape.js';
import { denseFeatures, graphInput, nodeFeatures, type GraphData } from './input.js';

export function onNodes<P extends Tree, S extends Tree>(layer: ShapeKeeping<Layer<P, S>>): ShapeKeeping<Layer<P, S, GraphData, GraphData>>;
export function onNodes<P extends Tree, S extends Tree, A extends number, B extends number>(layer: Layer<P, S, Tensor<readonly [number, A]>, Tensor<readonly [number, B]>>): Layer<P, S, GraphData<A>, GraphData<B>>;
export function onNodes<P extends Tree, S extends Tree>(layer: Layer<P, S>): Layer<P, S, GraphData, GraphData> {
  return onNodesOf(layer);
}

const onNodesOf = <P extends Tree, S extends Tree>(layer: Layer<P, S>): Layer<P, S, GraphData, GraphData> => {
  checkLayer('onNodes', 'layer', layer);
  const op = `onNodes(${layer.kind})`;
  return {
    kind: op,
    // shape-keeping exactly when the inner layer is (sequential carries literal feature counts through it)
    ...('keepsShape' in layer && layer.keepsShape === true ? { keepsShape: true } : {}),
    init: (k, s) => {
      const r = layer.init(k, checkShape(op, specEntry(op, s, 'x')));
      return { params: r.params, state: r.state, outputShape: { x: r.outputShape, graph: {} } };
    },
    apply: (p, st, input, ctx) => {
      const { x, graph, batch } = graphInput(op, input);
      const r = layer.apply(p, st, denseFeatures(op, x), ctx);
      return { y: { x: nodeFeatures(op, r.y, graph.nodeCount), graph, ...(batch ? { batch } : {}) }, state: r.state };
    },
  };
};
