// nn-ts/embeddings anywhere (the browser entry): the trainers (word2vec, doc2vec, fastText,
// sent2vec, StarSpace, graph2vec, the skip-gram behind node2vec and DeepWalk), their evaluations,
// and the vector formats as text and bytes. index.ts adds vector files (Node).
export { trainSkipGram, type SkipGram, type SkipGramOptions, type SkipGramProgress } from './skip-gram.js';
export { sgnsLoss, sgnsBatch, sgnsLabels, type SgnsBatch, type SkipGramParams } from './sgns-loss.js';
export { noiseDistribution, sampleNoise, NOISE_POWER, type NoiseDistribution } from './noise.js';
export { corpus, tokenCounts, type Corpus } from './corpus.js';
export { planPairs, pairBatches, batchCount, type PairPlan, type PairBatch, type PairOptions } from './pairs.js';
export { fitLinearProbe, type LinearProbe, type ProbeOptions } from './probe.js';
export { holdOutEdges, dotScores, cosineScores, rocAuc, type EdgeSplit, type HoldOutOptions, type NodePairs } from './link-prediction.js';
export { cosineSimilarities } from './similarity.js';
export { word2vecText } from './word2vec-text.js';
export { wordVectors, indexOf, type WordVectors } from './vectors.js';
export { float32Text } from './float32-text.js';
export {
  writeWord2vecText, readWord2vecText, writeWord2vecBinary, readWord2vecBinary, writeFastTextVec, readFastTextVec,
  type TextFormatOptions, type BinaryFormatOptions,
} from './vector-formats.js';
export { vectorsProblemText, type VectorFormat, type BadVectors, type FileUnwritable, type LoadVectorsProblem } from './vector-problems.js';
export {
  nearestNeighbours, analogy, wordSimilarity,
  type Neighbour, type NeighbourOptions, type AnalogyMethod, type AnalogyOptions, type AnalogyAnswer,
} from './queries.js';
export { spearman, pearson, averageRanks, evaluateWordPairs, type WordPair, type WordPairsOptions, type WordPairsResult } from './word-similarity.js';
export { trainWord2vec, type Word2vec, type Word2vecOptions, type Word2vecProgress } from './word2vec.js';
export { trainDoc2vec, inferDoc2vec, type Doc2vec, type Doc2vecOptions, type Doc2vecMode, type InferOptions } from './doc2vec.js';
export { graph2vec, inferGraph2vec, type Graph2vec, type Graph2vecOptions } from './graph2vec.js';
export { posAgreement, majorityTags, type PosAgreement, type PosAgreementOptions, type TagAgreement, type MajorityTagOptions } from './pos-agreement.js';
export { pca2 } from './pca.js';
export { trainFastText, fastTextLookup, type FastText, type FastTextOptions } from './fasttext.js';
export { subwordBuckets, subwordStrings, fnv1a } from './subwords.js';
export {
  trainStarSpace, embed, embedBags, rank,
  type StarSpace, type StarSpaceOptions, type StarSpacePair, type StarSpaceProgress, type StarSpaceSimilarity, type Ranking,
} from './starspace.js';
export { trainFastTextClassifier, fastTextProbabilities, predictFastText, type FastTextClassifier, type FastTextClassifierOptions, type FastTextExample } from './fasttext-classifier.js';
export { trainSent2vec, sentenceVector, sentenceVectors, SENT2VEC_NOISE_POWER, SENT2VEC_SAMPLE, type Sent2vec, type Sent2vecOptions } from './sent2vec.js';
export { ngramBucket, NGRAM_MULTIPLIER } from './word-ngrams.js';
