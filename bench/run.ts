/**
 * `npm run bench`: nn-ts on each of its backends side by side with TensorFlow.js (tfjs-backend-cpu
 * and tfjs-backend-wasm) in one process, on the same fixed-seed inputs; prints a markdown table with
 * GFLOP/s and the ratio to each peer. Run under `xvfb-run -a` to include headless-GL.
 *
 *   npm run bench                         # every workload
 *   npm run bench -- matmul-512 conv-same # a subset
 *   BENCH_MIN_TIME_MS=300 npm run bench   # quicker, noisier
 */
import { describeWorkloads, formatTable, machineInfo, runSuite } from './harness.js';
import { oursImpls } from './ours.js';
import { tfjsPeers } from './peers/tfjs.js';
import { WORKLOAD_IDS, isWorkloadId } from './workloads.js';

const args = process.argv.slice(2);
const bad = args.filter((a) => !isWorkloadId(a));
if (bad.length) {
  console.error(`unknown workload(s): ${bad.join(', ')}; known: ${WORKLOAD_IDS.join(', ')}`);
  process.exit(2);
}
const workloads = args.length ? args : WORKLOAD_IDS;
const minTimeMs = process.env.BENCH_MIN_TIME_MS ? Number(process.env.BENCH_MIN_TIME_MS) : undefined;

const peers = await tfjsPeers();
const ours = oursImpls();
const t0 = performance.now();
// Three warm-up calls: the worker threads' JIT needs a few calls to reach steady speed.
const rows = await runSuite([...ours, ...peers], { workloads, warmup: 3, ...(minTimeMs !== undefined ? { minTimeMs } : {}) });

console.log('## nn-ts vs TensorFlow.js\n');
console.log(machineInfo() + '\n');
console.log(formatTable(rows, { peers: peers.map((p) => p.name) }));
console.log('\nImplementations:');
for (const p of [...ours, ...peers]) console.log(`- ${p.name}: ${p.note ?? ''}`);
console.log('\nWorkloads:');
console.log(describeWorkloads(workloads));
console.error(`\n(total ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
