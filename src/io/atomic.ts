// Atomic file replacement: write a temp file beside the target, fsync it, rename it over the target.
// rename(2) within one directory is atomic, so a crash at any point leaves either the old file or the
// complete new one at `path`, never a half-written checkpoint. The temp files of saves that were
// killed are removed by the next save to the same path (temp-files.ts). The file system is
// injectable so tests can make a step fail midway.
import * as nodeFs from 'node:fs';
import { dirname } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { TaskEither } from 'fp-ts/lib/TaskEither.js';
import { describeValue, pathProblem } from './args.js';
import { describeCause } from './errors.js';
import { removeStaleTemps, removeStaleTempsSync, tempPathFor } from './temp-files.js';

export { tempPathFor };

/** The synchronous file operations the atomic writer and the loader use (a subset of `node:fs`). */
export interface SyncFs {
  openSync(path: string, flags: string): number;
  writeSync(fd: number, buffer: Uint8Array, offset: number, length: number): number;
  fsyncSync(fd: number): void;
  closeSync(fd: number): void;
  renameSync(from: string, to: string): void;
  unlinkSync(path: string): void;
  /** Lists a directory, to remove stale temp files; without it a save does not tidy up. */
  readdirSync?(dir: string): string[];
  /** Not used since the loaders read with bounds (read.ts); kept so existing SyncFs objects type-check. */
  readFileSync(path: string): Uint8Array;
}

/** The same operations, asynchronous (so a save does not block the event loop). */
export interface AsyncFs {
  open(path: string, flags: string): Promise<number>;
  write(fd: number, buffer: Uint8Array, offset: number, length: number): Promise<number>;
  fsync(fd: number): Promise<void>;
  close(fd: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(path: string): Promise<void>;
  /** As SyncFs.readdirSync. */
  readdir?(dir: string): Promise<string[]>;
  /** As SyncFs.readFileSync: no longer used by the loader. */
  readFile(path: string): Promise<Uint8Array>;
}

export const nodeSyncFs: SyncFs = {
  openSync: (p, f) => nodeFs.openSync(p, f),
  writeSync: (fd, b, o, l) => nodeFs.writeSync(fd, b, o, l),
  fsyncSync: (fd) => nodeFs.fsyncSync(fd),
  closeSync: (fd) => nodeFs.closeSync(fd),
  renameSync: (a, b) => nodeFs.renameSync(a, b),
  unlinkSync: (p) => nodeFs.unlinkSync(p),
  readdirSync: (d) => nodeFs.readdirSync(d),
  readFileSync: (p) => nodeFs.readFileSync(p),
};

const cb = <A>(run: (done: (err: NodeJS.ErrnoException | null, a: A) => void) => void): Promise<A> =>
  new Promise((resolve, reject) => run((err, a) => (err ? reject(err) : resolve(a))));

export const nodeAsyncFs: AsyncFs = {
  open: (p, f) => cb((d) => nodeFs.open(p, f, d)),
  write: (fd, b, o, l) => cb((d) => nodeFs.write(fd, b, o, l, null, (err, n) => d(err, n))),
  fsync: (fd) => cb((d) => nodeFs.fsync(fd, (err) => d(err, undefined))),
  close: (fd) => cb((d) => nodeFs.close(fd, (err) => d(err, undefined))),
  rename: (a, b) => cb((d) => nodeFs.rename(a, b, (err) => d(err, undefined))),
  unlink: (p) => cb((d) => nodeFs.unlink(p, (err) => d(err, undefined))),
  readdir: (p) => cb((d) => nodeFs.readdir(p, d)),
  readFile: (p) => cb((d) => nodeFs.readFile(p, d)),
};

const failure = (path: string, step: string, e: unknown): string =>
  `cannot save '${path}': ${step} failed (${describeCause(e)}); any previous file at that path is unchanged`;

/** The arguments as a sentence to return, or undefined when they are usable. */
const argumentProblem = (path: unknown, bytes: unknown, fs: unknown): string | undefined => {
  const p = pathProblem(path);
  if (p) return `cannot save: path ${p}`;
  try {
    if (!(bytes instanceof Uint8Array)) return `cannot save '${path}': bytes must be a Uint8Array, got ${describeValue(bytes)}`;
  } catch (e) {
    return `cannot save '${path}': bytes cannot be inspected (${describeCause(e)})`; // instanceof on a proxy can throw
  }
  if (typeof fs !== 'object' || fs === null) return `cannot save '${path}': fs must be an object of file operations, got ${describeValue(fs)}`;
  return undefined;
};

/** Writes `bytes` to `path` atomically. Left carries a readable sentence; nothing is thrown. */
export const writeFileAtomicSync = (path: string, bytes: Uint8Array, fs: SyncFs = nodeSyncFs): Either<string, void> => {
  const bad = argumentProblem(path, bytes, fs);
  if (bad) return left(bad);
  removeStaleTempsSync(path, fs); // first, so their space is free for this write
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  let step = 'creating the temporary file';
  try {
    fd = fs.openSync(tmp, 'wx'); // wx: never clobber a file we did not create
    step = 'writing the temporary file';
    // writeSync may write less than asked (large buffers, some file systems): loop until done.
    for (let off = 0; off < bytes.length;) {
      const n = fs.writeSync(fd, bytes, off, bytes.length - off);
      if (!(n > 0)) throw new Error(`wrote ${n} bytes at offset ${off}`);
      off += n;
    }
    step = 'flushing the temporary file to disk';
    fs.fsyncSync(fd); // data durable before the rename makes it visible under `path`
    step = 'closing the temporary file';
    const closing = fd;
    fd = undefined;
    fs.closeSync(closing);
    step = 'renaming the temporary file over the target';
    fs.renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) try { fs.closeSync(fd); } catch { /* already failing; the first error is the one to report */ }
    try { fs.unlinkSync(tmp); } catch { /* it may never have been created */ }
    return left(failure(path, step, e));
  }
  syncDirSync(dirname(path), fs);
  return right(undefined);
};

