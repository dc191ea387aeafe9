// nn-ts/data anywhere (the browser entry): batching, augmentation, synthetic sequences and series,
// and the parts of the data sets that need no files (MNIST's split from its JSON, Brown and Spam
// Assassin text processing). index.ts adds the loaders that read installed packages (Node).
export { DataError, toDataError } from './errors.js';
export {
  mnistFromJson, normalizeMnist, stratifiedSplitCounts, MNIST_SPLIT, MNIST_MEAN, MNIST_STD,
  type ImageSet, type Mnist, type MnistSplit, type MnistStats,
} from './mnist-split.js';
export { shuffledIndices, batchIndices, takeRows, oneHot, type Batch, type BatchIndicesOptions } from './batches.js';
export {
  randomShift, randomCrop, randomFlip, randomRotate, gaussianNoise, compose, withOptions,
  shiftImages, flipImages, rotateImages,
  type Augmentation, type RandomShiftOptions, type RandomCropOptions, type RandomFlipOptions,
  type RandomRotateOptions, type GaussianNoiseOptions,
} from './augment.js';
export { addingProblem } from './sequences.js';
export { seasonalSeries, forecastWindows, seasonalNaive, type SeasonalSeriesOptions, type ForecastWindowOptions } from './series.js';
export { untagBrown, type BrownText } from './brown-text.js';
export { parseMessage, cleanBody, tokenize, buildVocab, encodeTokens, spamSplit, type SpamMessage, type Vocab } from './spam-text.js';
export { patchPairs, gridPatches, RELATIVE_POSITIONS, type PatchGridOptions, type PatchPairs } from './patch-pairs.js';
