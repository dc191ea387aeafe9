// The temporary files of atomic saves: their names, and removing the ones a killed process left.
// A save that dies before its rename (SIGKILL, OOM killer, power loss) leaves `.<base>.<pid>.<hex>.tmp`
// beside the target, possibly gigabytes, and nothing else would ever delete it. So each save first
// removes the temps for the same target whose writer is gone. The pid in the name tells: a live pid
// may be a concurrent save (in this process or another) and is never touched. A reused pid only
// keeps a stale file longer. One caveat: a process in another pid namespace (a container sharing
// the directory) looks dead from here, so two containers should not save to one path at once.
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/** A fresh name in the target's directory (same file system, so rename is atomic); hidden, unique. */
export const tempPathFor = (path: string): string =>
  join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);

/** The pid in `name` if it is a temp name `tempPathFor(target)` could make, else undefined. */
export const tempOwner = (target: string, name: string): number | undefined => {
  const prefix = `.${basename(target)}.`;
  if (!name.startsWith(prefix)) return undefined;
  const m = /^([1-9][0-9]{0,9})\.[0-9a-f]{12}\.tmp$/.exec(name.slice(prefix.length));
  return m ? Number(m[1]) : undefined;
};

/** Whether `pid` may be running: only ESRCH ("no such process") counts as dead; EPERM is someone else's live process. */
export const isAlive = (pid: number): boolean => {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0); // signal 0: the existence and permission check only
    return true;
  } catch (e) {
    return !(e instanceof Error && 'code' in e && e.code === 'ESRCH');
  }
};

/** Paths of the temps of `target` whose writing process is gone, among the directory's `names`. */
export const staleTemps = (target: string, names: readonly string[], alive: (pid: number) => boolean = isAlive): string[] =>
  names.filter((n) => { const pid = tempOwner(target, n); return pid !== undefined && !alive(pid); }).map((n) => join(dirname(target), n));

export interface TempDirSyncFs {
  readdirSync?(dir: string): string[];
  unlinkSync(path: string): void;
}

export interface TempDirAsyncFs {
  readdir?(dir: string): Promise<string[]>;
  unlink(path: string): Promise<void>;
}

// Best effort throughout: failing to tidy up must never fail the save itself. A file system
// without readdir (an injected one) is simply not tidied.

export const removeStaleTempsSync = (target: string, fs: TempDirSyncFs): void => {
  let names: string[];
  try { names = fs.readdirSync ? fs.readdirSync(dirname(target)) : []; } catch { return; }
  for (const p of staleTemps(target, names)) try { fs.unlinkSync(p); } catch { /* gone already, or not ours to remove */ }
};

export const removeStaleTemps = async (target: string, fs: TempDirAsyncFs): Promise<void> => {
  let names: string[];
  try { names = fs.readdir ? await fs.readdir(dirname(target)) : []; } catch { return; }
  for (const p of staleTemps(target, names)) try { await fs.unlink(p); } catch { /* as above */ }
};
