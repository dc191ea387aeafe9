// Hierarchical graph pooling: top-k pooling (Gao & Ji 2019; Cangea et al. 2018, PyG's TopKPooling)
// keeps the ⌈ratio · n⌉ nodes of each graph that score highest on a learned projection, gates their
// features by the score (so the projection learns through the gate), and keeps the edges between
// them: a smaller graph that the next convolution works on. Self-attention graph pooling (SAGPool,
// Lee et al. 2019) is the same selection with scores from a one-channel graph convolution, so a
// node's score depends on its neighbourhood as well as on its own features.
import { stopGradient } from '../../autodiff/grad.js';
import { withFeatures } from '../../graph/graph.js';
import { subgraph } from '../../graph/subgraph.js';
import { add, div, gather, matmul, mul, reshape, sqrt, sum, tanh, square } from '../../ops/index.js';
import { spmm } from '../../ops/sparse/index.js';
import type { Graph } from '../../graph/graph.js';
import { adjacency } from './adjacency.js';
import { uniformData } from '../../random/sample.js';
import { OptionError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';
import { checkShape } from '../../shape/shape.js';
import { fromHost, tensor, toArray } from '../../tensor/create.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkSize } from '../args.js';
import type { Empty, Layer } from '../layer.js';
import { specEntry } from '../spec.js';
import { withShape } from '../typed.js';
import { denseFeatures, graphInput, NodeOffsets, type GraphData } from './input.js';

export type TopKParams<F extends number = number> = { readonly weight: Tensor<readonly [F]> };

/** The kept nodes of each graph: the ⌈ratio · n⌉ highest scores, ties to the lower id, in graph order then by score. */
const keep = (scores: Float32Array, offsets: Int32Array, ratio: number): { nodes: Int32Array; offsets: Int32Array } => {
  const nodes: number[] = [], out = new Int32Array(offsets.length);
  for (let g = 0; g + 1 < offsets.length; g++) {
    const ids = Array.from({ length: offsets[g + 1] - offsets[g] }, (_, i) => offsets[g] + i);
    ids.sort((a, b) => scores[b] - scores[a] || a - b);
    nodes.push(...ids.slice(0, Math.ceil(ratio * ids.length)));
    out[g + 1] = nodes.length;
  }
  return { nodes: Int32Array.from(nodes), offsets: out };
};

const checkRatio = (op: string, ratio: unknown): number => {
  if (typeof ratio !== 'number' || !(ratio > 0 && ratio <= 1)) throw new OptionError(op, `ratio must be in (0, 1], got ${describe(ratio)}`);
  return ratio;
};

const checkFeatureSpec = (op: string, s: unknown, features: number): void => {
  const x = checkShape(op, specEntry(op, s, 'x'));
  if (x.length !== 1 || x[0] !== features) throw new OptionError(op, `input x must be [${features}] per node, got [${x.join(', ')}]`);
};

/** Keeps each graph's best-scoring nodes, features gated by their scores [N, 1], and the edges among them. */
const pooled = <F extends number>(op: string, x: Tensor, score: Tensor, graph: Graph, batch: NodeOffsets | undefined, ratio: number, features: F) => {
  const offsets = batch ? batch.offsets : Int32Array.of(0, graph.nodeCount);
  const kept = keep(toArray(stopGradient(score)), offsets, ratio); // which nodes: data, not differentiated
  const ids = tensor(Array.from(kept.nodes), [kept.nodes.length]);
  const smaller = subgraph(withFeatures(graph, undefined), kept.nodes).graph;
  const y = mul(gather(x, ids), gather(score, ids));
  return { x: withShape(op, y, [smaller.nodeCount, features]), graph: smaller, batch: new NodeOffsets(kept.offsets) };
};

/**
 * Top-k pooling: score_i = tanh(x_i · p / ‖p‖); each graph keeps its ⌈ratio · n⌉ best nodes, with
 * features x_i · score_i, and the edges among them. { x [N, F], graph, batch? } → the pooled graph.
 */
export const topKPool = <F extends number>(features: F, o: { readonly ratio?: number } = {}): Layer<TopKParams<F>, Empty, GraphData<F>, GraphData<F>> => {
  checkSize('topKPool', 'features', features);
  const ratio = checkRatio('topKPool', o.ratio ?? 0.5);
  const F1: number = features; // shape arithmetic the literal type cannot follow
  return {
    kind: 'topKPool',
    init: (k, s) => {
      checkFeatureSpec('topKPool', s, features);
      const b = 1 / Math.sqrt(features); // PyG's uniform(size, weight) bound
      return { params: { weight: withShape('topKPool', fromHost(uniformData(k, features, -b, b), [features]), [features]) }, state: {}, outputShape: { x: [features], graph: {} } };
    },
    apply: (p, st, input) => {
      const { x: given, graph, batch } = graphInput('topKPool', input);
      const x = denseFeatures('topKPool', given);
      const w: Tensor = p.weight;
      const column: Tensor = reshape(w, [F1, 1]);
      const score = tanh(div(matmul(x, column), sqrt(sum(square(w))))); // [N, 1]
      return { y: pooled('topKPool', x, score, graph, batch, ratio, features), state: st };
    },
  };
};

export type SagPoolParams<F extends number = number> = { readonly weight: Tensor<readonly [1, F]>; readonly bias: Tensor<readonly [1]> };

/**
 * SAGPool (Lee et al. 2019): score = tanh(Â X θ + b), a one-channel GCN convolution (Â as
 * gcnConv's, self-loops and symmetric normalisation); then the selection and gating of topKPool.
 * θ starts Glorot-uniform, b at 0. { x [N, F], graph, batch? } → the pooled graph.
 */
export const sagPool = <F extends number>(features: F, o: { readonly ratio?: number } = {}): Layer<SagPoolParams<F>, Empty, GraphData<F>, GraphData<F>> => {
  checkSize('sagPool', 'features', features);
  const ratio = checkRatio('sagPool', o.ratio ?? 0.5);
  return {
    kind: 'sagPool',
    init: (k, s) => {
      checkFeatureSpec('sagPool', s, features);
      const b = Math.sqrt(6 / (features + 1)); // Glorot for [1, F]
      return {
        params: {
          weight: withShape('sagPool', fromHost(uniformData(k, features, -b, b), [1, features]), [1, features] as const),
          bias: withShape('sagPool', fromHost(new Float32Array(1), [1]), [1] as const),
        },
        state: {},
        outputShape: { x: [features], graph: {} },
      };
    },
    apply: (p, st, input) => {
      const { x: given, graph, batch } = graphInput('sagPool', input);
      const x = denseFeatures('sagPool', given);
      const w: Tensor = p.weight;
      const score = tanh(add(spmm(adjacency(graph, 'gcn'), matmul(x, w, { transposeB: true })), p.bias)); // [N, 1]
      return { y: pooled('sagPool', x, score, graph, batch, ratio, features), state: st };
    },
  };
};
