import { isRight } from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { buildVocab, cleanBody, encodeTokens, loadSpamAssassin, parseMessage, spamSplit, tokenize, type SpamMessage } from '../../src/data/index.js';
import { OptionError } from '../../src/shape/errors.js';

const loaded = loadSpamAssassin();
const messages: SpamMessage[] = isRight(loaded) ? loaded.right : [];

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
    expect(messages.filter((m) => m.subject.length > 0).length).toBeGreaterThan(6000);
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
  });
  it('depends only on the message ids, not on their order', () => {
    const reversed = [...messages].reverse();
    const r = spamSplit(reversed);
    expect(new Set(r.test.map((i) => reversed[i].id))).toEqual(new Set(s.test.map((i) => messages[i].id)));
    expect(() => spamSplit(messages, 1)).toThrow(OptionError);
  });
});
