/**
 * Generic benchmark harness: timing, a suite runner over implementations ×
 * workloads, and a markdown table with GFLOP/s and speed ratios vs peers.
 *
 * Adding an implementation = writing one `Impl` object (see below) and
 * passing it to `runSuite` together with the peers.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { WORKLOADS, WORKLOAD_IDS, getWorkload, type WorkloadId, type WorkUnit } from './workloads.js';

// ---------------------------------------------------------------------------
// Interfaces
// ---------------------------------------------------------------------------

/**
 * One implementation under test (our library on some backend, or a peer).
 *
 * `prepare(id)` builds the inputs for workload `id` (see ./workloads.ts for
 * the shapes and the fixed-seed data generators), does any untimed layout
 * conversion, and returns a closure that runs exactly ONE iteration and fully
 * completes it (reads the results back, e.g. with dataSync / toArray, so that
 * asynchronous backends have finished). It returns `undefined` when the
 * implementation does not support that workload (the table shows "n/a").
 */
export interface Impl {
  name: string;
  /** Free-form line printed under the table (version, backend, SIMD/threads...). */
  note?: string;
  /** Awaited before `prepare` for each workload, e.g. to switch a global backend. */
  activate?: () => Promise<void>;
  prepare(workloadId: string): (() => void) | undefined;
  /** Called after each workload has been measured: free what `prepare` allocated. */
  release?: () => void;
}

/** A peer is just an Impl we compare against (e.g. 'tfjs-cpu', 'tfjs-wasm'). */
export type Peer = Impl;

export interface MeasureOptions {
  /** Keep calling until at least this much timed wall time has accumulated. */
  minTimeMs?: number;
  /** ...and at least this many timed calls. */
  minReps?: number;
  /** Untimed calls made first (JIT, caches, lazy allocations). */
  warmup?: number;
}

export interface Measurement {
  /** Median of the per-call times. */
  medianMs: number;
  /** Number of timed calls. */
  reps: number;
  /** Fastest timed call. */
  minMs: number;
}

export interface Row {
  workload: string;
  impl: string;
  medianMs: number;
  reps: number;
  /** Work per iteration (FLOPs, or input elements when unit === 'elem'). */
  flops: number;
  unit: WorkUnit;
}

// ---------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------

export function measure(fn: () => void, opts: MeasureOptions = {}): Measurement {
  const { minTimeMs = 1500, minReps = 3, warmup = 1 } = opts;
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  let total = 0;
  while (times.length < minReps || total < minTimeMs) {
    const t0 = performance.now();
    fn();
    const dt = performance.now() - t0;
    times.push(dt);
    total += dt;
  }
  times.sort((a, b) => a - b);
  const m = times.length >> 1;
  const medianMs = times.length % 2 === 1 ? times[m] : (times[m - 1] + times[m]) / 2;
  return { medianMs, reps: times.length, minMs: times[0] };
}

// ---------------------------------------------------------------------------
// Suite runner
// ---------------------------------------------------------------------------

export interface SuiteOptions extends MeasureOptions {
  /** Workloads to run, in order (default: all of ./workloads.ts). */
  workloads?: readonly string[];
  /** Progress lines (default: stderr, so stdout keeps just the table). */
  log?: (line: string) => void;
}

const maybeGc = (): void => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function') gc();
};

/**
 * Measures every (workload, impl) pair. Workload-major order, so one
 * workload's inputs are live for one impl at a time. An impl that throws is
 * reported on the log and skipped for that workload.
 */
