/**
 * What reusing the simd backend's result buffers gives: each workload of bench/workloads.ts (inside
 * scoped(), as `npm run bench` times it) on two simd backends that differ only in keeping freed
 * result buffers (64 MB of spares) or not (every result a new array), timed in alternating rounds in
 * one process so that both see the same machine. Prints the median times and their ratio.
 *
 *   npx tsx bench/reuse.ts [workload ...]     (default: maxpool chain-50 conv-lenet conv-same matmul-256)
 */
import { SimdBackend } from '../src/backend/wasm/backend.js';
import { withBackendInstance } from '../src/backend/select.js';
import { prepare } from './ours.js';
import { WORKLOAD_IDS, isWorkloadId } from './workloads.js';

const args = process.argv.slice(2);
const bad = args.filter((a) => !isWorkloadId(a));
if (bad.length) { console.error(`unknown workload(s): ${bad.join(', ')}; known: ${WORKLOAD_IDS.join(', ')}`); process.exit(2); }
const ids = args.length ? args : ['maxpool', 'chain-50', 'conv-lenet', 'conv-same', 'matmul-256'];
const ROUNDS = 15, MIN_MS = 150;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const reuse = new SimdBackend(), fresh = new SimdBackend(undefined, 0);
console.log(`simd backend, ${reuse.stats().threads} threads; ${ROUNDS} alternating rounds of ≥ ${MIN_MS} ms each\n`);
console.log('| workload | spare buffers kept: median ms | every result new: median ms | speed-up |');
console.log('|---|---:|---:|---:|');
for (const id of ids) {
  const runs = [reuse, fresh].map((b) => ({ b, run: withBackendInstance(b, () => prepare(id)), times: [] as number[] }));
  for (const r of runs) withBackendInstance(r.b, () => { for (let i = 0; i < 5; i++) r.run?.(); }); // warm-up: compiles, spares
  for (let round = 0; round < ROUNDS; round++)
    for (const r of runs) withBackendInstance(r.b, () => {
      let n = 0;
      const t0 = performance.now();
      while (performance.now() - t0 < MIN_MS) { r.run?.(); n++; }
      r.times.push((performance.now() - t0) / n);
    });
  const [a, f] = runs.map((r) => median(r.times));
  console.log(`| ${id} | ${a.toFixed(3)} | ${f.toFixed(3)} | ×${(f / a).toFixed(2)} |`);
}
reuse.destroy(); fresh.destroy();
