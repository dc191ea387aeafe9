// Pearson's chi-square goodness-of-fit test for the sampler laws (walk transitions, noise draws).
// The tests use fixed keys, so a law that passes once passes always; α = 0.001 keeps a correct
// sampler from failing by bad luck with a key chosen later.

/** The upper 0.001 quantile of χ²(df), by Wilson & Hilferty's cube-root approximation (z = 3.0902). */
export const chiSquareCritical = (df: number): number => {
  const z = 3.0902, h = 2 / (9 * df);
  return df * (1 - h + z * Math.sqrt(h)) ** 3;
};

/** Σ (observed − expected)² / expected over the outcomes, and its degrees of freedom (outcomes − 1). */
export const chiSquare = (observed: ArrayLike<number>, probabilities: ArrayLike<number>): { statistic: number; df: number } => {
  const n = Array.from(observed).reduce((a, b) => a + b, 0);
  let statistic = 0, outcomes = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = n * probabilities[i];
    if (expected === 0) {
      if (observed[i] !== 0) return { statistic: Infinity, df: 1 }; // an impossible outcome happened
      continue;
    }
    statistic += (observed[i] - expected) ** 2 / expected;
    outcomes++;
  }
  return { statistic, df: Math.max(1, outcomes - 1) };
};

/** Several independent tests pooled: statistics and degrees of freedom add. */
export const pooled = (tests: readonly { statistic: number; df: number }[]): { statistic: number; df: number } =>
  tests.reduce((a, t) => ({ statistic: a.statistic + t.statistic, df: a.df + t.df }), { statistic: 0, df: 0 });
