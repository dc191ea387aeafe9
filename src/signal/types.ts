// Shapes of the signal functions' results, so a literal batch size survives framing and transforms.
import type { Shape } from '../shape/shape.js';

/** `[N]` → `[frames, L]`; `[B, N]` → `[B, frames, L]` (frames and L are known only at run time). */
export type Framed<S extends Shape> =
  S extends readonly [number] ? [number, number]
  : S extends readonly [infer B extends number, number] ? [B, number, number]
  : number[];

/** The same leading axes, the last axis replaced by one whose size is known only at run time. */
export type LastAxisReplaced<S extends Shape> =
  S extends readonly [...infer Lead extends number[], number] ? [...Lead, number] : number[];
