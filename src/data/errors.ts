// The error value of the dataset loaders, made from a boundary problem (io/problems.ts) in one place.
import type { DatasetProblem } from '../io/problems.js';

/**
 * A dataset that could not be read: the package is missing, a file is unreadable or malformed.
 * Returned as the Left of an `Either` (never thrown); `source` names the file or package at fault.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  constructor(readonly source: string, readonly detail: string) {
    super(`${source}: ${detail}`);
  }
}

/** A loader's boundary problem as the DataError the loaders have always returned, naming the file or package. */
export const toDataError = (p: DatasetProblem): DataError => {
  switch (p._tag) {
    case 'FileMissing': return new DataError(p.path, 'cannot read the file: no such file');
    case 'FileUnreadable': return new DataError(p.path, `cannot read the file: ${p.cause}`);
    case 'DatasetMissing': case 'BadData': return new DataError(p.source, p.detail);
  }
};
