// Fashion-MNIST (Zalando: 28×28 grey images of ten kinds of clothing, 60,000 train / 10,000 test)
// from its four IDX files, by default where Debian's `dataset-fashion-mnist` package installs them.
// Missing files answer Left(DatasetMissing) saying how to get them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import { badData, datasetMissing, type DatasetProblem } from '../io/problems.js';
import { OptionError } from '../shape/errors.js';
import { checkOptions, describe } from '../shape/options.js';
import { fromHost } from '../tensor/create.js';
import { toDataError, type DataError } from './errors.js';
import { readIdx, type IdxArray } from './idx.js';
import { checkLimit, type ImageSet } from './mnist-split.js';

/** Where Debian's `dataset-fashion-mnist` puts the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';
/** The ten classes, in label order. */
export const FASHION_MNIST_CLASSES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'] as const;
const COUNTS = { train: 60000, t10k: 10000 } as const;
const HOW_TO_GET = 'install it with `apt-get install dataset-fashion-mnist` (Debian/Ubuntu), or download the four *-ubyte.gz files from github.com/zalandoresearch/fashion-mnist into one folder and pass it as `dir`';

export interface FashionMnist {
  /** 60,000 images (or the first `limit`), pixels in [0, 1]. */
  readonly train: ImageSet;
  /** 10,000 images (or the first `limit`). */
  readonly test: ImageSet;
}

export interface LoadFashionMnistOptions {
  /** The folder holding `{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz`. Default FASHION_MNIST_DIR. */
  readonly dir?: string;
  /** Keep only the first `limit` images of each split (the files are checked whole first). */
  readonly limit?: number;
}

const fileOf = (dir: string, part: 'train' | 't10k', kind: 'images-idx3' | 'labels-idx1') => join(dir, `${part}-${kind}-ubyte.gz`);

const checkDims = (file: string, a: IdxArray, want: readonly number[]): E.Either<DatasetProblem, IdxArray> =>
  a.type === 'uint8' && a.dims.length === want.length && a.dims.every((d, i) => d === want[i])
    ? E.right(a)
    : E.left(badData(file, `holds ${a.type} [${a.dims.join(', ')}] where Fashion-MNIST has uint8 [${want.join(', ')}]`));

const readSplit = (dir: string, part: 'train' | 't10k', limit: number): E.Either<DatasetProblem, ImageSet> => {
  const n = COUNTS[part], imagesFile = fileOf(dir, part, 'images-idx3'), labelsFile = fileOf(dir, part, 'labels-idx1');
  return pipe(
    E.Do,
    E.bind('images', () => pipe(readIdx(imagesFile), E.chain((a) => checkDims(imagesFile, a, [n, 28, 28])))),
    E.bind('labels', () => pipe(readIdx(labelsFile), E.chain((a) => checkDims(labelsFile, a, [n])))),
    E.chain(({ images, labels }) => {
      const bad = labels.data.findIndex((l) => l > 9);
      if (bad >= 0) return E.left(badData(labelsFile, `label ${bad} is ${labels.data[bad]}, not a class 0–9`));
      const count = Math.min(n, limit), px = new Float32Array(count * 784);
      for (let i = 0; i < px.length; i++) px[i] = images.data[i] / 255;
      return E.right({ images: fromHost(px, [count, 1, 28, 28]), labels: Int32Array.from(labels.data.subarray(0, count)), count });
    }),
  );
};

/** `loadFashionMnist` with the boundary problem itself as the Left, to branch on its `_tag`. */
export const loadFashionMnistEither = (options: LoadFashionMnistOptions = {}): E.Either<DatasetProblem, FashionMnist> => {
  checkOptions('loadFashionMnist', options, ['dir', 'limit']);
  if (options.dir !== undefined && typeof options.dir !== 'string') throw new OptionError('loadFashionMnist', `dir must be a folder path, got ${describe(options.dir)}`);
  const limit = checkLimit('loadFashionMnist', options.limit);
  const dir = options.dir ?? FASHION_MNIST_DIR;
  const absent = (['train', 't10k'] as const).flatMap((p) => [fileOf(dir, p, 'images-idx3'), fileOf(dir, p, 'labels-idx1')]).filter((f) => !existsSync(f));
  if (absent.length) return E.left(datasetMissing(dir, `Fashion-MNIST is not there (missing ${absent.map((f) => f.slice(dir.length + 1)).join(', ')}): ${HOW_TO_GET}`));
  return pipe(
    E.Do,
    E.bind('train', () => readSplit(dir, 'train', limit)),
    E.bind('test', () => readSplit(dir, 't10k', limit)),
  );
};

/**
 * Fashion-MNIST: images [count, 1, 28, 28] in [0, 1] and labels 0–9 (see FASHION_MNIST_CLASSES),
 * the full 60,000/10,000 split checked. Left(DataError) when the files are missing (saying how to
 * get them) or malformed (naming the file).
 */
export const loadFashionMnist = (options: LoadFashionMnistOptions = {}): E.Either<DataError, FashionMnist> =>
  pipe(loadFashionMnistEither(options), E.mapLeft(toDataError));
