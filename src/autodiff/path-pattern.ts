// Selecting leaves of a parameter tree by their dotted paths (`features.0.weight`): glob patterns
// for the common cases, a RegExp or a predicate for the rest. Used to say which parameters load
// from a checkpoint and which optimiser settings apply where.
import { ArgumentError } from '../shape/errors.js';
import { describe } from '../shape/options.js';

/**
 * A set of dotted paths: a glob (`'features.**'`, `'head.*.weight'`, `'features.3.**'`), several
 * globs (any matches), a RegExp tested against the whole path, or a predicate.
 * In a glob, `*` matches within one path segment, `**` matches any number of whole segments (none too).
 */
export type PathSelector = string | readonly string[] | RegExp | ((path: string) => boolean);

const escape = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');

const segmentRegex = (seg: string): string => seg.split('*').map(escape).join('[^.]*');

/** The regular expression a glob stands for (anchored at both ends). */
export const globRegex = (glob: string): RegExp => {
  const segs = glob.split('.');
  let re = '', sep = false;
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') {
      // zero or more whole segments: before another segment they bring their own separators
      if (last) re += sep ? '(?:\\.[^.]+)*' : '.*';
      else { re += (sep ? '\\.' : '') + '(?:[^.]+\\.)*'; sep = false; }
    } else {
      re += (sep ? '\\.' : '') + segmentRegex(seg);
      sep = true;
    }
  });
  return new RegExp(`^${re}$`);
};

/** A predicate on dotted paths; throws an ArgumentError naming `op` and `arg` for anything else. */
export const pathMatcher = (op: string, arg: string, s: PathSelector): ((path: string) => boolean) => {
  if (typeof s === 'function') return s;
  if (s instanceof RegExp) return (p) => { s.lastIndex = 0; return s.test(p); };
  if (typeof s === 'string') {
    if (!s) throw new ArgumentError(op, arg, 'must be a non-empty glob such as "features.**"');
    const re = globRegex(s);
    return (p) => re.test(p);
  }
  if (Array.isArray(s) && s.every((g) => typeof g === 'string' && g.length > 0)) {
    const res = s.map(globRegex);
    return (p) => res.some((re) => re.test(p));
  }
  throw new ArgumentError(op, arg, `must be a glob, an array of globs, a RegExp or a (path) => boolean, got ${describe(s)}`);
};
