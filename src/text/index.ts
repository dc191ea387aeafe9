// The text pipeline for word embeddings: tokens, a count-sorted vocabulary, word2vec's frequent-word
// subsampling, and the tagged Brown corpus (for part-of-speech checks of the embeddings). On Node:
// the portable part (portable.ts) and the corpus loader.
export * from './portable.js';
export { loadBrownSentences, loadBrownSentencesEither } from '../data/brown-tagged.js';
