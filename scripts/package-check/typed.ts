// A TypeScript user of the installed package, compiled with tsc --strict: literal shapes flow
// through the published declarations, and a literal shape mismatch is a compile error there too.
import { matmul, tensor, zeros, type Tensor } from 'nn-ts';
import * as nn from 'nn-ts/nn';
import { key } from 'nn-ts';

const a = tensor([1, 2, 3, 4, 5, 6], [2, 3]);
const c: Tensor<[2, 4]> = matmul(a, zeros([3, 4]));
// @ts-expect-error inner dimensions 3 vs 4: tsc reports an unused directive if this compiles
matmul(a, zeros([4, 5]));

const { params } = nn.dense(3, 2).init(key(0), [3]);
const w: Tensor<readonly [2, 3]> = params.weight;
export { c, w };
