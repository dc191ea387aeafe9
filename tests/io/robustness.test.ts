// Checkpoint I/O against hostile inputs: special files, non-string paths, bad arguments of every
// kind, duplicate header keys, and the temp files of saves that were killed.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLeft, isRight, type Either } from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OptionError, tensor, toArray, zeros, ArgumentError } from '../../src/index.js';
import {
  decodeSafetensors, encodeSafetensors, HeaderC, isSafetensorsError, loadSafetensors, loadSafetensorsSync, MAX_HEADER_BYTES,
  MetadataC, restoreTree, saveSafetensors, saveSafetensorsSync, TensorInfoC, writeFileAtomic, writeFileAtomicSync,
  type SyncReadFs,
} from '../../src/io/index.js';
import { nodeSyncReadFs } from '../../src/io/read.js';
import { tempOwner, tempPathFor } from '../../src/io/temp-files.js';

const leftOf = <E, A>(r: Either<E, A>): E => {
  if (!isLeft(r)) throw new Error('expected a Left');
  return r.left;
};
const le64 = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n), true); return b; };
const fileOf = (header: string, data: Uint8Array = new Uint8Array(0)) => {
  const json = new TextEncoder().encode(header);
  return Uint8Array.from([...le64(json.length), ...json, ...data]);
};
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nn-ts-io-robust-')); });
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const small = { w: tensor([1, 2, 3], [3]) };

describe('only regular files are read, and never more than their size', () => {
  it.skipIf(!fs.existsSync('/dev/zero'))('/dev/zero is refused at once, sync and async (it used to be read until memory ran out)', async () => {
    for (const e of [leftOf(loadSafetensorsSync('/dev/zero')), leftOf(await loadSafetensors('/dev/zero')())]) {
      expect(e.reason).toBe('io');
      expect(e.message).toBe("safetensors: cannot read '/dev/zero': not a regular file (a character device)");
    }
  });

  it('a directory is refused', async () => {
    expect(leftOf(loadSafetensorsSync(dir)).message).toBe(`safetensors: cannot read '${dir}': not a regular file (a directory)`);
    expect(leftOf(await loadSafetensors(dir)()).reason).toBe('io');
  });

  it.skipIf(process.platform === 'win32')('a FIFO with no writer is refused instead of blocking in open', async () => {
    const fifo = path.join(dir, 'pipe.safetensors');
    execFileSync('mkfifo', [fifo]);
    expect(leftOf(loadSafetensorsSync(fifo)).message).toBe(`safetensors: cannot read '${fifo}': not a regular file (a FIFO)`);
    expect(leftOf(await loadSafetensors(fifo)()).message).toMatch(/not a regular file \(a FIFO\)/);
  });

  it.skipIf(!fs.existsSync('/proc/self/status'))('a /proc file (size 0 but with content) reads as 0 bytes', () => {
    const e = leftOf(loadSafetensorsSync('/proc/self/status'));
    expect(e.reason).toBe('length');
    expect(e.message).toBe("safetensors file '/proc/self/status': file is 0 bytes, shorter than the 8-byte header length at its start");
  });

  /** The sync read operations, counting the bytes read. */
  const counting = () => {
    const c = { bytes: 0, fs: { ...nodeSyncReadFs } satisfies SyncReadFs };
    c.fs.readSync = (fd, b, o, l, pos) => { const n = nodeSyncReadFs.readSync(fd, b, o, l, pos); c.bytes += n; return n; };
    return c;
  };

  it(`a header length over ${MAX_HEADER_BYTES} bytes is refused after reading only the 8-byte prefix`, () => {
    const p = path.join(dir, 'huge-header.safetensors');
    fs.writeFileSync(p, le64(MAX_HEADER_BYTES + 1));
    fs.truncateSync(p, MAX_HEADER_BYTES + 64); // sparse: large on paper, nothing on disk
    const c = counting();
    const e = leftOf(loadSafetensorsSync(p, { fs: c.fs }));
    expect(e.reason).toBe('length');
    expect(e.message).toBe(`safetensors file '${p}': header length ${MAX_HEADER_BYTES + 1} (first 8 bytes) is over the limit of 100000000 bytes for a safetensors header`);
    expect(c.bytes).toBe(8);
    // decodeSafetensors applies the same limit to bytes in memory.
    const mem = new Uint8Array(MAX_HEADER_BYTES + 16);
    mem.set(le64(MAX_HEADER_BYTES + 1));
    expect(leftOf(decodeSafetensors(mem)).message).toMatch(/is over the limit of 100000000 bytes/);
  });

  it('a header that needs more data than the file has is refused before the data is read', () => {
    const header = '{"x":{"dtype":"F32","shape":[4096],"data_offsets":[0,16384]}}';
    const p = path.join(dir, 'short-data.safetensors');
    fs.writeFileSync(p, fileOf(header, new Uint8Array(1000)));
    const c = counting();
    const e = leftOf(loadSafetensorsSync(p, { fs: c.fs }));
    expect(e.reason).toBe('truncated');
    expect(c.bytes).toBe(8 + header.length);
  });

  it('a good file is read exactly once through, and loads as before', () => {
    const p = path.join(dir, 'good.safetensors');
    expect(isRight(saveSafetensorsSync(p, small))).toBe(true);
    const c = counting();
    const r = loadSafetensorsSync(p, { fs: c.fs });
    if (isLeft(r)) throw new Error(r.left.message);
    expect(Array.from(toArray(r.right.tensors.w))).toEqual([1, 2, 3]);
    expect(c.bytes).toBe(fs.statSync(p).size);
  });
});

