/**
 * Measures only the TensorFlow.js peers on every workload and prints the
 * markdown table.
 *
 *   npx tsx bench/run-peers.ts                      # all workloads
 *   npx tsx bench/run-peers.ts matmul-512 maxpool   # a subset
 *   BENCH_MIN_TIME_MS=300 npx tsx bench/run-peers.ts   # quicker, noisier
 *
 * (`node --expose-gc --import tsx bench/run-peers.ts` also lets the harness
 * run a GC before each measurement.)
 */
import { describeWorkloads, formatTable, machineInfo, runSuite } from './harness.js';
import { tfjsPeers } from './peers/tfjs.js';
import { WORKLOAD_IDS, isWorkloadId } from './workloads.js';

const args = process.argv.slice(2);
const bad = args.filter((a) => !isWorkloadId(a));
if (bad.length > 0) {
  console.error(`unknown workload(s): ${bad.join(', ')}; known: ${WORKLOAD_IDS.join(', ')}`);
  process.exit(2);
}
const workloads = args.length > 0 ? args : WORKLOAD_IDS;
const minTimeMs = process.env.BENCH_MIN_TIME_MS ? Number(process.env.BENCH_MIN_TIME_MS) : undefined;

const peers = await tfjsPeers();
const t0 = performance.now();
const rows = await runSuite(peers, { workloads, ...(minTimeMs !== undefined ? { minTimeMs } : {}) });

console.log(`## Peer benchmark (tfjs only)\n`);
console.log(machineInfo() + '\n');
console.log(formatTable(rows, { peers: peers.map((p) => p.name) }));
console.log('\nImplementations:');
for (const p of peers) console.log(`- ${p.name}: ${p.note ?? ''}`);
console.log('\nWorkloads:');
console.log(describeWorkloads(workloads));
console.error(`\n(total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
