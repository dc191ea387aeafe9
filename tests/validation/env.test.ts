// Environment switches: NN_TS_STRICT reads the usual spellings of a flag, NN_TS_THREADS is clamped.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { availableParallelism } from 'node:os';
import { envFlag } from '../../src/backend/select.js';
import { defaultThreadCount } from '../../src/backend/gpujs/threads.js';
import { OptionError } from '../support/api.js';

describe('NN_TS_STRICT', () => {
  it('reads 1/true/yes/on and 0/false/no/off/empty in any case', () => {
    for (const v of ['1', 'true', 'TRUE', 'Yes', 'on', ' on ']) expect(envFlag('NN_TS_STRICT', v)).toBe(true);
    for (const v of ['0', 'false', 'False', 'no', 'OFF', '', undefined]) expect(envFlag('NN_TS_STRICT', v)).toBe(false);
  });

  it('refuses anything else, naming the variable', () => {
    expect(() => envFlag('NN_TS_STRICT', 'maybe')).toThrow(OptionError);
    expect(() => envFlag('NN_TS_STRICT', 'maybe')).toThrow(/^NN_TS_STRICT: must be one of 1, true, yes, on \(on\) or 0, false, no, off or empty \(off\), got 'maybe'$/);
  });
});

describe('NN_TS_THREADS', () => {
  const saved = process.env.NN_TS_THREADS;
  afterEach(() => {
    if (saved === undefined) delete process.env.NN_TS_THREADS; else process.env.NN_TS_THREADS = saved;
    vi.restoreAllMocks();
  });

  it('is clamped to what the machine can use, with one notice on stderr', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.NN_TS_THREADS = '512';
    const cap = Math.min(availableParallelism(), 16);
    expect(defaultThreadCount()).toBe(cap);
    expect(defaultThreadCount()).toBe(cap);
    const notices = write.mock.calls.filter(([m]) => String(m).includes('NN_TS_THREADS=512'));
    expect(notices).toHaveLength(1);
    expect(String(notices[0][0])).toContain(`using ${cap}`);
  });

  it('keeps a count the machine can use, and refuses one that is not a count', () => {
    process.env.NN_TS_THREADS = '1';
    expect(defaultThreadCount()).toBe(1);
    process.env.NN_TS_THREADS = 'lots';
    expect(() => defaultThreadCount()).toThrow("NN_TS_THREADS: must be a positive integer, got 'lots'");
  });
});