describe('paths must be non-empty strings (a number would be taken as a file descriptor)', () => {
  it('loadSafetensorsSync(0) does not read stdin', async () => {
    const e = leftOf(loadSafetensorsSync(0 as never));
    expect(e.reason).toBe('io');
    expect(e.message).toBe('safetensors: cannot read: path must be a file path string, got the number 0');
    expect(leftOf(await loadSafetensors(0 as never)()).message).toMatch(/path must be a file path string, got the number 0/);
  });

  it('buffers, URLs, empty strings and NUL bytes are refused, naming the argument', () => {
    expect(leftOf(loadSafetensorsSync(Buffer.from('/etc/hostname') as never)).message).toMatch(/path must be a file path string, got a Buffer/);
    expect(leftOf(loadSafetensorsSync(new URL('file:///etc/hostname') as never)).message).toMatch(/path must be a file path string, got a URL/);
    expect(leftOf(loadSafetensorsSync('')).message).toBe('safetensors: cannot read: path must be a file path, got the empty string');
    expect(leftOf(saveSafetensorsSync('a\0b', small)).message).toMatch(/path must not contain a NUL character/);
  });
});

describe('every public io function answers bad arguments with a Left, never a throw', () => {
  const cyclic: Record<string, unknown> = { w: tensor([1], [1]) };
  cyclic.self = { back: cyclic };
  // Throws on every operation: getters, key listing, prototype lookups.
  const hostile = new Proxy({}, {
    get: () => { throw new Error('hostile get'); },
    ownKeys: () => { throw new Error('hostile ownKeys'); },
    getPrototypeOf: () => { throw new Error('hostile getPrototypeOf'); },
  });
  const emptyArray: unknown[] = [];
  const emptyObject = {};
  const junk: readonly unknown[] = [
    undefined, null, 0, 3, -1, NaN, true, '', 'x', Symbol('s'), 10n, () => 1, emptyArray, [1, 2], emptyObject, { a: 1 },
    new Float32Array(2), new Map(), new Date(0), cyclic, hostile,
  ];
  const nonTensorLeaves: readonly unknown[] = [{ a: 3 }, { a: { b: 'x' } }, [tensor([1], [1]), 2], { a: new Float32Array(3) }, { a: () => 1 }, cyclic, hostile];
  const good = path.join(os.tmpdir(), `nn-ts-missing-${process.pid}-${Date.now()}`, 'm.safetensors'); // a missing directory: nothing can be written
  const goodBytes = encodeSafetensors(small);
  type Call = () => Either<unknown, unknown> | Promise<Either<unknown, unknown>>;
  const calls: readonly [string, (u: unknown) => Call][] = [
    ['loadSafetensorsSync(path)', (u) => () => loadSafetensorsSync(u as never)],
    ['loadSafetensorsSync(_, options)', (u) => () => loadSafetensorsSync(good, u as never)],
    ['loadSafetensors(path)', (u) => () => loadSafetensors(u as never)()],
    ['loadSafetensors(_, options)', (u) => () => loadSafetensors(good, u as never)()],
    ['saveSafetensorsSync(path)', (u) => () => saveSafetensorsSync(u as never, small)],
    ['saveSafetensorsSync(_, tensors)', (u) => () => saveSafetensorsSync(good, u as never)],
    ['saveSafetensorsSync(_, _, metadata)', (u) => () => saveSafetensorsSync(good, small, u as never)],
    ['saveSafetensorsSync(_, _, _, options)', (u) => () => saveSafetensorsSync(good, small, undefined, u as never)],
    ['saveSafetensors(path)', (u) => () => saveSafetensors(u as never, small)()],
    ['saveSafetensors(_, tensors)', (u) => () => saveSafetensors(good, u as never)()],
    ['saveSafetensors(_, _, metadata)', (u) => () => saveSafetensors(good, small, u as never)()],
    ['saveSafetensors(_, _, _, options)', (u) => () => saveSafetensors(good, small, undefined, u as never)()],
    ['restoreTree(template)', (u) => () => restoreTree(u as never, {})],
    ['restoreTree(_, tensors)', (u) => () => restoreTree(small, u as never)],
    ['restoreTree(_, _, options)', (u) => () => restoreTree(small, {}, u as never)],
    ['decodeSafetensors(bytes)', (u) => () => decodeSafetensors(u as never)],
    ['writeFileAtomicSync(path)', (u) => () => writeFileAtomicSync(u as never, goodBytes)],
    ['writeFileAtomicSync(_, bytes)', (u) => () => writeFileAtomicSync(good, u as never)],
    ['writeFileAtomicSync(_, _, fs)', (u) => () => writeFileAtomicSync(good, goodBytes, u as never)],
    ['writeFileAtomic(path)', (u) => () => writeFileAtomic(u as never, goodBytes)()],
    ['writeFileAtomic(_, bytes)', (u) => () => writeFileAtomic(good, u as never)()],
    ['writeFileAtomic(_, _, fs)', (u) => () => writeFileAtomic(good, goodBytes, u as never)()],
  ];
  // Every call that gets past its argument checks fails on the missing directory of `good` or the
  // missing names in `{}`, so all must be Left, except an empty template restored from no tensors.
  const fine = (name: string, u: unknown): boolean =>
    name === 'restoreTree(template)' && (u === emptyObject || u === emptyArray);

  for (const [name, make] of calls) {
    it(name, async () => {
      // 'x' is a fine file name (it would be written to the working directory), so not a bad path.
      const bad = name.endsWith('(path)') ? junk.filter((v) => v !== 'x') : /tensors\)|template\)/.test(name) ? [...junk, ...nonTensorLeaves] : junk;
      for (const u of bad) {
        let r: Either<unknown, unknown>;
        try {
          r = await make(u)();
        } catch (e) {
          throw new Error(`${name} threw for ${String(typeof u)} argument: ${e instanceof Error ? e.message : 'non-error'}`);
        }
        if (fine(name, u)) { expect(isRight(r)).toBe(true); continue; }
        if (!isLeft(r)) throw new Error(`${name} returned Right for a bad ${typeof u} argument`);
        const message = name.startsWith('writeFileAtomic') ? r.left : isSafetensorsError(r.left) ? r.left.message : undefined;
        if (typeof message !== 'string') throw new Error(`${name}: the Left is not ${name.startsWith('writeFileAtomic') ? 'a string' : 'a SafetensorsError'}`);
        expect(message.length).toBeGreaterThan(20);
      }
    });
  }
  // `good` is in a directory that does not exist, so every bad-arg save above was a Left before it
  // could write; and this makes sure none of them created it.
  it('nothing was written by any of the calls above', () => expect(fs.existsSync(path.dirname(good))).toBe(false));

  it('the messages name the argument and what was wrong with it', async () => {
    expect(leftOf(saveSafetensorsSync(3 as never, small)).message).toBe('safetensors: cannot save: path must be a file path string, got the number 3');
    const p = path.join(dir, 'bad.safetensors');
    expect(leftOf(saveSafetensorsSync(p, { a: { b: 3 } } as never)).message).toBe(`safetensors: cannot save '${p}': tensors has a leaf 'a.b' that is not a tensor (got the number 3)`);
    expect(leftOf(saveSafetensorsSync(p, cyclic as never)).message).toBe(`safetensors: cannot save '${p}': tensors is cyclic: 'self.back' contains itself`);
    expect(leftOf(await saveSafetensors(p, small, null as never)()).message).toBe(`safetensors: cannot save '${p}': metadata must be a plain object of strings, got null`);
    expect(leftOf(saveSafetensorsSync(p, small, { k: 1 } as never)).message).toBe(`safetensors: cannot save '${p}': metadata 'k' must be a string, got the number 1`);
    // Options bags are checked with the wording every options check in nn-ts shares (shape/options.ts).
    expect(leftOf(saveSafetensorsSync(p, small, undefined, 5 as never)).message).toBe(`safetensors: cannot save '${p}': options must be an object, got 5`);
    expect(leftOf(loadSafetensorsSync(p, { fss: {} } as never)).message).toBe(`safetensors: cannot read '${p}': unknown option 'fss'; expected one of fs`);
    expect(leftOf(restoreTree(small, {}, { allowextra: true } as never)).message).toBe("restoreTree: unknown option 'allowextra'; expected one of allowExtra");
    expect(leftOf(saveSafetensorsSync(p, small, undefined, { fs: hostile })).message).toMatch(/^safetensors: cannot save '.*': hostile/);
    expect(fs.existsSync(p)).toBe(false);
    const r = leftOf(restoreTree(small, null as never));
    expect(r.reason).toBe('tree');
    expect(r.message).toBe('restoreTree: tensors must be a plain object of name → tensor, got null');
    expect(leftOf(restoreTree({ w: 1 } as never, {})).message).toBe("restoreTree: template has a leaf 'w' that is not a tensor (got the number 1)");
    expect(leftOf(restoreTree(small, { w: [1, 2, 3] } as never)).message).toBe("restoreTree: tensors has 'w' that is not a tensor (got an array of 3)");
    expect(leftOf(restoreTree(small, { w: tensor([1, 2, 3], [3]) }, { allowExtra: 'yes' } as never)).message).toBe('restoreTree: options .allowExtra must be a boolean, got the string "yes"');
    expect(leftOf(writeFileAtomicSync(p, 'bytes' as never))).toBe(`cannot save '${p}': bytes must be a Uint8Array, got the string "bytes"`);
    expect(leftOf(decodeSafetensors(null as never)).message).toBe("safetensors: expected the file's bytes as a Uint8Array, got null");
  });

  it('a shared (not cyclic) subtree is fine', () => {
    const shared = { w: tensor([1], [1]) };
    const p = path.join(dir, 'shared.safetensors');
    expect(isRight(saveSafetensorsSync(p, { a: shared, b: shared }))).toBe(true);
    const r = loadSafetensorsSync(p);
    expect(isRight(r) && Object.keys(r.right.tensors).sort()).toEqual(['a.w', 'b.w']);
  });

  it('encodeSafetensors, whose contract is to throw, throws only typed errors', () => {
    expect(() => encodeSafetensors(cyclic as never)).toThrow(ArgumentError);
    expect(() => encodeSafetensors({ a: 3 } as never)).toThrow(/encodeSafetensors: tensors has a leaf 'a' that is not a tensor/);
    expect(() => encodeSafetensors(null as never)).toThrow(ArgumentError);
    expect(() => encodeSafetensors(small, null as never)).toThrow(OptionError);
    expect(() => encodeSafetensors(small, { k: 2 } as never)).toThrow(OptionError);
  });

  it('the header codecs and isSafetensorsError take any value', () => {
    for (const u of junk.filter((v) => v !== hostile)) {
      for (const codec of [HeaderC, TensorInfoC, MetadataC]) expect(() => codec.decode(u)).not.toThrow();
      expect(isSafetensorsError(u)).toBe(false);
    }
    expect(isSafetensorsError(hostile)).toBe(false);
  });
});

