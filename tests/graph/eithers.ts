// The two ways the data-set tests read a loader's Either: the value (throwing its Left), or the problem.
import { isLeft, type Either } from 'fp-ts/lib/Either.js';
import type { DataError } from '../../src/data/errors.js';
import type { DatasetProblem } from '../../src/io/problems.js';

export const unwrap = <A>(e: Either<DataError, A>): A => {
  if (isLeft(e)) throw e.left;
  return e.right;
};

export const problem = <A>(e: Either<DatasetProblem, A>): DatasetProblem => {
  if (!isLeft(e)) throw new Error('loaded');
  return e.left;
};
