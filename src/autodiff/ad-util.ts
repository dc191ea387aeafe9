// The tensor arithmetic the autodiff core needs for itself, kept here below the ops (as JAX's
// ad_util owns add_jaxvals): the ops import this module, so grad.ts never imports an op and the
// ops can use stopGradient without importing grad.ts.
import { binaryExpr, broadcastSource } from '../backend/gpujs/kernels/elementwise.js';
import { ArgumentError, ShapeError } from '../shape/errors.js';
import { describe } from '../shape/options.js';
import { fmt, sameShape } from '../shape/shape.js';
import { Tensor, rawOf } from '../tensor/tensor.js';
import { launch } from '../ops/launch.js';
import { activeBackend } from '../backend/select.js';
import { fromStorage } from '../tensor/create.js';
import { definePrimitive } from './primitive.js';

// Two cotangents of one value always have its shape, so this add never broadcasts and its
// pullback needs no sumTo. On equal shapes its kernel source is add's, so the two share a compile.
const addAnyPrim = definePrimitive<void>({
  name: 'addAny',
  shape: ([a, b]) => {
    if (!sameShape(a, b)) throw new ShapeError('addAny', 'b', b, `must have the shape of a, ${fmt(a)}`);
    return a;
  },
  forward: ([a, b], _p, shape) => {
    // the backend's native add where it has one (the same f32 sum as the kernel's)
    const native = activeBackend().binary?.('add', a.storage!, b.storage!, a.shape, b.shape, shape);
    return native ? fromStorage(shape, native) : launch('addAny', broadcastSource(binaryExpr.add, [a.shape, b.shape], shape), [a, b], shape);
  },
  vjp: (g) => [g, g],
});

/** @internal a + b for two cotangents of the same value (equal shapes; differentiable again). */
export const addAny = (a: Tensor, b: Tensor): Tensor => addAnyPrim([a, b], undefined);

/** The same values, seen as a constant by every enclosing `grad` / `vjp`. */
export const stopGradient = <S extends readonly number[]>(x: Tensor<S>): Tensor<S> => {
  if (!(x instanceof Tensor)) throw new ArgumentError('stopGradient', 'x', `must be a Tensor, got ${describe(x)}`);
  return rawOf(x);
};