describe('duplicate keys in the header are an error (JSON.parse would keep the last silently)', () => {
  const x = '{"dtype":"F32","shape":[1],"data_offsets":[0,4]}';
  const data = new Uint8Array(4);
  const bad = (header: string) => leftOf(decodeSafetensors(fileOf(header, data)));

  it('a tensor named twice', () => {
    const e = bad(`{"x":${x},"y":${x},"x":${x}}`);
    expect(e.reason).toBe('header');
    expect(e.message).toBe('safetensors: header has the key "x" twice (JSON keeps only the last, so the first would be silently lost)');
  });

  it('a field twice inside a tensor entry, or inside __metadata__', () => {
    expect(bad('{"x":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"shape":[1]}}').message).toBe("safetensors: tensor 'x': the key \"shape\" appears twice (JSON keeps only the last, so the first would be silently lost)");
    const m = bad(`{"__metadata__":{"k":"a","k":"b"},"x":${x}}`);
    expect(m.reason).toBe('header');
    expect(m.message).toMatch(/^safetensors: __metadata__: the key "k" appears twice/);
  });

  it('equal after unescaping counts; the same key in two entries does not', () => {
    expect(bad(`{"x":${x},"\\u0078":${x}}`).message).toMatch(/header has the key "x" twice/);
    expect(isRight(decodeSafetensors(fileOf(`{"x":${x},"y":${x}}`, data)))).toBe(true);
  });

  it('from a file too, naming the file', () => {
    const p = path.join(dir, 'dup.safetensors');
    fs.writeFileSync(p, fileOf(`{"x":${x},"x":${x}}`, data));
    expect(leftOf(loadSafetensorsSync(p)).message).toMatch(new RegExp(`^safetensors file '${escape(p)}': header has the key "x" twice`));
  });
});

