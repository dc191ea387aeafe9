// Must-pass snippets: the inferred literal shapes.
import { add, conv2d, matmul, maxPool2d, reshape, sum, transpose, zeros, type Tensor } from '../../src/index.js';

const a = zeros([2, 3]);
const c = zeros([3, 4]);
export const m: Tensor<[2, 4]> = matmul(a, c);
export const bm: Tensor<[8, 2, 4]> = matmul(zeros([8, 2, 3]), zeros([8, 3, 4]));
export const s: Tensor<[5, 2, 3]> = add(zeros([5, 2, 3]), zeros([2, 1]));
export const r: Tensor<[6]> = reshape(a, [6]);
export const t: Tensor<[3, 2]> = transpose(a);
const y = conv2d(zeros([32, 1, 28, 28]), zeros([6, 1, 5, 5]), { padding: 2 });
export const yy: Tensor<[32, 6, 28, 28]> = y;
export const pp: Tensor<[32, 6, 14, 14]> = maxPool2d(y, { size: 2 });
export const v: Tensor<[32, 16, 10, 10]> = conv2d(zeros([32, 6, 14, 14]), zeros([16, 6, 5, 5]));
export const same: Tensor<[32, 64, 14, 14]> = conv2d(zeros([32, 32, 14, 14]), zeros([64, 32, 3, 3]), { padding: 'same' });
export const red: Tensor<[2]> = sum(a, 1);
export const keep: Tensor<[2, 1]> = sum(a, 1, true);
// Sizes known only at run time are `number` and checked when the op runs.
declare const n: number;
export const dyn: Tensor<[number, 4]> = matmul(zeros([n, 3]), c);
