// What can be wrong with word vectors read from outside: the Left of the vector readers and of the
// file helpers, each case with the place a caller may branch on, and one sentence for each.
import { problemText } from '../io/problem-text.js';
import type { FileProblem } from '../io/problems.js';

/** The two layouts: text (word2vec's text format, also fastText's `.vec`) and word2vec's binary one. */
export type VectorFormat = 'text' | 'binary';

interface InFile { readonly file?: string }

/**
 * Malformed vectors: a bad header, a wrong count, a bad number, a short row, a bad or duplicate
 * word. Text problems name the 1-based line (the header is line 1), binary ones the byte offset.
 */
export type BadVectors =
  | (InFile & { readonly _tag: 'BadVectors'; readonly format: 'text'; readonly line: number; readonly detail: string })
  | (InFile & { readonly _tag: 'BadVectors'; readonly format: 'binary'; readonly offset: number; readonly detail: string });

/** Saving failed: the directory could not be made or the file not written (any old file is kept). */
export interface FileUnwritable { readonly _tag: 'FileUnwritable'; readonly path: string; readonly cause: string }

/** What loading a vector file can return. */
export type LoadVectorsProblem = FileProblem | BadVectors;

export const badTextVectors = (line: number, detail: string): BadVectors => ({ _tag: 'BadVectors', format: 'text', line, detail });
export const badBinaryVectors = (offset: number, detail: string): BadVectors => ({ _tag: 'BadVectors', format: 'binary', offset, detail });
export const fileUnwritable = (path: string, cause: string): FileUnwritable => ({ _tag: 'FileUnwritable', path, cause });

/** One sentence: `'vectors.bin' at byte 1,204: …`, `word2vec text line 3: …`, `cannot read 'x.txt': no such file`. */
export const vectorsProblemText = (p: LoadVectorsProblem | FileUnwritable): string => {
  switch (p._tag) {
    case 'BadVectors': {
      const source = p.file !== undefined ? `'${p.file}'` : `word2vec ${p.format}`;
      const place = p.format === 'text' ? `line ${p.line}` : `at byte ${p.offset.toLocaleString('en-US')}`;
      return `${source} ${place}: ${p.detail}`;
    }
    case 'FileUnwritable': return p.cause;
    default: return problemText(p);
  }
};
