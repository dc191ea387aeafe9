// Safetensors as Blobs, for runtimes without files (a browser: downloads, file inputs, fetch, IndexedDB).
import type { Either } from 'fp-ts/lib/Either.js';
import type { Tree } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Safetensors } from './decode.js';
import type { SafetensorsError } from './errors.js';
import { decodeSafetensors, encodeSafetensors } from './safetensors.js';

/** The safetensors encoding of `tensors` (and string `metadata`) as a Blob. */
export const safetensorsBlob = (tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>): Blob =>
  new Blob([encodeSafetensors(tensors, metadata).slice().buffer], { type: 'application/octet-stream' });

/** Decodes the safetensors in a Blob (or any ArrayBuffer); a corrupt one is a Left naming what is wrong. */
export const decodeSafetensorsBlob = async (blob: Blob | ArrayBuffer): Promise<Either<SafetensorsError, Safetensors>> =>
  decodeSafetensors(new Uint8Array(blob instanceof ArrayBuffer ? blob : await blob.arrayBuffer()));
