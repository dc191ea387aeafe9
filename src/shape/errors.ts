/** Base of every error nn-ts throws on purpose: it names the operation (`op`) that refused. */
export class NnTsError extends Error {
  override readonly name: string = 'NnTsError';
  constructor(readonly op: string, message: string) {
    super(`${op}: ${message}`);
  }
}

/** Thrown when an operation gets tensors whose shapes do not fit. Names the op, the argument and both shapes. */
export class ShapeError extends NnTsError {
  override readonly name = 'ShapeError';
  constructor(
    op: string,
    readonly argument: string,
    readonly got: readonly number[],
    readonly expected: string,
    detail?: string,
  ) {
    super(op, `${argument} has shape [${got.join(', ')}] but ${expected}${detail ? ` (${detail})` : ''}`);
  }
}

/** Thrown for a bad option value (an unknown padding mode, a negative stride, an unknown option name, ...). */
export class OptionError extends NnTsError {
  override readonly name = 'OptionError';
}

/** Thrown for an argument of the wrong kind (a string where numbers belong, a function that returns nothing, ...). */
export class ArgumentError extends NnTsError {
  override readonly name = 'ArgumentError';
  constructor(op: string, readonly argument: string, message: string) {
    super(op, `${argument} ${message}`);
  }
}

/**
 * Thrown before anything is allocated or launched when a tensor, a kernel or an index would pass a
 * limit of the backend or the machine. States the size asked for and the limit.
 */
export class LimitError extends NnTsError {
  override readonly name = 'LimitError';
  constructor(op: string, readonly what: string, readonly size: number, readonly limit: number, detail?: string) {
    super(op, `${what}: ${size.toLocaleString('en-US')} is over the limit of ${limit.toLocaleString('en-US')}${detail ? ` (${detail})` : ''}`);
  }
}
