// SpMM forward + backward (dvalues and dx) on random graphs of Cora's shape (2,708 nodes, 10,556
// directed edges + 2,708 self-loops, 16 features) and of 1M edges (100k nodes, 8 features), with the
// first call (compiles included), the median of later calls, and peak memory.
//   npx tsx bench/sparse.ts [cpu|webasm|headlessgl ...]     (GL: under xvfb-run -a)
// One process per backend gives each its own peak RSS.
import { backendStats, csrFromCoo, key, spmm, toArray, useBackend, vjp, type CsrMatrix, type Tensor } from '../src/index.js';
import { uniform, uniformData } from '../src/random/index.js';
import { backendNames } from '../src/backend/types.js';

/** A random undirected graph as directed edges both ways, plus a self-loop at every node. */
const graph = (nodes: number, undirected: number, seed: number): CsrMatrix => {
  const u = uniformData(key(seed), 2 * undirected + 2 * undirected + nodes);
  let at = 0;
  const next = () => u[at++];
  const r = new Int32Array(2 * undirected + nodes), c = new Int32Array(2 * undirected + nodes);
  for (let e = 0; e < undirected; e++) {
    const a = Math.floor(next() * nodes);
    let b = Math.floor(next() * (nodes - 1));
    if (b >= a) b++;
    r[2 * e] = a; c[2 * e] = b; r[2 * e + 1] = b; c[2 * e + 1] = a;
  }
  for (let i = 0; i < nodes; i++) { r[2 * undirected + i] = i; c[2 * undirected + i] = i; }
  return csrFromCoo(nodes, nodes, r, c, Float32Array.from(r, () => next()));
};

let peak = 0;
const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); };
const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;

const fwdBwd = (a: CsrMatrix, x: Tensor, dy: Tensor) => {
  const [y, pull] = vjp(([v, z]: Tensor[]) => spmm({ ...a, values: v }, z), [a.values, x]);
  toArray(y);
  sample();
  const [dv, dx] = pull(dy);
  toArray(dv); toArray(dx);
  sample();
};

const measure = (label: string, a: CsrMatrix, f: number, reps: number) => {
  const x = uniform(key(7), [a.cols, f], -0.5, 0.5);
  const dy = uniform(key(8), [a.rows, f], -0.5, 0.5);
  const c0 = backendStats().compiles;
  let t = performance.now();
  fwdBwd(a, x, dy);
  const first = performance.now() - t;
  const compiles = backendStats().compiles - c0;
  const times: number[] = [];
  for (let i = 0; i < reps; i++) { t = performance.now(); fwdBwd(a, x, dy); times.push(performance.now() - t); }
  times.sort((p, q) => p - q);
  const nnz = a.colIdx.length;
  console.log(`${label}: nnz ${nnz.toLocaleString('en-US')}, F ${f}: first call ${first.toFixed(0)} ms (${compiles} compiles), median of ${reps} ${times[reps >> 1].toFixed(1)} ms, min ${times[0].toFixed(1)} ms`);
};

const asked = process.argv.slice(2);
const backends = backendNames.filter((b) => (asked.length ? asked.includes(b) : b === 'cpu'));
for (const b of backends) {
  useBackend(b, { strict: true });
  console.log(`--- ${b} (${backendStats().threads} threads) ---`);
  measure("Cora's shape (2,708 nodes, 10,556 edges + 2,708 self-loops)", graph(2708, 5278, 1), 16, 20);
  peak = 0;
  sample();
  const big = graph(100_000, 450_000, 2); // 900,000 directed edges + 100,000 self-loops = 1,000,000 nonzeros
  measure('random graph (100,000 nodes, 1,000,000 nonzeros)', big, 8, 5);
  console.log(`peak RSS during the 1M-edge runs: ${mib(peak)} (process peak ${mib(process.resourceUsage().maxRSS * 1024)}), heap used now ${mib(process.memoryUsage().heapUsed)}`);
}
