// Reading a checkpoint file with every read bounded. readFile would read a character device
// (/dev/zero), a FIFO or /proc file until memory runs out, so instead: open without blocking (a FIFO
// would block open itself), refuse anything but a regular file, read the 8-byte prefix, the header,
// check both, and only then the data, never more than the size fstat reported.
import * as nodeFs from 'node:fs';
import { isLeft, left, type Either } from 'fp-ts/lib/Either.js';
import { checkBounds, headerLength, parseHeader, tensorsFrom, type Safetensors } from './decode.js';
import { describeCause, safetensorsError, type SafetensorsError } from './errors.js';

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

// Messages as the loaders return them: "safetensors: cannot read '<path>': ..." when the file cannot
// be opened or read, "safetensors file '<path>': ..." for a problem with its contents.
type Loaded = Either<SafetensorsError, Safetensors>;

const readFailure = (path: string, e: unknown): SafetensorsError =>
  safetensorsError('io', e instanceof Error && 'code' in e && e.code === 'ENOENT'
    ? `safetensors: cannot read '${path}': no such file`
    : `safetensors: cannot read '${path}': ${describeCause(e)}`);

const notRegular = (path: string, st: FileStat): Loaded =>
  left(safetensorsError('io', `safetensors: cannot read '${path}': not a regular file (${kindOf(st)})`));

const inFile = (path: string, e: SafetensorsError): Loaded => left(safetensorsError(e.reason, `safetensors file '${path}': ${e.message}`));

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

/** Opens, checks and decodes `path`, reading at most its size, the header before the data. */
export const loadFileSync = (path: string, fs: SyncReadFs): Loaded => {
  let fd: number;
  try { fd = fs.openForReadSync(path); } catch (e) { return left(readFailure(path, e)); }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return notRegular(path, st);
    const n = headerLength(readAtSync(fs, fd, 0, Math.min(8, st.size)), st.size);
    if (isLeft(n)) return inFile(path, n.left);
    const header = parseHeader(readAtSync(fs, fd, 8, n.right));
    if (isLeft(header)) return inFile(path, header.left);
    const dataStart = 8 + n.right;
    const early = checkBounds(header.right, st.size - dataStart, dataStart); // before reading any data
    if (isLeft(early)) return inFile(path, early.left);
    const r = tensorsFrom(header.right, readAtSync(fs, fd, dataStart, st.size - dataStart), dataStart);
    return isLeft(r) ? inFile(path, r.left) : r;
  } catch (e) {
    return left(readFailure(path, e));
  } finally {
    try { fs.closeSync(fd); } catch { /* the result is already decided */ }
  }
};

export const loadFile = async (path: string, fs: AsyncReadFs): Promise<Loaded> => {
  let fd: number;
  try { fd = await fs.openForRead(path); } catch (e) { return left(readFailure(path, e)); }
  try {
    const st = await fs.fstat(fd);
    if (!st.isFile()) return notRegular(path, st);
    const n = headerLength(await readAt(fs, fd, 0, Math.min(8, st.size)), st.size);
    if (isLeft(n)) return inFile(path, n.left);
    const header = parseHeader(await readAt(fs, fd, 8, n.right));
    if (isLeft(header)) return inFile(path, header.left);
    const dataStart = 8 + n.right;
    const early = checkBounds(header.right, st.size - dataStart, dataStart);
    if (isLeft(early)) return inFile(path, early.left);
    const r = tensorsFrom(header.right, await readAt(fs, fd, dataStart, st.size - dataStart), dataStart);
    return isLeft(r) ? inFile(path, r.left) : r;
  } catch (e) {
    return left(readFailure(path, e));
  } finally {
    try { await fs.close(fd); } catch { /* as above */ }
  }
};
