import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  degree, graph, inferDocuments, loadMutag, oneHotNodeLabels, symmetrize, wlDocuments,
  type Graph, type Mutag, type WlDictionary, type WlDocuments,
} from '../../src/graph/index.js';
import { ArgumentError, OptionError } from '../../src/shape/errors.js';
import { unwrap } from './eithers.js';

const undirected = (nodeCount: number, edges: readonly (readonly [number, number])[]): Graph => symmetrize(graph({ nodeCount, edges }));
const cycle = (n: number): Graph => undirected(n, Array.from({ length: n }, (_, i) => [i, (i + 1) % n] as const));
const path = (n: number): Graph => undirected(n, Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as const));
const sorted = (words: Int32Array): number[] => Array.from(words).sort((a, b) => a - b);

/** The words of one depth of a document (node-major, h + 1 words per node). */
const atDepth = (doc: Int32Array, iterations: number, depth: number): Int32Array => doc.filter((_, i) => i % (iterations + 1) === depth);

/**
 * karateclub's WeisfeilerLehmanHashing.get_graph_features, transcribed: networkx neighbours and
 * degree (a self-loop counting twice), md5 of "label_" + the neighbours' labels sorted as strings.
 * `selfLoops` adds one to every node first, as Graph2Vec.fit does (Estimator._check_graph).
 */
function karateclubWords(g: Graph, iterations: number, selfLoops: boolean, labels?: ArrayLike<number>): string[] {
  const adj = Array.from({ length: g.nodeCount }, () => new Set<number>());
  for (let k = 0; k < g.edgeCount; k++) { adj[g.src[k]].add(g.dst[k]); adj[g.dst[k]].add(g.src[k]); }
  if (selfLoops) adj.forEach((s, v) => s.add(v));
  let features = adj.map((s, v) => String(labels ? labels[v] : s.size + (s.has(v) ? 1 : 0)));
  const extracted = features.map((f) => [f]);
  for (let it = 0; it < iterations; it++) {
    features = adj.map((s, v) => createHash('md5').update([features[v], ...[...s].map((u) => features[u]).sort()].join('_')).digest('hex'));
    features.forEach((f, v) => extracted[v].push(f));
  }
  return extracted.flat();
}

/** Whether `ours[i] ↔ theirs[i]` is one-to-one: the same words, renamed. */
function sameWordsRenamed(ours: readonly number[], theirs: readonly string[]): boolean {
  const there = new Map<number, string>(), back = new Map<string, number>();
  return ours.length === theirs.length && ours.every((w, i) => {
    if ((there.get(w) ?? theirs[i]) !== theirs[i] || (back.get(theirs[i]) ?? w) !== w) return false;
    there.set(w, theirs[i]);
    back.set(theirs[i], w);
    return true;
  });
}

// A small graph as n and an edge list (self-loops and repeats allowed), and a permutation of its nodes.
const graphs = fc.integer({ min: 1, max: 9 }).chain((n) => fc.record({
  n: fc.constant(n),
  edges: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }),
  perm: fc.shuffledSubarray(Array.from({ length: n }, (_, i) => i), { minLength: n, maxLength: n }),
  labels: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: n, maxLength: n }),
}));

let mutag: Mutag;
beforeAll(() => { mutag = unwrap(loadMutag()); });

