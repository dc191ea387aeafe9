// Sparse message passing: CSR matrices, sparse × dense products and segment reductions.
export type { CsrStructure, CsrMatrix, CsrTranspose } from './structure.js';
export { csrFromCoo, transposeCsr } from './csr.js';
export { spmm, sddmm } from './spmm.js';
export { segmentSum, segmentMean, segmentMax, offsetsFromBatch } from './segment.js';
