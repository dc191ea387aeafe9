/**
 * TensorFlow.js peers for the benchmark: 'tfjs-cpu' (pure-JS kernels) and
 * 'tfjs-wasm' (XNNPACK compiled to WebAssembly), both from
 * @tensorflow/tfjs-core 4.22.0, in the same process as our library.
 *
 * Notes on the wasm backend under Node 20 (checked by hand, see `note`):
 * - the .wasm binaries ship in @tensorflow/tfjs-backend-wasm/dist and are
 *   loaded from node_modules by a plain directory prefix via setWasmPaths
 *   (Emscripten's Node path uses fs.readFileSync; no network, no fetch);
 * - SIMD: yes (tfjs-backend-wasm-simd.wasm is selected);
 * - threads: no. tfjs forces WASM_HAS_MULTITHREAD_SUPPORT=false on Node
 *   (tensorflow/tfjs#3830); forcing the flag on makes init fail with
 *   ERR_WORKER_PATH (it spawns pthread workers from blob: URLs, which Node's
 *   worker_threads rejects). So tfjs-wasm is single-threaded here.
 *
 * Layout: tfjs is NHWC / HWIO. Inputs are generated in our canonical
 * NCHW / OIHW layout (./../workloads.ts, fixed seeds) and transposed once in
 * prepare(), outside the timed closure.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Peer } from '../harness.js';
import {
  chainData,
  convData,
  getWorkload,
  matmulData,
  maxPoolData,
  type ChainOp,
  type ChainSpec,
  type ConvSpec,
  type MatmulSpec,
  type MaxPoolSpec,
  type WorkloadSpec,
} from '../workloads.js';

export type { Peer } from '../harness.js';

export type Backend = 'cpu' | 'wasm';

let configured = false;
function configureTfjs(): void {
  if (configured) return;
  // Silences tfjs' console warnings (e.g. "install tfjs-node"); PROD only
  // gates warnings/deprecation messages, not kernels.
  tf.enableProdMode();
  const require = createRequire(import.meta.url);
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
  // A directory prefix ending in a separator; tfjs appends the binary's name.
  setWasmPaths(path.dirname(wasmFile) + path.sep);
  configured = true;
}

/** NCHW → NHWC */
const toNHWC = (t: tf.Tensor4D): tf.Tensor4D => tf.transpose(t, [0, 2, 3, 1]);
/** OIHW → HWIO */
const toHWIO = (t: tf.Tensor4D): tf.Tensor4D => tf.transpose(t, [2, 3, 1, 0]);

function assertBackend(backend: Backend): void {
  if (tf.getBackend() !== backend) {
    throw new Error(`tfjs-${backend}: active tfjs backend is '${tf.getBackend()}'; call activate() first`);
  }
}

/**
 * Builds the (untimed) inputs of one workload on the active backend and
 * returns `compute`, which runs one iteration and returns its outputs, and
 * `canonical`, which names them and converts them back to our canonical
 * layouts (NCHW / OIHW) for cross-checking. Inputs go through `keep`.
 */
interface Built {
  compute: () => tf.Tensor[];
  /** Output names, and converters to canonical layout, in `compute` order. */
  canonical: Array<[string, (t: tf.Tensor) => tf.Tensor]>;
}

const id = (t: tf.Tensor): tf.Tensor => t;
const fromNHWC = (t: tf.Tensor): tf.Tensor => tf.transpose(t, [0, 3, 1, 2]);
const fromHWIO = (t: tf.Tensor): tf.Tensor => tf.transpose(t, [3, 2, 0, 1]);

function buildMatmul(spec: MatmulSpec, keep: <T extends tf.Tensor>(t: T) => T): Built {
  const { a, b } = matmulData(spec);
  const A = keep(tf.tensor2d(a, [spec.n, spec.n]));
  const B = keep(tf.tensor2d(b, [spec.n, spec.n]));
  return { compute: () => [tf.matMul(A, B)], canonical: [['c', id]] };
}

