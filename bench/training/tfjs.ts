/**
 * tfjs-layers side of the LeNet-5 training benchmark.
 *
 * Loading (checked by hand under Node 20 / tsx):
 * - `@tensorflow/tfjs-core`'s Node entry (dist/tf-core.node.js) registers NO gradients, and the
 *   ESM side-effect module that would (register_all_gradients) cannot be imported under Node
 *   (ERR_UNSUPPORTED_DIR_IMPORT). `@tensorflow/tfjs` 4.22.0's CommonJS bundle (dist/tf.node.js,
 *   loaded here with `require`) registers every gradient into tfjs' process-global registry and
 *   brings tfjs-layers and the cpu backend; it shares the one tfjs-core engine (globalThis) with
 *   `@tensorflow/tfjs-backend-wasm`, whose CommonJS entry registers the 'wasm' backend.
 * - The .wasm binaries are loaded from node_modules (setWasmPaths with a directory prefix, as in
 *   ../peers/tfjs.ts): SIMD on, threads off (tfjs disables wasm threads on Node).
 *
 * Model: tf.sequential NHWC [B,28,28,1], the same LeNet-5, softmax output with
 * 'sparseCategoricalCrossentropy' (= softmax cross-entropy on the logits), Adam(lr 1e-3,
 * β 0.9 / 0.999, ε 1e-8 as nn-ts), timed with `await model.trainOnBatch(x, y)` (which reads the
 * loss back). Weights start from the shared nn-ts initialisation, converted to HWIO / [in, out]
 * with the flatten order changed from NCHW to NHWC.
 *
 * tfjs-backend-wasm 4.22.0 has no Conv2DBackpropFilter kernel, so tfjs-layers cannot train a conv
 * net there. That is probed (one real trainOnBatch) and reported as "not supported: <error>".
 * Optionally (default on) a second wasm row registers a stand-in Conv2DBackpropFilter kernel for
 * 'wasm' made of stock wasm ops: dW = conv2d of x as [C,H,W,N] with dy as an HWIO filter
 * [OH,OW,N,O] (XNNPACK), transposed to [KH,KW,C,O]. That row is NOT stock tfjs; it is labelled.
 */
import { BATCH, CLASSES, PIXELS, countCorrect, gatherLabels, gatherRows, timeSteps, type HostData, type LeNetInit, type TrainingImpl } from './common.js';
import { activate, configure, tf, tfwasm, type TfBackend } from '../tfjs-runtime.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type LayersModel = import('@tensorflow/tfjs').Sequential;

// ---------------------------------------------------------------------------
// Model and weights
// ---------------------------------------------------------------------------

/** OIHW → HWIO */
function oihwToHwio(w: Float32Array, O: number, I: number, H: number, W: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let o = 0; o < O; o++)
    for (let i = 0; i < I; i++)
      for (let h = 0; h < H; h++)
        for (let x = 0; x < W; x++) out[((h * W + x) * I + i) * O + o] = w[((o * I + i) * H + h) * W + x];
  return out;
}

/** [out, in] → [in, out] */
function transpose2d(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

/** nn-ts dense1 [120, 400] with inputs in NCHW-flatten order (c·25 + h·5 + w) → tfjs kernel [400, 120] in NHWC-flatten order ((h·5 + w)·16 + c). */
function dense1Kernel(w: Float32Array): Float32Array {
  const out = new Float32Array(400 * 120);
  for (let o = 0; o < 120; o++)
    for (let c = 0; c < 16; c++)
      for (let h = 0; h < 5; h++)
        for (let x = 0; x < 5; x++) out[((h * 5 + x) * 16 + c) * 120 + o] = w[o * 400 + c * 25 + h * 5 + x];
  return out;
}

function buildModel(init: LeNetInit): { model: LayersModel; dispose: () => void } {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 6, kernelSize: 5, padding: 'same', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 16, kernelSize: 5, padding: 'valid', activation: 'relu' }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 120, activation: 'relu' }),
      tf.layers.dense({ units: 84, activation: 'relu' }),
      tf.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  const set = (layer: number, kernel: Tensor, bias: Tensor) => {
    model.layers[layer].setWeights([kernel, bias]);
    tf.dispose([kernel, bias]);
  };
  set(0, tf.tensor4d(oihwToHwio(init.c1w, 6, 1, 5, 5), [5, 5, 1, 6]), tf.tensor1d(init.c1b));
  set(2, tf.tensor4d(oihwToHwio(init.c2w, 16, 6, 5, 5), [5, 5, 6, 16]), tf.tensor1d(init.c2b));
  set(5, tf.tensor2d(dense1Kernel(init.f1w), [400, 120]), tf.tensor1d(init.f1b));
  set(6, tf.tensor2d(transpose2d(init.f2w, 84, 120), [120, 84]), tf.tensor1d(init.f2b));
  set(7, tf.tensor2d(transpose2d(init.f3w, 10, 84), [84, 10]), tf.tensor1d(init.f3b));
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy' });
  return {
    model,
    dispose: () => {
      model.dispose();
      optimizer.dispose();
    },
  };
}

