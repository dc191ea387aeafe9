// Progress for long work: a redrawn bar on a terminal, plain log lines otherwise (CI logs, pipes,
// a browser's console).
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';

export interface Progress {
  update(done: number, info?: string): void;
  finish(info?: string): void;
}

export interface ProgressOptions {
  readonly total: number;
  readonly label: string;
  /** 'auto' (default): a bar on a TTY, lines elsewhere; false: silent. */
  readonly mode?: 'auto' | 'bar' | 'lines' | false;
  /** Where to write (default: stderr on Node, the console elsewhere). */
  readonly stream?: ProgressStream;
}

/** What progress writes to: Node's process.stderr or any stream with `write` (and `isTTY` for the bar). */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/** The console as a line stream: each complete line goes to console.log (no redrawing, so never a TTY). */
const consoleLines = (): ProgressStream => {
  let pending = '';
  return {
    write(text: string) {
      const lines = (pending + text).split('\n');
      pending = lines.pop() ?? '';
      for (const l of lines) console.log(l.replace(/^\r/, ''));
      return true;
    },
  };
};

let consoleStream: ProgressStream | undefined;

/** @internal stderr where there is a process (Node), else the console. */
export const standardStream = (): ProgressStream => globalThis.process?.stderr ?? (consoleStream ??= consoleLines());

const fmtTime = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

export const progress = (o: ProgressOptions): Progress => {
  checkOptions('progress', o, ['total', 'label', 'mode', 'stream']);
  if (o === undefined || !(Number.isSafeInteger(o.total) && o.total >= 0) || typeof o.label !== 'string')
    throw new OptionError('progress', `needs { total: a non-negative integer, label: a string }, got ${show(o)}`);
  if (![undefined, 'auto', 'bar', 'lines', false].includes(o.mode)) throw new OptionError('progress', `mode must be 'auto', 'bar', 'lines' or false, got ${show(o.mode)}`);
  const stream = o.stream ?? standardStream();
  const mode = o.mode === undefined || o.mode === 'auto' ? (stream.isTTY ? 'bar' : 'lines') : o.mode;
  const t0 = Date.now();
  let lastLine = -1;
  const eta = (done: number) => (done > 0 ? fmtTime(((Date.now() - t0) / done) * (o.total - done)) : '?');
  return {
    update(done, info = '') {
      if (mode === false) return;
      if (mode === 'bar') {
        const width = 28, filled = Math.round((width * done) / Math.max(1, o.total));
        stream.write(`\r${o.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${o.total} eta ${eta(done)} ${info}\u001b[K`);
      } else {
        const decile = Math.floor((10 * done) / Math.max(1, o.total));
        if (decile !== lastLine && decile > 0 && done < o.total) {
          lastLine = decile;
          stream.write(`${o.label} ${done}/${o.total} (${decile * 10}%) eta ${eta(done)} ${info}\n`);
        }
      }
    },
    finish(info = '') {
      if (mode === false) return;
      const line = `${o.label} ${o.total}/${o.total} in ${fmtTime(Date.now() - t0)} ${info}`;
      stream.write(mode === 'bar' ? `\r${line}\u001b[K\n` : `${line}\n`);
    },
  };
};
