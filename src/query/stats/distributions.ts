// The distributions the statistics need, from jstat (a maintained library; no hand-written CDFs).
// Tail probabilities are computed on the tail side so small p-values keep their precision.

import jStat from 'jstat';

export const normal = {
  pdf: (x: number, mean = 0, sd = 1): number => jStat.normal.pdf(x, mean, sd),
  cdf: (x: number, mean = 0, sd = 1): number => jStat.normal.cdf(x, mean, sd),
  /** the quantile: x with P(X <= x) = p */
  inv: (p: number, mean = 0, sd = 1): number => jStat.normal.inv(p, mean, sd),
  /** P(|Z| >= |z|) for a standard normal Z */
  twoSidedP: (z: number): number => Math.min(1, jStat.erfc(Math.abs(z) / Math.SQRT2)),
};

export const studentT = {
  cdf: (x: number, df: number): number => jStat.studentt.cdf(x, df),
  inv: (p: number, df: number): number => jStat.studentt.inv(p, df),
  /** P(|T| >= |t|) with `df` degrees of freedom */
  twoSidedP: (t: number, df: number): number => Math.min(1, 2 * jStat.studentt.cdf(-Math.abs(t), df)),
};

export const chiSquare = {
  cdf: (x: number, df: number): number => jStat.chisquare.cdf(x, df),
  /** P(X >= x) */
  upperP: (x: number, df: number): number => (x <= 0 ? 1 : Math.max(0, 1 - jStat.chisquare.cdf(x, df))),
};

export const betaDist = {
  pdf: (x: number, a: number, b: number): number => jStat.beta.pdf(x, a, b),
  cdf: (x: number, a: number, b: number): number => jStat.beta.cdf(x, a, b),
  inv: (p: number, a: number, b: number): number => jStat.beta.inv(p, a, b),
};

export const betaln = (a: number, b: number): number => jStat.betaln(a, b);
