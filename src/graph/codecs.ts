// io-ts codecs for the graph JSON layouts (users' graphs, Cora, MUTAG). Names complete the sentence
// "<field> must be ...", which decode-problem.ts builds from the first failure.
import * as t from 'io-ts';

const isNonNegInt = (u: unknown): u is number => typeof u === 'number' && Number.isSafeInteger(u) && u >= 0;
const isFiniteNumber = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);

const refined = (name: string, is: (u: unknown) => u is number): t.Type<number, number, unknown> =>
  new t.Type(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);

export const NonNegInt = refined('a non-negative integer', isNonNegInt);
export const Bool = new t.Type<boolean, boolean, unknown>('true or false', (u): u is boolean => typeof u === 'boolean', (u, c) => (typeof u === 'boolean' ? t.success(u) : t.failure(u, c)), t.identity);
export const FiniteNumber = refined('a finite number', isFiniteNumber);

const isIdPair = (u: unknown): u is readonly [number, number] => Array.isArray(u) && u.length === 2 && isNonNegInt(u[0]) && isNonNegInt(u[1]);

/** `[a, b]`, exactly two ids (io-ts's tuple would drop a third silently). */
export const IdPair = new t.Type<readonly [number, number], readonly [number, number], unknown>(
  'a [src, dst] pair of node ids',
  isIdPair,
  (u, c) => (isIdPair(u) ? t.success([u[0], u[1]] as const) : t.failure(u, c)),
  t.identity,
);

export const IdPairs = t.array(IdPair, 'an array of [src, dst] pairs of node ids');
export const Ids = t.array(NonNegInt, 'an array of non-negative integers');
export const Numbers = t.array(FiniteNumber, 'an array of finite numbers');
