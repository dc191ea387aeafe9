// Helpers that write gpu.js kernel sources. Every shape fact is baked in as a literal, so loop
// bounds are compile-time constants in every gpu.js mode (a bound gpu.js cannot prove constant is
// silently cut at 1000 iterations) and each distinct shape compiles once and is then cached.

/** A kernel over a flat 1-D output: `t` is the output cell this thread computes. */
export const kernelSource = (params: readonly string[], body: string): string =>
  `function (${[...params, 'off'].join(', ')}) {\nconst t = this.thread.x + off;\n${body}\n}`;

/**
 * The header of a kernel whose output is `parts` blocks of `cells` partial results (a long reduction
 * cut into chunks): `sc` is the chunk this thread sums, `u` its cell. With one part, `u` is `t`.
 */
export const partIndex = (parts: number, cells: number): string =>
  parts === 1 ? 'const u = t;' : `const sc = Math.floor(t / ${cells});\nconst u = t - sc * ${cells};`;

/**
 * Infinity and NaN as kernel expressions. A literal cannot carry them: gpu.js writes huge literals
 * into GLSL as FLT_MAX, while a float division by zero gives ±Inf and NaN in every mode (measured
 * on cpu, webasm and headless-GL/llvmpipe; GLSL ES leaves it undefined, so a real driver may differ).
 */
export const INF = '(1.0 / 0.0)';
export const NAN = '(0.0 / 0.0)';

/** A number literal gpu.js reads as a float in every mode; ±Infinity and NaN become INF / NAN expressions. */
export const f = (v: number): string => {
  if (Number.isNaN(v)) return NAN;
  if (v === Infinity) return INF;
  if (v === -Infinity) return `(-${INF})`;
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.eE]/.test(s) ? s : `${s}.0`;
};

/** Statements that split the flat index `t` into `${name}0 .. ${name}{n-1}` for a row-major shape. */
export const decode = (shape: readonly number[], name = 'i', from = 't'): string => {
  const n = shape.length;
  if (n === 0) return '';
  if (n === 1) return `const ${name}0 = ${from};`;
  const lines = [`let ${name}_r = ${from};`];
  for (let d = n - 1; d >= 1; d--) {
    lines.push(`const ${name}${d} = ${name}_r % ${shape[d]};`);
    lines.push(`${name}_r = Math.floor(${name}_r / ${shape[d]});`);
  }
  lines.push(`const ${name}0 = ${name}_r;`);
  return lines.join('\n');
};

/** `i0*s0 + i1*s1 + ...` skipping zero strides ("0" when all are zero). */
export const dot = (strides: readonly number[], name = 'i'): string => {
  const terms = strides.flatMap((s, d) => (s === 0 ? [] : [s === 1 ? `${name}${d}` : `${name}${d} * ${s}`]));
  return terms.length ? terms.join(' + ') : '0';
};

/** Strides of `inShape` (right-aligned to rank n) as seen from a broadcast output: size-1 dims get stride 0. */
export const broadcastStrides = (inShape: readonly number[], n: number): number[] => {
  const padded = [...Array<number>(n - inShape.length).fill(1), ...inShape];
  const out = new Array<number>(n);
  let acc = 1;
  for (let d = n - 1; d >= 0; d--) { out[d] = padded[d] === 1 ? 0 : acc; acc *= padded[d]; }
  return out;
};
