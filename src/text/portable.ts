// nn-ts/text anywhere (the browser entry): tokens, a count-sorted vocabulary, word2vec's
// frequent-word subsampling, and the Brown tag set and parser. index.ts adds loading the tagged
// corpus from its installed package (Node).
export { tokenize, sentences, type TokenizeOptions } from './tokenize.js';
export { END_OF_LINE, withEndOfLine } from './end-of-line.js';
export { buildVocabulary, type Vocabulary, type VocabularyOptions } from './vocabulary.js';
export { keepProbabilities, subsample, subsampleAll, SUBSAMPLE_THRESHOLD, type SubsampleRule } from './subsample.js';
export {
  parseBrownTagged, baseTag, coarseTag,
  type BrownDocument, type BrownSentenceOptions, type TaggedSentence, type CoarseTag,
} from '../data/brown-tags.js';
