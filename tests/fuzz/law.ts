// The fuzz law, as a predicate in the style of laws/predicates.ts: a call of a public function either
// returns valid values or throws a typed nn-ts error that names the operation; never a TypeError, a
// RangeError (a stack overflow among them), a silently malformed tensor, or a long wait.
import type { LawResult } from '../../laws/index.js';
import { NnTsError, Tensor, toArray } from '../support/api.js';

/** A public function and what its errors may be named after. */
export interface Target {
  /** The function's name: every error it throws must start with `${name}: ` (or `${name} (`, a qualified name)... */
  readonly name: string;
  /** ...or with one of these (the ops a layer or a user function runs inside it). */
  readonly inner?: readonly string[];
  readonly call: (args: readonly unknown[]) => unknown;
}

/** Slower than this is a hang: every call here is on tensors of at most a few hundred elements. */
export const SLOW_MS = 3000;

/** The first malformed tensor inside a result (tensors, arrays, objects, cycles allowed), or undefined. */
const malformed = (v: unknown, seen = new Set<unknown>()): string | undefined => {
  if (v === null || typeof v !== 'object' || seen.has(v)) return undefined;
  seen.add(v);
  if (v instanceof Tensor) {
    const t: Tensor = v;
    const s: readonly unknown[] = t.shape;
    if (!s.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) return `a tensor of shape ${JSON.stringify(s)}`;
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.size !== size) return `a tensor of shape [${t.shape.join(', ')}] with size ${t.size}`;
    const n = toArray(t).length;
    return n === size ? undefined : `a tensor of shape [${t.shape.join(', ')}] holding ${n} numbers`;
  }
  for (const c of Array.isArray(v) ? v : Object.values(v)) {
    const bad = malformed(c, seen);
    if (bad) return bad;
  }
  return undefined;
};

const what = (e: unknown): string => (e instanceof Error ? `${e.name}: ${e.message}` : `a thrown ${typeof e}`);

/** The fuzz law for one call of `t` on `args`. */
export const typedErrorLaw = (t: Target, args: readonly unknown[]): LawResult => {
  const law = `typed errors (${t.name})`;
  const names = [t.name, ...(t.inner ?? [])];
  const t0 = performance.now();
  let detail = '';
  try {
    const bad = malformed(t.call(args));
    if (bad) detail = `returned ${bad}`;
  } catch (e) {
    if (!(e instanceof NnTsError)) detail = `threw ${what(e)}, not an NnTsError`;
    else if (!names.some((n) => e.message.startsWith(`${n}: `) || e.message.startsWith(`${n} (`))) detail = `threw '${e.message}', which does not start with ${names.map((n) => `'${n}: '`).join(' or ')}`;
  }
  const ms = performance.now() - t0;
  if (!detail && ms > SLOW_MS) detail = `took ${ms.toFixed(0)} ms`;
  return { law, ok: detail === '', detail };
};
