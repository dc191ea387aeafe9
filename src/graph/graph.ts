// The graph value: a node count, an edge index (message flows src → dst, PyG's [2, E]), optional
// edge weights and optional node features. Immutable: every function returns a new Graph, and the
// arrays are copied in by `graph`, so derived views (the CSR view) can be cached per value.
import { pipe } from 'fp-ts/lib/function.js';
import type { Domain } from '../nn/spec.js';
import { ArgumentError, OptionError, ShapeError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { fmt } from '../shape/shape.js';
import { isTensor, type Tensor } from '../tensor/tensor.js';
import { edgePairs, edgeWeights, nodeCountProblem, nodeIds, orThrow } from './checks.js';

/**
 * What `init` is told about a graph input: nothing (the empty record). Layers read the structure
 * from the graph value they are applied to, since it differs from graph to graph.
 */
export type GraphSpec = { readonly [name: string]: never };

/** Node features: one row per node. */
export type NodeFeatures = Tensor<[number, number]>;

const counted = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;

/**
 * A directed graph with `nodeCount` nodes and `edgeCount` edges; edge k goes from `src[k]` to
 * `dst[k]`. An undirected graph holds both directions (`symmetrize`). Make one with `graph`.
 *
 * The typed arrays cannot be frozen: treat them as read-only, as every function here does.
 */
export class Graph implements Domain<GraphSpec> {
  declare readonly '~spec': GraphSpec;

  /** @internal use `graph`, which checks and copies its arguments. */
  constructor(
    readonly nodeCount: number,
    readonly src: Int32Array,
    readonly dst: Int32Array,
    /** One weight per edge; absent means every edge weighs 1. */
    readonly weights: Float32Array | undefined,
    /** `[nodeCount, F]`, when the graph carries node features. */
    readonly features: NodeFeatures | undefined,
  ) {
    Object.freeze(this);
  }

  get edgeCount(): number { return this.src.length; }

  toString(): string { return `Graph(${counted(this.nodeCount, 'node')}, ${counted(this.edgeCount, 'edge')}${this.weights ? ', weighted' : ''}${this.features ? `, features ${fmt(this.features.shape)}` : ''})`; }
}

interface GraphParts {
  readonly nodeCount: number;
  /** One weight per edge (a plain or typed array of finite numbers). */
  readonly weights?: ArrayLike<number>;
  /** `[nodeCount, F]`. */
  readonly features?: Tensor;
}

/** What `graph` takes: the edges as `[src, dst]` pairs, or as two parallel arrays of node ids. */
export type GraphInit =
  | (GraphParts & { readonly edges: readonly (readonly [number, number])[] })
  | (GraphParts & { readonly src: ArrayLike<number>; readonly dst: ArrayLike<number> });

export const isGraph = (u: unknown): u is Graph => u instanceof Graph;

export const isMatrix = (t: Tensor): t is NodeFeatures => t.rank === 2;

/** A tensor that must be a matrix (what concat, slice and gather of features give), typed as one. */
export const asFeatures = (op: string, t: Tensor): NodeFeatures => {
  if (!isMatrix(t)) throw new ShapeError(op, 'features', t.shape, 'must be a matrix [nodeCount, F]');
  return t;
};

/** `features` checked to be `[nodeCount, F]`. */
export const checkFeatures = (op: string, field: string, features: unknown, nodeCount: number): NodeFeatures => {
  if (!isTensor(features)) throw new ArgumentError(op, field, `must be a Tensor [nodeCount, F], got ${describe(features)}`);
  if (!isMatrix(features) || features.shape[0] !== nodeCount)
    throw new ShapeError(op, field, features.shape, `must be [nodeCount, F] with nodeCount = ${nodeCount}: one row per node`);
  return features;
};

/**
 * A graph from its parts, checked (ids are integers in [0, nodeCount), parallel arrays have equal
 * lengths, one weight per edge, one feature row per node) and copied. A bad part throws an
 * ArgumentError (or a ShapeError for features) naming the field: `graph: edges[2][1] is 5, outside
 * the node ids [0, 4)`. Edges keep the order given; duplicates and self-loops are kept as given.
 */
export function graph(init: GraphInit): Graph {
  checkOptions('graph', init, ['nodeCount', 'edges', 'src', 'dst', 'weights', 'features'], 'required');
  const nodeCountIssue = nodeCountProblem(init.nodeCount);
  if (nodeCountIssue !== undefined) throw new ArgumentError('graph', 'nodeCount', nodeCountIssue);
  const n = init.nodeCount;
  const { src, dst, edgesField } = edgeIndex(init, n);
  const weights = init.weights === undefined ? undefined : pipe(edgeWeights('weights', init.weights, src.length, edgesField), orThrow('graph'));
  const features = init.features === undefined ? undefined : checkFeatures('graph', 'features', init.features, n);
  return new Graph(n, src, dst, weights, features);
}

function edgeIndex(init: GraphInit, n: number): { src: Int32Array; dst: Int32Array; edgesField: string } {
  if ('edges' in init) {
    if ('src' in init || 'dst' in init) throw new OptionError('graph', 'give the edges either as edges ([src, dst] pairs) or as src and dst, not both');
    return { ...pipe(edgePairs('edges', init.edges, n), orThrow('graph')), edgesField: 'edges' };
  }
  if (!('src' in init) || !('dst' in init)) throw new OptionError('graph', 'needs the edges: edges ([src, dst] pairs) or src and dst (use edges: [] for none)');
  const src = pipe(nodeIds('src', init.src, n), orThrow('graph'));
  const dst = pipe(nodeIds('dst', init.dst, n), orThrow('graph'));
  if (src.length !== dst.length) throw new ArgumentError('graph', 'dst', `has ${dst.length} entries but src has ${src.length}: one dst per src`);
  return { src, dst, edgesField: 'src' };
}

/** The same graph with these node features (`[nodeCount, F]`), or none. */
export const withFeatures = (g: Graph, features: Tensor | undefined): Graph =>
  new Graph(checkGraph('withFeatures', 'g', g).nodeCount, g.src, g.dst, g.weights,
    features === undefined ? undefined : checkFeatures('withFeatures', 'features', features, g.nodeCount));

/** Throws an ArgumentError unless `g` is a Graph. */
export const checkGraph = (op: string, argument: string, g: unknown): Graph => {
  if (!isGraph(g)) throw new ArgumentError(op, argument, `must be a Graph (made by graph()), got ${describe(g)}`);
  return g;
};

/** The weight of edge k (1 when the graph is unweighted). */
export const weightOf = (g: Graph, k: number): number => (g.weights === undefined ? 1 : g.weights[k]);
