// Zachary's karate club, shipped in data/karate/karate.json: 34 members, 78 undirected friendships,
// and the faction each member joined when the club split (NetworkX's `club` attribute).
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import { toDataError, type DataError } from '../data/errors.js';
import { badData, type DatasetProblem } from '../io/problems.js';
import { fieldText } from './checks.js';
import { decodeProblem } from './decode-problem.js';
import { GraphJsonC, graphFromJson } from './decode.js';
import { checkCounts, dataFile, readJsonFile } from './dataset-files.js';
import type { Graph } from './graph.js';
import { selfLoopCount } from './self-loops.js';

/** The faction names, by label: 0 is the instructor's (Mr. Hi, node 0), 1 the administrator's (Officer, node 33). */
export const KARATE_FACTIONS = Object.freeze(['Mr. Hi', 'Officer'] as const);
export type Faction = (typeof KARATE_FACTIONS)[number];

/**
 * The nodes whose labels a semi-supervised model may train on: the two leaders (0, 33) and the
 * member next to each in the paper's numbering (1, 32), two per faction. A convention of nn-ts
 * (data/karate/README.md says why); the data set itself has no split.
 */
const TRAIN: readonly number[] = [0, 1, 32, 33];

/** The counts data/karate/README.md states; the loader refuses a file that differs. */
export const KARATE_COUNTS = Object.freeze({
  nodes: 34,
  undirectedEdges: 78,
  directedEdges: 156,
  classes: 2,
  /** Members per faction, by label (Mr. Hi, Officer). */
  perFaction: Object.freeze([17, 17] as const),
  train: 4,
  test: 30,
});

export interface KarateSplit {
  /** Nodes 0, 1, 32, 33: two labelled members per faction. */
  readonly train: Int32Array;
  /** The other 30 nodes, ascending: the ones accuracy is reported on. */
  readonly test: Int32Array;
}

export interface Karate {
  /** Symmetric (both directions of every friendship: 156 edges), no self-loops, unweighted, no features. */
  readonly graph: Graph;
  /** The faction of each node: 0 Mr. Hi, 1 Officer (`KARATE_FACTIONS`). */
  readonly labels: Int32Array;
  readonly classCount: number;
  readonly split: KarateSplit;
}

/** The shipped copy, resolved from this module so it is found from examples, tests and an installed package. */
const SHIPPED = new URL('../../data/karate/karate.json', import.meta.url);

const FactionC = t.keyof({ 'Mr. Hi': null, Officer: null }, "'Mr. Hi' or 'Officer'");

const KarateJsonC = t.type({
  name: t.literal('karate', "the string 'karate'"),
  club: t.array(FactionC, "an array of faction names ('Mr. Hi' or 'Officer'), one per node"),
}, 'the karate club object { name, nodeCount, edges, club }');

const countOf = (labels: ArrayLike<number>, c: number): number => Array.from(labels).filter((l) => l === c).length;

const parse = (file: string, json: unknown): E.Either<DatasetProblem, Karate> =>
  pipe(
    E.Do,
    E.bind('raw', () => pipe(t.intersection([KarateJsonC, GraphJsonC]).decode(json), E.mapLeft((errors) => decodeProblem(file, errors)))),
    E.bindW('graph', ({ raw }) => pipe(graphFromJson(raw), E.mapLeft((p) => badData(file, fieldText(p))))),
    E.let('labels', ({ raw }) => Int32Array.from(raw.club, (c) => KARATE_FACTIONS.indexOf(c))),
    E.chainFirstW(({ raw, graph, labels }) => checkCounts(file, 'the karate club', 'data/karate/README.md', [
      { what: 'nodes', got: raw.nodeCount, want: KARATE_COUNTS.nodes },
      { what: 'club entries', got: raw.club.length, want: KARATE_COUNTS.nodes },
      { what: 'undirected edges', got: raw.edges.length, want: KARATE_COUNTS.undirectedEdges },
      { what: 'directed edges once symmetrized (duplicate pairs?)', got: graph.edgeCount, want: KARATE_COUNTS.directedEdges },
      { what: 'self-loops', got: selfLoopCount(graph), want: 0 },
      { what: 'weighted edges', got: graph.weights ? graph.edgeCount : 0, want: 0 },
      ...KARATE_FACTIONS.map((f, c) => ({ what: `members of ${f}'s faction`, got: countOf(labels, c), want: KARATE_COUNTS.perFaction[c] })),
      // the split must stay two labelled members per faction
      ...KARATE_FACTIONS.map((f, c) => ({ what: `labelled members (nodes ${TRAIN.join(', ')}) of ${f}'s faction`, got: countOf(TRAIN.map((v) => labels[v]), c), want: 2 })),
    ])),
    E.map(({ graph, labels }) => ({
      graph,
      labels,
      classCount: KARATE_FACTIONS.length,
      split: { train: Int32Array.from(TRAIN), test: Int32Array.from({ length: graph.nodeCount }, (_, v) => v).filter((v) => !TRAIN.includes(v)) },
    })),
  );

/**
 * Zachary's karate club from data/karate/karate.json in this package (or `path`), checked against
 * the counts of data/karate/README.md. Left(DatasetProblem) when the file is missing, unreadable,
 * not JSON, malformed or off count (each naming the file). Parsed afresh per call.
 */
export const loadKarateEither = (path?: string | URL): E.Either<DatasetProblem, Karate> => {
  const file = dataFile('loadKarate', path, SHIPPED);
  return pipe(readJsonFile(file), E.chainW((json) => parse(file, json)));
};

/** `loadKarateEither` with the DataError every data loader returns (its message names the file). */
export const loadKarate = (path?: string | URL): E.Either<DataError, Karate> => pipe(loadKarateEither(path), E.mapLeft(toDataError));