/** Softmax probabilities of the initial tfjs model on `images` [n, 784] (cross-check against nn-ts). */
export async function initialProbabilities(backend: TfBackend, init: LeNetInit, images: Float32Array): Promise<Float32Array> {
  configure();
  await activate(backend);
  const { model, dispose } = buildModel(init);
  try {
    return tf.tidy(() => (model.predict(tf.tensor4d(images, [images.length / PIXELS, 28, 28, 1])) as Tensor).dataSync() as Float32Array).slice();
  } finally {
    dispose();
  }
}

// ---------------------------------------------------------------------------
// The stand-in Conv2DBackpropFilter for wasm
// ---------------------------------------------------------------------------

let shimRegistered = false;
/** Registers Conv2DBackpropFilter for 'wasm' from stock wasm kernels (stride 1, no dilation, NHWC). */
function registerWasmFilterGradShim(): void {
  if (shimRegistered) return;
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs as unknown as { x: import('@tensorflow/tfjs').Tensor4D; dy: import('@tensorflow/tfjs').Tensor4D };
      const a = attrs as unknown as { strides: number | [number, number]; pad: 'same' | 'valid' | number; dataFormat: string; dilations?: number | [number, number]; filterShape: [number, number, number, number] };
      const ones = (v: number | [number, number] | undefined) => v === undefined || (Array.isArray(v) ? v[0] === 1 && v[1] === 1 : v === 1);
      if (!ones(a.strides) || !ones(a.dilations) || (a.dataFormat !== 'NHWC' && a.dataFormat !== 'channelsLast'))
        throw new Error(`wasm Conv2DBackpropFilter shim: only stride 1, dilation 1, NHWC (got ${JSON.stringify(a)})`);
      const [KH, KW] = a.filterShape;
      let p: number;
      if (a.pad === 'valid') p = 0;
      else if (a.pad === 'same') {
        if (KH !== KW || KH % 2 !== 1) throw new Error(`wasm Conv2DBackpropFilter shim: 'same' needs an odd square kernel, got ${KH}×${KW}`);
        p = (KH - 1) / 2;
      } else if (typeof a.pad === 'number') p = a.pad;
      else throw new Error(`wasm Conv2DBackpropFilter shim: unsupported pad ${JSON.stringify(a.pad)}`);
      // Runs inside the backward pass (no tape is recording: tfjs ignores ops nested in a kernel);
      // tidy frees the intermediates and the returned tensor becomes the kernel's output.
      return tf.tidy(() => {
        const xT = tf.transpose(x, [3, 1, 2, 0]); // [C, H, W, N]
        const dyT = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, O] as an HWIO filter
        const g = tf.conv2d(xT, dyT, 1, p); // [C, KH, KW, O]
        return tf.transpose(g, [1, 2, 0, 3]); // [KH, KW, C, O]
      }) as unknown as import('@tensorflow/tfjs').TensorInfo;
    },
  });
  shimRegistered = true;
}

// ---------------------------------------------------------------------------
// Implementations
// ---------------------------------------------------------------------------

function batchTensors(data: HostData, idx: Int32Array): { x: Tensor; y: Tensor } {
  return {
    x: tf.tensor4d(gatherRows(data.trainX, PIXELS, idx), [idx.length, 28, 28, 1]),
    y: tf.tensor1d(gatherLabels(data.trainY, idx), 'float32'),
  };
}