function buildConv(backend: Backend, spec: ConvSpec, keep: <T extends tf.Tensor>(t: T) => T): Built {
  const d = convData(spec);
  const [N, O, OH, OW] = spec.y;
  const [, C, H, W] = spec.x;
  const [, , KH, KW] = spec.w;
  const { x, w, dy } = tf.tidy(() => ({
    x: keep(toNHWC(tf.tensor4d(d.x, [...spec.x]))),
    w: keep(toHWIO(tf.tensor4d(d.w, [...spec.w]))),
    dy: keep(toNHWC(tf.tensor4d(d.dy, [N, O, OH, OW]))),
  }));
  const pad = spec.padding; // number (explicit symmetric padding) or 'same'
  const xShape: [number, number, number, number] = [N, H, W, C];
  const wShape: [number, number, number, number] = [KH, KW, C, O];

  // Forward + backward with EXPLICIT kernels, not tf.grads: the Node build of
  // tfjs-core (dist/tf-core.node.js) registers no gradients, and its
  // register_all_gradients side-effect module is ESM-only and cannot be
  // imported under Node (ERR_UNSUPPORTED_DIR_IMPORT). The three passes are
  // exactly what tfjs' own Conv2D gradient would run:
  //   y  = tf.conv2d(x, w)                     → Conv2D kernel
  //   dx = tf.conv2dTranspose(dy, w, xShape)   → Conv2DBackpropInput kernel
  //   dw = Conv2DBackpropFilter kernel (tf.engine().runKernel) — tfjs-cpu.
  // tfjs-wasm has NO Conv2DBackpropFilter kernel (tfjs autodiff of conv2d
  // fails there), so on wasm dw is computed as a forward conv (XNNPACK) of
  //   x as [C,H,W,N] (batch C, channels N) ⊛ dy as HWIO [OH,OW,N,O]
  //   → [C,KH,KW,O] → transpose to HWIO [KH,KW,C,O],
  // with the same padding; the per-iteration transposes are timed (they are
  // part of what a wasm user must do to get dw). Same FLOP count as the pass.
  let dwOf: () => tf.Tensor;
  if (backend === 'cpu') {
    const attrs: tf.Conv2DBackpropFilterAttrs = { strides: 1, pad, dataFormat: 'NHWC', filterShape: wShape };
    dwOf = () =>
      tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  } else {
    let p: number;
    if (pad === 'same') {
      if (KH !== KW || KH % 2 !== 1) throw new Error(`${spec.id}: 'same' needs an odd square kernel here`);
      p = (KH - 1) / 2;
    } else {
      p = pad;
    }
    dwOf = () => {
      const xT = tf.transpose(x, [3, 1, 2, 0]); // NHWC → C,H,W,N
      const dyT = tf.transpose(dy, [1, 2, 0, 3]); // NHWC → OH,OW,N,O (HWIO)
      const g = tf.conv2d(xT as tf.Tensor4D, dyT as tf.Tensor4D, 1, p); // [C,KH,KW,O]
      return tf.transpose(g, [1, 2, 0, 3]); // → [KH,KW,C,O]
    };
  }
  return {
    compute: () => [tf.conv2d(x, w, 1, pad), tf.conv2dTranspose(dy, w, xShape, 1, pad), dwOf()],
    canonical: [
      ['y', fromNHWC],
      ['dx', fromNHWC],
      ['dw', fromHWIO],
    ],
  };
}

function buildMaxPool(spec: MaxPoolSpec, keep: <T extends tf.Tensor>(t: T) => T): Built {
  const d = maxPoolData(spec);
  const x = keep(tf.tidy(() => toNHWC(tf.tensor4d(d.x, [...spec.x]))));
  return {
    compute: () => [tf.maxPool(x, spec.size, spec.stride, 'valid')],
    canonical: [['y', fromNHWC]],
  };
}

function buildChain(spec: ChainSpec, keep: <T extends tf.Tensor>(t: T) => T): Built {
  const x = keep(tf.tensor2d(chainData(spec).x, [...spec.shape]));
  const step = (t: tf.Tensor, [op, c]: ChainOp): tf.Tensor => {
    switch (op) {
      case 'mul': return tf.mul(t, c);
      case 'add': return tf.add(t, c);
      case 'sub': return tf.sub(t, c);
      case 'tanh': return tf.tanh(t);
      case 'sigmoid': return tf.sigmoid(t);
      case 'relu': return tf.relu(t);
      case 'neg': return tf.neg(t);
    }
  };
  return { compute: () => [spec.ops.reduce(step, x)], canonical: [['y', id]] };
}

