// Kernels over segments of consecutive items (the nonzeros of a CSR row, the nodes of one graph in a
// batch), all in gather form: one thread owns one output cell and walks its segment; no atomics.
// A segment's length is data, so each loop runs to a literal bound (the longest segment, rounded up
// to a power of two so graphs of similar degree share a compile) and breaks at the segment's end.
// The host cuts segments longer than SEGMENT_CHUNK into pieces (src/ops/sparse/segments.ts) and a
// second pass combines the pieces: no thread loops past the GL limit, whatever the data.
import { f, kernelSource, partIndex } from '../codegen.js';
import { assertLoops } from './budget.js';

/** The most items one thread walks; longer segments are cut into pieces of this size (short float32 chains, a quarter of the loop budget). */
export const SEGMENT_CHUNK = 4096;

/** Items added into one partial before it joins the thread's total (as the blocked reductions do). */
const GROUP = 32;

/** The literal loop bound for segments of at most `longest` items (1 for none: gpu.js needs a loop). */
export const loopBound = (longest: number): number => {
  let b = 1;
  while (b < longest) b *= 2;
  return b;
};

/** Statements that name this thread's segment `s`, its column `r` in rows of `row` numbers, and the segment's [start, end). */
const segmentHead = (row: number): string => [
  row === 1 ? 'const s = t;' : `const s = Math.floor(t / ${row});`,
  row === 1 ? 'const r = 0;' : `const r = t - s * ${row};`,
  'const start = ptr[s];',
  'const end = ptr[s + 1];',
].join('\n');

/** Offset of column r in row `i` of a [_, row] matrix. */
const at = (i: string, row: number): string => (row === 1 ? i : `${i} * ${row} + r`);

/**
 * What one segment item q adds to its sum: 'rows' adds row q of x (segment sums); 'weighted' adds
 * w[q] times row col[q] of x (a sparse-times-dense product, one CSR row per segment).
 */
export type SumTerm = 'rows' | 'weighted';

/** Kernel inputs of segmentSumSource, in order. */
const sumInputs = (term: SumTerm): readonly string[] => (term === 'rows' ? ['ptr', 'x'] : ['ptr', 'w', 'col', 'x']);

/**
 * out[s, r] = Σ_{q ∈ [ptr[s], ptr[s+1])} term(q, r) for segments of at most `bound` items, summed in
 * groups of 32 (rounding grows like 32 + bound/32, not like the segment length).
 */
export const segmentSumSource = (row: number, bound: number, term: SumTerm): string => {
  const groups = Math.ceil(bound / GROUP);
  const inner = Math.min(GROUP, bound);
  assertLoops('segmentSum', groups + groups * inner);
  const add = term === 'rows' ? `x[${at('q', row)}]` : `w[q] * x[${at('col[q]', row)}]`;
  return kernelSource(sumInputs(term), [
    segmentHead(row),
    'let acc = 0.0;',
    `for (let c = 0; c < ${groups}; c++) {`,
    `const base = start + c * ${GROUP};`,
    'if (base >= end) { break; }',
    'let p = 0.0;',
    `for (let k = 0; k < ${inner}; k++) {`,
    'const q = base + k;',
    'if (q >= end) { break; }',
    `p += ${add};`,
    '}',
    'acc += p;',
    '}',
    'return acc;',
  ].join('\n'));
};

/** What a segment-max kernel returns: 'max' the maximum (0 for an empty segment), 'arg' the item of the first maximum (−1 for none). */
export type MaxResult = 'max' | 'arg';

/**
 * Max over each segment's items x[q, r], first maximum wins; NaN-sticky by the rule of maxPoolSource
 * (no NaN test a shader compiler could fold away): m starts at −Inf; a value unordered with a non-NaN
 * m is NaN, so the first NaN is taken (flag `nan`) and kept. An all −Inf segment gives its first item.
 */
export const segmentMaxSource = (row: number, bound: number, result: MaxResult): string => {
  assertLoops('segmentMax', bound);
  return kernelSource(['ptr', 'x'], [
    segmentHead(row),
    `let m = ${f(-Infinity)};`,
    'let at = -1.0;',
    'let nan = 0.0;',
    `for (let k = 0; k < ${bound}; k++) {`,
    'const q = start + k;',
    'if (q >= end) { break; }',
    `const v = x[${at('q', row)}];`,
    'if (v > m) { m = v; at = q; }',
    'else if (v <= m) { if (at < 0.0) { m = v; at = q; } }',
    'else if (nan == 0.0) { m = v; at = q; nan = 1.0; }',
    '}',
    result === 'max' ? 'return at < 0.0 ? 0.0 : m;' : 'return at;',
  ].join('\n'));
};

/** dx[n, r] = g[seg[n], r] where item n is its segment's first maximum in column r, else 0. Inputs g [G·row], arg [G·row], seg [N]. */
export const segmentMaxGradSource = (row: number): string =>
  kernelSource(['g', 'arg', 'seg'], [
    row === 1 ? 'const n = t;' : `const n = Math.floor(t / ${row});`,
    row === 1 ? '' : `const r = t - n * ${row};`,
    `const o = ${at('seg[n]', row)};`,
    'return arg[o] == n ? g[o] : 0.0;',
  ].filter((l) => l !== '').join('\n'));

/**
 * out[s, r] = v[arg[s, r], r], or `empty` where arg is −1 (an empty segment). Inputs v [N·row], arg
 * [G·row]. The read is at a clamped index (webasm traps on a negative one), then the result is chosen.
 */
export const segmentSelectSource = (row: number, empty: number): string =>
  kernelSource(['v', 'arg'], [
    row === 1 ? '' : `const r = t % ${row};`,
    'const a = arg[t];',
    'const j = Math.max(a, 0.0);', // a name of its own: GL fails to type Math.max inside an index
    `const picked = v[${at('j', row)}];`,
    `return a < 0.0 ? ${f(empty)} : picked;`,
  ].filter((l) => l !== '').join('\n'));

/**
 * Sampled dense-dense product: out[q] = Σ_f a[rowOf[q], f] · b[col[q], f] for every nonzero q (the
 * gradient of spmm's values). Each thread sums at most `span` features; with `parts` > 1 the output is
 * [parts, nnz] partial sums over feature chunks of `span`, to be added by launchInParts.
 */
export const sddmmSource = (row: number, span: number, parts: number, nnz: number): string => {
  assertLoops('sddmm', span);
  const from = parts === 1 ? '' : ` + sc * ${span}`;
  return kernelSource(['rowOf', 'col', 'a', 'b'], [
    partIndex(parts, nnz),
    `const ao = rowOf[u] * ${row}${from};`,
    `const bo = col[u] * ${row}${from};`,
    'let s = 0.0;',
    `for (let k = 0; k < ${span}; k++) {`,
    parts === 1 ? '' : `if (sc * ${span} + k >= ${row}) { break; }`,
    's += a[ao + k] * b[bo + k];',
    '}',
    'return s;',
  ].filter((l) => l !== '').join('\n'));
};
