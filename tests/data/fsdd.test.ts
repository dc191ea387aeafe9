import * as E from 'fp-ts/lib/Either.js';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FSDD_COUNTS, FSDD_SPEAKERS, fsddOfficialSplit, leaveOneSpeakerOut, loadFsdd, loadFsddEither, type Fsdd, type FsddSpeaker } from '../../src/data/fsdd.js';
import { ArgumentError } from '../../src/shape/errors.js';

let fsdd: Fsdd;
beforeAll(() => {
  const r = loadFsdd();
  if (E.isLeft(r)) throw r.left;
  fsdd = r.right;
});

describe('loadFsdd (data/fsdd)', () => {
  it('has the verified counts: 3,000 recordings, 6 speakers × 10 digits × 50, 8 kHz, 1,148–18,262 samples', () => {
    const rs = fsdd.recordings;
    expect(rs.length).toBe(FSDD_COUNTS.recordings);
    expect(fsdd.sampleRate).toBe(8000);
    for (const sp of FSDD_SPEAKERS) expect(rs.filter((r) => r.speaker === sp).length).toBe(500);
    for (let d = 0; d < 10; d++) expect(rs.filter((r) => r.digit === d).length).toBe(300);
    const lengths = rs.map((r) => r.samples.length);
    expect(Math.min(...lengths)).toBe(1148);
    expect(Math.max(...lengths)).toBe(18262);
    expect(lengths.reduce((a, v) => a + v, 0) / rs.length).toBeCloseTo(3499, -1);
    expect(rs[0].file).toBe('recordings/0_george_0.wav');
    expect(rs.every((r) => r.samples.every((v) => v >= -1 && v < 1))).toBe(true);
  });

  it('the official split: takes 0–4 are the 300 test recordings, 5 of every speaker and digit', () => {
    const { train, test } = fsddOfficialSplit(fsdd.recordings);
    expect([train.length, test.length]).toEqual([2700, 300]);
    expect(test.every((r) => r.index < 5) && train.every((r) => r.index >= 5)).toBe(true);
    for (const sp of FSDD_SPEAKERS) for (let d = 0; d < 10; d++) expect(test.filter((r) => r.speaker === sp && r.digit === d).length).toBe(5);
  });

  it('leave-one-speaker-out: the held-out speaker\'s 500 recordings are test, no other speaker\'s are', () => {
    for (const sp of FSDD_SPEAKERS) {
      const { train, test } = leaveOneSpeakerOut(fsdd.recordings, sp);
      expect([train.length, test.length]).toEqual([2500, 500]);
      expect(test.every((r) => r.speaker === sp) && train.every((r) => r.speaker !== sp)).toBe(true);
    }
    expect(() => leaveOneSpeakerOut(fsdd.recordings, 'alice' as FsddSpeaker)).toThrow(ArgumentError);
  });
});

describe('loadFsdd refuses a copy that disagrees with its metadata or counts', () => {
  const shipped = new URL('../../data/fsdd/', import.meta.url);
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nn-ts-fsdd-'));
    cpSync(shipped, dir, { recursive: true });
    return () => rmSync(dir, { recursive: true, force: true });
  });
  /** The loader's complaint about the copy after `edit`; the copy is restored from the shipped files afterwards. */
  const complaint = (edit: () => void, touched: string): string => {
    edit();
    try {
      const r = loadFsddEither(dir);
      if (E.isRight(r)) throw new Error('expected a Left');
      return r.left._tag === 'FileMissing' ? `missing ${r.left.path}` : r.left._tag === 'FileUnreadable' ? r.left.cause : `${r.left.source}: ${r.left.detail}`;
    } finally {
      cpSync(new URL(touched, shipped), join(dir, touched));
    }
  };
  const meta = () => join(dir, 'metadata.tsv');
  const rewrite = (f: (lines: string[]) => string[]) => () => writeFileSync(meta(), f(readFileSync(meta(), 'utf8').trimEnd().split('\n')).join('\n') + '\n');

  it('names the line, the file or the count at fault', () => {
    expect(complaint(rewrite((l) => l.slice(0, -1)), 'metadata.tsv')).toMatch(/has 2,999 recordings but FSDD has 3,000/);
    expect(complaint(rewrite((l) => [l[0], l[1].replace('\t0\tgeorge', '\t1\tgeorge'), ...l.slice(2)]), 'metadata.tsv')).toMatch(/line 2: file "recordings\/0_george_0.wav" does not match/);
    expect(complaint(rewrite((l) => [l[0], l[1].replace('test', 'train'), ...l.slice(2)]), 'metadata.tsv')).toMatch(/line 2: split "train" but index 0 is in the official test split/);
    expect(complaint(rewrite((l) => [l[0], l[1].replace(/\t\d+$/, '\t17'), ...l.slice(2)]), 'metadata.tsv')).toMatch(/0_george_0.wav: 2384 samples but metadata.tsv says 17/);
    expect(complaint(() => writeFileSync(join(dir, 'recordings/3_theo_7.wav'), Uint8Array.of(1, 2)), 'recordings/3_theo_7.wav')).toMatch(/3_theo_7.wav: not a RIFF file/);
    expect(complaint(() => rmSync(join(dir, 'recordings/9_lucas_49.wav')), 'recordings/9_lucas_49.wav')).toMatch(/missing .*9_lucas_49.wav/);
    expect(E.isRight(loadFsddEither(dir))).toBe(true); // restored
  });
});
