/**
 * Workload definitions shared by every implementation in the benchmark
 * (our library and the peers), so that all of them run the same shapes on
 * the same fixed-seed data.
 *
 * Canonical layouts are the ones of our library: NCHW activations, OIHW
 * filters, row-major matrices. A peer that uses another layout (tfjs: NHWC /
 * HWIO) converts ONCE in its setup, outside the timed closure.
 */

export type WorkloadId =
  | 'matmul-256'
  | 'matmul-512'
  | 'matmul-1024'
  | 'conv-lenet'
  | 'conv-same'
  | 'maxpool'
  | 'chain-50';

export type Shape4 = readonly [number, number, number, number];

/** What the "flops" number counts: real FLOPs, or input elements (throughput). */
export type WorkUnit = 'FLOP' | 'elem';

interface SpecBase {
  id: WorkloadId;
  description: string;
  /** Work per iteration: FLOPs, or input elements when unit === 'elem'. */
  flops: number;
  unit: WorkUnit;
  /** Optional override of the harness' minTimeMs for this workload. */
  minTimeMs?: number;
}

/** C = A·B, A and B square n×n float32 (row-major). flops = 2·n³. */
export interface MatmulSpec extends SpecBase {
  kind: 'matmul';
  n: number;
}

/**
 * conv2d forward + backward (gradient w.r.t. input AND weight), stride 1.
 * x: [N,C,H,W] (NCHW), w: [O,C,KH,KW] (OIHW), y / dy: [N,O,OH,OW].
 * flops = 3 · 2·N·O·OH·OW·C·KH·KW (forward, d/dx, d/dw).
 */
export interface ConvSpec extends SpecBase {
  kind: 'conv';
  x: Shape4;
  w: Shape4;
  /** Symmetric zero padding on H and W, or 'same' (stride 1 ⇒ OH = H, OW = W). */
  padding: number | 'same';
  y: Shape4;
}

/**
 * maxPool, forward only, 'valid' windows. x: [N,C,H,W] (NCHW).
 * "flops" = number of INPUT elements, i.e. the reported rate is elements/s
 * (G elem/s), not FLOP/s.
 */
/**
 * Per-op overhead: a chain of small elementwise ops (CHAIN_OPS, each with a scalar where it takes
 * two operands) on x [32, 128], one launch each, the result read back. "flops" = elements
 * produced (ops × cells); what matters is the time per op.
 */
export interface ChainSpec extends SpecBase {
  kind: 'chain';
  shape: readonly [number, number];
  ops: readonly ChainOp[];
}

/** The chain's ops: name and scalar operand (the same numbers for every implementation). */
export type ChainOp = readonly ['mul' | 'add' | 'sub', number] | readonly ['tanh' | 'sigmoid' | 'relu' | 'neg', undefined];
const CHAIN_CYCLE: readonly ChainOp[] = [['mul', 1.5], ['add', 0.25], ['tanh', undefined], ['sub', 0.125], ['sigmoid', undefined], ['mul', 3], ['relu', undefined], ['neg', undefined], ['add', 0.5], ['tanh', undefined]];
export const CHAIN_OPS: readonly ChainOp[] = Array.from({ length: 50 }, (_, i) => CHAIN_CYCLE[i % CHAIN_CYCLE.length]);

export interface MaxPoolSpec extends SpecBase {
  kind: 'maxpool';
  x: Shape4;
  size: number;
  stride: number;
  y: Shape4;
}

export type WorkloadSpec = MatmulSpec | ConvSpec | MaxPoolSpec | ChainSpec;

function matmul(n: number, minTimeMs?: number): MatmulSpec {
  const id = `matmul-${n}` as WorkloadId;
  return {
    id,
    kind: 'matmul',
    description: `C = A·B, ${n}×${n} float32`,
    n,
    flops: 2 * n ** 3,
    unit: 'FLOP',
    ...(minTimeMs !== undefined ? { minTimeMs } : {}),
  };
}

