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
