// The Spam Assassin public mail corpus as labelled text, the part that runs anywhere: headers
// dropped except the subject, MIME and HTML noise removed; a word tokenizer, a vocabulary and a
// fixed stratified train/test split. Reading the installed package is spam.ts's (Node).
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';

export interface SpamMessage {
  /** `group/id`, unique in the corpus. */
  readonly id: string;
  /** easy-ham-1, easy-ham-2, hard-ham-1, spam-1 or spam-2. */
  readonly group: string;
  /** 1 for spam, 0 for ham. */
  readonly label: 0 | 1;
  readonly subject: string;
  readonly body: string;
}

/** The Subject header (folded continuation lines joined), or ''. */
const subjectOf = (headers: string): string => {
  const m = /^Subject:(.*(?:\n[ \t].*)*)/im.exec(headers);
  return m ? m[1].replace(/\s+/g, ' ').trim() : '';
};

/**
 * The readable text of a body: quoted-printable soft breaks joined, MIME boundary and part-header
 * lines and base64 blocks dropped, HTML tags removed and the common entities decoded.
 */
export const cleanBody = (body: string): string =>
  body.replace(/=\r?\n/g, '')
    .split('\n')
    .filter((l) => !/^--\S+/.test(l) && !/^Content-[\w-]+:/i.test(l) && !/^[A-Za-z0-9+/=]{60,}$/.test(l.trim()))
    .join('\n')
    .replace(/<(style|script)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/gi, ' ').replace(/&amp;/gi, '&').replace(/&lt;/gi, '<').replace(/&gt;/gi, '>').replace(/&quot;/gi, '"')
    .replace(/[ \t]+/g, ' ');

/** Splits one raw message (headers, blank line, body) into its subject and cleaned body. */
export const parseMessage = (raw: string): { subject: string; body: string } => {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const headers = cut < 0 ? text : text.slice(0, cut), body = cut < 0 ? '' : text.slice(cut + 2);
  return { subject: subjectOf(headers), body: cleanBody(body) };
};

/**
 * Lower-case word tokens: URLs become `<url>`, e-mail addresses `<email>`, numbers `<num>`; `$`
 * and `!` are tokens of their own (both are telling in spam).
 */
export const tokenize = (text: string): string[] =>
  text.toLowerCase()
    .replace(/(?:https?:\/\/|www\.)\S+/g, ' <url> ')
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, ' <email> ')
    .match(/<url>|<email>|[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[$!]/g)
    ?.map((t) => (/^\d/.test(t) ? '<num>' : t)) ?? [];

export interface Vocab {
  /** words[id]; 0 is `<pad>`, 1 is `<unk>`. */
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
}

/** The `maxSize` most frequent tokens seen at least `minCount` times (ties alphabetical), after `<pad>` and `<unk>`. */
export const buildVocab = (docs: readonly (readonly string[])[], o: { readonly maxSize?: number; readonly minCount?: number } = {}): Vocab => {
  checkOptions('buildVocab', o, ['maxSize', 'minCount']);
  const maxSize = o.maxSize ?? 10000, minCount = o.minCount ?? 1;
  if (typeof minCount !== 'number' || !(minCount >= 0)) throw new OptionError('buildVocab', `minCount must be a number ≥ 0, got ${show(minCount)}`);
  if (!Number.isInteger(maxSize) || maxSize < 2) throw new OptionError('buildVocab', `maxSize must be an integer ≥ 2 (room for <pad> and <unk>), got ${maxSize}`);
  const counts = new Map<string, number>();
  for (const d of docs) for (const t of d) counts.set(t, (counts.get(t) ?? 0) + 1);
  const kept = [...counts].filter(([, c]) => c >= minCount).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, maxSize - 2).map(([w]) => w);
  const words = ['<pad>', '<unk>', ...kept];
  return { words, index: new Map(words.map((w, i) => [w, i])) };
};

/** Token ids (unknown words → 1), at most `maxLen` of them. */
export const encodeTokens = (tokens: readonly string[], vocab: Vocab, maxLen = Infinity): Int32Array =>
  Int32Array.from(tokens.slice(0, maxLen), (t) => vocab.index.get(t) ?? 1);

/**
 * FNV-1a followed by MurmurHash3's 32-bit finaliser: a fixed hash, so the split depends neither on
 * the machine nor on the order of loading. FNV-1a alone barely mixes the last characters (ids
 * 00001 … 00009 hash to neighbouring values), which would hold out runs of consecutive messages.
 */
const idHash = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193); }
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
  return h >>> 0;
};

/**
 * The fixed split: within each group, messages ordered by the hash of their id (`group/number`),
 * the first `testFraction` (rounded) go to test. Stratified by group (so by label), the same
 * everywhere; indices into `messages`, ascending.
 */
export const spamSplit = (messages: readonly SpamMessage[], testFraction = 0.2): { train: number[]; test: number[] } => {
  if (!(testFraction > 0 && testFraction < 1)) throw new OptionError('spamSplit', `testFraction must be in (0, 1), got ${testFraction}`);
  const groups = new Map<string, number[]>();
  for (let i = 0; i < messages.length; i++) {
    const g = groups.get(messages[i].group);
    if (g) g.push(i); else groups.set(messages[i].group, [i]);
  }
  const hash = messages.map((m) => idHash(m.id));
  const train: number[] = [], test: number[] = [];
  for (const idx of groups.values()) {
    const ordered = [...idx].sort((a, b) => hash[a] - hash[b] || a - b);
    const k = Math.round(ordered.length * testFraction);
    test.push(...ordered.slice(0, k));
    train.push(...ordered.slice(k));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
};
