// Cora (Planetoid split), shipped in data/cora/cora.json: 2,708 papers, 5,278 undirected citation
// links, 1,433 binary word features, 7 classes, the fixed 140 / 500 / 1,000 split.
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { badData, type DatasetProblem } from '../io/problems.js';
import { toDataError, type DataError } from '../data/errors.js';
import { fieldText } from './checks.js';
import { Ids, NonNegInt } from './codecs.js';
import { decodeProblem } from './decode-problem.js';
import { GraphJsonC, graphFromJson } from './decode.js';
import { below, checkCounts, dataFile, readJsonFile } from './dataset-files.js';
import type { Graph, NodeFeatures } from './graph.js';
import { selfLoopCount } from './self-loops.js';

/** The counts data/cora/README.md states; the loader refuses a file that differs. */
export const CORA_COUNTS = Object.freeze({
  nodes: 2708,
  features: 1433,
  classes: 7,
  undirectedEdges: 5278,
  directedEdges: 10556,
  train: 140,
  val: 500,
  test: 1000,
});

export interface CoraSplit {
  /** 140 node ids (0–139), 20 per class: the only labels a model may train on. */
  readonly train: Int32Array;
  /** 500 node ids (140–639), for early stopping and model selection. */
  readonly val: Int32Array;
  /** 1,000 node ids (1708–2707), for the reported accuracy. */
  readonly test: Int32Array;
}

export interface Cora {
  /** Symmetric (both directions of every link: 10,556 edges), no self-loops, unweighted; carries `features`. */
  readonly graph: Graph;
  /** `[2708, 1433]`, the raw binary bag of words (`rowNormalize` gives GCN's preprocessing). */
  readonly features: NodeFeatures;
  /** A class in 0–6 per node (all nodes; the protocol uses only those of the split). */
  readonly labels: Int32Array;
  readonly classCount: number;
  readonly split: CoraSplit;
}

/** The shipped copy, resolved from this module so it is found from examples, tests and an installed package. */
const SHIPPED = new URL('../../data/cora/cora.json', import.meta.url);

const CoraJsonC = t.type({
  name: t.literal('cora', "the string 'cora'"),
  featureCount: NonNegInt,
  classCount: NonNegInt,
  labels: Ids,
  split: t.type({ train: Ids, val: Ids, test: Ids }, 'an object { train, val, test } of node ids'),
}, 'the Cora object { name, nodeCount, featureCount, classCount, edges, features, labels, split }');

const parse = (file: string, json: unknown): E.Either<DatasetProblem, Cora> =>
  pipe(
    E.Do,
    E.bind('raw', () => pipe(t.intersection([CoraJsonC, GraphJsonC]).decode(json), E.mapLeft((errors) => decodeProblem(file, errors)))),
    E.bindW('graph', ({ raw }) => pipe(graphFromJson(raw), E.mapLeft((p) => badData(file, fieldText(p))))),
    E.chainFirstW(({ raw, graph }) => checkCounts(file, 'Cora', 'data/cora/README.md', [
      { what: 'nodes', got: raw.nodeCount, want: CORA_COUNTS.nodes },
      { what: 'features', got: raw.featureCount, want: CORA_COUNTS.features },
      { what: 'classes', got: raw.classCount, want: CORA_COUNTS.classes },
      { what: 'labels', got: raw.labels.length, want: CORA_COUNTS.nodes },
      { what: 'undirected edges', got: raw.edges.length, want: CORA_COUNTS.undirectedEdges },
      { what: 'directed edges once symmetrized (duplicate pairs?)', got: graph.edgeCount, want: CORA_COUNTS.directedEdges },
      { what: 'self-loops', got: selfLoopCount(graph), want: 0 },
      { what: 'training nodes', got: raw.split.train.length, want: CORA_COUNTS.train },
      { what: 'validation nodes', got: raw.split.val.length, want: CORA_COUNTS.val },
      { what: 'test nodes', got: raw.split.test.length, want: CORA_COUNTS.test },
    ])),
    E.bindW('features', ({ graph }) => (graph.features ? E.right(graph.features) : E.left(badData(file, 'has no "features" (one list of active feature ids per node)')))),
    E.bindW('labels', ({ raw }) => below(file, 'labels', raw.labels, raw.classCount, 'a class')),
    E.bindW('train', ({ raw }) => below(file, 'split.train', raw.split.train, raw.nodeCount, 'a node id')),
    E.bindW('val', ({ raw }) => below(file, 'split.val', raw.split.val, raw.nodeCount, 'a node id')),
    E.bindW('test', ({ raw }) => below(file, 'split.test', raw.split.test, raw.nodeCount, 'a node id')),
    E.map(({ raw, graph, features, labels, train, val, test }) => ({ graph, features, labels, classCount: raw.classCount, split: { train, val, test } })),
  );

/**
 * Cora with its Planetoid split, from data/cora/cora.json in this package (or `path`), checked
 * against the counts of data/cora/README.md. Left(DatasetProblem) when the file is missing,
 * unreadable, not JSON, malformed or off count (each naming the file). Parsed afresh per call.
 */
export const loadCoraEither = (path?: string | URL): E.Either<DatasetProblem, Cora> => {
  const file = dataFile('loadCora', path, SHIPPED);
  return pipe(readJsonFile(file), E.chainW((json) => parse(file, json)));
};

/** `loadCoraEither` with the DataError every data loader returns (its message names the file). */
export const loadCora = (path?: string | URL): E.Either<DataError, Cora> => pipe(loadCoraEither(path), E.mapLeft(toDataError));

