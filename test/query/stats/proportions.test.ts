// Two-proportion comparisons against figures that can be checked by hand: the pooled z-test's z²
// is Pearson's chi-square of the 2×2 table, and textbook normal quantiles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquare, compareProportions, twoProportionZTest, zCritical } from '../../../src/query/stats/index.ts';

const near = (a: number, b: number, tol: number, msg = '') => assert.ok(Math.abs(a - b) <= tol, `${msg} ${a} != ${b}`);

test('normal quantiles match the tables', () => {
  near(zCritical(0.95), 1.959964, 1e-6);
  near(zCritical(0.99), 2.575829, 1e-6);
  near(zCritical(0.9), 1.644854, 1e-6);
});

test('pooled z-test: 200/1000 vs 250/1000', () => {
  const { z, p_value } = twoProportionZTest(200, 1000, 250, 1000);
  // pooled rate 0.225, se = sqrt(0.225 · 0.775 · 2/1000) = 0.0186748
  near(z, 0.05 / Math.sqrt(0.225 * 0.775 * 0.002), 1e-12, 'z');
  // Pearson chi-square of [[200, 800], [250, 750]]: expected 225/775 per row
  const pearson = 2 * (25 ** 2 / 225 + 25 ** 2 / 775);
  near(z * z, pearson, 1e-9, 'z² = chi-square');
  near(p_value, chiSquare.upperP(pearson, 1), 1e-12, 'same p from the chi-square distribution');
  near(p_value, 0.00742, 5e-5, 'p ≈ 0.0074');
});

test('z-test is symmetric and has no variance when both rates are 0 or 1', () => {
  const a = twoProportionZTest(30, 400, 45, 410);
  const b = twoProportionZTest(45, 410, 30, 400);
  near(a.z, -b.z, 1e-12);
  near(a.p_value, b.p_value, 1e-15);
  assert.deepEqual(twoProportionZTest(0, 100, 0, 120), { z: 0, p_value: 1 });
  assert.deepEqual(twoProportionZTest(100, 100, 120, 120), { z: 0, p_value: 1 });
  assert.deepEqual(twoProportionZTest(0, 0, 5, 10), { z: 0, p_value: 1 });
});

test('interval of the difference and relative lift', () => {
  const c = compareProportions(100, 1000, 130, 1000, 0.95);
  near(c.diff, 0.03, 1e-12);
  const se = Math.sqrt((0.1 * 0.9) / 1000 + (0.13 * 0.87) / 1000);
  near(c.diff_ci[0], 0.03 - 1.959964 * se, 1e-6);
  near(c.diff_ci[1], 0.03 + 1.959964 * se, 1e-6);
  near(c.lift ?? NaN, 0.3, 1e-12);
  // Katz: log(1.3) ± 1.96 · sqrt(0.9/100 + 0.87/130)
  const seLog = Math.sqrt(0.9 / 100 + 0.87 / 130);
  assert.ok(c.lift_ci);
  near(c.lift_ci[0], Math.exp(Math.log(1.3) - 1.959964 * seLog) - 1, 1e-6);
  near(c.lift_ci[1], Math.exp(Math.log(1.3) + 1.959964 * seLog) - 1, 1e-6);
  assert.ok(c.lift_ci[0] < 0.3 && c.lift_ci[1] > 0.3);
});

test('a variant with zero conversions: lift -1 without an interval; a control with none: no lift', () => {
  const zeroTreatment = compareProportions(20, 200, 0, 200, 0.95);
  assert.equal(zeroTreatment.lift, -1);
  assert.equal(zeroTreatment.lift_ci, null);
  assert.ok(zeroTreatment.p_value < 0.001);
  const zeroControl = compareProportions(0, 200, 20, 200, 0.95);
  assert.equal(zeroControl.lift, null);
  assert.equal(zeroControl.lift_ci, null);
  near(zeroControl.p_value, zeroTreatment.p_value, 1e-15);
});
