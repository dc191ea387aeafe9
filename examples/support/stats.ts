// Summaries of repeated runs (seeds, folds): the mean and the sample standard deviation.
export const meanStd = (v: readonly number[]): { mean: number; std: number } => {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return { mean, std: Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, v.length - 1)) };
};
