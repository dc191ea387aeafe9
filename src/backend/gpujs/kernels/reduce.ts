import { kernelSource } from '../codegen.js';

/**
 * Reduction of the middle axis of a tensor viewed as [outer, len, inner]; output [outer * inner].
 * 'sum' adds; 'max' keeps the largest (NaN-free inputs); len ≥ 1.
 */
export const reduceSource = (kind: 'sum' | 'max', len: number, inner: number): string => {
  const head = inner === 1 ? 'const o = t;\nconst base = o * ' + len + ';' : `const o = Math.floor(t / ${inner});\nconst i = t % ${inner};\nconst base = o * ${len * inner} + i;`;
  const at = (k: string) => (inner === 1 ? `a[base + ${k}]` : `a[base + ${k} * ${inner}]`);
  const body = kind === 'sum'
    ? `let s = 0.0;\nfor (let k = 0; k < ${len}; k++) {\ns += ${at('k')};\n}\nreturn s;`
    : `let m = ${at('0')};\nfor (let k = 1; k < ${len}; k++) {\nconst v = ${at('k')};\nif (v > m) { m = v; }\n}\nreturn m;`;
  return kernelSource(['a'], `${head}\n${body}`);
};
