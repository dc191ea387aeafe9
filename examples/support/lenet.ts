// LeNet-5 as used by the MNIST examples: named sub-trees, so parameters read features.0.weight, classifier.1.bias, ...
import * as nn from '../../src/nn/index.js';

export interface LenetOptions {
  /** Hidden activation (default relu). */
  readonly activation?: 'relu' | 'sigmoid';
  /** Dropout rate after each hidden dense layer's activation (default 0: none). */
  readonly dropout?: number;
  /** Batch normalisation after each convolution (default false). */
  readonly batchNorm?: boolean;
}

const parts = (o: LenetOptions) => {
  const act = () => (o.activation === 'sigmoid' ? nn.sigmoid() : nn.relu());
  const bn = (c: number) => (o.batchNorm ? [nn.batchNorm(c)] : []);
  const drop = () => (o.dropout ? [nn.dropout(o.dropout)] : []);
  const features = nn.sequential(
    nn.conv2d(1, 6, 5, { padding: 2 }), ...bn(6), act(), nn.maxPool2d({ size: 2 }),
    nn.conv2d(6, 16, 5), ...bn(16), act(), nn.maxPool2d({ size: 2 }),
  );
  const hidden: nn.AnyLayer[] = [nn.flatten(), nn.dense(400, 120), act(), ...drop(), nn.dense(120, 84), act(), ...drop()];
  return { features, hidden };
};

// The plain network, spelled out so its parameter types are literal: features[0].weight is a Tensor<[6, 1, 5, 5]>.
const plainFeatures = () => nn.sequential(
  nn.conv2d(1, 6, 5, { padding: 2 }), nn.relu(), nn.maxPool2d({ size: 2 }),
  nn.conv2d(6, 16, 5), nn.relu(), nn.maxPool2d({ size: 2 }),
);
const plainHidden = () => [nn.flatten(), nn.dense(400, 120), nn.relu(), nn.dense(120, 84), nn.relu()] as const;
const plain = () => nn.sequential({ features: plainFeatures(), classifier: nn.sequential(...plainHidden(), nn.dense(84, 10)) });
const plainEmbedding = () => nn.sequential({ features: plainFeatures(), classifier: nn.sequential(...plainHidden()) });

const hasOptions = (o: LenetOptions): boolean => Object.values(o).some((v) => v !== undefined);

/** conv 6@5×5 pad 2, pool, conv 16@5×5, pool, dense 120, 84, 10 (with options: the ablation's variants, typed as any layer). */
export function lenet5(): ReturnType<typeof plain>;
export function lenet5(o: LenetOptions): nn.Layer;
export function lenet5(o: LenetOptions = {}): nn.Layer {
  if (!hasOptions(o)) return plain();
  const { features, hidden } = parts(o);
  return nn.sequential({ features, classifier: nn.sequential(...hidden, nn.dense(84, 10)) });
}

/** The same network up to its 84-unit penultimate layer: takes lenet5()'s parameters as they are. */
export function lenet5Embedding(): ReturnType<typeof plainEmbedding>;
export function lenet5Embedding(o: LenetOptions): nn.Layer;
export function lenet5Embedding(o: LenetOptions = {}): nn.Layer {
  if (!hasOptions(o)) return plainEmbedding();
  const { features, hidden } = parts(o);
  return nn.sequential({ features, classifier: nn.sequential(...hidden) });
}
