import { OptionError } from './errors.js';

/** Padding as accepted by conv and pool ops. */
export type Padding2d = number | readonly [number, number] | readonly [readonly [number, number], readonly [number, number]] | 'same' | 'valid';
export type Pair = readonly [number, number];

export const pair = (op: string, name: string, v: number | Pair | undefined, dflt: number): [number, number] => {
  const p: [number, number] = v === undefined ? [dflt, dflt] : typeof v === 'number' ? [v, v] : [v[0], v[1]];
  if (!p.every((x) => Number.isInteger(x) && x >= (name === 'padding' ? 0 : 1)))
    throw new OptionError(op, `${name} must be ${name === 'padding' ? 'non-negative' : 'positive'} integers, got ${JSON.stringify(v)}`);
  return p;
};

/** 'same' padding for one axis: out = ceil(in / stride); the odd extra goes after (bottom/right). */
export const samePad = (inSize: number, k: number, stride: number, dilation: number): [number, number] => {
  const out = Math.ceil(inSize / stride);
  const total = Math.max(0, (out - 1) * stride + dilation * (k - 1) + 1 - inSize);
  const before = Math.floor(total / 2);
  return [before, total - before];
};

/** Resolves any padding form to [[top, bottom], [left, right]]. */
export const resolvePadding = (
  op: string, padding: Padding2d | undefined, inHW: Pair, kHW: Pair, stride: Pair, dilation: Pair,
): [[number, number], [number, number]] => {
  if (padding === undefined || padding === 'valid') return [[0, 0], [0, 0]];
  if (padding === 'same') return [samePad(inHW[0], kHW[0], stride[0], dilation[0]), samePad(inHW[1], kHW[1], stride[1], dilation[1])];
  if (typeof padding === 'number') { const [p] = pair(op, 'padding', padding, 0); return [[p, p], [p, p]]; }
  if (Array.isArray(padding) && padding.length === 2) {
    if (typeof padding[0] === 'number' && typeof padding[1] === 'number') {
      const [ph, pw] = pair(op, 'padding', padding as Pair, 0);
      return [[ph, ph], [pw, pw]];
    }
    if (Array.isArray(padding[0]) && Array.isArray(padding[1])) {
      const h = pair(op, 'padding', padding[0] as Pair, 0), w = pair(op, 'padding', padding[1] as Pair, 0);
      return [h, w];
    }
  }
  throw new OptionError(op, `padding must be a number, [ph, pw], [[top, bottom], [left, right]], 'same' or 'valid', got ${JSON.stringify(padding)}`);
};

/** Output size of a strided, dilated window along one axis. */
export const windowOut = (inSize: number, k: number, stride: number, dilation: number, before: number, after: number): number =>
  Math.floor((inSize + before + after - dilation * (k - 1) - 1) / stride) + 1;
