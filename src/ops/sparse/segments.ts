// Segments of consecutive items given by offsets (a CSR row pointer, the graph boundaries of a batch):
// checked once per offsets array, with what the kernels read derived on the host and kept.
import { EXACT_INDEX_LIMIT } from '../../backend/limits.js';
import { loopBound, SEGMENT_CHUNK } from '../../backend/gpujs/kernels/sparse.js';
import { ArgumentError, LimitError } from '../../shape/errors.js';
import { describe } from '../../shape/options.js';

/** How segments are cut for the kernels: pieces of at most `chunk` items, and which pieces make up which segment. */
export interface Pieces {
  /** Offsets of the pieces (float32, as kernels read them); the segments themselves when none is cut. */
  readonly ptr: Float32Array;
  /** The literal loop bound that covers every piece. */
  readonly bound: number;
  /** The pieces of each segment, as segments over the pieces; undefined when no segment was cut. */
  readonly owners: Segments | undefined;
}

/** Consecutive segments [offsets[g], offsets[g+1]) of `length` items. */
export interface Segments {
  readonly offsets: Int32Array;
  /** G, the number of segments. */
  readonly count: number;
  /** N, the number of items. */
  readonly length: number;
  /** The most items in one segment. */
  readonly longest: number;
  /** The offsets as float32 (what kernels read). */
  readonly ptr: Float32Array;
  /** For every item, its segment (float32). */
  ids(): Float32Array;
  /** The segments cut into pieces of at most `chunk` items (default SEGMENT_CHUNK). */
  pieces(chunk?: number): Pieces;
}

/**
 * Segments over checked offsets. Item positions, segment numbers and offsets travel to the kernels as
 * float32, exact only below 2^24: `offsets` must not be changed after it is first used.
 */
const makeSegments = (offsets: Int32Array): Segments => {
  const count = offsets.length - 1;
  let longest = 0;
  for (let g = 0; g < count; g++) longest = Math.max(longest, offsets[g + 1] - offsets[g]);
  let ids: Float32Array | undefined;
  const cut = new Map<number, Pieces>();
  const self: Segments = {
    offsets, count, length: offsets[count], longest, ptr: Float32Array.from(offsets),
    ids: () => {
      if (ids) return ids;
      ids = new Float32Array(offsets[count]);
      for (let g = 0; g < count; g++) ids.fill(g, offsets[g], offsets[g + 1]);
      return ids;
    },
    pieces: (chunk = SEGMENT_CHUNK) => {
      let p = cut.get(chunk);
      if (!p) cut.set(chunk, (p = cutPieces(self, chunk)));
      return p;
    },
  };
  return self;
};

const cutPieces = (s: Segments, chunk: number): Pieces => {
  // Each pass over pieces shrinks a segment by the factor chunk: below 2 it would never end.
  if (!(Number.isInteger(chunk) && chunk >= 2)) throw new Error(`nn-ts internal: segments cut into pieces of ${chunk} items`);
  if (s.longest <= chunk) return { ptr: s.ptr, bound: loopBound(s.longest), owners: undefined };
  // Every segment becomes ⌈len / chunk⌉ pieces (an empty one none), so the owners' offsets count pieces.
  const owners = new Int32Array(s.count + 1);
  for (let g = 0; g < s.count; g++) owners[g + 1] = owners[g] + Math.ceil((s.offsets[g + 1] - s.offsets[g]) / chunk);
  const ptr = new Float32Array(owners[s.count] + 1);
  let v = 0;
  for (let g = 0; g < s.count; g++)
    for (let a = s.offsets[g]; a < s.offsets[g + 1]; a += chunk) ptr[v++] = a;
  ptr[v] = s.length;
  return { ptr, bound: loopBound(chunk), owners: makeSegments(owners) };
};

/**
 * Checks that `offsets` (argument `arg` of `op`) is an Int32Array of at least one entry, starting at 0
 * and never decreasing, whose entries are exact in float32; returns it, typed.
 */
export const checkOffsets = (op: string, arg: string, offsets: unknown): Int32Array => {
  if (!(offsets instanceof Int32Array)) throw new ArgumentError(op, arg, `must be an Int32Array, got ${describe(offsets)}`);
  if (offsets.length < 1) throw new ArgumentError(op, arg, 'must have at least one entry (G + 1 offsets for G segments)');
  if (offsets.length - 1 > EXACT_INDEX_LIMIT) throw new LimitError(op, `segments in ${arg}`, offsets.length - 1, EXACT_INDEX_LIMIT, 'segment numbers travel as float32, exact below 2^24');
  if (offsets[0] !== 0) throw new ArgumentError(op, arg, `must start at 0, got ${offsets[0]}`);
  for (let g = 1; g < offsets.length; g++)
    if (offsets[g] < offsets[g - 1]) throw new ArgumentError(op, arg, `must never decrease, but entry ${g} is ${offsets[g]} after ${offsets[g - 1]}`);
  const last = offsets[offsets.length - 1];
  if (last > EXACT_INDEX_LIMIT) throw new LimitError(op, `items covered by ${arg}`, last, EXACT_INDEX_LIMIT, 'item positions travel as float32, exact below 2^24');
  return offsets;
};

const known = new WeakMap<Int32Array, Segments>();

/** The segments of checked offsets (see checkOffsets), made once per offsets array. */
export const segmentsOf = (op: string, arg: string, offsets: unknown): Segments => {
  const cached = offsets instanceof Int32Array ? known.get(offsets) : undefined;
  if (cached) return cached;
  const s = makeSegments(checkOffsets(op, arg, offsets));
  known.set(s.offsets, s);
  return s;
};
