// The experiment verdict from per-variant summaries: the control, the "not enough data" state and
// its documented thresholds, and the multiple-comparison correction.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeExperiment, type AnalysisOptions } from '../../../src/query/stats/experiment-analysis.ts';
import { holmAdjust, twoProportionZTest } from '../../../src/query/stats/index.ts';

const options: AnalysisOptions = { metric: 'conversion', confidenceLevel: 0.95, minUsers: 100, minConversions: 5, sequential: false, tau: 0.1 };

test('the control is the first variant alphabetically unless named', () => {
  const summaries = [
    { variant: 'treatment', users: 500, conversions: 70 },
    { variant: 'base', users: 500, conversions: 50 },
  ];
  assert.equal(analyzeExperiment(summaries, options).control, 'base');
  const named = analyzeExperiment(summaries, { ...options, control: 'treatment' });
  assert.deepEqual(named.variants.map((v) => [v.variant, v.is_control]), [['treatment', true], ['base', false]]);
  assert.ok((named.variants[1].comparison?.diff ?? 0) < 0);
});

test('not enough data: under 100 users or 5 conversions in a variant, or a single variant', () => {
  const few = analyzeExperiment([{ variant: 'A', users: 99, conversions: 20 }, { variant: 'B', users: 300, conversions: 60 }], options);
  assert.equal(few.status, 'not_enough_data');
  assert.deepEqual(few.reasons, ['variant A has 99 users (at least 100 needed)']);
  assert.equal(few.significant, false);
  assert.ok(few.p_value !== null, 'figures are still computed');
  const rare = analyzeExperiment([{ variant: 'A', users: 5000, conversions: 4 }, { variant: 'B', users: 5000, conversions: 60 }], options);
  assert.equal(rare.status, 'not_enough_data');
  assert.equal(rare.significant, false);
  assert.ok((rare.p_value ?? 1) < 1e-6, 'however small the p-value');
  const ready = analyzeExperiment([{ variant: 'A', users: 5000, conversions: 5 }, { variant: 'B', users: 5000, conversions: 60 }], options);
  assert.deepEqual([ready.status, ready.significant], ['ready', true]);
  const single = analyzeExperiment([{ variant: 'A', users: 5000, conversions: 50 }], options);
  assert.deepEqual([single.status, single.p_value, single.reasons], ['not_enough_data', null, ['fewer than two variants have users']]);
  const continuous = analyzeExperiment([{ variant: 'A', users: 150, conversions: 0, mean: 1, variance: 1 }, { variant: 'B', users: 150, conversions: 0, mean: 2, variance: 1 }], { ...options, metric: 'continuous' });
  assert.equal(continuous.status, 'ready', 'conversions are not required for a continuous metric');
});

test('four variants: each against the control with Holm-adjusted p-values', () => {
  const control = { variant: 'A', users: 2000, conversions: 200 };
  const others = [
    { variant: 'B', users: 2000, conversions: 240 },
    { variant: 'C', users: 2000, conversions: 205 },
    { variant: 'D', users: 2000, conversions: 260 },
  ];
  const r = analyzeExperiment([...others, control], options);
  const raw = others.map((o) => twoProportionZTest(200, 2000, o.conversions, o.users).p_value);
  const adjusted = holmAdjust(raw);
  assert.equal(r.correction, 'holm');
  r.variants.slice(1).forEach((v, i) => {
    assert.equal(v.variant, others[i].variant);
    assert.ok(Math.abs((v.comparison?.p_value ?? NaN) - raw[i]) < 1e-15);
    assert.ok(Math.abs((v.comparison?.p_value_adjusted ?? NaN) - adjusted[i]) < 1e-15);
    assert.equal(v.comparison?.significant, adjusted[i] < 0.05);
  });
  assert.equal(r.p_value, Math.min(...adjusted));
  assert.ok(Math.abs(r.variants.reduce((s, v) => s + v.probability_best, 0) - 1) < 1e-9);
  assert.equal(r.variants.find((v) => v.variant === 'D')?.probability_best, Math.max(...r.variants.map((v) => v.probability_best)));
});
