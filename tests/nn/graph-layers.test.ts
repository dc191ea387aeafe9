// Graph layers: the layer laws (shape, gradient through node features and every parameter, backend
// agreement) on graph inputs, a dense float64 reference for GCN, and the permutation laws: the
// convolutions are equivariant to renumbering the nodes, the readouts invariant.
import { describe, expect, it } from 'vitest';
import { holds, layerBackendLaw, layerGradientLaw, layerShapeLaw } from '../../laws/index.js';
import { graph as makeGraph, symmetrize, type Graph } from '../../src/graph/index.js';
import * as nn from '../../src/nn/index.js';
import { gather, key, normal, split, Tensor, tensor, toArray, useBackend } from '../support/api.js';
import { announceBackends, testedBackends } from '../support/backends.js';

announceBackends('graph layers');

// A small undirected graph with a node of degree 0 (node 6), a weighted variant, and a batch of two graphs.
const edges: [number, number][] = [[0, 1], [1, 2], [2, 0], [2, 3], [3, 4], [4, 5], [5, 3], [1, 4]];
const g = symmetrize(makeGraph({ nodeCount: 7, edges }));
const weighted = symmetrize(makeGraph({ nodeCount: 7, edges, weights: edges.map((_, i) => 0.5 + i / 4) }));
const two = symmetrize(makeGraph({ nodeCount: 7, edges: [[0, 1], [1, 2], [3, 4], [4, 5], [5, 6], [6, 3]] }));
const batch = nn.nodeOffsets(Int32Array.of(0, 3, 7));
const ks = split(key(31), 6);
const x = normal(ks[0], [7, 3]);

const mlp = () => nn.sequential(nn.dense(3, 4), nn.tanh(), nn.dense(4, 2));
const cases: { name: string; layer: nn.AnyLayer; input: unknown; spec: nn.Spec; graphs?: number }[] = [
  { name: 'gcnConv', layer: nn.gcnConv(3, 2), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'gcnConv (weighted edges)', layer: nn.gcnConv(3, 2), input: { x, graph: weighted }, spec: { x: [3], graph: {} } },
  { name: 'gcnConv (no bias)', layer: nn.gcnConv(3, 2, { bias: false }), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'sageConv', layer: nn.sageConv(3, 2), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'ginConv (GIN-0)', layer: nn.ginConv(mlp()), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'ginConv (learned ε)', layer: nn.ginConv(mlp(), { trainEps: true, eps: 0.3 }), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'gatConv (1 head)', layer: nn.gatConv(3, 2), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'gatConv (3 heads, concatenated)', layer: nn.gatConv(3, 2, { heads: 3 }), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'gatConv (2 heads, averaged, no bias)', layer: nn.gatConv(3, 2, { heads: 2, concat: false, bias: false }), input: { x, graph: weighted }, spec: { x: [3], graph: {} } },
  { name: 'onNodes(tanh)', layer: nn.onNodes(nn.tanh()), input: { x, graph: g }, spec: { x: [3], graph: {} } },
  { name: 'global sum pool (batch of 2)', layer: nn.globalPool('sum'), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 2 },
  { name: 'global mean pool (batch of 2)', layer: nn.globalPool('mean'), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 2 },
  // top-k keeps ⌈0.5 · 3⌉ + ⌈0.5 · 4⌉ = 4 of the batch's 7 nodes
  { name: 'topKPool (ratio 0.5, batch of 2)', layer: nn.topKPool(3), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 4 },
  { name: 'topKPool → sum readout', layer: nn.sequential(nn.topKPool(3, { ratio: 0.6 }), nn.globalPool('sum')), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 2 },
  { name: 'sagPool (ratio 0.5, batch of 2)', layer: nn.sagPool(3), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 4 },
  { name: 'sagPool → max readout', layer: nn.sequential(nn.sagPool(3, { ratio: 0.6 }), nn.globalPool('max')), input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 2 },
  { name: 'global max pool', layer: nn.globalPool('max'), input: { x, graph: g }, spec: { x: [3], graph: {} }, graphs: 1 },
  {
    name: 'GCN → relu → GCN → mean pool (a whole graph classifier)',
    layer: nn.sequential(nn.gcnConv(3, 4), nn.onNodes(nn.tanh()), nn.gcnConv(4, 2), nn.globalPool('mean')),
    input: { x, graph: two, batch }, spec: { x: [3], graph: {}, batch: {} }, graphs: 2,
  },
];

