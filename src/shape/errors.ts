/** Thrown when an operation gets tensors whose shapes do not fit. Names the op, the argument and both shapes. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
  constructor(
    readonly op: string,
    readonly argument: string,
    readonly got: readonly number[],
    readonly expected: string,
    detail?: string,
  ) {
    super(`${op}: ${argument} has shape [${got.join(', ')}] but ${expected}${detail ? ` (${detail})` : ''}`);
  }
}

/** Thrown for a bad option value (an unknown padding mode, a negative stride, ...). */
export class OptionError extends Error {
  override readonly name = 'OptionError';
  constructor(readonly op: string, message: string) {
    super(`${op}: ${message}`);
  }
}
