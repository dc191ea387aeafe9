// Framing: cutting signals into (overlapping) frames, as one gather so it is differentiable and
// runs on every backend (its pullback scatters the frame gradients back onto the samples).
import { gather } from '../ops/gather.js';
import { pad, reshape } from '../ops/movement.js';
import { checkOptions } from '../shape/options.js';
import { tensor } from '../tensor/create.js';
import type { Tensor } from '../tensor/tensor.js';
import { OptionError, ShapeError } from '../shape/errors.js';
import { checkSignal, choiceOption, intOption } from './checks.js';
import type { Framed } from './types.js';
import type { Shape } from '../shape/shape.js';

/**
 * How the signal's ends are treated:
 * - 'valid': no padding; frames = 1 + ⌊(N − L) / hop⌋ (N ≥ L required);
 * - 'end': zeros after the end so the last samples get a frame; frames = 1 + ⌈max(N − L, 0) / hop⌉;
 * - 'center': ⌊L/2⌋ zeros on both sides, so frame t is centred on sample t·hop; frames = 1 + ⌊N / hop⌋.
 */
export type FramePadding = 'valid' | 'end' | 'center';

export interface FrameOptions {
  /** Samples per frame L (≥ 1). */
  readonly frameLength: number;
  /** Samples between the starts of consecutive frames (≥ 1; default frameLength / 4, rounded down, at least 1). */
  readonly hop?: number;
  /** Default 'valid'. */
  readonly padding?: FramePadding;
}

/** The resolved framing of a signal of `n` samples. */
export interface FrameLayout {
  readonly frameLength: number;
  readonly hop: number;
  readonly frames: number;
  /** Zeros added before and after the signal. */
  readonly padBefore: number;
  readonly padAfter: number;
}

const PADDINGS: readonly FramePadding[] = ['valid', 'end', 'center'];
export const FRAME_OPTIONS = ['frameLength', 'hop', 'padding'] as const;

/** How a signal of `n` samples is framed (a ShapeError for 'valid' when n < frameLength). */
export function frameLayout(op: string, n: number, options: FrameOptions): FrameLayout {
  if (typeof options !== 'object' || options === null) throw new OptionError(op, `options must be an object { frameLength, hop?, padding? }, got ${String(options)}`);
  const frameLength = intOption(op, 'frameLength', options.frameLength, 1);
  const hop = intOption(op, 'hop', options.hop ?? Math.max(1, Math.floor(frameLength / 4)), 1);
  const padding = choiceOption(op, 'padding', options.padding ?? 'valid', PADDINGS);
  if (padding === 'valid') {
    if (n < frameLength) throw new ShapeError(op, 'x', [n], `must have at least frameLength = ${frameLength} samples for padding 'valid'`);
    return { frameLength, hop, frames: 1 + Math.floor((n - frameLength) / hop), padBefore: 0, padAfter: 0 };
  }
  if (padding === 'end') {
    const frames = 1 + Math.ceil(Math.max(n - frameLength, 0) / hop);
    return { frameLength, hop, frames, padBefore: 0, padAfter: (frames - 1) * hop + frameLength - n };
  }
  const half = Math.floor(frameLength / 2);
  const frames = 1 + Math.floor(n / hop);
  return { frameLength, hop, frames, padBefore: half, padAfter: Math.max(0, (frames - 1) * hop + frameLength - n - half) };
}

/** The number of frames `frame` makes of a signal of `n` samples. */
export const frameCount = (n: number, options: FrameOptions): number => frameLayout('frameCount', n, options).frames;

/**
 * Frames of a signal `[N]` → `[frames, L]`, or of a batch `[B, N]` → `[B, frames, L]`:
 * frame t holds samples t·hop … t·hop + L − 1 of the (padded) signal. Differentiable.
 */
export function frame<S extends Shape>(x: Tensor<S>, options: FrameOptions): Tensor<Framed<S>> {
  const op = 'frame';
  checkSignal(op, 'x', x);
  checkOptions(op, options, FRAME_OPTIONS, 'required');
  const batch = x.rank === 2 ? x.shape[0] : 1, n = x.shape[x.rank - 1];
  const { frameLength, hop, frames, padBefore, padAfter } = frameLayout(op, n, options);
  const padded: Tensor = padBefore + padAfter > 0 ? pad(x, x.rank === 2 ? [[0, 0], [padBefore, padAfter]] : [[padBefore, padAfter]]) : x;
  const np = n + padBefore + padAfter;
  // Flat sample positions of every frame of every signal; exact as float32 below 2^24 (checked by gather).
  const idx = new Float32Array(batch * frames * frameLength);
  for (let b = 0, i = 0; b < batch; b++) for (let t = 0; t < frames; t++) for (let l = 0; l < frameLength; l++) idx[i++] = b * np + t * hop + l;
  const shape = x.rank === 2 ? [batch, frames, frameLength] : [frames, frameLength];
  const picked = gather(reshape(padded, [batch * np] as number[]), tensor(idx, [idx.length]));
  const y: Tensor = reshape(picked, shape);
  return y as Tensor<Framed<S>>;
}
