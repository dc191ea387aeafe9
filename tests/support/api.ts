// The public API as the tests use it, plus `sin`/`cos`: a user-defined primitive pair written only
// with the public `definePrimitive` (the README shows the same pattern).
import { definePrimitive, mul, neg, tensor, toArray, type Tensor } from '../../src/index.js';

export * from '../../src/index.js';

const hostMap = (x: Tensor, fn: (v: number) => number) => tensor(toArray(x).map(fn), x.shape);

const sinP = definePrimitive<void>({
  name: 'user.sin',
  shape: ([s]) => s,
  forward: ([x]) => hostMap(x, Math.sin),
  vjp: (g, [x]) => [mul(g, cos(x))],
});
const cosP = definePrimitive<void>({
  name: 'user.cos',
  shape: ([s]) => s,
  forward: ([x]) => hostMap(x, Math.cos),
  vjp: (g, [x]) => [mul(g, neg(sin(x)))],
});
export const sin = (x: Tensor): Tensor => sinP([x], undefined);
export const cos = (x: Tensor): Tensor => cosP([x], undefined);