describe.each(testedBackends)('graph layer laws on %s', (backend) => {
  for (const c of cases)
    it(`${c.name}: shape and gradient laws`, () => {
      useBackend(backend, { strict: true });
      holds(layerShapeLaw(c.layer, c.spec, { input: c.input, ...(c.graphs ? { outputBatch: c.graphs } : {}) }));
      holds(layerGradientLaw(c.layer, c.spec, { input: c.input, seed: 5 }));
    });
});

describe(`graph layer backend agreement (${testedBackends.join(', ')})`, () => {
  for (const c of cases) it(c.name, () => { holds(layerBackendLaw(c.layer, c.spec, { input: c.input, backends: testedBackends })); });
});

/** Â = D^−½(A + I)D^−½ densely, in float64, from the edge list. */
const denseGcn = (gr: Graph): number[][] => {
  const n = gr.nodeCount, a = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let k = 0; k < gr.edgeCount; k++) a[gr.dst[k]][gr.src[k]] += gr.weights ? gr.weights[k] : 1;
  for (let i = 0; i < n; i++) a[i][i] += 1;
  const d = a.map((row) => row.reduce((s, v) => s + v, 0));
  return a.map((row, i) => row.map((v, j) => v / Math.sqrt(d[i] * d[j])));
};

describe.each(testedBackends)('graph layers against references on %s', (backend) => {
  it('gcnConv is Â X Wᵀ + b (float64 reference, weighted edges and an isolated node)', () => {
    useBackend(backend, { strict: true });
    const layer = nn.gcnConv(3, 2);
    const { params } = layer.init(key(2), { x: [3], graph: {} });
    const y = toArray(layer.apply(params, {}, { x, graph: weighted }).y.x);
    const ah = denseGcn(weighted), xv = toArray(x), w = toArray(params[0 === 0 ? 'weight' : 'weight']), b = params.bias ? toArray(params.bias) : new Float32Array(2);
    for (let i = 0; i < 7; i++)
      for (let o = 0; o < 2; o++) {
        let want = b[o];
        for (let j = 0; j < 7; j++) for (let f = 0; f < 3; f++) want += ah[i][j] * xv[j * 3 + f] * w[o * 3 + f];
        expect(y[i * 2 + o]).toBeCloseTo(want, 4);
      }
  });

  it('gatConv is softmax attention over in-neighbours and self (float64 reference: 2 heads, concatenated and averaged, an isolated node)', () => {
    useBackend(backend, { strict: true });
    for (const concat of [true, false]) {
      const layer = nn.gatConv(3, 2, { heads: 2, concat, negativeSlope: 0.2 });
      const { params } = layer.init(key(12), { x: [3], graph: {} });
      const bias = params.bias ? toArray(params.bias) : new Float32Array(4);
      const y = toArray(layer.apply(params, {}, { x: nn.sparseFeatures(x), graph: g }).y.x);
      const xv = toArray(x), w = toArray(params.weight), as = toArray(params.attSrc), ad = toArray(params.attDst);
      // h[v][k][o] = Σ_f x[v][f] W[k·2 + o][f]
      const h = Array.from({ length: 7 }, (_, v) => [0, 1].map((k) => [0, 1].map((o) => [0, 1, 2].reduce((a, f) => a + xv[v * 3 + f] * w[(k * 2 + o) * 3 + f], 0))));
      const att = (a: Float32Array, v: number, k: number) => h[v][k][0] * a[k * 2] + h[v][k][1] * a[k * 2 + 1];
      for (let i = 0; i < 7; i++) {
        const from = [i, ...Array.from({ length: g.edgeCount }, (_, e) => e).filter((e) => g.dst[e] === i && g.src[e] !== i).map((e) => g.src[e])];
        const heads = [0, 1].map((k) => {
          const e = from.map((j) => { const z = att(as, j, k) + att(ad, i, k); return z > 0 ? z : 0.2 * z; });
          const m = Math.max(...e), ex = e.map((v) => Math.exp(v - m)), total = ex.reduce((a, b) => a + b, 0);
          return [0, 1].map((o) => from.reduce((acc, j, q) => acc + (ex[q] / total) * h[j][k][o], 0));
        });
        const want = concat ? heads.flat() : [0, 1].map((o) => (heads[0][o] + heads[1][o]) / 2);
        want.forEach((v, c) => expect(y[i * want.length + c]).toBeCloseTo(v + bias[c], 4));
      }
    }
  });

  it('gatConv at the size users run (3,000 nodes, 30,000 edges, a hub with 5,000 in-edges past the 4,096-item pieces, 4 heads × 8) is the float64 attention', () => {
    useBackend(backend, { strict: true });
    const N = 3000, F = 16, K = 4, O = 8;
    const rand = (n: number, seed: number) => toArray(normal(key(seed), [n]));
    const pick = rand(2 * 35_000, 40);
    const src: number[] = [], dst: number[] = [];
    for (let e = 0; e < 30_000; e++) { src.push(Math.floor(Math.abs(pick[2 * e]) * 1e4) % N); dst.push(Math.floor(Math.abs(pick[2 * e + 1]) * 1e4) % N); }
    for (let e = 0; e < 5000; e++) { src.push((e * 7) % N); dst.push(17); }
    const big = makeGraph({ nodeCount: N, src, dst });
    const xs = normal(key(41), [N, F]);
    const layer = nn.gatConv(F, O, { heads: K });
    const { params } = layer.init(key(42), { x: [F], graph: {} });
    const y = toArray(layer.apply(params, {}, { x: xs, graph: big }).y.x);
    const xv = toArray(xs), w = toArray(params.weight), as = toArray(params.attSrc), ad = toArray(params.attDst);
    const h = new Float64Array(N * K * O);
    for (let v = 0; v < N; v++) for (let c = 0; c < K * O; c++) { let t = 0; for (let f = 0; f < F; f++) t += xv[v * F + f] * w[c * F + f]; h[v * K * O + c] = t; }
    const score = (a: Float32Array, v: number, k: number) => { let t = 0; for (let o = 0; o < O; o++) t += h[(v * K + k) * O + o] * a[k * O + o]; return t; };
    // every in-edge, repeats and existing self-loops kept; one self-loop added where a node has none
    const from: number[][] = Array.from({ length: N }, () => []);
    for (let e = 0; e < src.length; e++) from[dst[e]].push(src[e]);
    from.forEach((f, i) => { if (!f.includes(i)) f.push(i); });
    let worst = 0;
    for (const i of [0, 17, 1234, 2999, ...Array.from({ length: 40 }, (_, q) => q * 73)]) for (let k = 0; k < K; k++) {
      const e = from[i].map((j) => { const z = score(as, j, k) + score(ad, i, k); return z > 0 ? z : 0.2 * z; });
      const m = Math.max(...e), ex = e.map((v) => Math.exp(v - m)), total = ex.reduce((a, b) => a + b, 0);
      for (let o = 0; o < O; o++) {
        const want = from[i].reduce((acc, j, q) => acc + (ex[q] / total) * h[(j * K + k) * O + o], 0);
        worst = Math.max(worst, Math.abs(y[i * K * O + k * O + o] - want) / (1 + Math.abs(want)));
      }
    }
    expect(from[17].length).toBeGreaterThan(4096);
    expect(worst).toBeLessThan(1e-4);
  });

  it('sparse node features give what dense ones give (gcnConv), and featureDropout keeps them sparse', () => {
    useBackend(backend, { strict: true });
    const layer = nn.gcnConv(3, 2);
    const { params } = layer.init(key(3), { x: [3], graph: {} });
    const holey = tensor([0, 1, 0, 2, 0, 0, 0, 0, 3, 1, 0, 0, 0, 0, 0, 0, 4, 0, 5, 0, 0], [7, 3]);
    const sparse = nn.sparseFeatures(holey);
    expect(sparse.matrix.colIdx.length).toBe(6);
    const dense = toArray(layer.apply(params, {}, { x: holey, graph: g }).y.x);
    const fromSparse = toArray(layer.apply(params, {}, { x: sparse, graph: g }).y.x);
    fromSparse.forEach((v, i) => expect(v).toBeCloseTo(dense[i], 5));
    const dropped = nn.featureDropout(0.5).apply({}, {}, { x: sparse, graph: g }, { training: true, key: key(4) }).y.x;
    expect(dropped).toBeInstanceOf(nn.SparseFeatures);
    if (dropped instanceof nn.SparseFeatures) toArray(dropped.matrix.values).forEach((v, i) => expect([0, 2 * toArray(sparse.matrix.values)[i]]).toContain(v));
  });
});