function build(backend: Backend, spec: WorkloadSpec, keep: <T extends tf.Tensor>(t: T) => T): Built {
  switch (spec.kind) {
    case 'matmul':
      return buildMatmul(spec, keep);
    case 'conv':
      return buildConv(backend, spec, keep);
    case 'maxpool':
      return buildMaxPool(spec, keep);
    case 'chain':
      return buildChain(spec, keep);
  }
}

function makePeer(backend: Backend, note: string): Peer {
  let held: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T): T => {
    held.push(t);
    return t;
  };
  const release = (): void => {
    tf.dispose(held);
    held = [];
  };
  return {
    name: `tfjs-${backend}`,
    note,
    activate: () => activateBackend(backend),
    prepare(workloadId: string) {
      const spec = getWorkload(workloadId);
      if (!spec) return undefined;
      assertBackend(backend);
      release();
      const { compute } = build(backend, spec, keep);
      // One iteration: compute, then read every output back (dataSync) so the
      // work is complete even on an asynchronous backend; tidy frees it all.
      return () => {
        assertBackend(backend);
        tf.tidy(() => {
          for (const t of compute()) t.dataSync();
        });
      };
    },
    release,
  };
}

async function activateBackend(backend: Backend): Promise<void> {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend '${backend}' failed to initialise`);
  }
  await tf.ready();
}

/**
 * Outputs of one iteration of `workloadId` computed by tfjs on `backend`,
 * converted to our canonical layouts, for cross-checking an implementation:
 * matmul → { c } (n×n row-major); conv → { y, dx } (NCHW), { dw } (OIHW);
 * maxpool → { y } (NCHW). Same fixed-seed inputs as the benchmark.
 * Leaves `backend` active.
 */
export async function tfjsOutputs(workloadId: string, backend: Backend = 'cpu'): Promise<Record<string, Float32Array>> {
  const spec = getWorkload(workloadId);
  if (!spec) throw new Error(`unknown workload '${workloadId}'`);
  configureTfjs();
  await activateBackend(backend);
  const held: tf.Tensor[] = [];
  try {
    const { compute, canonical } = build(backend, spec, (t) => (held.push(t), t));
    return tf.tidy(() => {
      const outs = compute();
      const res: Record<string, Float32Array> = {};
      canonical.forEach(([name, conv], i) => {
        res[name] = conv(outs[i]).dataSync() as Float32Array;
      });
      return res;
    });
  } finally {
    tf.dispose(held);
  }
}

/**
 * Initialises the tfjs backends that work in this process and returns one
 * Peer per backend ('tfjs-cpu', 'tfjs-wasm'). A backend that fails to
 * initialise is left out, with a warning on stderr.
 */
export async function tfjsPeers(): Promise<Peer[]> {
  configureTfjs();
  const peers: Peer[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    let ok = false;
    try {
      ok = await tf.setBackend(backend);
      await tf.ready();
    } catch (e) {
      process.stderr.write(`tfjs: backend '${backend}' threw during init: ${String(e)}\n`);
    }
    if (!ok || tf.getBackend() !== backend) {
      process.stderr.write(`tfjs: backend '${backend}' unavailable, skipped\n`);
      continue;
    }
    let note = `tfjs-core ${tf.version_core}, ${backend} backend`;
    if (backend === 'wasm') {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      const wasm = (tf.backend() as unknown as { wasm?: { tfjs?: { getThreadsCount?: () => number } } }).wasm;
      const nThreads = wasm?.tfjs?.getThreadsCount?.() ?? 1;
      note =
        `tfjs-core ${tf.version_core}, wasm backend ${version_wasm} (XNNPACK), ` +
        `SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off'} (${nThreads})`;
    }
    peers.push(makePeer(backend, note));
  }
  return peers;
}
