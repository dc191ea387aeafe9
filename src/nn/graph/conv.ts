// Graph convolutions: a node's new features from its own and its neighbours' (the lecture's
// convolution over the local neighbourhood of a vertex). Each takes { x, graph, batch? } and gives
// the same record with new node features, so they chain in `sequential` (with `onNodes` between).
import { split } from '../../random/key.js';
import { add, matmul, mul, transpose } from '../../ops/index.js';
import { spmm } from '../../ops/sparse/index.js';
import { checkBoolean, checkOptions, describe } from '../../shape/options.js';
import { OptionError, ShapeError } from '../../shape/errors.js';
import { checkShape } from '../../shape/shape.js';
import type { Tensor } from '../../tensor/tensor.js';
import { fromHost } from '../../tensor/create.js';
import type { Tree } from '../../autodiff/tree.js';
import { checkLayer, checkParamSize, checkSize } from '../args.js';
import type { DenseParams } from '../dense.js';
import { glorotUniform, zerosInit } from '../init.js';
import type { Empty, Layer } from '../layer.js';
import { specEntry } from '../spec.js';
import { initialized, withShape } from '../typed.js';
import { adjacency } from './adjacency.js';
import { denseFeatures, graphInput, nodeFeatures, type GraphData, type SparseGraphData } from './input.js';
import { SparseFeatures } from './sparse-features.js';

export interface GraphConvOptions {
  /** Learn a bias (default true). */
  readonly bias?: boolean;
}

/** The checked node-feature spec [F] of a graph input spec { x: [F], graph: {} }. */
const featureSpec = (op: string, s: unknown, inFeatures: number): void => {
  const x = checkShape(op, specEntry(op, s, 'x'));
  if (x.length !== 1 || x[0] !== inFeatures) throw new ShapeError(op, 'input x', x, `must be [${inFeatures}] per node`);
};

/** y = x Wᵀ (+ b): the per-node linear map every convolution applies. */
const linear = (x: Tensor, p: { readonly weight: Tensor; readonly bias?: Tensor }): Tensor => {
  const w: Tensor = p.weight;
  const y = matmul(x, w, { transposeB: true });
  return p.bias ? add(y, p.bias) : y;
};

/** Dense parameters [out, in] (Glorot weight, zero bias: PyG's defaults for graph layers). */
const linearParams = <In extends number, Out extends number>(op: string, k: Parameters<typeof split>[0], inF: In, outF: Out, bias: boolean): DenseParams<In, Out> => {
  const [kw] = split(k);
  const weight = initialized(op, 'weight', glorotUniform()(kw, [outF, inF]), [outF, inF]);
  return bias ? { weight, bias: initialized(op, 'bias', zerosInit(kw, [outF]), [outF]) } : { weight };
};

const checkConv = (op: string, inF: unknown, outF: unknown, o: GraphConvOptions): void => {
  checkSize(op, 'inFeatures', inF);
  checkSize(op, 'outFeatures', outF);
  checkOptions(op, o, ['bias']);
  checkBoolean(op, 'bias', o.bias);
  checkParamSize(op, [Number(outF), Number(inF)]);
};

/**
 * Kipf & Welling's graph convolution: X' = Â X Wᵀ + b with Â = D^−½ (A + I) D^−½ (self-loops
 * added, symmetric normalisation by in-degree, edge weights used). [N, in] → [N, out]; the input
 * features may be sparse (`sparseFeatures`), as Cora's are.
 */
export const gcnConv = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: GraphConvOptions = {}): Layer<DenseParams<In, Out>, Empty, GraphData<In> | SparseGraphData<In>, GraphData<Out>> => {
  checkConv('gcnConv', inFeatures, outFeatures, o);
  return {
    kind: 'gcnConv',
    init: (k, s) => {
      featureSpec('gcnConv', s, inFeatures);
      return { params: linearParams('gcnConv', k, inFeatures, outFeatures, o.bias !== false), state: {}, outputShape: { x: [outFeatures], graph: {} } };
    },
    apply: (p, st, input) => {
      const { x, graph, batch } = graphInput('gcnConv', input);
      // multiply by the weight first: the sparse product then moves `out` features per edge, not `in`
      const w: Tensor = p.weight;
      const h = x instanceof SparseFeatures ? spmm(x.matrix, transpose(w)) : matmul(x, w, { transposeB: true });
      const y = spmm(adjacency(graph, 'gcn'), h);
      const out = withShape('gcnConv', p.bias ? add(y, p.bias) : y, [graph.nodeCount, outFeatures]);
      return { y: { x: out, graph, ...(batch ? { batch } : {}) }, state: st };
    },
  };
};

