// Users' own graphs from JSON, in the layout of the built-in data (data/cora/README.md): a Left
// naming the field and index for anything wrong, never a throw.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { badData, type BadData } from '../io/problems.js';
import { edgePairs, edgeWeights, fieldProblem, fieldText, nodeCountProblem, type FieldProblem } from './checks.js';
import { Bool, FiniteNumber, IdPairs, NonNegInt, Numbers } from './codecs.js';
import { decodeProblem } from './decode-problem.js';
import { activeFeatures, denseFeatures } from './features.js';
import { Graph, type NodeFeatures } from './graph.js';
import { symmetrize } from './symmetrize.js';

/**
 * A graph as JSON:
 *
 * ```
 * { "nodeCount": 4,
 *   "edges": [[0, 1], [1, 2]],       // [a, b] node-id pairs
 *   "directed": false,               // optional; false (the default): each pair is an undirected edge,
 *                                    //   stored once as in the built-in data, and the graph gets both directions
 *   "weights": [0.5, 2],             // optional, one per pair
 *   "features": [[...], ...],        // optional, one row per node: the values (dense), or, with
 *   "featureCount": 1433 }           //   featureCount, the ids of the features that are 1 (Cora's layout)
 * ```
 * Other keys (Cora's labels and split) are ignored.
 */
export const GraphJsonC = t.intersection([
  t.type({ nodeCount: NonNegInt, edges: IdPairs }, 'a graph object { nodeCount, edges, directed?, weights?, featureCount?, features? }'),
  t.partial({
    directed: Bool,
    weights: Numbers,
    featureCount: NonNegInt,
    features: t.array(t.array(FiniteNumber, 'an array of numbers'), 'an array of rows, one per node'),
  }),
], 'a graph object { nodeCount, edges, directed?, weights?, featureCount?, features? }');

export type GraphJson = t.TypeOf<typeof GraphJsonC>;

const none = E.right(undefined);

const jsonFeatures = (j: GraphJson): E.Either<FieldProblem, NodeFeatures | undefined> => {
  if (j.features === undefined)
    return j.featureCount === undefined ? none : E.left(fieldProblem('featureCount', 'is given but features is not: featureCount gives the width of sparse feature rows'));
  return j.featureCount === undefined ? denseFeatures('features', j.features, j.nodeCount) : activeFeatures('features', j.features, j.nodeCount, j.featureCount);
};

/** The checked graph of a decoded layout: ids in range, one weight per pair, one feature row per node. */
export const graphFromJson = (j: GraphJson): E.Either<FieldProblem, Graph> => {
  const tooMany = nodeCountProblem(j.nodeCount);
  if (tooMany !== undefined) return E.left(fieldProblem('nodeCount', tooMany));
  return pipe(
    edgePairs('edges', j.edges, j.nodeCount),
    E.bindTo('edges'),
    E.bind('weights', ({ edges }) => (j.weights === undefined ? none : edgeWeights('weights', j.weights, edges.src.length, 'edges'))),
    E.bind('features', () => jsonFeatures(j)),
    E.map(({ edges, weights, features }) => {
      const g = new Graph(j.nodeCount, edges.src, edges.dst, weights, features);
      return j.directed === true ? g : symmetrize(g);
    }),
  );
};

/**
 * A graph from JSON in the layout of `GraphJsonC` (the built-in data's). Left(BadData) naming the
 * field and index of the first problem, e.g. `edges[3][1] is 9, outside the node ids [0, 4)`;
 * `source` names where the JSON came from (a file) in that problem.
 */
export const decodeGraph = (json: unknown, source = 'graph JSON'): E.Either<BadData, Graph> =>
  pipe(
    GraphJsonC.decode(json),
    E.mapLeft((errors) => decodeProblem(source, errors)),
    E.chain((j) => pipe(graphFromJson(j), E.mapLeft((p) => badData(source, fieldText(p))))),
  );
