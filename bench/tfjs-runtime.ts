// TensorFlow.js in Node for the layer-level benchmarks: the CommonJS bundle of @tensorflow/tfjs
// (layers and every gradient registered) plus tfjs-backend-wasm, its .wasm files loaded offline
// from node_modules.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
type Tf = typeof import('@tensorflow/tfjs');
type TfWasm = typeof import('@tensorflow/tfjs-backend-wasm');
export const tf = require('@tensorflow/tfjs') as Tf;
export const tfwasm = require('@tensorflow/tfjs-backend-wasm') as TfWasm;

export type TfBackend = 'cpu' | 'wasm';

let configured = false;
export function configure(): void {
  if (configured) return;
  tf.enableProdMode(); // silences console warnings only
  const wasmFile = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm');
  tfwasm.setWasmPaths(path.dirname(wasmFile) + path.sep);
  configured = true;
}

export async function activate(backend: TfBackend): Promise<void> {
  if (tf.getBackend() !== backend) {
    const ok = await tf.setBackend(backend);
    if (!ok) throw new Error(`tfjs backend '${backend}' failed to initialise`);
  }
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`tfjs: wanted backend '${backend}', have '${tf.getBackend()}'`);
}
