// What the fuzz law throws arguments at: a public function, its name, and a generator of argument
// lists for it (mostly plausible, sometimes wrong in kind, shape or option).
import fc from 'fast-check';
import type { Target } from './law.js';

export interface FuzzCase extends Target {
  readonly args: fc.Arbitrary<readonly unknown[]>;
}

/** A public function seen as taking anything: the fuzz law calls it with arguments of every kind. */
export const untyped = <A extends unknown[], R>(f: (...args: A) => R): ((...args: unknown[]) => R) => f as unknown as (...args: unknown[]) => R;

/**
 * A case that calls `fn` with arguments from `slots` (each drawn on its own), or half of the time
 * with a `coherent` argument list (one whose parts fit together) where there is one.
 */
export const direct = <A extends unknown[], R>(
  name: string, fn: (...args: A) => R, slots: readonly fc.Arbitrary<unknown>[],
  o: { readonly inner?: readonly string[]; readonly coherent?: fc.Arbitrary<readonly unknown[]> } = {},
): FuzzCase => {
  const f = untyped(fn);
  const random: fc.Arbitrary<readonly unknown[]> = fc.tuple(...slots);
  return { name, ...(o.inner ? { inner: o.inner } : {}), args: o.coherent ? fc.oneof(o.coherent, random) : random, call: (a) => f(...a) };
};
