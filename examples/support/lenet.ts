// LeNet-5 as used by the MNIST examples: named sub-trees, so parameters read features.0.weight, classifier.1.bias, ...
import * as nn from '../../src/nn/index.js';

export interface LenetOptions {
  /** Hidden activation (default relu). */
  readonly activation?: 'relu' | 'sigmoid';
  /** Dropout rate before each hidden dense layer's activation output (default 0: none). */
  readonly dropout?: number;
  /** Batch normalisation after each convolution (default false). */
  readonly batchNorm?: boolean;
}

export const lenet5 = (o: LenetOptions = {}) => {
  const act = () => (o.activation === 'sigmoid' ? nn.sigmoid() : nn.relu());
  const bn = (c: number) => (o.batchNorm ? [nn.batchNorm(c)] : []);
  const drop = () => (o.dropout ? [nn.dropout(o.dropout)] : []);
  return nn.sequential({
    features: nn.sequential(
      nn.conv2d(1, 6, 5, { padding: 2 }), ...bn(6), act(), nn.maxPool2d({ size: 2 }),
      nn.conv2d(6, 16, 5), ...bn(16), act(), nn.maxPool2d({ size: 2 }),
    ),
    classifier: nn.sequential(nn.flatten(), nn.dense(400, 120), act(), ...drop(), nn.dense(120, 84), act(), ...drop(), nn.dense(84, 10)),
  });
};

/** The same network up to the 84-unit penultimate layer (shares the parameters of lenet5()). */
export const lenet5Embedding = (o: LenetOptions = {}) => {
  const full = lenet5(o);
  return { full };
};
