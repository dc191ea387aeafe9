// The thrown form of a boundary problem, for entry points whose contract is to throw (readCheckpoint):
// an NnTsError like every error nn-ts throws on purpose, with the problem kept for `_tag` checks.
import { NnTsError } from '../shape/errors.js';
import type { BoundaryProblem } from './problems.js';

export class BoundaryError extends NnTsError {
  override readonly name = 'BoundaryError';
  constructor(op: string, message: string, readonly problem: BoundaryProblem) {
    super(op, message);
  }
}
