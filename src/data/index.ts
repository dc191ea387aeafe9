// Datasets, batching and augmentation.
export { DataError, toDataError } from './errors.js';
export {
  loadMnist, loadMnistEither, normalizeMnist, stratifiedSplitCounts, MNIST_SPLIT, MNIST_MEAN, MNIST_STD,
  type ImageSet, type Mnist, type MnistSplit, type MnistStats, type LoadMnistOptions,
} from './mnist.js';
export { shuffledIndices, batchIndices, takeRows, oneHot, type Batch, type BatchIndicesOptions } from './batches.js';
export {
  randomShift, randomCrop, randomFlip, randomRotate, gaussianNoise, compose, withOptions,
  shiftImages, flipImages, rotateImages,
  type Augmentation, type RandomShiftOptions, type RandomCropOptions, type RandomFlipOptions,
  type RandomRotateOptions, type GaussianNoiseOptions,
} from './augment.js';
export { addingProblem } from './sequences.js';
export { seasonalSeries, forecastWindows, seasonalNaive, type SeasonalSeriesOptions, type ForecastWindowOptions } from './series.js';
export { loadBrown, loadBrownEither, untagBrown, type BrownText } from './brown.js';
export { loadSpamAssassin, loadSpamAssassinEither, parseMessage, cleanBody, tokenize, buildVocab, encodeTokens, spamSplit, type SpamMessage, type Vocab } from './spam.js';
export { loadWordSim353, loadWordSim353Either, WORDSIM353_COUNTS } from './wordsim.js';
export { loadMr, loadMrEither, loadSst2, loadSst2Either, MR_COUNTS, SST2_COUNTS, type LabelledSentence, type SentenceCounts, type Mr, type Sst2 } from './sentences.js';
