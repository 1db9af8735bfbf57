// Probability to be best, by numeric integration, against closed forms: Evan Miller's exact sum
// for two Beta posteriors with integer parameters, and Φ(Δ/σ) for two normals; and with many
// variants, the bound on the work and what that bound costs in accuracy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import jStat from 'jstat';
import { simpsonSteps } from '../../../src/query/stats/bayes.ts';
import { betaPosterior, MAX_POSTERIOR_EVALUATIONS, normalPosterior, probabilityBest, type Posterior } from '../../../src/query/stats/index.ts';

const near = (a: number, b: number, tol: number, msg = '') => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} != ${b}`);

/** P(p_B > p_A) for p_A ~ Beta(aA, bA), p_B ~ Beta(aB, bB), aB integer */
function exactBBeatsA(aA: number, bA: number, aB: number, bB: number): number {
  let total = 0;
  for (let i = 0; i < aB; i++) total += Math.exp(jStat.betaln(aA + i, bA + bB) - Math.log(bB + i) - jStat.betaln(1 + i, bB) - jStat.betaln(aA, bA));
  return total;
}

test('two conversion rates: matches the exact sum', () => {
  for (const [xA, nA, xB, nB] of [
    [40, 200, 55, 200],
    [3, 50, 1, 40],
    [120, 1000, 150, 1000],
    [0, 300, 4, 300],
    [900, 10000, 960, 10000],
  ]) {
    const [pA, pB] = probabilityBest([betaPosterior(xA, nA), betaPosterior(xB, nB)]);
    near(pB, exactBBeatsA(1 + xA, 1 + nA - xA, 1 + xB, 1 + nB - xB), 1e-6, `${xA}/${nA} vs ${xB}/${nB}`);
    near(pA + pB, 1, 1e-12);
  }
});

test('two normal means: Φ(Δ / sqrt(σA² + σB²))', () => {
  const [, pB] = probabilityBest([normalPosterior(10, 16, 100), normalPosterior(10.5, 9, 80)]);
  near(pB, jStat.normal.cdf(0.5 / Math.sqrt(16 / 100 + 9 / 80), 0, 1), 1e-7);
});

test('identical variants share the probability; a zero-user variant is handled', () => {
  const same = probabilityBest([betaPosterior(10, 100), betaPosterior(10, 100), betaPosterior(10, 100)]);
  for (const p of same) near(p, 1 / 3, 1e-6);
  const withPoint = probabilityBest([normalPosterior(1, 1, 50), normalPosterior(0, 0, 0)]);
  near(withPoint[0] + withPoint[1], 1, 1e-12);
  assert.ok(withPoint[0] > 0.999);
  assert.deepEqual(probabilityBest([betaPosterior(1, 2)]), [1]);
});

/** posteriors that count their density and CDF evaluations */
function counting(posteriors: readonly Posterior[]): { posteriors: Posterior[]; calls: { pdf: number; cdf: number } } {
  const calls = { pdf: 0, cdf: 0 };
  const wrapped = posteriors.map((p) => ({
    support: p.support,
    pdf: (x: number) => {
      calls.pdf++;
      return p.pdf(x);
    },
    cdf: (x: number) => {
      calls.cdf++;
      return p.cdf(x);
    },
  }));
  return { posteriors: wrapped, calls };
}

test('twenty variants: the work stays within the evaluation budget and the answer within 1e-8 of the full grid', () => {
  const k = 20;
  for (const posteriors of [
    // every range end distinct, so the shared grid has 2k - 1 pieces and the budget cuts the steps
    Array.from({ length: k }, (_, i) => normalPosterior(10 + i * 0.05, 16 + i, 500)),
    Array.from({ length: k }, (_, i) => betaPosterior(100 + 7 * i, 2000 + 13 * i)),
    Array.from({ length: k }, (_, i) => (i % 4 === 0 ? betaPosterior(0, 0) : betaPosterior(i * 10, 2000 + i * 100))),
  ]) {
    const { posteriors: counted, calls } = counting(posteriors);
    const budgeted = probabilityBest(counted);
    assert.ok(calls.cdf <= MAX_POSTERIOR_EVALUATIONS + k * k, `${calls.cdf} CDF evaluations`);
    assert.ok(calls.pdf <= MAX_POSTERIOR_EVALUATIONS + 2 * k * k, `${calls.pdf} density evaluations`);
    const full = probabilityBest(posteriors, Number.POSITIVE_INFINITY);
    near(budgeted.reduce((s, x) => s + x, 0), 1, 1e-12);
    for (const [i, p] of budgeted.entries()) near(p, full[i], 1e-8, `variant ${i}`);
  }
  assert.equal(simpsonSteps(39, 20), 512);
  assert.equal(simpsonSteps(3, 3), 800);
});

test('twenty equal variants share the probability evenly', () => {
  for (const p of probabilityBest(Array.from({ length: 20 }, () => betaPosterior(30, 600)))) near(p, 1 / 20, 1e-6);
});
