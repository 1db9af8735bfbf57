// The mSPRT always-valid p-value: a value worked by hand, and its purpose shown by simulation —
// looking every day at A/A experiments (no true difference) the sequential test almost never
// declares a winner, while the fixed-horizon z-test checked every day often does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeExperiment, type VariantSummary } from '../../../src/query/stats/experiment-analysis.ts';
import { msprt, twoProportionZTest } from '../../../src/query/stats/index.ts';
import { seeded } from '../reference/events.ts';

test('Λ = sqrt(V/(V+τ²)) · exp(τ²θ²/(2V(V+τ²))): V = 1, τ² = 1, θ = 2 gives e/√2', () => {
  const look = msprt(2, 1, 1);
  assert.ok(Math.abs(look.lambda - Math.E / Math.SQRT2) < 1e-12);
  assert.ok(Math.abs(look.p_value - Math.SQRT2 / Math.E) < 1e-12);
  assert.equal(msprt(0, 1, 1).p_value, 1, 'no difference: Λ < 1, p = 1');
  assert.equal(msprt(1, 0, 1).p_value, 1, 'no variance: no evidence');
  assert.ok(msprt(0.5, 0.01, 0.01).p_value < msprt(0.5, 0.04, 0.01).p_value, 'more data, more evidence');
});

test('daily looks at A/A experiments: sequential false positives stay under alpha, peeking does not', () => {
  const random = seeded(99);
  const experiments = 300;
  const days = 30;
  const usersPerDay = 150;
  const rate = 0.1;
  let sequentialHits = 0;
  let peekingHits = 0;
  for (let e = 0; e < experiments; e++) {
    const totals = { A: { users: 0, conversions: 0 }, B: { users: 0, conversions: 0 } };
    const looks = [];
    let peeked = false;
    for (let d = 0; d < days; d++) {
      for (const v of ['A', 'B'] as const) {
        for (let u = 0; u < usersPerDay; u++) totals[v].conversions += random() < rate ? 1 : 0;
        totals[v].users += usersPerDay;
      }
      looks.push({ at: String(d), counts: new Map(Object.entries(totals).map(([k, v]) => [k, { ...v }])) });
      if (twoProportionZTest(totals.A.conversions, totals.A.users, totals.B.conversions, totals.B.users).p_value < 0.05) peeked = true;
    }
    const summaries: VariantSummary[] = Object.entries(totals).map(([variant, v]) => ({ variant, ...v }));
    const r = analyzeExperiment(summaries, { metric: 'conversion', confidenceLevel: 0.95, minUsers: 100, minConversions: 5, sequential: true, tau: 0.1, looks });
    assert.equal(r.sequential?.looks, days);
    if (r.sequential?.significant) sequentialHits++;
    if (peeked) peekingHits++;
  }
  assert.ok(sequentialHits / experiments <= 0.05, `sequential false-positive rate ${sequentialHits / experiments}`);
  assert.ok(peekingHits / experiments > 0.1, `peeking false-positive rate ${peekingHits / experiments}`);
});

test('with a real difference the sequential test does find it', () => {
  const looks = [];
  const totals = { A: { users: 0, conversions: 0 }, B: { users: 0, conversions: 0 } };
  for (let d = 1; d <= 20; d++) {
    totals.A = { users: d * 500, conversions: d * 50 };
    totals.B = { users: d * 500, conversions: d * 65 };
    looks.push({ at: String(d), counts: new Map(Object.entries(totals).map(([k, v]) => [k, { ...v }])) });
  }
  const r = analyzeExperiment(Object.entries(totals).map(([variant, v]) => ({ variant, ...v })), { metric: 'conversion', confidenceLevel: 0.95, minUsers: 100, minConversions: 5, sequential: true, tau: 0.1, looks });
  assert.equal(r.sequential?.significant, true);
  assert.ok((r.sequential?.p_value ?? 1) < 0.001);
  assert.ok((r.sequential?.p_value ?? 1) >= (r.p_value ?? 0), 'always-valid p-values are more conservative than one fixed look');
});
