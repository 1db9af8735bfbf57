// Sample-ratio mismatch against chi-square figures known in closed form: with one degree of
// freedom P(X > x) = erfc(sqrt(x/2)); with two, P(X > x) = exp(-x/2).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import jStat from 'jstat';
import { sampleRatioMismatch } from '../../../src/query/stats/index.ts';

const near = (a: number, b: number, tol: number) => assert.ok(Math.abs(a - b) <= tol, `${a} != ${b}`);

test('two variants, 520 vs 480 of an even split: chi-square 1.6, p = 0.2059', () => {
  const r = sampleRatioMismatch([520, 480], [0.5, 0.5]);
  near(r.chi_square ?? NaN, 1.6, 1e-12);
  near(r.p_value, 0.2059032107, 1e-9);
  assert.equal(r.mismatch, false);
});

test('three variants, 340/330/330: chi-square 0.2, p = exp(-0.1)', () => {
  const r = sampleRatioMismatch([340, 330, 330], [1, 1, 1]);
  near(r.chi_square ?? NaN, 0.2, 1e-12);
  near(r.p_value, Math.exp(-0.1), 1e-9);
});

test('an uneven intended split, a clear mismatch, and an unexpected variant', () => {
  const planned = sampleRatioMismatch([900, 100], [9, 1]);
  near(planned.chi_square ?? NaN, 0, 1e-12);
  assert.equal(planned.p_value, 1);
  // 5000 vs 4600: expected 4800 each, chi-square 2 · 200² / 4800 = 16.67, p = erfc(sqrt(8.33)) ≈ 4.5e-5
  const broken = sampleRatioMismatch([5000, 4600], [1, 1]);
  near(broken.chi_square ?? NaN, 50 / 3, 1e-9);
  near(broken.p_value, jStat.erfc(Math.sqrt(25 / 3)), 1e-9);
  assert.equal(broken.mismatch, true);
  assert.equal(sampleRatioMismatch([5000, 4700], [1, 1]).mismatch, false, 'p ≈ 0.0023 is above the 0.001 threshold');
  assert.deepEqual(sampleRatioMismatch([10, 3], [1, 0]), { chi_square: null, df: 1, p_value: 0, mismatch: true });
  assert.equal(sampleRatioMismatch([0, 0], [1, 1]).p_value, 1);
});
