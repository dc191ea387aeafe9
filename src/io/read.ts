// Reading a checkpoint file with every read bounded. readFile would read a character device
// (/dev/zero), a FIFO or /proc file until memory runs out, so instead: open without blocking (a FIFO
// would block open itself), refuse anything but a regular file, read the 8-byte prefix, the header,
// check both, and only then the data, never more than the size fstat reported.
import * as nodeFs from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as TE from 'fp-ts/lib/TaskEither.js';
import { checkBounds, headerLength, parseHeader, tensorsFrom, type Safetensors } from './decode.js';
import { fileProblem, fileUnreadable, inFile, type ContentProblem, type FileProblem } from './problems.js';

/** What the loader needs from fstat (node's Stats has it all). */
export interface FileStat {
  readonly size: number;
  isFile(): boolean;
  isDirectory?(): boolean;
  isCharacterDevice?(): boolean;
  isBlockDevice?(): boolean;
  isFIFO?(): boolean;
  isSocket?(): boolean;
}

/** The synchronous reads of the loader (injectable, like SyncFs for the writer). */
export interface SyncReadFs {
  /** Opens read-only without blocking on a FIFO; returns the descriptor. */
  openForReadSync(path: string): number;
  fstatSync(fd: number): FileStat;
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  closeSync(fd: number): void;
}

export interface AsyncReadFs {
  openForRead(path: string): Promise<number>;
  fstat(fd: number): Promise<FileStat>;
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): Promise<number>;
  close(fd: number): Promise<void>;
}

// O_NONBLOCK makes open return at once on a FIFO (reads of regular files ignore it). Windows has no
// such flag and no FIFOs that open could block on.
const READ_FLAGS = nodeFs.constants.O_RDONLY | (nodeFs.constants.O_NONBLOCK ?? 0);

const cb = <A>(run: (done: (err: NodeJS.ErrnoException | null, a: A) => void) => void): Promise<A> =>
  new Promise((resolve, reject) => run((err, a) => (err ? reject(err) : resolve(a))));

export const nodeSyncReadFs: SyncReadFs = {
  openForReadSync: (p) => nodeFs.openSync(p, READ_FLAGS),
  fstatSync: (fd) => nodeFs.fstatSync(fd),
  readSync: (fd, b, o, l, pos) => nodeFs.readSync(fd, b, o, l, pos),
  closeSync: (fd) => nodeFs.closeSync(fd),
};

export const nodeAsyncReadFs: AsyncReadFs = {
  openForRead: (p) => cb((d) => nodeFs.open(p, READ_FLAGS, d)),
  fstat: (fd) => cb((d) => nodeFs.fstat(fd, d)),
  read: (fd, b, o, l, pos) => cb((d) => nodeFs.read(fd, b, o, l, pos, (err, n) => d(err, n))),
  close: (fd) => cb((d) => nodeFs.close(fd, (err) => d(err, undefined))),
};

const kindOf = (st: FileStat): string =>
  st.isDirectory?.() ? 'a directory'
    : st.isCharacterDevice?.() ? 'a character device'
      : st.isBlockDevice?.() ? 'a block device'
        : st.isFIFO?.() ? 'a FIFO'
          : st.isSocket?.() ? 'a socket'
            : 'some other kind of file';

type Loaded = E.Either<FileProblem | ContentProblem, Safetensors>;

const regularFile = (path: string, st: FileStat): E.Either<FileProblem, FileStat> =>
  st.isFile() ? E.right(st) : E.left(fileUnreadable(path, `not a regular file (${kindOf(st)})`));

/** `length` bytes at `position`, fewer only if the file ends first (it shrank since fstat). */
const readAtSync = (fs: SyncReadFs, fd: number, position: number, length: number): Uint8Array => {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = fs.readSync(fd, buf, got, length - got, position + got);
    if (!(n > 0)) break;
    got += n;
  }
  return buf.subarray(0, got);
};

const readAt = async (fs: AsyncReadFs, fd: number, position: number, length: number): Promise<Uint8Array> => {
  const buf = new Uint8Array(length);
  let got = 0;
  while (got < length) {
    const n = await fs.read(fd, buf, got, length - got, position + got);
    if (!(n > 0)) break;
    got += n;
  }
  return buf.subarray(0, got);
};

/** The decoding steps over a file of `size` bytes read through `at`: the data is read only once the prefix and header are good. */
const decodeSync = (size: number, at: (position: number, length: number) => Uint8Array): E.Either<ContentProblem, Safetensors> =>
  pipe(
    headerLength(at(0, Math.min(8, size)), size),
    E.bindTo('n'),
    E.bindW('header', ({ n }) => parseHeader(at(8, n))),
    E.chainFirstW(({ n, header }) => checkBounds(header, size - 8 - n, 8 + n)),
    E.chainW(({ n, header }) => tensorsFrom(header, at(8 + n, size - 8 - n), 8 + n)),
  );

/** `decodeSync` with asynchronous reads. A read that fails rejects, and the caller's catch reports it as for sync. */
const decodeAsync = (size: number, at: (position: number, length: number) => Promise<Uint8Array>): TE.TaskEither<ContentProblem, Safetensors> =>
  pipe(
    TE.fromTask(() => at(0, Math.min(8, size))),
    TE.chainEitherKW((prefix) => headerLength(prefix, size)),
    TE.bindTo('n'),
    TE.bindW('header', ({ n }) => pipe(TE.fromTask(() => at(8, n)), TE.chainEitherKW(parseHeader))),
    TE.chainFirstEitherKW(({ n, header }) => checkBounds(header, size - 8 - n, 8 + n)),
    TE.chainW(({ n, header }) => pipe(TE.fromTask(() => at(8 + n, size - 8 - n)), TE.chainEitherKW((data) => tensorsFrom(header, data, 8 + n)))),
  );

/** Opens, checks and decodes `path`, reading at most its size, the header before the data. */
export const loadFileSync = (path: string, fs: SyncReadFs): Loaded => {
  let fd: number;
  try { fd = fs.openForReadSync(path); } catch (e) { return E.left(fileProblem(path, e)); }
  try {
    return pipe(
      regularFile(path, fs.fstatSync(fd)),
      E.chainW((st) => pipe(decodeSync(st.size, (pos, len) => readAtSync(fs, fd, pos, len)), E.mapLeft(inFile(path)))),
    );
  } catch (e) {
    return E.left(fileProblem(path, e));
  } finally {
    try { fs.closeSync(fd); } catch { /* the result is already decided */ }
  }
};

export const loadFile = async (path: string, fs: AsyncReadFs): Promise<Loaded> => {
  let fd: number;
  try { fd = await fs.openForRead(path); } catch (e) { return E.left(fileProblem(path, e)); }
  try {
    const st = regularFile(path, await fs.fstat(fd));
    if (E.isLeft(st)) return st;
    return pipe(await decodeAsync(st.right.size, (pos, len) => readAt(fs, fd, pos, len))(), E.mapLeft(inFile(path)));
  } catch (e) {
    return E.left(fileProblem(path, e));
  } finally {
    try { await fs.close(fd); } catch { /* as above */ }
  }
};