describe('wlDocuments', () => {
  it('gives isomorphic graphs the same multiset of words (random relabelling of the nodes)', () => {
    fc.assert(fc.property(graphs, ({ n, edges, perm, labels }) => {
      const g = undirected(n, edges);
      const h = undirected(n, edges.map(([u, v]) => [perm[u], perm[v]] as const));
      const permuted = new Array<number>(n);
      perm.forEach((to, v) => { permuted[to] = labels[v]; });
      const byDegree = wlDocuments([g, h], { iterations: 3 });
      expect(sorted(byDegree.documents[1])).toEqual(sorted(byDegree.documents[0]));
      const given = wlDocuments([g, h], { iterations: 3, labels: [labels, permuted] });
      expect(sorted(given.documents[1])).toEqual(sorted(given.documents[0]));
    }));
  });

  it("shares words between nodes exactly as karateclub's md5 words do, with or without Graph2Vec's self-loops", () => {
    fc.assert(fc.property(graphs, ({ n, edges, labels }) => {
      const loopless = edges.filter(([u, v]) => u !== v);
      const gs = [undirected(n, edges), undirected(n, loopless), cycle(n + 2)];
      for (const iterations of [0, 1, 3]) {
        const ours = wlDocuments(gs, { iterations }).documents.flatMap((d) => Array.from(d));
        expect(sameWordsRenamed(ours, gs.flatMap((g) => karateclubWords(g, iterations, false)))).toBe(true);
        const given = wlDocuments(gs, { iterations, labels: [labels, labels, new Array<number>(n + 2).fill(1)] }).documents.flatMap((d) => Array.from(d));
        expect(sameWordsRenamed(given, gs.flatMap((g, i) => karateclubWords(g, iterations, false, i < 2 ? labels : new Array<number>(n + 2).fill(1))))).toBe(true);
        // Graph2Vec.fit's self-loops rename the words but share them alike, on graphs without loops of their own.
        const noLoops = gs.slice(1);
        const plain = wlDocuments(noLoops, { iterations }).documents.flatMap((d) => Array.from(d));
        expect(sameWordsRenamed(plain, noLoops.flatMap((g) => karateclubWords(g, iterations, true)))).toBe(true);
      }
    }));
  });

  it('tells apart graphs 1-WL tells apart: a 4-cycle plus an edge and a 6-path, equal degrees, differ after one iteration', () => {
    const c4p2 = undirected(6, [[0, 1], [1, 2], [2, 3], [3, 0], [4, 5]]);
    const { documents: [a, b], vocabulary } = wlDocuments([c4p2, path(6)], { iterations: 1 });
    expect(Array.from(atDepth(a, 1, 0), (w) => vocabulary[w]).sort()).toEqual(['1', '1', '2', '2', '2', '2']);
    expect(sorted(atDepth(b, 1, 0))).toEqual(sorted(atDepth(a, 1, 0)));
    expect(sorted(atDepth(b, 1, 1))).not.toEqual(sorted(atDepth(a, 1, 1)));
    expect(sorted(b)).not.toEqual(sorted(a));
  });

  it("cannot tell two triangles from a 6-cycle (every node has degree 2): 1-WL's limit", () => {
    const triangles = undirected(6, [[0, 1], [1, 2], [2, 0], [3, 4], [4, 5], [5, 3]]);
    for (const iterations of [0, 1, 2, 5]) {
      const { documents: [a, b] } = wlDocuments([triangles, cycle(6)], { iterations });
      expect(sorted(b)).toEqual(sorted(a));
      expect(new Set(a).size).toBe(iterations + 1); // one word per depth, shared by all six nodes
    }
  });

  it('makes the depth-0 words the initial labels: degree by default, the feature argmax, or given', () => {
    const g = undirected(5, [[0, 1], [0, 2], [0, 3], [3, 4]]);
    const zero = wlDocuments([g], { iterations: 0 });
    expect(Array.from(zero.documents[0], (w) => zero.vocabulary[w])).toEqual(['3', '1', '1', '2', '1']);
    expect(Array.from(degree(g), String)).toEqual(['3', '1', '1', '2', '1']);
    const given = wlDocuments([g], { iterations: 0, labels: [[7, -1, 7, 0, 3]] });
    expect(Array.from(given.documents[0], (w) => given.vocabulary[w])).toEqual(['7', '-1', '7', '0', '3']);
    const atoms = oneHotNodeLabels(mutag).graphs.slice(0, 5);
    const argmax = wlDocuments(atoms.map((m) => m.graph), { iterations: 0, labels: 'argmax' });
    atoms.forEach((m, i) => expect(Array.from(argmax.documents[i], (w) => Number(argmax.vocabulary[w]))).toEqual(Array.from(m.nodeLabels)));
  });

  it('lays documents out node-major, depths 0 … h per node, with ids numbered depth by depth', () => {
    const h = 3, gs = [path(5), cycle(4)];
    const r = wlDocuments(gs, { iterations: h });
    gs.forEach((g, i) => {
      expect(r.documents[i]).toHaveLength(g.nodeCount * (h + 1));
      r.documents[i].forEach((w, at) => expect(r.depths[w]).toBe(at % (h + 1)));
    });
    expect(Array.from(r.depths)).toEqual([...r.depths].sort((a, b) => a - b));
    expect(r.vocabulary[r.documents[1][1]]).toBe(`${r.documents[1][0]}(${r.documents[1][0]},${r.documents[1][0]})`); // "2(2,2)" in ids
    expect(Array.from(r.counts).reduce((a, b) => a + b, 0)).toBe(9 * (h + 1));
  });

  it('reads graphs as networkx simple graphs: parallel edges once, a self-loop counting twice in the degree', () => {
    const once = graph({ nodeCount: 3, edges: [[0, 1], [1, 0], [1, 2], [2, 1]] });
    const twice = graph({ nodeCount: 3, edges: [[0, 1], [1, 0], [0, 1], [1, 2], [2, 1], [2, 1]] });
    const r = wlDocuments([once, twice]);
    expect(Array.from(r.documents[1])).toEqual(Array.from(r.documents[0]));
    const loop = wlDocuments([graph({ nodeCount: 1, edges: [[0, 0]] })], { iterations: 1 });
    expect(loop.vocabulary).toEqual(['2', '0(0)']);
  });

  it('runs on MUTAG (degree, atom types by argmax and given), as karateclub would', () => {
    const gs = mutag.graphs.map((m) => m.graph);
    const atomLabels = mutag.graphs.map((m) => m.nodeLabels);
    const withAtoms = oneHotNodeLabels(mutag).graphs.map((m) => m.graph);
    const sizes: Record<string, number[]> = { degree: [], atoms: [] };
    let previous: WlDocuments | undefined;
    for (let h = 0; h <= 5; h++) {
      const byDegree = wlDocuments(gs, { iterations: h });
      const byAtoms = wlDocuments(gs, { iterations: h, labels: atomLabels });
      expect(wlDocuments(withAtoms, { iterations: h, labels: 'argmax' }).documents).toEqual(byAtoms.documents);
      sizes.degree.push(byDegree.vocabulary.length);
      sizes.atoms.push(byAtoms.vocabulary.length);
      // one more iteration only appends words: the shallower vocabulary is a prefix
      if (previous) expect(byDegree.vocabulary.slice(0, previous.vocabulary.length)).toEqual(previous.vocabulary);
      previous = byDegree;
      if (h === 2) {
        expect(sameWordsRenamed(byDegree.documents.flatMap((d) => Array.from(d)), gs.flatMap((g) => karateclubWords(g, h, true)))).toBe(true);
        expect(sameWordsRenamed(byAtoms.documents.flatMap((d) => Array.from(d)), gs.flatMap((g, i) => karateclubWords(g, h, false, atomLabels[i])))).toBe(true);
        const minCount5 = Array.from(byDegree.counts).filter((c) => c >= 5).length;
        console.log(`MUTAG h = 2 by degree: ${byDegree.vocabulary.length} words, ${minCount5} occurring ≥ 5 times (gensim's min_count in karateclub)`);
      }
    }
    console.log(`MUTAG WL vocabulary size for h = 0 … 5: by degree ${sizes.degree.join(', ')}; by atom type ${sizes.atoms.join(', ')}`);
    expect(sizes.atoms[0]).toBe(7);
    expect(sizes.degree[0]).toBe(new Set(gs.flatMap((g) => Array.from(degree(g)))).size);
    for (const s of Object.values(sizes)) s.slice(1).forEach((x, i) => expect(x).toBeGreaterThan(s[i]));
  });

  it('refuses bad arguments and options, naming wlDocuments', () => {
    const g = path(3);
    expect(() => wlDocuments(g as never)).toThrow(ArgumentError);
    expect(() => wlDocuments([g, 'g' as never])).toThrow(/wlDocuments: graphs\[1\] must be a Graph/);
    expect(() => wlDocuments([g], { iteration: 2 } as never)).toThrow(/unknown option 'iteration'/);
    for (const iterations of [-1, 1.5, NaN]) expect(() => wlDocuments([g], { iterations })).toThrow(OptionError);
    expect(() => wlDocuments([g], { labels: 'features' as never })).toThrow(/labels must be 'degree', 'argmax' or one array/);
    expect(() => wlDocuments([g], { labels: [] })).toThrow(/labels has 0 arrays but there are 1 graphs/);
    expect(() => wlDocuments([g], { labels: [[0, 1]] })).toThrow(/labels\[0\] has 2 entries but graphs\[0\] has 3 nodes/);
    expect(() => wlDocuments([g], { labels: [[0, 0.5, 1]] })).toThrow(/labels\[0\]\[1\] is 0.5; expected an integer/);
    expect(() => wlDocuments([g], { labels: 'argmax' })).toThrow(/wlDocuments: graphs\[0\] has no node features/);
  });
});

