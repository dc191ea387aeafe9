// Checkpoints in the safetensors format (https://huggingface.co/docs/safetensors), the format
// PyTorch and Hugging Face use, so weights move both ways under their dotted parameter names:
//
//   [u64 little-endian N] [N bytes UTF-8 JSON header, space-padded] [raw little-endian data]
//
// This file is the format in memory: encoding here, decoding in decode.ts. Files (atomic saves,
// bounded loads) are in files.ts. Only F32 is read and written (nn-ts tensors are float32).
import { mapLeft, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { leaves, type Tree } from '../autodiff/tree.js';
import { ArgumentError, OptionError } from '../shape/errors.js';
import { toArray } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { metadataProblem, treeProblem } from './args.js';
import { decodeBytes, type Safetensors } from './decode.js';
import { toSafetensorsError, type SafetensorsError } from './errors.js';
import { METADATA_KEY } from './header.js';
import type { BadArgument, ContentProblem } from './problems.js';

export type { Safetensors } from './decode.js';

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

// ---------------------------------------------------------------------------------------------
// encode

/** Name-sorted (name, tensor) pairs from a flat record or a tree (flattened to dotted paths). */
const namedTensors = (tensors: Record<string, Tensor> | Tree): { path: string; value: Tensor }[] => {
  const named = leaves(tensors).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 0; i < named.length; i++) {
    if (named[i].path === METADATA_KEY) throw new OptionError('encodeSafetensors', `'${METADATA_KEY}' is reserved by the format and cannot name a tensor`);
    if (i > 0 && named[i].path === named[i - 1].path) throw new OptionError('encodeSafetensors', `two tensors are both named '${named[i].path}' (a tree key containing a dot can collide with a nested path)`);
  }
  return named;
};

/**
 * The bytes of a safetensors file holding `tensors` (a flat record, or a tree flattened with
 * `leaves` to dotted paths like `features.0.weight`) as F32, laid out contiguously in sorted name
 * order, with the header padded by spaces to a multiple of 8 bytes. Throws an `OptionError` for
 * names the format cannot hold (duplicates, `__metadata__`) or metadata that is not an object of
 * strings, and an `ArgumentError` when `tensors` is not a tree of tensors (a non-tensor leaf, a cycle).
 * (The save functions return these as a Left.)
 */
export const encodeSafetensors = (tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>): Uint8Array => {
  const badTree = treeProblem(tensors);
  if (badTree) throw new ArgumentError('encodeSafetensors', 'tensors', badTree);
  const badMeta = metadataProblem(metadata);
  if (badMeta) throw new OptionError('encodeSafetensors', `metadata ${badMeta}`);
  const named = namedTensors(tensors);
  const parts: string[] = [];
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    parts.push(`${JSON.stringify(METADATA_KEY)}:${JSON.stringify(metadata)}`);
  }
  let offset = 0;
  for (const { path, value } of named) {
    const bytes = value.size * 4;
    parts.push(`${JSON.stringify(path)}:{"dtype":"F32","shape":${JSON.stringify(value.shape)},"data_offsets":[${offset},${offset + bytes}]}`);
    offset += bytes;
  }
  // Written by hand rather than JSON.stringify(object): objects enumerate integer-like keys first,
  // and we want the header in layout order, `__metadata__` first, as PyTorch's writer does.
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLength);
  let at = 8 + headerLength;
  for (const { value } of named) {
    const data = toArray(value);
    if (littleEndian) out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at);
    else for (let i = 0; i < data.length; i++) view.setFloat32(at + 4 * i, data[i], true);
    at += data.byteLength;
  }
  return out;
};

// ---------------------------------------------------------------------------------------------
// decode

/**
 * Reads a safetensors file's bytes: `Right({ tensors, metadata })`, or `Left` with a message naming
 * the problem and the tensor/field. Never throws, never reads out of bounds, for any input.
 */
export const decodeSafetensors = (bytes: Uint8Array): Either<SafetensorsError, Safetensors> =>
  pipe(decodeSafetensorsEither(bytes), mapLeft((p) => toSafetensorsError(p, 'decode')));

/** `decodeSafetensors` with the problem itself as the Left, to branch on its `_tag`. */
export const decodeSafetensorsEither = (bytes: Uint8Array): Either<BadArgument | ContentProblem, Safetensors> => decodeBytes(bytes);