export async function runSuite(impls: readonly Impl[], opts: SuiteOptions = {}): Promise<Row[]> {
  const { workloads = WORKLOAD_IDS, log = (s: string) => process.stderr.write(s + '\n'), ...m } = opts;
  const rows: Row[] = [];
  for (const id of workloads) {
    const spec = getWorkload(id);
    if (!spec) throw new Error(`unknown workload '${id}' (known: ${WORKLOAD_IDS.join(', ')})`);
    for (const impl of impls) {
      try {
        await impl.activate?.();
        const run = impl.prepare(id);
        if (!run) {
          log(`  ${id} / ${impl.name}: not supported`);
          continue;
        }
        maybeGc();
        const r = measure(run, { ...m, minTimeMs: spec.minTimeMs ?? m.minTimeMs });
        rows.push({ workload: id, impl: impl.name, medianMs: r.medianMs, reps: r.reps, flops: spec.flops, unit: spec.unit });
        log(`  ${id} / ${impl.name}: ${fmtMs(r.medianMs)} ms median (${r.reps} reps), ${rate(spec.flops, r.medianMs).toFixed(2)} G${spec.unit === 'FLOP' ? 'FLOP' : 'elem'}/s`);
      } catch (e) {
        log(`  ${id} / ${impl.name}: FAILED: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        impl.release?.();
      }
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------

/** G(FLOP|elem)/s from work per iteration and ms per iteration. */
export const rate = (flops: number, ms: number): number => flops / (ms * 1e6);

function fmtMs(ms: number): string {
  if (ms >= 100) return ms.toFixed(0);
  if (ms >= 10) return ms.toFixed(1);
  if (ms >= 1) return ms.toFixed(2);
  return ms.toFixed(3);
}

export interface TableOptions {
  /** Impl names to compute ratio columns against (default: every impl in rows). */
  peers?: readonly string[];
}

/**
 * Markdown table: workload | implementation | median ms | GFLOP/s | ratio vs
 * each peer. Ratio = peer median time / this median time, i.e. "×2.00 vs
 * tfjs-cpu" means twice as fast as tfjs-cpu (<1: slower). Returns the text
 * (print it with console.log).
 */
export function formatTable(rows: readonly Row[], opts: TableOptions = {}): string {
  const implNames = [...new Set(rows.map((r) => r.impl))];
  const peers = opts.peers ?? implNames;
  const byKey = new Map(rows.map((r) => [`${r.workload}\u0000${r.impl}`, r]));
  const header = ['workload', 'implementation', 'median ms', 'GFLOP/s', ...peers.map((p) => `vs ${p}`)];
  const align = ['---', '---', '---:', '---:', ...peers.map(() => '---:')];
  const lines = [`| ${header.join(' | ')} |`, `| ${align.join(' | ')} |`];
  let anyElem = false;
  const workloads = [...new Set(rows.map((r) => r.workload))];
  for (const w of workloads) {
    for (const r of rows.filter((x) => x.workload === w)) {
      const elem = r.unit === 'elem';
      anyElem ||= elem;
      const cells = [
        elem ? `${w} †` : w,
        r.impl,
        fmtMs(r.medianMs),
        rate(r.flops, r.medianMs).toFixed(2),
        ...peers.map((p) => {
          if (p === r.impl) return '—';
          const pr = byKey.get(`${w}\u0000${p}`);
          return pr ? `×${(pr.medianMs / r.medianMs).toFixed(2)}` : 'n/a';
        }),
      ];
      lines.push(`| ${cells.join(' | ')} |`);
    }
  }
  lines.push('');
  lines.push('Ratios: peer median time ÷ this median time (×2.00 = twice as fast as that peer, <1 = slower).');
  if (anyElem) lines.push('† the GFLOP/s column is throughput in 10⁹ elements/s, not FLOP/s (maxpool: input elements; chain-50: cells produced).');
  return lines.join('\n');
}

/** One line: CPU model, core count, Node version, date. */
export function machineInfo(): string {
  let cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8');
    const field = (k: string): string | undefined => new RegExp(`^${k}\\s*:\\s*(.*)$`, 'm').exec(info)?.[1]?.trim();
    cpu = field('model name') ?? cpu;
    // VMs often report a vague model name ("AMD EPYC"): add family/model and SIMD level.
    const flags = new Set((field('flags') ?? '').split(/\s+/));
    const simd = ['avx512f', 'avx2', 'sse4_2'].find((f) => flags.has(f));
    const fam = field('cpu family');
    const model = field('model');
    const extra = [fam !== undefined ? `family ${fam} model ${model}` : '', simd ?? ''].filter(Boolean).join(', ');
    if (extra) cpu += ` (${extra})`;
  } catch {
    /* not Linux: keep os.cpus() */
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return `${cpu}, ${cores} cores, Node ${process.version}, ${os.platform()}-${os.arch()}, ${new Date().toISOString()}`;
}

/** Workload descriptions, for printing under the table. */
export function describeWorkloads(ids: readonly string[] = WORKLOAD_IDS): string {
  return ids
    .map((id) => WORKLOADS[id as WorkloadId])
    .filter((s) => s !== undefined)
    .map((s) => `- ${s.id}: ${s.description}`)
    .join('\n');
}