describe.each(testedBackends)('permutation laws on %s', (backend) => {
  // π renumbers node v as perm[v]; features move with their nodes
  const perm = [3, 6, 0, 5, 1, 4, 2];
  const inv = perm.map((_, v) => perm.indexOf(v));
  const permute = (gr: Graph): Graph => makeGraph({ nodeCount: gr.nodeCount, src: Array.from(gr.src, (v) => perm[v]), dst: Array.from(gr.dst, (v) => perm[v]), ...(gr.weights ? { weights: gr.weights } : {}) });
  const rows = (t: Tensor, order: number[]) => gather(t, tensor(order, [order.length]));
  const px = rows(x, inv), pg = permute(weighted);
  const close = (a: Tensor, b: Tensor) => { const u = toArray(a), v = toArray(b); u.forEach((e, i) => expect(e).toBeCloseTo(v[i], 4)); };

  const convs: [string, nn.AnyLayer][] = [['gcnConv', nn.gcnConv(3, 2)], ['sageConv', nn.sageConv(3, 2)], ['ginConv', nn.ginConv(mlp())], ['gatConv', nn.gatConv(3, 2, { heads: 2 })]];
  const featuresOf = (y: unknown): Tensor => { if (y !== null && typeof y === 'object' && 'x' in y && y.x instanceof Tensor) return y.x; throw new Error('not graph data'); };
  for (const [name, layer] of convs)
    it(`${name} is equivariant: conv(πx, πG) = π conv(x, G)`, () => {
      useBackend(backend, { strict: true });
      const { params, state } = layer.init(key(6), { x: [3], graph: {} });
      const y = featuresOf(layer.apply(params, state, { x, graph: weighted }).y);
      const yp = featuresOf(layer.apply(params, state, { x: px, graph: pg }).y);
      close(yp, rows(y, inv));
    });

  it('top-k pooling then a readout is invariant: readout(topK(πx, πG)) = readout(topK(x, G))', () => {
    useBackend(backend, { strict: true });
    const net = nn.sequential(nn.topKPool(3, { ratio: 0.5 }), nn.globalPool('sum'));
    const { params } = net.init(key(8), { x: [3], graph: {} });
    close(net.apply(params, [{}, {}], { x: px, graph: pg }).y, net.apply(params, [{}, {}], { x, graph: weighted }).y);
  });

  it('SAGPool then a readout is invariant: readout(sagPool(πx, πG)) = readout(sagPool(x, G))', () => {
    useBackend(backend, { strict: true });
    const net = nn.sequential(nn.sagPool(3, { ratio: 0.5 }), nn.globalPool('sum'));
    const { params } = net.init(key(8), { x: [3], graph: {} });
    close(net.apply(params, [{}, {}], { x: px, graph: pg }).y, net.apply(params, [{}, {}], { x, graph: weighted }).y);
  });

  for (const kind of ['sum', 'mean', 'max'] as const)
    it(`global ${kind} pool is invariant: pool(πx, πG) = pool(x, G)`, () => {
      useBackend(backend, { strict: true });
      const pool = nn.globalPool(kind);
      close(pool.apply({}, {}, { x: px, graph: pg }).y, pool.apply({}, {}, { x, graph: weighted }).y);
    });
});

