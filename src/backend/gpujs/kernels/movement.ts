import { decode, dot, f, kernelSource, partIndex } from '../codegen.js';
import { assertLoops } from './budget.js';
import { stridesOf } from '../../../shape/shape.js';

/** out = permute(x, perm): out index i_d reads x along axis perm[d]. */
export const permuteSource = (inShape: readonly number[], perm: readonly number[]): string => {
  const out = perm.map((p) => inShape[p]);
  const inStrides = stridesOf(inShape);
  return kernelSource(['a'], `${decode(out)}\nreturn a[${dot(perm.map((p) => inStrides[p]))}];`);
};

/** out = x broadcast to `out` (size-1 and missing leading dims repeat). */
export const broadcastToSource = (inShape: readonly number[], out: readonly number[]): string => {
  const padded = [...Array<number>(out.length - inShape.length).fill(1), ...inShape];
  const st = stridesOf(padded).map((s, d) => (padded[d] === 1 ? 0 : s));
  return kernelSource(['a'], `${decode(out)}\nreturn a[${dot(st)}];`);
};

/** out = x[begin : begin + size] per axis. */
export const sliceSource = (inShape: readonly number[], begin: readonly number[], size: readonly number[]): string => {
  const st = stridesOf(inShape);
  const offset = begin.reduce((acc, b, d) => acc + b * st[d], 0);
  return kernelSource(['a'], `${decode(size)}\nreturn a[${offset} + ${dot(st)}];`);
};

/** out = x padded with `value` (pads[d] = [before, after]). */
export const padSource = (inShape: readonly number[], pads: readonly (readonly [number, number])[], value: number): string => {
  const out = inShape.map((d, i) => d + pads[i][0] + pads[i][1]);
  const st = stridesOf(inShape);
  const conds: string[] = [], terms: string[] = [];
  inShape.forEach((d, i) => {
    const [b] = pads[i];
    const j = b ? `(i${i} - ${b})` : `i${i}`;
    if (pads[i][0] || pads[i][1]) conds.push(`i${i} < ${b}`, `i${i} >= ${b + d}`);
    if (st[i]) terms.push(st[i] === 1 ? j : `${j} * ${st[i]}`);
  });
  const guard = conds.length ? `if (${conds.join(' || ')}) { return ${f(value)}; }\n` : '';
  return kernelSource(['a'], `${decode(out)}\n${guard}return a[${terms.join(' + ') || '0'}];`);
};

/** out = concat(xs, axis) for inputs whose sizes along `axis` are `lens`. */
export const concatSource = (outShape: readonly number[], axis: number, lens: readonly number[]): string => {
  const names = lens.map((_, k) => `x${k}`);
  const lines = [decode(outShape)];
  let start = 0;
  lens.forEach((len, k) => {
    const shape = outShape.map((d, i) => (i === axis ? len : d));
    const st = stridesOf(shape);
    const idx = shape.map((_, i) => (i === axis ? (start ? `(i${i} - ${start})` : `i${i}`) : `i${i}`));
    const e = idx.flatMap((v, i) => (st[i] === 0 || shape[i] === 1 && i !== axis ? [] : [st[i] === 1 ? v : `${v} * ${st[i]}`])).join(' + ') || '0';
    lines.push(k === lens.length - 1 ? `return ${names[k]}[${e}];` : `if (i${axis} < ${start + len}) { return ${names[k]}[${e}]; }`);
    start += len;
  });
  return kernelSource(names, lines.join('\n'));
};

/** out[n, r] = table[idx[n], r] for rows of `row` numbers; indices are checked on the host first. */
export const gatherSource = (row: number): string =>
  kernelSource(['tab', 'idx'], `const n = Math.floor(t / ${row});\nconst r = t % ${row};\nreturn tab[idx[n] * ${row} + r];`);

/**
 * Scatter-add written as a gather (no atomics exist): out[v, r] = Σ values[perm[p], r] for
 * p in [offsets[v], offsets[v+1]), where perm lists the positions of index v contiguously. Each
 * thread walks at most `span` positions; with `parts` > 1 the output is [parts, rows·row] partial
 * sums (part sc walks positions from offsets[v] + sc·span), to be summed over the first axis.
 */
export const scatterAddSource = (row: number, span: number, parts = 1, cells = 0): string => {
  assertLoops('scatterAdd', span + 1);
  return kernelSource(['vals', 'perm', 'offs'], [
    partIndex(parts, cells),
    `const v = Math.floor(u / ${row});`,
    `const r = u % ${row};`,
    parts === 1 ? 'const start = offs[v];' : `const start = offs[v] + sc * ${span};`,
    'const end = offs[v + 1];',
    'let s = 0.0;',
    `for (let p = 0; p < ${span}; p++) {`,
    'const q = start + p;',
    'if (q >= end) { break; }',
    `s += vals[perm[q] * ${row} + r];`,
    '}',
    'return s;',
  ].join('\n'));
};

/**
 * A table with some rows replaced: out[v, r] = rows[pos[v], r] where pos[v] ≥ 0 (v is one of the
 * replaced rows), else tab[v, r]. How an optimiser writes back the rows a sparse step touched.
 */
export const scatterRowsSource = (row: number): string =>
  kernelSource(['tab', 'rows', 'pos'], `const v = Math.floor(t / ${row});\nconst k = pos[v];\nif (k < 0) { return tab[t]; }\nreturn rows[k * ${row} + t % ${row}];`);
