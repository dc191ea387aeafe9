// Node-feature matrices from JSON rows (dense, or the active ids of a binary bag of words, as Cora
// stores them), and the row normalisation GCN applies to them.
import * as E from 'fp-ts/lib/Either.js';
import { checkTensorSize } from '../backend/limits.js';
import { describeCause } from '../io/cause.js';
import { div, equal, where } from '../ops/elementwise.js';
import { checkTensor } from '../ops/launch.js';
import { sum } from '../ops/reduce.js';
import { ShapeError } from '../shape/errors.js';
import { tensor } from '../tensor/create.js';
import { fieldProblem, type FieldProblem } from './checks.js';
import { asFeatures, type NodeFeatures } from './graph.js';

/** A `[rows, columns]` tensor from row-major data, or a problem when it cannot be made (over the size limit). */
const matrix = (field: string, data: () => Float32Array, rows: number, columns: number): E.Either<FieldProblem, NodeFeatures> =>
  E.tryCatch(() => {
    checkTensorSize('decodeGraph', rows * columns, [rows, columns]); // before allocating
    return tensor(data(), [rows, columns]);
  }, (e) => fieldProblem(field, `cannot be made into a [${rows}, ${columns}] tensor: ${describeCause(e)}`));

const rowCount = (field: string, rows: readonly unknown[], nodeCount: number): E.Either<FieldProblem, void> =>
  rows.length === nodeCount ? E.right(undefined) : E.left(fieldProblem(field, `has ${rows.length} rows but nodeCount is ${nodeCount}: one row per node`));

/** Dense rows of equal length: `[nodeCount, F]`. */
export function denseFeatures(field: string, rows: readonly (readonly number[])[], nodeCount: number): E.Either<FieldProblem, NodeFeatures> {
  const counted = rowCount(field, rows, nodeCount);
  if (E.isLeft(counted)) return counted;
  const width = rows[0]?.length ?? 0;
  const short = rows.findIndex((r) => r.length !== width);
  if (short >= 0) return E.left(fieldProblem(`${field}[${short}]`, `has ${rows[short].length} values but ${field}[0] has ${width}: every row needs the same number`));
  return matrix(field, () => {
    const out = new Float32Array(nodeCount * width);
    rows.forEach((r, i) => out.set(r, i * width));
    return out;
  }, nodeCount, width);
}

/** Rows listing the ids (in [0, featureCount)) of the features that are 1: a binary `[nodeCount, featureCount]`. */
export function activeFeatures(field: string, rows: readonly (readonly number[])[], nodeCount: number, featureCount: number): E.Either<FieldProblem, NodeFeatures> {
  const counted = rowCount(field, rows, nodeCount);
  if (E.isLeft(counted)) return counted;
  for (let i = 0; i < rows.length; i++) {
    const bad = rows[i].findIndex((f) => !Number.isInteger(f) || f < 0 || f >= featureCount);
    if (bad >= 0) return E.left(fieldProblem(`${field}[${i}][${bad}]`, `is ${rows[i][bad]}, not a feature id in [0, ${featureCount}) (with featureCount, rows list the ids of the active features)`));
  }
  return matrix(field, () => {
    const out = new Float32Array(nodeCount * featureCount);
    rows.forEach((r, i) => { for (const f of r) out[i * featureCount + f] = 1; });
    return out;
  }, nodeCount, featureCount);
}

/**
 * Each row divided by its sum, so a node's features sum to 1 (GCN's preprocessing of bag-of-words
 * features); a row summing to 0 stays 0. For non-negative features. Differentiable.
 */
export function rowNormalize(x: NodeFeatures): NodeFeatures {
  checkTensor('rowNormalize', 'x', x);
  if (x.rank !== 2) throw new ShapeError('rowNormalize', 'x', x.shape, 'must be a matrix [nodes, features]');
  const sums = sum(x, [1], true);
  return asFeatures('rowNormalize', div(x, where(equal(sums, 0), 1, sums)));
}
