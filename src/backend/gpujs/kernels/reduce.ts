import { kernelSource } from '../codegen.js';
import { assertLoops } from './budget.js';

/** Items one reduction thread combines; longer axes take further passes over the partial results. */
export const REDUCE_BLOCK = 1024;
/** Items summed into one partial before it joins the thread's total (two short float32 chains, not one long one). */
const GROUP = 32;

/**
 * One pass of a reduction of the middle axis of a tensor viewed as [outer, len, inner]: each thread
 * combines one block of at most `block` items, so the output is [outer, ceil(len / block), inner].
 * 'sum' adds in groups of 32 (rounding grows like 32 + block/32 per pass, not like the block length);
 * 'max' keeps the largest and is NaN-sticky: a NaN anywhere gives NaN (ordered comparisons are false
 * for NaN, so it falls to v + m), with no NaN test a shader compiler could fold away.
 */
export const reduceSource = (kind: 'sum' | 'max', len: number, inner: number, block = REDUCE_BLOCK): string => {
  const nb = Math.ceil(len / block);
  const span = Math.min(block, len);
  const groups = Math.ceil(span / GROUP);
  assertLoops(`reduce-${kind}`, groups + span + groups);
  const lines = [
    `const o = Math.floor(t / ${nb * inner});`,
    `const rest = t - o * ${nb * inner};`,
    inner === 1 ? 'const blk = rest;' : `const blk = Math.floor(rest / ${inner});`,
    inner === 1 ? '' : `const i = rest - blk * ${inner};`,
    `const base = o * ${len * inner} + blk * ${block * inner}${inner === 1 ? '' : ' + i'};`,
    nb === 1 ? `const lim = ${len};` : `const lim = Math.min(${block}, ${len} - blk * ${block});`,
  ];
  const at = (q: string) => (inner === 1 ? `a[base + ${q}]` : `a[base + ${q} * ${inner}]`);
  const scan = (body: string) => [
    `for (let c = 0; c < ${groups}; c++) {`,
    kind === 'sum' ? 'let p = 0.0;' : '',
    `for (let k = 0; k < ${Math.min(GROUP, span)}; k++) {`,
    `const q = c * ${GROUP} + k;`,
    'if (q >= lim) { break; }',
    body,
    '}',
    kind === 'sum' ? 's += p;' : '',
    '}',
  ];
  if (kind === 'sum') lines.push('let s = 0.0;', ...scan(`p += ${at('q')};`), 'return s;');
  else lines.push(`let m = ${at('0')};`, ...scan(`const v = ${at('q')};\nm = v > m ? v : (v <= m ? m : v + m);`), 'return m;');
  return kernelSource(['a'], lines.filter((l) => l !== '').join('\n'));
};
