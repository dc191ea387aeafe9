// MR and SST-2 as shipped in data/sentences/: the counts data/sentences/README.md states, the rows
// as in the file, and a Left naming the file and line for a file that is missing or malformed.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadMr, loadMrEither, loadSst2, loadSst2Either, MR_COUNTS, SST2_COUNTS } from '../../src/data/index.js';
import { problem, unwrap } from '../graph/eithers.js';

const shipped = (p: string) => new URL(`../../data/sentences/${p}`, import.meta.url);
const tmp = () => mkdtempSync(join(tmpdir(), 'sentences-'));

describe('loadMr', () => {
  it('has the counts of data/sentences/README.md, negatives first, rows as in the file', () => {
    const mr = unwrap(loadMr());
    expect(mr.counts).toEqual(MR_COUNTS);
    expect(mr.sentences).toHaveLength(10662);
    expect(mr.sentences.slice(0, 5331).every((s) => s.label === 0)).toBe(true);
    expect(mr.sentences.slice(5331).every((s) => s.label === 1)).toBe(true);
    expect(mr.sentences[0]).toEqual({ label: 0, text: 'simplistic , silly and tedious .' });
    expect(mr.sentences.some((s) => s.text.includes('clichés'))).toBe(true); // decoded from Windows-1252
    expect(new Set(mr.sentences.map((s) => s.text)).size).toBe(10662);
  });

  it('returns a Left naming the file and line for a bad label, a missing field, a duplicate or other counts', () => {
    const lines = readFileSync(shipped('mr.tsv'), 'utf8').split('\n');
    const dir = tmp();
    const write = (name: string, ls: string[]) => { const f = join(dir, name); writeFileSync(f, ls.join('\n')); return f; };
    expect(problem(loadMrEither(write('label.tsv', lines.map((l, i) => (i === 6 ? l.replace(/^0/, '2') : l)))))).toMatchObject({ _tag: 'BadData', detail: expect.stringMatching(/^line 7: label "2" is not 0 or 1/) });
    expect(problem(loadMrEither(write('fields.tsv', lines.map((l, i) => (i === 2 ? l.replace('\t', ' ') : l)))))).toMatchObject({ detail: expect.stringMatching(/^line 3 has 1 tab-separated fields/) });
    expect(problem(loadMrEither(write('dup.tsv', lines.map((l, i) => (i === 1 ? lines[0] : l)))))).toMatchObject({ detail: expect.stringMatching(/lines 1 and 2 hold the same sentence/) });
    expect(problem(loadMrEither(write('short.tsv', lines.slice(1))))).toMatchObject({ detail: expect.stringMatching(/has 10,661 sentences but MR has 10,662/) });
    expect(problem(loadMrEither(join(dir, 'nothing.tsv')))).toEqual({ _tag: 'FileMissing', path: join(dir, 'nothing.tsv') });
    const e = loadMr(join(dir, 'label.tsv'));
    expect(e._tag === 'Left' && e.left.message).toMatch(/label\.tsv: line 7/);
  });
});

describe('loadSst2', () => {
  it('has the split counts of data/sentences/README.md', () => {
    const sst = unwrap(loadSst2());
    expect(sst.counts).toEqual(SST2_COUNTS);
    expect([sst.train.length, sst.dev.length, sst.test.length]).toEqual([6920, 872, 1821]);
    expect(sst.dev[0]).toEqual({ label: 0, text: 'one long string of cliches .' });
  });

  it('reads a folder given as a path or a file: URL, and names the split at fault', () => {
    const dir = tmp();
    for (const s of ['train', 'dev', 'test']) writeFileSync(join(dir, `${s}.tsv`), readFileSync(shipped(`sst2/${s}.tsv`)));
    expect(unwrap(loadSst2(dir)).counts).toEqual(SST2_COUNTS);
    expect(unwrap(loadSst2(pathToFileURL(dir))).counts).toEqual(SST2_COUNTS);
    const dev = readFileSync(shipped('sst2/dev.tsv'), 'utf8');
    writeFileSync(join(dir, 'dev.tsv'), dev.replace(/^0\t/, '1\t'));
    expect(problem(loadSst2Either(dir))).toMatchObject({ source: join(dir, 'dev.tsv'), detail: expect.stringMatching(/445 positive sentences but SST-2 dev has 444/) });
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    expect(problem(loadSst2Either(empty))).toEqual({ _tag: 'FileMissing', path: join(empty, 'train.tsv') });
    expect(() => loadSst2(42 as never)).toThrow(/path/);
  });
});