/** Asynchronous `writeFileAtomicSync`. */
export const writeFileAtomic = (path: string, bytes: Uint8Array, fs: AsyncFs = nodeAsyncFs): TaskEither<string, void> => async () => {
  const bad = argumentProblem(path, bytes, fs);
  if (bad) return left(bad);
  await removeStaleTemps(path, fs);
  const tmp = tempPathFor(path);
  let fd: number | undefined;
  let step = 'creating the temporary file';
  try {
    fd = await fs.open(tmp, 'wx');
    step = 'writing the temporary file';
    for (let off = 0; off < bytes.length;) {
      const n = await fs.write(fd, bytes, off, bytes.length - off);
      if (!(n > 0)) throw new Error(`wrote ${n} bytes at offset ${off}`);
      off += n;
    }
    step = 'flushing the temporary file to disk';
    await fs.fsync(fd);
    step = 'closing the temporary file';
    const closing = fd;
    fd = undefined;
    await fs.close(closing);
    step = 'renaming the temporary file over the target';
    await fs.rename(tmp, path);
  } catch (e) {
    if (fd !== undefined) await quietly(() => fs.close(fd!));
    await quietly(() => fs.unlink(tmp));
    return left(failure(path, step, e));
  }
  await syncDir(dirname(path), fs);
  return right(undefined);
};

// fsync the directory so the rename itself survives a power loss. Best effort: the new file is
// already complete and in place, and some platforms (Windows) cannot open a directory this way.
const syncDirSync = (dir: string, fs: SyncFs): void => {
  let fd: number | undefined;
  try { fd = fs.openSync(dir, 'r'); fs.fsyncSync(fd); } catch { /* best effort */ }
  if (fd !== undefined) try { fs.closeSync(fd); } catch { /* best effort */ }
};

const syncDir = async (dir: string, fs: AsyncFs): Promise<void> => {
  let fd: number | undefined;
  try { fd = await fs.open(dir, 'r'); await fs.fsync(fd); } catch { /* best effort */ }
  if (fd !== undefined) await quietly(() => fs.close(fd!));
};

/** Runs a clean-up step, ignoring failure (sync throws included): the first error is the one to report. */
const quietly = async (f: () => Promise<unknown>): Promise<void> => {
  try { await f(); } catch { /* see above */ }
};