function makeImpl(name: string, backend: TfBackend, note: string, data: HostData, init: LeNetInit): TrainingImpl {
  let held: Tensor[] = [];
  let models: Array<() => void> = [];
  const release = () => {
    tf.dispose(held);
    held = [];
    for (const d of models) d();
    models = [];
  };
  return {
    name,
    note,
    async throughput(batches, opts) {
      await activate(backend);
      const { model, dispose } = buildModel(init);
      models.push(dispose);
      const prepared = batches.map((idx) => {
        const b = batchTensors(data, idx); // untimed: host gather + upload
        held.push(b.x, b.y);
        return b;
      });
      try {
        return await timeSteps(async (i) => {
          const b = prepared[i % prepared.length];
          await model.trainOnBatch(b.x, b.y);
        }, opts);
      } finally {
        release();
      }
    },
    async trainAndEvaluate(orders) {
      await activate(backend);
      const { model, dispose } = buildModel(init);
      try {
        const t0 = performance.now();
        let lossSum = 0, seen = 0, s = 0;
        for (const epochBatches of orders) {
          lossSum = 0;
          seen = 0;
          for (const idx of epochBatches) {
            const b = batchTensors(data, idx);
            const l = await model.trainOnBatch(b.x, b.y);
            tf.dispose([b.x, b.y]);
            lossSum += (Array.isArray(l) ? l[0] : l) * idx.length;
            seen += idx.length;
            s++;
          }
        }
        const seconds = (performance.now() - t0) / 1000;
        let correct = 0;
        const chunk = 500;
        for (let i = 0; i < data.nTest; i += chunk) {
          const n = Math.min(chunk, data.nTest - i);
          const probs = tf.tidy(() => (model.predict(tf.tensor4d(data.testX.subarray(i * PIXELS, (i + n) * PIXELS), [n, 28, 28, 1])) as Tensor).dataSync());
          correct += countCorrect(probs, data.testY.subarray(i, i + n), CLASSES);
        }
        return { accuracy: correct / data.nTest, epochs: orders.length, steps: s, seconds, lastEpochLoss: lossSum / Math.max(1, seen) };
      } finally {
        dispose();
      }
    },
    release,
  };
}

/** An implementation that cannot run; its row reads "not supported: <reason>". */
function unsupportedImpl(name: string, note: string, reason: string): TrainingImpl {
  const fail = () => Promise.reject(new Error(`${name}: not supported: ${reason}`));
  return { name, note, unsupported: reason, throughput: fail, trainAndEvaluate: fail };
}

/** One real training step on `backend`; undefined when it works, else the error message. */
async function probeTraining(backend: TfBackend, data: HostData, init: LeNetInit): Promise<string | undefined> {
  await activate(backend);
  const { model, dispose } = buildModel(init);
  const b = batchTensors(data, Int32Array.from({ length: BATCH }, (_, i) => i));
  try {
    await model.trainOnBatch(b.x, b.y);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    tf.dispose([b.x, b.y]);
    dispose();
  }
}

export interface TfjsOptions {
  /** Add the 'tfjs-layers-wasm+dW-shim' row when stock wasm cannot train (default true). */
  readonly wasmShim?: boolean;
}

/**
 * tfjs-layers on 'cpu' and on 'wasm' (stock: probed, reported as not supported when a kernel is
 * missing), plus the labelled wasm row with the stand-in kernel. A backend that fails to
 * initialise becomes a "not supported" row too.
 */
export async function tfjsImpls(data: HostData, init: LeNetInit, opts: TfjsOptions = {}): Promise<TrainingImpl[]> {
  configure();
  const impls: TrainingImpl[] = [];
  const layersVersion = tf.version_layers;
  for (const backend of ['cpu', 'wasm'] as const) {
    const name = `tfjs-layers-${backend}`;
    let note: string;
    try {
      await activate(backend);
    } catch (e) {
      impls.push(unsupportedImpl(name, `tfjs ${tf.version.tfjs}`, `backend failed to initialise: ${e instanceof Error ? e.message : String(e)}`));
      continue;
    }
    if (backend === 'cpu') {
      note = `@tensorflow/tfjs ${tf.version.tfjs} (tfjs-layers ${layersVersion}, tfjs-backend-cpu), pure JS, 1 thread`;
    } else {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      note = `@tensorflow/tfjs ${tf.version.tfjs} (tfjs-layers ${layersVersion}) + tfjs-backend-wasm ${tfwasm.version_wasm} (XNNPACK), SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off (1)'}`;
    }
    const why = await probeTraining(backend, data, init);
    if (why !== undefined) {
      impls.push(unsupportedImpl(name, note, why));
      if (backend === 'wasm' && (opts.wasmShim ?? true) && /Conv2DBackpropFilter/.test(why)) {
        registerWasmFilterGradShim();
        const shimName = 'tfjs-layers-wasm+dW-shim';
        const why2 = await probeTraining(backend, data, init);
        const shimNote = `${note}; NOT stock tfjs: a stand-in Conv2DBackpropFilter kernel for 'wasm' built from stock wasm ops (dW = conv2d(xᵀ, dyᵀ) + transposes)`;
        impls.push(why2 === undefined ? makeImpl(shimName, backend, shimNote, data, init) : unsupportedImpl(shimName, shimNote, why2));
      }
      continue;
    }
    impls.push(makeImpl(name, backend, note, data, init));
  }
  return impls;
}
