// The one error type of checkpoint I/O: a value (never thrown), with a message that reads alone and
// a `reason` for callers that want to branch on what went wrong. The io pipeline finds boundary
// problems (problems.ts); each public io function turns them into this, once, with `toSafetensorsError`.
import { problemText } from './problem-text.js';
import type { BadHeader, SafetensorsProblem } from './problems.js';

/** What went wrong, coarsely: which part of the file or which step. */
export type SafetensorsReason =
  | 'io'        // the file could not be read or written
  | 'length'    // the 8-byte header-length prefix is missing or too large
  | 'header'    // the header is not UTF-8 JSON or not shaped like a safetensors header
  | 'dtype'     // a tensor's dtype is one nn-ts does not read (complex, 8-bit or smaller floats)
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

export { describeCause } from './cause.js';

/** Which public function is answering: it names the prefix, and the reason a bad argument gets. */
export type SafetensorsEntry = 'decode' | 'load' | 'restoreTree' | 'restoreModel';

const argumentReason: Readonly<Record<SafetensorsEntry, SafetensorsReason>> = { decode: 'length', load: 'io', restoreTree: 'tree', restoreModel: 'tree' };

const headerReason = (field: BadHeader['field']): SafetensorsReason =>
  field === 'dtype' ? 'dtype' : field === 'shape' ? 'shape' : field === 'data_offsets' ? 'offsets' : 'header';

const reasonOf = (p: SafetensorsProblem, entry: SafetensorsEntry): SafetensorsReason => {
  switch (p._tag) {
    case 'BadArgument': return argumentReason[entry];
    case 'FileMissing': case 'FileUnreadable': return 'io';
    case 'Truncated': return p.part === 'data' ? 'truncated' : 'length';
    case 'HeaderTooLarge': return 'length';
    case 'BadHeader': return headerReason(p.field);
    case 'TreeMismatch': return 'tree';
  }
};

/** "safetensors file '<path>': ..." for what is wrong inside a file, "safetensors: ..." otherwise. */
const prefixOf = (p: SafetensorsProblem, entry: SafetensorsEntry): string => {
  if (entry === 'restoreTree' || entry === 'restoreModel') return entry;
  return 'file' in p && p.file !== undefined ? `safetensors file '${p.file}'` : 'safetensors';
};

/** A boundary problem as the SafetensorsError the public io functions have always returned. */
export const toSafetensorsError = (p: SafetensorsProblem, entry: SafetensorsEntry): SafetensorsError =>
  safetensorsError(reasonOf(p, entry), `${prefixOf(p, entry)}: ${problemText(p)}`);
