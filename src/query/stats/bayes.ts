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

/** Simpson intervals per piece of the range (even) */
const STEPS = 800;

function integrate(f: (x: number) => number, lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  const h = (hi - lo) / STEPS;
  let sum = f(lo) + f(hi);
  for (let i = 1; i < STEPS; i++) sum += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (sum * h) / 3;
}

/** P(variant i has the highest value), for each i; sums to 1 */
export function probabilityBest(posteriors: readonly Posterior[]): number[] {
  if (posteriors.length === 0) return [];
  if (posteriors.length === 1) return [1];
  const raw = posteriors.map((p, i) => {
    const [lo, hi] = p.support;
    if (lo === hi) {
      // point mass at lo: best when every other value is below it
      return posteriors.reduce((prod, q, j) => (j === i ? prod : prod * q.cdf(lo)), 1);
    }
    const f = (x: number) => {
      let prod = p.pdf(x);
      for (let j = 0; j < posteriors.length && prod > 0; j++) if (j !== i) prod *= posteriors[j].cdf(x);
      return prod;
    };
    const cuts = [...new Set([lo, hi, ...posteriors.flatMap((q) => q.support).filter((x) => x > lo && x < hi)])].sort((a, b) => a - b);
    let sum = 0;
    for (let k = 1; k < cuts.length; k++) sum += integrate(f, cuts[k - 1], cuts[k]);
    return sum;
  });
  const total = raw.reduce((s, x) => s + x, 0);
  return total > 0 ? raw.map((x) => x / total) : posteriors.map(() => 1 / posteriors.length);
}
