// Welch's t-test against a published example and against the t density integrated here
// numerically (an independent route to the same tail probability).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import jStat from 'jstat';
import { studentT, welchTTest, type SampleSummary } from '../../../src/query/stats/index.ts';

const near = (a: number, b: number, tol: number, msg = '') => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} != ${b}`);
const summary = (xs: number[]): SampleSummary => {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return { n: xs.length, mean, variance: xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1) };
};

/** P(T > t) by Simpson's rule on the Student t density */
function upperTail(t: number, df: number): number {
  const logC = jStat.gammaln((df + 1) / 2) - jStat.gammaln(df / 2) - 0.5 * Math.log(df * Math.PI);
  const pdf = (x: number) => Math.exp(logC - ((df + 1) / 2) * Math.log(1 + (x * x) / df));
  // substitute x = t + u / (1 - u) to integrate to infinity over u in [0, 1)
  const f = (u: number) => (u >= 1 ? 0 : pdf(t + u / (1 - u)) / (1 - u) ** 2);
  const n = 20_000;
  let sum = f(0) + f(1);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * f(i / n);
  return sum / (3 * n);
}

test('t quantiles match the tables', () => {
  near(studentT.inv(0.975, 10), 2.228139, 1e-5);
  near(studentT.inv(0.975, 30), 2.042272, 1e-5);
  near(studentT.inv(0.95, 5), 2.015048, 1e-5);
});

test('the Welch example of Wikipedia (two samples of 15): t ≈ 2.46, ν ≈ 25, p ≈ 0.021', () => {
  const a1 = [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4];
  const a2 = [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4];
  const r = welchTTest(summary(a1), summary(a2), 0.95);
  near(r.t, 2.46, 0.01, 't');
  near(r.df, 24.95, 0.06, 'df');
  near(r.p_value, 0.021, 0.0005, 'p');
  near(r.p_value, 2 * upperTail(r.t, r.df), 1e-7, 'p from the integrated density');
  assert.ok(r.diff_ci);
  near((r.diff_ci[0] + r.diff_ci[1]) / 2, r.diff, 1e-12, 'interval centred on the difference');
  assert.ok(r.diff_ci[0] > 0, 'significant at 95%: the interval excludes 0');
});

test('unequal sizes and variances; degenerate groups', () => {
  const r = welchTTest({ n: 50, mean: 10, variance: 4 }, { n: 20, mean: 12, variance: 25 }, 0.95);
  const se = Math.sqrt(4 / 50 + 25 / 20);
  near(r.t, 2 / se, 1e-12);
  near(r.df, (4 / 50 + 25 / 20) ** 2 / ((4 / 50) ** 2 / 49 + (25 / 20) ** 2 / 19), 1e-9);
  near(r.p_value, 2 * upperTail(r.t, r.df), 1e-7);
  assert.equal(welchTTest({ n: 1, mean: 3, variance: 0 }, { n: 5, mean: 4, variance: 1 }, 0.95).diff_ci, null);
  assert.equal(welchTTest({ n: 5, mean: 3, variance: 0 }, { n: 5, mean: 3, variance: 0 }, 0.95).p_value, 1);
});
