// Holm's step-down adjustment, worked by hand.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holmAdjust } from '../../../src/query/stats/index.ts';

test('Holm: sorted 0.01, 0.03, 0.04 → 3·0.01, max(0.03, 2·0.03), max(0.06, 1·0.04), in the given order', () => {
  const adjusted = holmAdjust([0.01, 0.04, 0.03]);
  assert.deepEqual(adjusted.map((p) => Number(p.toFixed(12))), [0.03, 0.06, 0.06]);
});

test('Holm: one test is unadjusted; values are capped at 1; order is kept', () => {
  assert.deepEqual(holmAdjust([0.2]), [0.2]);
  assert.deepEqual(holmAdjust([0.5, 0.6]), [1, 1]);
  assert.deepEqual(holmAdjust([0.04, 0.001]), [0.04, 0.002]);
  assert.deepEqual(holmAdjust([]), []);
});
