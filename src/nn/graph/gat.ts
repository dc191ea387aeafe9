// Graph attention (Veličković et al. 2018, PyG's GATConv): each node attends over its in-neighbours
// and itself, with one learned attention vector pair per head. Written with the library's
// differentiable ops (gather to the edges, segment max/sum over each node's edges for the softmax,
// a segment sum for the weighted messages), so gradients of any order follow.
import { split } from '../../random/key.js';
import { add, div, exp, gather, leakyRelu, matmul, mean, mul, reshape, segmentMax, segmentSum, sub, sum, transpose } from '../../ops/index.js';
import { spmm } from '../../ops/sparse/index.js';
import { segmentsOf } from '../../ops/sparse/segments.js';
import { stopGradient } from '../../autodiff/ad-util.js';
import { addSelfLoops } from '../../graph/self-loops.js';
import { inNeighbours } from '../../graph/neighbours.js';
import type { Graph } from '../../graph/graph.js';
import { checkBoolean, checkOptions, describe } from '../../shape/options.js';
import { OptionError, ShapeError } from '../../shape/errors.js';
import { checkShape } from '../../shape/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromHost } from '../../tensor/create.js';
import { checkParamSize, checkSize } from '../args.js';
import { glorotUniform, zerosInit } from '../init.js';
import type { Empty, Layer } from '../layer.js';
import { specEntry } from '../spec.js';
import { initialized, withShape } from '../typed.js';
import { invertedDropout } from '../dropout.js';
import { graphInput, type GraphData, type SparseGraphData } from './input.js';
import { SparseFeatures } from './sparse-features.js';

export interface GatOptions {
  /** Attention heads K (default 1). */
  readonly heads?: number;
  /** Concatenate the heads' outputs ([N, K·out], default) or average them ([N, out], GAT's output layer). */
  readonly concat?: boolean;
  /** LeakyReLU slope of the attention logits (default 0.2). */
  readonly negativeSlope?: number;
  /** Dropout on the attention coefficients in training (default 0; GAT used 0.6 on Cora). */
  readonly dropout?: number;
  /** Learn a bias (default true). */
  readonly bias?: boolean;
}

/** weight [K·out, in]; the attention vectors of the source and destination side [K, out]; bias [K·out] or [out]. */
export type GatParams = { readonly weight: Tensor; readonly attSrc: Tensor; readonly attDst: Tensor; readonly bias?: Tensor };

const OP = 'gatConv';

/** The edges each node attends over: its in-neighbours and itself (a loop added where it has none), as CSR rows. */
interface Edges { readonly rowPtr: Int32Array; readonly src: Float32Array; readonly dst: Float32Array }
const edgeCache = new WeakMap<Graph, Edges>();
const edgesOf = (g: Graph): Edges => {
  let e = edgeCache.get(g);
  if (!e) {
    const csr = inNeighbours(addSelfLoops(g));
    // each edge's destination is the segment (CSR row) it lies in
    edgeCache.set(g, (e = { rowPtr: csr.rowPtr, src: Float32Array.from(csr.colIdx), dst: segmentsOf(OP, 'rowPtr', csr.rowPtr).ids() }));
  }
  return e;
};


/**
 * GAT's layer: h = x Wᵀ split into K heads; for each edge j → i (and i → i) and head k,
 * e = LeakyReLU(a_src,k · h_j,k + a_dst,k · h_i,k), α = softmax of e over i's edges, and
 * x'_i,k = Σ_j α_ij,k h_j,k; the heads concatenated (or averaged), plus a bias. [N, in] → [N, K·out]
 * (or [N, out]); the input features may be sparse, as Cora's are. Edge weights are not used.
 */
export const gatConv = <In extends number>(inFeatures: In, outFeatures: number, o: GatOptions = {}): Layer<GatParams, Empty, GraphData<In> | SparseGraphData<In>, GraphData> => {
  checkSize(OP, 'inFeatures', inFeatures);
  checkSize(OP, 'outFeatures', outFeatures);
  checkOptions(OP, o, ['heads', 'concat', 'negativeSlope', 'dropout', 'bias']);
  const K = o.heads ?? 1;
  checkSize(OP, 'heads', K);
  checkBoolean(OP, 'concat', o.concat);
  checkBoolean(OP, 'bias', o.bias);
  const slope = o.negativeSlope ?? 0.2, rate = o.dropout ?? 0;
  if (typeof slope !== 'number' || !Number.isFinite(slope)) throw new OptionError(OP, `negativeSlope must be a finite number, got ${describe(slope)}`);
  if (typeof rate !== 'number' || !(rate >= 0 && rate < 1)) throw new OptionError(OP, `dropout must be in [0, 1), got ${describe(rate)}`);
  const concat = o.concat !== false, out = concat ? K * outFeatures : outFeatures;
  checkParamSize(OP, [K * outFeatures, inFeatures]);
  return {
    kind: OP,
    init: (k, s) => {
      const x = checkShape(OP, specEntry(OP, s, 'x'));
      if (x.length !== 1 || x[0] !== inFeatures) throw new ShapeError(OP, 'input x', x, `must be [${inFeatures}] per node`);
      const [kw, ks, kd] = split(k, 3);
      const params: GatParams = {
        weight: initialized(OP, 'weight', glorotUniform()(kw, [K * outFeatures, inFeatures]), [K * outFeatures, inFeatures]),
        attSrc: initialized(OP, 'attSrc', glorotUniform()(ks, [K, outFeatures]), [K, outFeatures]),
        attDst: initialized(OP, 'attDst', glorotUniform()(kd, [K, outFeatures]), [K, outFeatures]),
        ...(o.bias === false ? {} : { bias: initialized(OP, 'bias', zerosInit(kw, [out]), [out]) }),
      };
      return { params, state: {}, outputShape: { x: [out], graph: {} } };
    },
    apply: (p, st, input, ctx) => {
      const { x, graph, batch } = graphInput(OP, input);
      const N = graph.nodeCount, w: Tensor = p.weight;
      const h = reshape(x instanceof SparseFeatures ? spmm(x.matrix, transpose(w)) : matmul(x, w, { transposeB: true }), [N, K, outFeatures]);
      const { rowPtr, src, dst } = edgesOf(graph);
      const E = src.length, from = fromHost(src, [E]), to = fromHost(dst, [E]);
      // per node and head, its score as a source and as a destination; per edge their sum
      const score = (a: Tensor) => sum(mul(h, a), [2]);
      const logits = leakyRelu(add(gather(score(p.attSrc), from), gather(score(p.attDst), to)), slope); // [E, K]
      // softmax over each node's edges, shifted by its maximum (a constant for the gradient)
      const shifted = exp(sub(logits, gather(stopGradient(segmentMax(logits, rowPtr)), to)));
      const weights = div(shifted, gather(segmentSum(shifted, rowPtr), to));
      const dropping = ctx?.training === true && rate > 0;
      if (dropping && !ctx?.key) throw new OptionError(OP, 'training with dropout needs a key: apply(params, state, x, { training: true, key })');
      const alpha: Tensor = dropping && ctx?.key ? invertedDropout(weights, rate, ctx.key) : weights;
      const messages = mul(gather(h, from), reshape(alpha, [E, K, 1])); // [E, K, out]
      const agg = segmentSum(messages, rowPtr); // [N, K, out]
      const y = concat ? reshape(agg, [N, K * outFeatures]) : mean(agg, [1]);
      const b: Tensor | undefined = p.bias;
      return { y: { x: withShape(OP, b ? add(y, b) : y, [N, out]), graph, ...(batch ? { batch } : {}) }, state: st };
    },
  };
};
