// Boundary problems in words: one sentence per problem, without the prefix naming the entry point
// (errors.ts, data/errors.ts and train/checkpoint.ts add theirs).
import { fmt } from '../shape/shape.js';
import type { BoundaryProblem, Truncated, TreeMismatch } from './problems.js';

const LIST = 8;
const listed = (xs: readonly string[]): string =>
  xs.slice(0, LIST).join('; ') + (xs.length > LIST ? `; and ${xs.length - LIST} more` : '');

const truncatedText = (p: Truncated): string => {
  switch (p.part) {
    case 'prefix': return `file is ${p.fileLength} bytes, shorter than the 8-byte header length at its start`;
    case 'header': return `header length ${p.need} (first 8 bytes) is larger than the file: only ${p.have} bytes follow the length`;
    case 'data': return `data is truncated: the header describes ${p.need} bytes of tensor data but only ${p.have} are present (the file is ${p.fileLength} bytes, it should be ${BigInt(p.fileLength - p.have) + p.need})`;
  }
};

/** Every kind of mismatch, each list cut at LIST entries. */
const treeText = (p: TreeMismatch): string => {
  const parts: string[] = [];
  if (p.missing.length) parts.push(`missing from the checkpoint: ${listed(p.missing.map((m) => `'${m.path}'${m.shape ? ` (shape ${fmt(m.shape)})` : ''}`))}`);
  if (p.wrongShape.length) parts.push(`wrong shape: ${listed(p.wrongShape.map((w) => `'${w.path}' has shape ${fmt(w.got)} in the checkpoint but the template needs ${fmt(w.want)}`))}`);
  if (p.extra.length) parts.push(`unexpected names not in the template: ${listed(p.extra.map((k) => `'${k}'`))}`);
  return parts.join(' | ');
};

export const problemText = (p: BoundaryProblem): string => {
  switch (p._tag) {
    case 'BadArgument': return p.message;
    case 'FileMissing': return `cannot read '${p.path}': no such file`;
    case 'FileUnreadable': return `cannot read '${p.path}': ${p.cause}`;
    case 'Truncated': return truncatedText(p);
    case 'HeaderTooLarge': return `header length ${p.length} (first 8 bytes) is over the limit of ${p.limit} bytes for a safetensors header`;
    case 'BadHeader': return p.detail;
    case 'WrongFormat': return `format is '${p.found ?? 'missing'}', expected '${p.expected}'`;
    case 'BadMetadata': return `metadata '${p.key}' ${p.detail}`;
    case 'TensorMissing': return `tensor '${p.name}' (at ${p.at}) is missing from the file`;
    case 'TreeMismatch': return treeText(p);
    case 'DatasetMissing': case 'BadData': return p.detail;
  }
};
