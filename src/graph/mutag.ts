// MUTAG, shipped in data/mutag/mutag.json: 188 nitroaromatic compounds as graphs (atoms, bonds),
// each labelled by its mutagenicity; node labels are atom types, edge labels bond types.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { oneHot } from '../data/batches.js';
import { toDataError, type DataError } from '../data/errors.js';
import { badData, type BadData, type DatasetProblem } from '../io/problems.js';
import { edgePairs, fieldText } from './checks.js';
import { IdPairs, Ids, NonNegInt } from './codecs.js';
import { below, checkCounts, dataFile, readJsonFile } from './dataset-files.js';
import { decodeProblem } from './decode-problem.js';
import { Graph, withFeatures } from './graph.js';
import { selfLoopCount } from './self-loops.js';
import { symmetrizeWithOrigin } from './symmetrize.js';

/** The counts data/mutag/README.md states; the loader refuses a file that differs. */
export const MUTAG_COUNTS = Object.freeze({
  graphs: 188,
  classes: 2,
  nodeLabels: 7,
  edgeLabels: 4,
  nodes: 3371,
  undirectedEdges: 3721,
});

export interface MutagGraph {
  /** Symmetric (both directions of every bond), no self-loops, no features (see `oneHotNodeLabels`). */
  readonly graph: Graph;
  /** The atom type of each node: 0 C, 1 N, 2 O, 3 F, 4 I, 5 Cl, 6 Br. */
  readonly nodeLabels: Int32Array;
  /** The bond type of each edge of `graph` (both directions alike): 0 aromatic, 1 single, 2 double, 3 triple. */
  readonly edgeLabels: Int32Array;
  /** 1 (125 graphs, commonly read as mutagenic) or 0 (63). */
  readonly label: number;
}

export interface Mutag {
  readonly graphs: readonly MutagGraph[];
  readonly nodeLabelCount: number;
  readonly edgeLabelCount: number;
  readonly classCount: number;
}

/** The shipped copy, resolved from this module so it is found from examples, tests and an installed package. */
const SHIPPED = new URL('../../data/mutag/mutag.json', import.meta.url);

const MutagGraphC = t.type({ nodeLabels: Ids, edges: IdPairs, edgeLabels: Ids, label: NonNegInt }, 'a graph object { nodeLabels, edges, edgeLabels, label }');

const MutagJsonC = t.type({
  name: t.literal('MUTAG', "the string 'MUTAG'"),
  graphCount: NonNegInt,
  classCount: NonNegInt,
  nodeLabelCount: NonNegInt,
  edgeLabelCount: NonNegInt,
  graphs: t.array(MutagGraphC, 'an array of graph objects'),
}, 'the MUTAG object { name, graphCount, classCount, nodeLabelCount, edgeLabelCount, graphs }');

type MutagJson = t.TypeOf<typeof MutagJsonC>;
type MutagGraphJson = t.TypeOf<typeof MutagGraphC>;

/** Graph i, its bonds checked and made symmetric, each directed edge with its bond's label. */
const parseGraph = (file: string, json: MutagJson) => (i: number, g: MutagGraphJson): E.Either<BadData, MutagGraph> => {
  const at = `graphs[${i}]`;
  const n = g.nodeLabels.length;
  if (g.edgeLabels.length !== g.edges.length)
    return E.left(badData(file, `${at}.edgeLabels has ${g.edgeLabels.length} entries but ${at}.edges has ${g.edges.length}: one bond type per edge`));
  return pipe(
    E.Do,
    E.bind('nodeLabels', () => below(file, `${at}.nodeLabels`, g.nodeLabels, json.nodeLabelCount, 'an atom type')),
    E.bind('bondLabels', () => below(file, `${at}.edgeLabels`, g.edgeLabels, json.edgeLabelCount, 'a bond type')),
    E.bind('label', () => (g.label < json.classCount ? E.right(g.label) : E.left(badData(file, `${at}.label is ${g.label}, not a class in [0, ${json.classCount})`)))),
    E.bind('edges', () => pipe(edgePairs(`${at}.edges`, g.edges, n), E.mapLeft((p) => badData(file, fieldText(p))))),
    E.map(({ nodeLabels, bondLabels, label, edges }) => {
      const { graph, origin } = symmetrizeWithOrigin(new Graph(n, edges.src, edges.dst, undefined, undefined));
      return { graph, nodeLabels, edgeLabels: origin.map((k) => bondLabels[k]), label };
    }),
  );
};

const sumOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const parse = (file: string, json: unknown): E.Either<DatasetProblem, Mutag> =>
  pipe(
    MutagJsonC.decode(json),
    E.mapLeft((errors) => decodeProblem(file, errors)),
    E.chainFirstW((j) => checkCounts(file, 'MUTAG', 'data/mutag/README.md', [
      { what: 'graphs', got: j.graphs.length, want: MUTAG_COUNTS.graphs },
      { what: 'graphs in graphCount', got: j.graphCount, want: MUTAG_COUNTS.graphs },
      { what: 'classes', got: j.classCount, want: MUTAG_COUNTS.classes },
      { what: 'node labels', got: j.nodeLabelCount, want: MUTAG_COUNTS.nodeLabels },
      { what: 'edge labels', got: j.edgeLabelCount, want: MUTAG_COUNTS.edgeLabels },
      { what: 'nodes', got: sumOf(j.graphs.map((g) => g.nodeLabels.length)), want: MUTAG_COUNTS.nodes },
      { what: 'undirected edges', got: sumOf(j.graphs.map((g) => g.edges.length)), want: MUTAG_COUNTS.undirectedEdges },
    ])),
    E.chainW((j) => pipe(j.graphs, E.traverseArrayWithIndex(parseGraph(file, j)), E.map((graphs) => ({ j, graphs })))),
    E.chainFirstW(({ graphs }) => checkCounts(file, 'MUTAG', 'data/mutag/README.md', [
      { what: 'directed edges once symmetrized (duplicate bonds?)', got: sumOf(graphs.map((g) => g.graph.edgeCount)), want: 2 * MUTAG_COUNTS.undirectedEdges },
      { what: 'self-loops', got: sumOf(graphs.map((g) => selfLoopCount(g.graph))), want: 0 },
    ])),
    E.map(({ j, graphs }) => ({ graphs, nodeLabelCount: j.nodeLabelCount, edgeLabelCount: j.edgeLabelCount, classCount: j.classCount })),
  );

/**
 * MUTAG from data/mutag/mutag.json in this package (or `path`), checked against the counts of
 * data/mutag/README.md. Left(DatasetProblem) when the file is missing, unreadable, not JSON,
 * malformed or off count (each naming the file). Parsed afresh per call. The data set has no
 * official folds: use stratified 10-fold cross-validation and publish the seed.
 */
export const loadMutagEither = (path?: string | URL): E.Either<DatasetProblem, Mutag> => {
  const file = dataFile('loadMutag', path, SHIPPED);
  return pipe(readJsonFile(file), E.chainW((json) => parse(file, json)));
};

/** `loadMutagEither` with the DataError every data loader returns (its message names the file). */
export const loadMutag = (path?: string | URL): E.Either<DataError, Mutag> => pipe(loadMutagEither(path), E.mapLeft(toDataError));

/** The data set with each graph carrying its atom types one-hot as node features, `[n, nodeLabelCount]` (7). */
export const oneHotNodeLabels = (mutag: Mutag): Mutag => ({
  ...mutag,
  graphs: mutag.graphs.map((g) => ({ ...g, graph: withFeatures(g.graph, oneHot(g.nodeLabels, mutag.nodeLabelCount)) })),
});
