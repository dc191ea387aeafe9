/**
 * tfjs-layers side of the LSTM benchmark: tf.layers.lstm in a tf.sequential, on tfjs-backend-cpu
 * and tfjs-backend-wasm.
 *
 * Loading is as in ../training/tfjs.ts: `@tensorflow/tfjs` 4.22.0's CommonJS bundle (require)
 * registers every gradient and brings tfjs-layers and the cpu backend; the CommonJS entry of
 * `@tensorflow/tfjs-backend-wasm` registers 'wasm' on the same engine; the .wasm binaries are
 * loaded from node_modules (SIMD on, threads off: tfjs disables wasm threads on Node).
 *
 * Model: tf.layers.lstm({ units: 128, returnSequences: true, inputShape: [50, 64],
 * recurrentActivation: 'sigmoid' }) — tfjs-layers' default recurrentActivation is 'hardSigmoid'
 * (Keras 1 legacy); 'sigmoid' makes it the same function as nn-ts' (and PyTorch's) LSTM, which the
 * cross-check verifies. Weights: the shared nn-ts initialisation, kernel = W_ihᵀ [64, 512],
 * recurrentKernel = W_hhᵀ [128, 512], bias = b_ih + b_hh (gate order i, f, c, o = nn-ts' i, f, g, o).
 *
 *   forward = model.predict(x) + dataSync()
 *   fwd+bwd = tf.variableGrads(() => tf.sum(model.apply(x)), trainable variables), dataSync() of
 *             dL/dkernel, then every tensor disposed
 */
import { B, H, I, T, errMsg, type LstmHost, type LstmImpl, type Mode } from './common.js';
import { activate, configure, tf, tfwasm, type TfBackend } from '../tfjs-runtime.js';

type Tensor = import('@tensorflow/tfjs').Tensor;
type Variable = import('@tensorflow/tfjs').Variable;

/** [rows, cols] → [cols, rows] */
function transpose2d(w: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = w[r * cols + c];
  return out;
}

interface Built {
  readonly forward: () => Float32Array;
  readonly fwdBwd: () => Float32Array;
  readonly dispose: () => void;
}

/** The model with the shared weights and the input on the active backend. */
function build(host: LstmHost): Built {
  const model = tf.sequential({
    layers: [
      tf.layers.lstm({
        units: H,
        returnSequences: true,
        inputShape: [T, I],
        recurrentActivation: 'sigmoid',
        // overwritten below; 'zeros' skips the orthogonal initialiser's QR
        kernelInitializer: 'zeros',
        recurrentInitializer: 'zeros',
        biasInitializer: 'zeros',
        unitForgetBias: false,
      }),
    ],
  });
  const bias = new Float32Array(4 * H);
  for (let j = 0; j < bias.length; j++) bias[j] = host.biasIh[j] + host.biasHh[j];
  const w = [tf.tensor2d(transpose2d(host.weightIh, 4 * H, I), [I, 4 * H]), tf.tensor2d(transpose2d(host.weightHh, 4 * H, H), [H, 4 * H]), tf.tensor1d(bias)];
  model.layers[0].setWeights(w);
  tf.dispose(w);
  const x = tf.tensor3d(host.x, [B, T, I]);
  const vars = model.trainableWeights.map((v) => v.read() as Variable);
  const kernel = vars[0];
  if (kernel.shape[0] !== I || kernel.shape[1] !== 4 * H) throw new Error(`tfjs LSTM: first trainable weight has shape [${kernel.shape}], expected the kernel [${I}, ${4 * H}]`);
  return {
    forward: () => {
      const y = model.predict(x) as Tensor;
      try {
        return y.dataSync() as Float32Array;
      } finally {
        y.dispose();
      }
    },
    fwdBwd: () => {
      const { value, grads } = tf.variableGrads(() => tf.sum(model.apply(x) as Tensor) as import('@tensorflow/tfjs').Scalar, vars);
      try {
        return grads[kernel.name].dataSync() as Float32Array;
      } finally {
        tf.dispose([value, ...Object.values(grads)]);
      }
    },
    dispose: () => {
      x.dispose();
      model.dispose();
    },
  };
}

function makeImpl(backend: TfBackend, note: string, host: LstmHost): LstmImpl {
  let built: Built[] = [];
  const release = () => {
    for (const b of built) b.dispose();
    built = [];
  };
  /** One real call of `mode`; undefined when it works, else the error message. */
  const probe = (b: Built, mode: Mode): string | undefined => {
    try {
      if (mode === 'forward') b.forward();
      else b.fwdBwd();
      return undefined;
    } catch (e) {
      return errMsg(e);
    }
  };
  return {
    name: `tfjs-layers-${backend}`,
    note,
    async prepare(mode) {
      await activate(backend);
      const b = build(host);
      built.push(b);
      const why = probe(b, mode);
      if (why !== undefined) return why;
      return mode === 'forward' ? b.forward : b.fwdBwd;
    },
    async reference() {
      await activate(backend);
      const b = build(host);
      const out: { y?: Float32Array; dWih?: Float32Array } = {};
      try {
        try { out.y = b.forward().slice(); } catch { /* reported by prepare */ }
        try { out.dWih = transpose2d(b.fwdBwd(), I, 4 * H); } catch { /* reported by prepare */ }
      } finally {
        b.dispose();
      }
      return out;
    },
    release,
  };
}

/** tfjs-layers on 'cpu' and 'wasm'; a backend that fails to initialise becomes a "not supported" row. */
export async function tfjsImpls(host: LstmHost): Promise<LstmImpl[]> {
  configure();
  const impls: LstmImpl[] = [];
  for (const backend of ['cpu', 'wasm'] as const) {
    const name = `tfjs-layers-${backend}`;
    try {
      await activate(backend);
    } catch (e) {
      const reason = `backend failed to initialise: ${errMsg(e)}`;
      const fail = () => Promise.reject(new Error(`${name}: not supported: ${reason}`));
      impls.push({ name, note: `tfjs ${tf.version.tfjs}`, unsupported: reason, prepare: fail, reference: fail });
      continue;
    }
    let note: string;
    if (backend === 'cpu') {
      note = `@tensorflow/tfjs ${tf.version.tfjs} (tfjs-layers ${tf.version_layers}, tfjs-backend-cpu), pure JS, 1 thread`;
    } else {
      const simd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
      const threads = Boolean(await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'));
      note = `@tensorflow/tfjs ${tf.version.tfjs} (tfjs-layers ${tf.version_layers}) + tfjs-backend-wasm ${tfwasm.version_wasm} (XNNPACK), SIMD ${simd ? 'on' : 'off'}, threads ${threads ? 'on' : 'off (1)'}`;
    }
    impls.push(makeImpl(backend, note, host));
  }
  return impls;
}

/** Live tfjs tensors (leak check). */
export const tfjsTensorCount = (): number => tf.memory().numTensors;