describe('top-k pooling', () => {
  it('keeps each graph\'s best-scoring nodes, gated by their scores, and only the edges among them', () => {
    const pool = nn.topKPool(3, { ratio: 0.5 });
    const { params } = pool.init(key(9), { x: [3], graph: {} });
    const w = toArray(params.weight), xv = toArray(x), norm = Math.hypot(...w);
    const score = Array.from({ length: 7 }, (_, i) => Math.tanh((xv[i * 3] * w[0] + xv[i * 3 + 1] * w[1] + xv[i * 3 + 2] * w[2]) / norm));
    const best = (ids: number[], k: number) => [...ids].sort((a, b) => score[b] - score[a] || a - b).slice(0, k);
    const want = [...best([0, 1, 2], 2), ...best([3, 4, 5, 6], 2)];
    const r = pool.apply(params, {}, { x, graph: two, batch }).y;
    expect(Array.from(r.batch?.offsets ?? [])).toEqual([0, 2, 4]);
    const y = toArray(r.x);
    want.forEach((v, i) => { for (let f = 0; f < 3; f++) expect(y[i * 3 + f]).toBeCloseTo(xv[v * 3 + f] * score[v], 5); });
    for (let k = 0; k < r.graph.edgeCount; k++) {
      const [a, b] = [want[r.graph.src[k]], want[r.graph.dst[k]]];
      expect(Array.from({ length: two.edgeCount }, (_, e) => two.src[e] === a && two.dst[e] === b).some(Boolean)).toBe(true);
    }
  });
});