/** GraphSAGE parameters: the neighbours' mean goes through `neighbours` (with the bias), the node itself through `root`. */
export type SageParams<In extends number = number, Out extends number = number> = { readonly neighbours: DenseParams<In, Out>; readonly root: DenseParams<In, Out> };

/**
 * GraphSAGE with the mean aggregator (Hamilton et al. 2017, PyG's SAGEConv): x'_i = W₁ mean_{j→i} x_j
 * + b + W₂ x_i. [N, in] → [N, out].
 */
export const sageConv = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: GraphConvOptions = {}): Layer<SageParams<In, Out>, Empty, GraphData<In>, GraphData<Out>> => {
  checkConv('sageConv', inFeatures, outFeatures, o);
  return {
    kind: 'sageConv',
    init: (k, s) => {
      featureSpec('sageConv', s, inFeatures);
      const [kn, kr] = split(k);
      return { params: { neighbours: linearParams('sageConv', kn, inFeatures, outFeatures, o.bias !== false), root: linearParams('sageConv', kr, inFeatures, outFeatures, false) }, state: {}, outputShape: { x: [outFeatures], graph: {} } };
    },
    apply: (p, st, input) => {
      const { x: given, graph, batch } = graphInput('sageConv', input);
      const x = denseFeatures('sageConv', given);
      const y = add(linear(spmm(adjacency(graph, 'mean'), x), p.neighbours), linear(x, p.root));
      return { y: { x: withShape('sageConv', y, [graph.nodeCount, outFeatures]), graph, ...(batch ? { batch } : {}) }, state: st };
    },
  };
};

export interface GinOptions {
  /** ε in (1 + ε) x_i (default 0: GIN-0). */
  readonly eps?: number;
  /** Learn ε (GIN-ε; default false). */
  readonly trainEps?: boolean;
}

/** GIN parameters: the MLP's, and ε when it is learned. */
export type GinParams<P extends Tree> = { readonly mlp: P; readonly eps?: Tensor<readonly [1]> };

/**
 * The graph isomorphism network's convolution (Xu et al. 2019, as expressive as the 1-WL test):
 * x'_i = MLP((1 + ε) x_i + Σ_{j→i} x_j), with `mlp` any layer on [N, in] (its state, e.g. batch
 * norm, is the layer's state). Typed by node-feature counts known only at init.
 */
export const ginConv = <P extends Tree, S extends Tree>(mlp: Layer<P, S>, o: GinOptions = {}): Layer<GinParams<P>, S, GraphData, GraphData> => {
  checkLayer('ginConv', 'mlp', mlp);
  checkOptions('ginConv', o, ['eps', 'trainEps']);
  checkBoolean('ginConv', 'trainEps', o.trainEps);
  if (o.eps !== undefined && !(typeof o.eps === 'number' && Number.isFinite(o.eps))) throw new OptionError('ginConv', `eps must be a finite number, got ${describe(o.eps)}`);
  const eps0 = o.eps ?? 0;
  return {
    kind: 'ginConv',
    init: (k, s) => {
      const x = specEntry('ginConv', s, 'x');
      const r = mlp.init(k, checkShape('ginConv', x));
      const one: [1] = [1];
      const params: GinParams<P> = o.trainEps ? { mlp: r.params, eps: withShape('ginConv', fromHost(Float32Array.of(eps0), one), one) } : { mlp: r.params };
      return { params, state: r.state, outputShape: { x: r.outputShape, graph: {} } };
    },
    apply: (p, st, input, ctx) => {
      const { x: given, graph, batch } = graphInput('ginConv', input);
      const x = denseFeatures('ginConv', given);
      const self = p.eps ? mul(x, add(p.eps, 1)) : eps0 === 0 ? x : mul(x, 1 + eps0);
      const r = mlp.apply(p.mlp, st, add(self, spmm(adjacency(graph, 'sum'), x)), ctx);
      return { y: { x: nodeFeatures('ginConv', r.y, graph.nodeCount), graph, ...(batch ? { batch } : {}) }, state: r.state };
    },
  };
};
