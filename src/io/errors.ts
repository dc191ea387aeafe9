// The one error type of checkpoint I/O: a value (never thrown), with a message that reads alone and
// a `reason` for callers that want to branch on what went wrong.

/** What went wrong, coarsely: which part of the file or which step. */
export type SafetensorsReason =
  | 'io'        // the file could not be read or written
  | 'length'    // the 8-byte header-length prefix is missing or too large
  | 'header'    // the header is not UTF-8 JSON or not shaped like a safetensors header
  | 'dtype'     // a tensor's dtype is not F32
  | 'shape'     // a shape is invalid or does not match its byte length
  | 'offsets'   // data_offsets are not a [begin, end] pair inside the data buffer
  | 'truncated' // the data buffer is shorter than the header says
  | 'encode'    // the tensors cannot be written (duplicate or reserved names, bad metadata)
  | 'tree';     // restoreTree: missing paths, wrong shapes or extra names

export interface SafetensorsError {
  readonly _tag: 'SafetensorsError';
  readonly reason: SafetensorsReason;
  readonly message: string;
}

export const safetensorsError = (reason: SafetensorsReason, message: string): SafetensorsError => ({ _tag: 'SafetensorsError', reason, message });

export const isSafetensorsError = (u: unknown): u is SafetensorsError => {
  if (typeof u !== 'object' || u === null) return false;
  try { return Reflect.get(u, '_tag') === 'SafetensorsError'; } catch { return false; } // a proxy or getter that throws is not one
};

/** The message of anything caught, for wrapping into a SafetensorsError. */
export const describeCause = (e: unknown): string => (e instanceof Error ? e.message : String(e));
