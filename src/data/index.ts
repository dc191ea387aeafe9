// Datasets, batching and augmentation. On Node: the portable part (portable.ts) and the loaders
// that read files and installed data packages (optional: each says how to install it when missing).
export * from './portable.js';
export { loadMnist, loadMnistEither, type LoadMnistOptions } from './mnist.js';
export { loadBrown, loadBrownEither } from './brown.js';
export { loadSpamAssassin, loadSpamAssassinEither } from './spam.js';
export { loadWordSim353, loadWordSim353Either, WORDSIM353_COUNTS } from './wordsim.js';
export { loadMr, loadMrEither, loadSst2, loadSst2Either, MR_COUNTS, SST2_COUNTS, type LabelledSentence, type SentenceCounts, type Mr, type Sst2 } from './sentences.js';
export { loadFashionMnist, loadFashionMnistEither, FASHION_MNIST_DIR, FASHION_MNIST_CLASSES, type FashionMnist, type LoadFashionMnistOptions } from './fashion-mnist.js';
export { readIdx, decodeIdx, type IdxArray } from './idx.js';
export { loadFsdd, loadFsddEither, fsddOfficialSplit, leaveOneSpeakerOut, FSDD_COUNTS, FSDD_SPEAKERS, type Fsdd, type FsddRecording, type FsddSpeaker, type FsddSplit } from './fsdd.js';
