// Embeddings from integer sequences: a skip-gram trainer with negative sampling (word2vec's SGNS)
// — node2vec and DeepWalk are this trainer on `randomWalks` — and the evaluations of node
// embeddings: a linear probe, link prediction by held-out edges and ROC-AUC, cosine similarity,
// and word2vec's text format. On Node: the portable part (portable.ts) and vector files.
export * from './portable.js';
export { saveWordVectors, loadWordVectors, type SaveVectorsOptions } from './vector-files.js';