describe('inferDocuments', () => {
  it('gives back the documents of the training graphs, nothing unknown (also from a JSON copy of the dictionary)', () => {
    const gs = mutag.graphs.map((m) => m.graph);
    const atomLabels = mutag.graphs.map((m) => m.nodeLabels);
    for (const [model, labels] of [[wlDocuments(gs), undefined], [wlDocuments(gs, { iterations: 3, labels: atomLabels }), atomLabels]] as const) {
      const again = inferDocuments(model, gs, labels && { labels });
      expect(again.documents).toEqual(model.documents);
      expect(Array.from(again.unknown)).toEqual(new Array<number>(gs.length).fill(0));
      const saved: WlDictionary = JSON.parse(JSON.stringify({ vocabulary: model.vocabulary, iterations: model.iterations, labels: model.labels }));
      expect(inferDocuments(saved, gs.slice(0, 3), labels && { labels: labels.slice(0, 3) }).documents).toEqual(model.documents.slice(0, 3));
    }
  });

  it('drops the words of unseen rooted subtrees, and every deeper word above them, and counts them', () => {
    const model = wlDocuments([cycle(6)], { iterations: 1 }); // words '2' and '0(0,0)'
    const { documents, unknown } = inferDocuments(model, [path(3), cycle(5)]);
    // The path's ends have degree 1 (unseen); its middle has degree 2 but unseen neighbours.
    expect(Array.from(documents[0], (w) => model.vocabulary[w])).toEqual(['2']);
    expect(unknown[0]).toBe(5);
    expect(Array.from(documents[1], (w) => model.vocabulary[w])).toEqual(Array.from({ length: 5 }, () => ['2', '0(0,0)']).flat());
    expect(unknown[1]).toBe(0);
    expect(model.vocabulary).toEqual(['2', '0(0,0)']); // the dictionary does not grow
  });

  it('labels new graphs as the dictionary was built, and refuses otherwise', () => {
    const g = path(3);
    const byDegree = wlDocuments([g]);
    const given = wlDocuments([g], { labels: [[1, 2, 1]] });
    expect(() => inferDocuments(given, [g])).toThrow(/inferDocuments: labels is needed/);
    expect(() => inferDocuments(byDegree, [g], { labels: [[1, 2, 1]] })).toThrow(/labels must be left out/);
    expect(Array.from(inferDocuments(given, [g], { labels: [[1, 2, 1]] }).documents[0])).toEqual(Array.from(given.documents[0]));
    expect(() => inferDocuments({ vocabulary: [1], iterations: 2, labels: 'degree' } as never, [g])).toThrow(/inferDocuments: model must be what wlDocuments returned/);
    expect(() => inferDocuments(null as never, [g])).toThrow(ArgumentError);
    expect(() => inferDocuments(byDegree, [g], { label: [] } as never)).toThrow(/unknown option 'label'/);
  });
});
