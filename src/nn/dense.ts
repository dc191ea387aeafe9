import { ShapeError } from '../shape/errors.js';
import { checkBoolean, checkOptions } from '../shape/options.js';
import { checkFunctionOption, checkParamSize, checkSize } from './args.js';
import { checkShape, type Shape } from '../shape/shape.js';
import { split } from '../random/key.js';
import { add, matmul } from '../ops/index.js';
import type { Tensor } from '../tensor/tensor.js';
import { lecunUniform, type Initializer } from './init.js';
import type { Layer } from './layer.js';

export interface DenseOptions {
  readonly bias?: boolean;
  /** Weight initialiser (default: PyTorch's uniform ±1/√in). */
  readonly init?: Initializer;
  readonly biasInit?: Initializer;
}

/** y = x Wᵀ + b with W [out, in]: [B, in] → [B, out]. */
export const dense = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: DenseOptions = {}): Layer<[In], [Out]> => {
  checkSize('dense', 'inFeatures', inFeatures, 0);
  checkSize('dense', 'outFeatures', outFeatures, 0);
  checkOptions('dense', o, ['bias', 'init', 'biasInit']);
  checkBoolean('dense', 'bias', o.bias);
  checkFunctionOption('dense', 'init', o.init);
  checkFunctionOption('dense', 'biasInit', o.biasInit);
  checkParamSize('dense', [outFeatures, inFeatures]);
  return denseLayer(inFeatures, outFeatures, o);
};

const denseLayer = <In extends number, Out extends number>(inFeatures: In, outFeatures: Out, o: DenseOptions): Layer<[In], [Out]> => ({
  kind: 'dense',
  init: (k, s: Shape) => {
    checkShape('dense', s);
    if (s.length !== 1 || s[0] !== inFeatures) throw new ShapeError('dense', 'input', s, `must be [${inFeatures}] per example (flatten first?)`);
    const [kw, kb] = split(k);
    const params = { weight: (o.init ?? lecunUniform())(kw, [outFeatures, inFeatures]), ...(o.bias === false ? {} : { bias: (o.biasInit ?? lecunUniform(inFeatures))(kb, [outFeatures]) }) };
    return { params, state: {}, outputShape: [outFeatures] };
  },
  apply: (p, st, x) => {
    const y = matmul(x as Tensor<[number, number]>, p.weight as Tensor<[number, number]>, { transposeB: true });
    return { y: p.bias ? add(y, p.bias as Tensor) : y, state: st };
  },
});