describe('SAGPool', () => {
  it('scores nodes by a one-channel GCN convolution, tanh(Â x θ + b), and keeps the best of each graph gated by them', () => {
    const pool = nn.sagPool(3, { ratio: 0.5 });
    const { params } = pool.init(key(9), { x: [3], graph: {} });
    const conv = nn.gcnConv(3, 1);
    const h = toArray(conv.apply({ weight: params.weight, bias: params.bias }, {}, { x, graph: two }).y.x);
    const score = Array.from(h, Math.tanh);
    const best = (ids: number[], k: number) => [...ids].sort((a, b) => score[b] - score[a] || a - b).slice(0, k);
    const want = [...best([0, 1, 2], 2), ...best([3, 4, 5, 6], 2)];
    const r = pool.apply(params, {}, { x, graph: two, batch }).y;
    expect(Array.from(r.batch?.offsets ?? [])).toEqual([0, 2, 4]);
    const y = toArray(r.x), xv = toArray(x);
    want.forEach((v, i) => { for (let f = 0; f < 3; f++) expect(y[i * 3 + f]).toBeCloseTo(xv[v * 3 + f] * score[v], 5); });
    expect(() => nn.sagPool(3, { ratio: 0 })).toThrow(/sagPool: ratio must be in \(0, 1\]/);
  });
});

describe('gatConv options', () => {
  it('drops attention coefficients only in training (with a key), and refuses bad options naming them', () => {
    const layer = nn.gatConv(3, 2, { heads: 2, dropout: 0.5 });
    const { params } = layer.init(key(0), { x: [3], graph: {} });
    const evalA = toArray(layer.apply(params, {}, { x, graph: g }).y.x), evalB = toArray(layer.apply(params, {}, { x, graph: g }, { training: false }).y.x);
    expect(evalA).toEqual(evalB);
    const trained = toArray(layer.apply(params, {}, { x, graph: g }, { training: true, key: key(5) }).y.x);
    expect(trained).not.toEqual(evalA);
    expect(toArray(layer.apply(params, {}, { x, graph: g }, { training: true, key: key(5) }).y.x)).toEqual(trained);
    expect(() => layer.apply(params, {}, { x, graph: g }, { training: true })).toThrow(/gatConv: training with dropout needs a key/);
    expect(() => nn.gatConv(3, 2, { dropout: 1 })).toThrow(/gatConv: dropout must be in \[0, 1\)/);
    expect(() => nn.gatConv(3, 2, { heads: 0 })).toThrow(/gatConv/);
    expect(() => nn.gatConv(3, 2, { negativeSlope: NaN })).toThrow(/gatConv: negativeSlope must be a finite number/);
  });
});

describe('graph layer inputs', () => {
  it('refuse features whose row count is not the node count, and sparse features where a layer needs dense ones, naming the layer', () => {
    const layer = nn.gcnConv(3, 2);
    const { params } = layer.init(key(0), { x: [3], graph: {} });
    expect(() => layer.apply(params, {}, { x: normal(key(1), [5, 3]), graph: g })).toThrow(/gcnConv: x.x has 5 rows but the graph has 7 nodes/);
    const sage: nn.AnyLayer = nn.sageConv(3, 2), any: nn.AnyLayer = layer;
    expect(() => sage.apply(sage.init(key(0), { x: [3], graph: {} }).params, {}, { x: nn.sparseFeatures(x), graph: g })).toThrow(/sageConv: x.x is sparse/);
    expect(() => any.init(key(0), { x: [4], graph: {} })).toThrow(/gcnConv: input x has shape \[4\] but must be \[3\] per node/);
  });
});
