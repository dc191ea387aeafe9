import { ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions } from '../shape/options.js';
import { checkFunctionOption, checkParamSize, checkSize } from './args.js';
import { checkShape } from '../shape/shape.js';
import { split } from '../random/key.js';
import { add, matmul } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { lecunUniform, type Initializer } from './init.js';
import type { Empty, Layer } from './layer.js';
import { initialized, withShape } from './typed.js';
import { checkTensor } from '../ops/launch.js';

export interface DenseOptions {
  readonly bias?: boolean;
  /** Weight initialiser (default: PyTorch's uniform ±1/√in). */
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}

/** Dense parameters: weight [out, in] and (unless `bias: false`) bias [out]. */
export type DenseParams<In extends number = number, Out extends number = number> = { readonly weight: Tensor<readonly [Out, In]>; readonly bias?: Tensor<readonly [Out]> };

export type DenseLayer<In extends number = number, Out extends number = number> = Layer<DenseParams<In, Out>, Empty, Tensor<readonly [number, In]>, Tensor<readonly [number, Out]>>;

/** y = x Wᵀ + b with W [out, in]: [B, in] → [B, out]. */
export const dense = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: DenseOptions = {}): DenseLayer<In, Out> => {
  checkSize('dense', 'inFeatures', inFeatures, 0);
  checkSize('dense', 'outFeatures', outFeatures, 0);
  checkOptions('dense', o, ['bias', 'init', 'biasInit']);
  checkBoolean('dense', 'bias', o.bias);
  checkFunctionOption('dense', 'init', o.init);
  checkFunctionOption('dense', 'biasInit', o.biasInit);
  checkParamSize('dense', [outFeatures, inFeatures]);
  return denseLayer(inFeatures, outFeatures, o);
};

const denseLayer = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: DenseOptions): DenseLayer<In, Out> => ({
  kind: 'dense',
  init: (k, s) => {
    checkShape('dense', s);
    if (s.length !== 1 || s[0] !== inFeatures) throw new ShapeError('dense', 'input', s, `must be [${inFeatures}] per example (flatten first?)`);
    const [kw, kb] = split(k);
    // initialisers are user functions: their results are checked, and so typed
    const weight = initialized('dense', 'weight', (o.init ?? lecunUniform())(kw, [outFeatures, inFeatures]), [outFeatures, inFeatures]);
    const params: DenseParams<In, Out> = o.bias === false ? { weight } : { weight, bias: initialized('dense', 'bias', (o.biasInit ?? lecunUniform(inFeatures))(kb, [outFeatures]), [outFeatures]) };
    return { params, state: {}, outputShape: [outFeatures] };
  },
  apply: (p, st, x) => {
    checkTensor('dense', 'x', x);
    const xs: Tensor = x, w: Tensor = p.weight; // the sizes are checked at run time (literal types cannot be multiplied out here)
    const y = matmul(xs, w, { transposeB: true });
    return { y: withShape('dense', p.bias ? add(y, p.bias) : y, [x.shape[0], outFeatures]), state: st };
  },
});
