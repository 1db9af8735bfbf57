// The Bayesian view of an experiment: the probability that each variant is the best one.
// Conversion: each variant's rate has the posterior Beta(1 + conversions, 1 + users - conversions)
// (uniform prior). Continuous metrics: each mean has the normal posterior N(mean, variance / n)
// (flat prior, large-sample). Then
//
//   P(i is best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx
//
// computed by numeric integration (composite Simpson's rule over the range holding all but ~1e-12
// of f_i's mass, split where the other posteriors' ranges begin and end so a narrow posterior's
// steep CDF is resolved), so the answer is deterministic — no random sampling.
//
// All variants share one grid (the pieces between every posterior's range ends, each cut into the
// same Simpson intervals), so each density and CDF is evaluated at most once per grid point and a
// variant's integral reuses the others' CDF values: k variants cost O(k²·steps) evaluations, not
// O(k³·steps). The work is bounded: the steps per piece shrink so that at most
// MAX_POSTERIOR_EVALUATIONS CDF values are needed, whatever the number of variants (Simpson's error
// then stays below 1e-6 on 20 variants, checked in test/query/stats/bayes.test.ts). This still
// takes tens to hundreds of milliseconds with many variants: callers on a server run it off the
// event loop (analysis-pool.ts).

import { betaDist, normal } from './distributions.ts';

export interface Posterior {
  pdf(x: number): number;
  cdf(x: number): number;
  /** an interval holding essentially all of the density */
  readonly support: readonly [number, number];
}

export function betaPosterior(conversions: number, users: number): Posterior {
  const a = 1 + conversions;
  const b = 1 + Math.max(0, users - conversions);
  const mean = a / (a + b);
  const sd = Math.sqrt((a * b) / ((a + b) ** 2 * (a + b + 1)));
  return {
    pdf: (x) => betaDist.pdf(x, a, b),
    cdf: (x) => betaDist.cdf(x, a, b),
    // kept off 0 and 1 exactly, where the density formula meets 0 · log 0
    support: [Math.max(1e-12, mean - 14 * sd), Math.min(1 - 1e-12, mean + 14 * sd)],
  };
}

export function normalPosterior(mean: number, variance: number, n: number): Posterior {
  const sd = n > 0 ? Math.sqrt(Math.max(variance, 0) / n) : 0;
  if (!(sd > 0)) {
    // a point mass: its "density" is handled by the integrator as a step in the others' CDFs
    return { pdf: () => 0, cdf: (x) => (x >= mean ? 1 : 0), support: [mean, mean] };
  }
  return { pdf: (x) => normal.pdf(x, mean, sd), cdf: (x) => normal.cdf(x, mean, sd), support: [mean - 10 * sd, mean + 10 * sd] };
}

/** Simpson intervals per piece of the range (even) when the budget allows */
const STEPS = 800;
/** at most this many CDF evaluations (grid points × posteriors) per call; fewer steps beyond it */
export const MAX_POSTERIOR_EVALUATIONS = 400_000;
/** never fewer Simpson intervals per piece than this (even) */
const MIN_STEPS = 64;

/** Simpson intervals per piece for `pieces` pieces and `k` posteriors within the budget (even) */
export function simpsonSteps(pieces: number, k: number, maxEvaluations = MAX_POSTERIOR_EVALUATIONS): number {
  const fit = Math.min(STEPS, Math.floor(maxEvaluations / Math.max(1, pieces * k)));
  return Math.max(MIN_STEPS, fit - (fit % 2));
}

/** P(variant i has the highest value), for each i; sums to 1 */
export function probabilityBest(posteriors: readonly Posterior[], maxEvaluations = MAX_POSTERIOR_EVALUATIONS): number[] {
  if (posteriors.length === 0) return [];
  if (posteriors.length === 1) return [1];
  const k = posteriors.length;
  // the shared grid: every range end, sorted; piece p is [cuts[p], cuts[p + 1]]
  const cuts = [...new Set(posteriors.flatMap((q) => q.support))].sort((a, b) => a - b);
  const steps = simpsonSteps(cuts.length - 1, k, maxEvaluations);
  const points = (cuts.length - 1) * steps + 1;
  const xs = new Float64Array(points);
  for (let p = 0; p + 1 < cuts.length; p++) {
    const [lo, hi] = [cuts[p], cuts[p + 1]];
    const h = (hi - lo) / steps;
    xs[p * steps] = lo;
    for (let m = 1; m < steps; m++) xs[p * steps + m] = lo + m * h;
  }
  xs[points - 1] = cuts[cuts.length - 1];
  // CDF values by posterior and grid point, computed on first use (NaN: not yet)
  const cdfs = posteriors.map(() => new Float64Array(points).fill(Number.NaN));
  const cdfAt = (j: number, g: number): number => {
    let v = cdfs[j][g];
    if (Number.isNaN(v)) {
      v = posteriors[j].cdf(xs[g]);
      cdfs[j][g] = v;
    }
    return v;
  };

  const raw = posteriors.map((p, i) => {
    const [lo, hi] = p.support;
    if (lo === hi) {
      // point mass at lo: best when every other value is below it
      return posteriors.reduce((prod, q, j) => (j === i ? prod : prod * q.cdf(lo)), 1);
    }
    const f = (g: number) => {
      let prod = p.pdf(xs[g]);
      for (let j = 0; j < k && prod > 0; j++) if (j !== i) prod *= cdfAt(j, g);
      return prod;
    };
    let sum = 0;
    for (let piece = cuts.indexOf(lo); cuts[piece] < hi; piece++) {
      const first = piece * steps;
      const h = (cuts[piece + 1] - cuts[piece]) / steps;
      let s = f(first) + f(first + steps);
      for (let m = 1; m < steps; m++) s += (m % 2 === 1 ? 4 : 2) * f(first + m);
      sum += (s * h) / 3;
    }
    return sum;
  });
  const total = raw.reduce((s, x) => s + x, 0);
  return total > 0 ? raw.map((x) => x / total) : posteriors.map(() => 1 / posteriors.length);
}
