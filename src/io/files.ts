// Saving and loading checkpoint files. Every function here keeps the Either contract for any
// argument whatever its runtime type: a bad one is a Left naming it, and anything unexpected thrown
// underneath (an injected fs that throws, a getter that throws) is a Left too, never an exception.
import { isLeft, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import type { Tree } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import { metadataProblem, optionsProblem, pathProblem, treeProblem } from './args.js';
import { nodeAsyncFs, nodeSyncFs, writeFileAtomic, writeFileAtomicSync, type AsyncFs, type SyncFs } from './atomic.js';
import type { Safetensors } from './decode.js';
import { describeCause, safetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
import { loadFile, loadFileSync, nodeAsyncReadFs, nodeSyncReadFs, type AsyncReadFs, type SyncReadFs } from './read.js';
import { encodeSafetensors } from './safetensors.js';

export interface FsOptions<F> {
  /** File operations to use instead of node:fs (tests inject failures); missing ones default to node:fs. */
  readonly fs?: Partial<F>;
}

type Result<A> = Either<SafetensorsError, A>;

const fail = <A>(reason: SafetensorsReason, message: string): Result<A> => left(safetensorsError(reason, message));

/** "safetensors: cannot save '<path>'", without the path while it is not a string (a Symbol would throw in a template). */
const cannot = (verb: 'save' | 'read', path: unknown): string =>
  typeof path === 'string' ? `safetensors: cannot ${verb} '${path}'` : `safetensors: cannot ${verb}`;

/** Runs `f`, turning anything it throws into a Left: the last line of the no-throw promise. */
const guarded = <A>(reason: SafetensorsReason, context: string, f: () => Result<A>): Result<A> => {
  try { return f(); } catch (e) { return fail(reason, `${context}: ${describeCause(e)}`); }
};
const guardedAsync = async <A>(reason: SafetensorsReason, context: string, f: () => Promise<Result<A>>): Promise<Result<A>> => {
  try { return await f(); } catch (e) { return fail(reason, `${context}: ${describeCause(e)}`); }
};

/** The first problem with save's arguments, as the Left to return. */
const saveArgsProblem = (path: unknown, tensors: unknown, metadata: unknown, options: unknown): Result<never> | undefined => {
  const p = pathProblem(path);
  if (p) return fail('io', `safetensors: cannot save: path ${p}`);
  const where = cannot('save', path);
  const t = treeProblem(tensors);
  if (t) return fail('encode', `${where}: tensors ${t}`);
  const m = metadataProblem(metadata);
  if (m) return fail('encode', `${where}: metadata ${m}`);
  const o = optionsProblem(options, { fs: 'object' });
  if (o) return fail('io', `${where}: options ${o}`);
  return undefined;
};

const loadArgsProblem = (path: unknown, options: unknown): Result<never> | undefined => {
  const p = pathProblem(path);
  if (p) return fail('io', `safetensors: cannot read: path ${p}`);
  const o = optionsProblem(options, { fs: 'object' });
  if (o) return fail('io', `${cannot('read', path)}: options ${o}`);
  return undefined;
};

const encodeEither = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>): Result<Uint8Array> => {
  try {
    return right(encodeSafetensors(tensors, metadata));
  } catch (e) {
    return fail('encode', `safetensors: cannot save '${path}': ${describeCause(e)}`);
  }
};

/**
 * Saves atomically: the bytes go to a temporary file in the same directory, which is fsynced and
 * then renamed over `path`. If anything fails (or the process dies) before the rename, the old file
 * at `path` is untouched; the result says what failed. Temp files that killed saves to `path` left
 * behind are removed first.
 */
export const saveSafetensorsSync = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>, options?: FsOptions<SyncFs>): Either<SafetensorsError, void> =>
  guarded('io', cannot('save', path), () => {
    const bad = saveArgsProblem(path, tensors, metadata, options);
    if (bad) return bad;
    const bytes = encodeEither(path, tensors, metadata);
    if (isLeft(bytes)) return bytes;
    const r = writeFileAtomicSync(path, bytes.right, { ...nodeSyncFs, ...options?.fs });
    return isLeft(r) ? fail('io', `safetensors: ${r.left}`) : right(undefined);
  });

/** Asynchronous `saveSafetensorsSync` (same atomicity). */
export const saveSafetensors = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>, options?: FsOptions<AsyncFs>): TaskEither<SafetensorsError, void> => async () =>
  guardedAsync('io', cannot('save', path), async () => {
    const bad = saveArgsProblem(path, tensors, metadata, options);
    if (bad) return bad;
    const bytes = encodeEither(path, tensors, metadata);
    if (isLeft(bytes)) return bytes;
    const r = await writeFileAtomic(path, bytes.right, { ...nodeAsyncFs, ...options?.fs })();
    return isLeft(r) ? fail('io', `safetensors: ${r.left}`) : right(undefined);
  });

/**
 * Reads and decodes a regular file, reading at most its size (a device, FIFO or directory is
 * refused); a missing, unreadable or corrupt file is a Left naming the path.
 */
export const loadSafetensorsSync = (path: string, options?: FsOptions<SyncFs & SyncReadFs>): Either<SafetensorsError, Safetensors> =>
  guarded('io', cannot('read', path), () =>
    loadArgsProblem(path, options) ?? loadFileSync(path, { ...nodeSyncReadFs, ...options?.fs }));

/** Asynchronous `loadSafetensorsSync`. */
export const loadSafetensors = (path: string, options?: FsOptions<AsyncFs & AsyncReadFs>): TaskEither<SafetensorsError, Safetensors> => async () =>
  guardedAsync('io', cannot('read', path), async () =>
    loadArgsProblem(path, options) ?? loadFile(path, { ...nodeAsyncReadFs, ...options?.fs }));