function conv(id: WorkloadId, x: Shape4, w: Shape4, padding: number | 'same'): ConvSpec {
  const [N, C, H, W] = x;
  const [O, C2, KH, KW] = w;
  if (C !== C2) throw new Error(`${id}: channel mismatch`);
  let OH: number;
  let OW: number;
  if (padding === 'same') {
    OH = H;
    OW = W;
  } else {
    OH = H + 2 * padding - KH + 1;
    OW = W + 2 * padding - KW + 1;
  }
  const pass = 2 * N * O * OH * OW * C * KH * KW;
  return {
    id,
    kind: 'conv',
    description:
      `conv2d fwd+bwd(dx,dw) x ${x.join('×')} ⊛ w ${w.join('×')}, ` +
      `pad ${padding}, stride 1 → y ${[N, O, OH, OW].join('×')}`,
    x,
    w,
    padding,
    y: [N, O, OH, OW],
    flops: 3 * pass,
    unit: 'FLOP',
  };
}

function maxpool(id: WorkloadId, x: Shape4, size: number, stride: number): MaxPoolSpec {
  const [N, C, H, W] = x;
  const OH = Math.floor((H - size) / stride) + 1;
  const OW = Math.floor((W - size) / stride) + 1;
  return {
    id,
    kind: 'maxpool',
    description: `maxPool ${size}×${size} stride ${stride} on ${x.join('×')} (fwd); rate = input elements/s`,
    x,
    size,
    stride,
    y: [N, C, OH, OW],
    flops: N * C * H * W,
    unit: 'elem',
  };
}

export const WORKLOADS: Readonly<Record<WorkloadId, WorkloadSpec>> = {
  'matmul-256': matmul(256),
  'matmul-512': matmul(512),
  // One call of the slowest peer (tfjs-cpu) takes ~1 s; don't ask for 1.5 s of reps on top.
  'matmul-1024': matmul(1024, 1000),
  'conv-lenet': conv('conv-lenet', [32, 1, 28, 28], [6, 1, 5, 5], 2),
  'conv-same': conv('conv-same', [32, 32, 14, 14], [64, 32, 3, 3], 'same'),
  maxpool: maxpool('maxpool', [32, 32, 28, 28], 2, 2),
  'chain-50': {
    id: 'chain-50', kind: 'chain', shape: [32, 128], ops: CHAIN_OPS,
    description: `${CHAIN_OPS.length} elementwise ops (mul, add, tanh, sub, sigmoid, relu, neg with scalars) on 32×128, one after another, read back; rate = cells produced/s`,
    flops: CHAIN_OPS.length * 32 * 128, unit: 'elem',
  },
};

export const WORKLOAD_IDS = Object.keys(WORKLOADS) as WorkloadId[];

export function isWorkloadId(s: string): s is WorkloadId {
  return Object.prototype.hasOwnProperty.call(WORKLOADS, s);
}

export function getWorkload(id: string): WorkloadSpec | undefined {
  return isWorkloadId(id) ? WORKLOADS[id] : undefined;
}

// ---------------------------------------------------------------------------
// Fixed-seed input data (canonical layouts), identical for every implementation.
// ---------------------------------------------------------------------------

/** mulberry32 PRNG → uniform floats in [-1, 1). */
export function seededUniform(length: number, seed: number): Float32Array {
  let s = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = 2 * u - 1;
  }
  return out;
}

const size = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

export interface MatmulData { a: Float32Array; b: Float32Array }
/** x: NCHW, w: OIHW, dy: upstream gradient of y, NCHW ([N,O,OH,OW]). */
export interface ConvData { x: Float32Array; w: Float32Array; dy: Float32Array }
export interface MaxPoolData { x: Float32Array }

export function matmulData(spec: MatmulSpec): MatmulData {
  const nn = spec.n * spec.n;
  return { a: seededUniform(nn, 1), b: seededUniform(nn, 2) };
}

export function convData(spec: ConvSpec): ConvData {
  return {
    x: seededUniform(size(spec.x), 11),
    w: seededUniform(size(spec.w), 12),
    dy: seededUniform(size(spec.y), 13),
  };
}

export function maxPoolData(spec: MaxPoolSpec): MaxPoolData {
  return { x: seededUniform(size(spec.x), 21) };
}

export function chainData(spec: ChainSpec): { x: Float32Array } {
  return { x: seededUniform(size(spec.shape), 31) };
}