describe('temp files of killed saves are removed by the next save to the same path', () => {
  /** A pid with no process: probing downward from the largest pid Linux allows. */
  const deadPid = (): number => {
    for (let pid = 4_194_303; pid > 1; pid--) {
      try { process.kill(pid, 0); } catch (e) { if (e instanceof Error && 'code' in e && e.code === 'ESRCH') return pid; }
    }
    throw new Error('no free pid found');
  };
  const hex = () => Math.random().toString(16).slice(2, 14).padEnd(12, '0');
  const names = (d: string) => fs.readdirSync(d).sort();

  const scenario = (sub: string) => {
    const d = path.join(dir, sub);
    fs.mkdirSync(d);
    const target = path.join(d, 'm.safetensors');
    const dead = deadPid();
    const files = {
      stale: `.m.safetensors.${dead}.${hex()}.tmp`,
      stale2: `.m.safetensors.${dead}.${hex()}.tmp`,
      live: `.m.safetensors.${process.pid}.${hex()}.tmp`, // a concurrent save in this process
      liveParent: `.m.safetensors.${process.ppid}.${hex()}.tmp`, // ... or in another live process
      otherTarget: `.n.safetensors.${dead}.${hex()}.tmp`, // stale, but of another target
      notOurs: `.m.safetensors.${dead}.tmp`, // not our naming
      notOurs2: `.m.safetensors.${dead}.${hex().toUpperCase()}.tmp`,
    };
    for (const f of Object.values(files)) fs.writeFileSync(path.join(d, f), 'partial');
    return { d, target, files };
  };

  it('tempOwner reads back exactly what tempPathFor writes', () => {
    const target = path.join(dir, 'a.b.safetensors');
    expect(tempOwner(target, path.basename(tempPathFor(target)))).toBe(process.pid);
    expect(tempOwner(path.join(dir, 'a.b'), path.basename(tempPathFor(target)))).toBeUndefined();
    expect(tempOwner(target, '.a.b.safetensors.0.0123456789ab.tmp')).toBeUndefined();
  });

  it('sync save: the dead process\'s temps go, the live ones and everything else stay', () => {
    const { d, target, files } = scenario('sync');
    expect(isRight(saveSafetensorsSync(target, small))).toBe(true);
    const { stale: _s, stale2: _s2, ...kept } = files;
    expect(names(d)).toEqual([...Object.values(kept), 'm.safetensors'].sort());
  });

  it('async save likewise', async () => {
    const { d, target, files } = scenario('async');
    expect(isRight(await saveSafetensors(target, small)())).toBe(true);
    const { stale: _s, stale2: _s2, ...kept } = files;
    expect(names(d)).toEqual([...Object.values(kept), 'm.safetensors'].sort());
  });

  it('a save that fails still tidies up first, and tidying never fails a save', () => {
    const { d, target, files } = scenario('failing');
    expect(isLeft(saveSafetensorsSync(target, small, undefined, { fs: { renameSync: () => { throw new Error('EIO'); } } }))).toBe(true);
    expect(names(d)).not.toContain(files.stale);
    const r = saveSafetensorsSync(target, small, undefined, { fs: { readdirSync: () => { throw new Error('EACCES'); } } });
    expect(isRight(r)).toBe(true);
  });

  it.skipIf(process.platform === 'win32')('a real SIGKILL in the middle of a save', async () => {
    const d = path.join(dir, 'killed');
    fs.mkdirSync(d);
    const target = path.join(d, 'm.safetensors');
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/io/fixtures/killed-save.ts'), target], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (b: Buffer) => { if (b.toString().includes('mid-write')) resolve(); });
      child.on('exit', () => reject(new Error('the child exited before writing')));
    });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL'); // reaped: its pid is gone, not a zombie
    const left = names(d);
    expect(left).toHaveLength(1);
    expect(tempOwner(target, left[0])).toBe(child.pid);
    expect(fs.statSync(path.join(d, left[0])).size).toBeGreaterThan(0);
    expect(isRight(saveSafetensorsSync(target, small))).toBe(true);
    expect(names(d)).toEqual(['m.safetensors']);
    const r = loadSafetensorsSync(target);
    expect(isRight(r) && Array.from(toArray(r.right.tensors.w))).toEqual([1, 2, 3]);
  }, 20_000);
});

describe('what still works', () => {
  it('zero-size tensors and an empty record round-trip through files', () => {
    const p = path.join(dir, 'empty.safetensors');
    expect(isRight(saveSafetensorsSync(p, { e: zeros([0, 3]) }))).toBe(true);
    const r = loadSafetensorsSync(p);
    expect(isRight(r) && r.right.tensors.e.shape).toEqual([0, 3]);
    expect(isRight(saveSafetensorsSync(p, {}))).toBe(true);
    expect(isRight(loadSafetensorsSync(p))).toBe(true);
  });
});
