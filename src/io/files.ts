// Saving and loading checkpoint files. Every function here keeps the Either contract for any
// argument whatever its runtime type: a bad one is a Left naming it, and anything unexpected thrown
// underneath (an injected fs that throws, a getter that throws) is a Left too, never an exception.
// Loading has two faces: `loadSafetensors*Either` returns the boundary problem (problems.ts) as it
// is; `loadSafetensors*` converts it to a SafetensorsError, there and nowhere else.
import { isLeft, left, mapLeft, right, type Either } from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import type { Tree } from '../autodiff/tree.js';
import type { Tensor } from '../tensor/tensor.js';
import { metadataProblem, optionsProblem, pathProblem, treeProblem } from './args.js';
import { nodeAsyncFs, nodeSyncFs, writeFileAtomic, writeFileAtomicSync, type AsyncFs, type SyncFs } from './atomic.js';
import type { Safetensors } from './decode.js';
import { describeCause, safetensorsError, toSafetensorsError, type SafetensorsError, type SafetensorsReason } from './errors.js';
import { badArgument, fileUnreadable, type BadArgument, type ContentProblem, type FileProblem } from './problems.js';
import { loadFile, loadFileSync, nodeAsyncReadFs, nodeSyncReadFs, type AsyncReadFs, type SyncReadFs } from './read.js';
import { encodeSafetensors } from './safetensors.js';

export interface FsOptions<F> {
  /** File operations to use instead of node:fs (tests inject failures); missing ones default to node:fs. */
  readonly fs?: Partial<F>;
}

type Result<A> = Either<SafetensorsError, A>;

const fail = <A>(reason: SafetensorsReason, message: string): Result<A> => left(safetensorsError(reason, message));

/** "cannot save '<path>'", without the path while it is not a string (a Symbol would throw in a template). */
const cannot = (verb: 'save' | 'read', path: unknown): string =>
  typeof path === 'string' ? `cannot ${verb} '${path}'` : `cannot ${verb}`;

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
  const where = `safetensors: ${cannot('save', path)}`;
  const t = treeProblem(tensors);
  if (t) return fail('encode', `${where}: tensors ${t}`);
  const m = metadataProblem(metadata);
  if (m) return fail('encode', `${where}: metadata ${m}`);
  const o = optionsProblem(options, { fs: 'object' });
  if (o) return fail('io', `${where}: ${o}`);
  return undefined;
};

const loadArgsProblem = (path: unknown, options: unknown): BadArgument | undefined => {
  const p = pathProblem(path);
  if (p) return badArgument('path', `cannot read: path ${p}`);
  const o = optionsProblem(options, { fs: 'object' });
  return o ? badArgument('options', `${cannot('read', path)}: ${o}`) : undefined;
};

/** What loading can find: bad arguments, a file that cannot be read, contents that are not safetensors. */
export type LoadProblem = BadArgument | FileProblem | ContentProblem;

/** Anything thrown underneath (an injected fs, a hostile getter) as a problem reading `path`. */
const thrown = (path: unknown, e: unknown): LoadProblem =>
  typeof path === 'string' ? fileUnreadable(path, describeCause(e)) : badArgument('path', `cannot read: ${describeCause(e)}`);

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
  guarded('io', `safetensors: ${cannot('save', path)}`, () => {
    const bad = saveArgsProblem(path, tensors, metadata, options);
    if (bad) return bad;
    const bytes = encodeEither(path, tensors, metadata);
    if (isLeft(bytes)) return bytes;
    const r = writeFileAtomicSync(path, bytes.right, { ...nodeSyncFs, ...options?.fs });
    return isLeft(r) ? fail('io', `safetensors: ${r.left}`) : right(undefined);
  });

/** Asynchronous `saveSafetensorsSync` (same atomicity). */
export const saveSafetensors = (path: string, tensors: Record<string, Tensor> | Tree, metadata?: Record<string, string>, options?: FsOptions<AsyncFs>): TE.TaskEither<SafetensorsError, void> => async () =>
  guardedAsync('io', `safetensors: ${cannot('save', path)}`, async () => {
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
  pipe(loadSafetensorsEitherSync(path, options), mapLeft((p) => toSafetensorsError(p, 'load')));

/** Asynchronous `loadSafetensorsSync`. */
export const loadSafetensors = (path: string, options?: FsOptions<AsyncFs & AsyncReadFs>): TE.TaskEither<SafetensorsError, Safetensors> =>
  pipe(loadSafetensorsEither(path, options), TE.mapLeft((p) => toSafetensorsError(p, 'load')));

/** `loadSafetensorsSync` with the problem itself as the Left, to branch on its `_tag`. */
export const loadSafetensorsEitherSync = (path: string, options?: FsOptions<SyncFs & SyncReadFs>): Either<LoadProblem, Safetensors> => {
  try {
    const bad = loadArgsProblem(path, options);
    return bad ? left(bad) : loadFileSync(path, { ...nodeSyncReadFs, ...options?.fs });
  } catch (e) {
    return left(thrown(path, e));
  }
};

/** Asynchronous `loadSafetensorsEitherSync`. */
export const loadSafetensorsEither = (path: string, options?: FsOptions<AsyncFs & AsyncReadFs>): TE.TaskEither<LoadProblem, Safetensors> => async () => {
  try {
    const bad = loadArgsProblem(path, options);
    return bad ? left(bad) : await loadFile(path, { ...nodeAsyncReadFs, ...options?.fs });
  } catch (e) {
    return left(thrown(path, e));
  }
};
