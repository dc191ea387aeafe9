// The text pipeline for word embeddings: tokens, a count-sorted vocabulary, word2vec's frequent-word
// subsampling, and the tagged Brown corpus (for part-of-speech checks of the embeddings).
export { tokenize, sentences, type TokenizeOptions } from './tokenize.js';
export { buildVocabulary, type Vocabulary, type VocabularyOptions } from './vocabulary.js';
export { keepProbabilities, subsample, subsampleAll, SUBSAMPLE_THRESHOLD, type SubsampleRule } from './subsample.js';
export {
  loadBrownSentences, loadBrownSentencesEither, parseBrownTagged, baseTag, coarseTag,
  type BrownDocument, type BrownSentenceOptions, type TaggedSentence, type CoarseTag,
} from '../data/brown-tagged.js';
