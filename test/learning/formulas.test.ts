// The learner model's formulas as properties: the engine's review-interval folds (the seed's rule
// and SM-2) equal the reference on generated answer sequences; the forgetting curve's edge cases;
// mastery stays in [0, 1]; priority grows with each of its terms.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FAST_ANSWER_SECONDS, SLOW_ANSWER_SECONDS } from '../../src/learning/index.ts';
import { intervalSql } from '../../src/learning/spaced-repetition.ts';
import { startTestTally } from '../helpers/tally.ts';
import { intervalAfter, masteryScore, priority, quality, retrievability, seedNextInterval, sm2Next, SM2_START } from './reference/learner-model.ts';

test('the seed rule, step by step', () => {
  assert.equal(seedNextInterval(0, 5), 1);
  assert.equal(seedNextInterval(1, 3), 6);
  assert.equal(seedNextInterval(6, 3), 7, 'int(6 · 1.3)');
  assert.equal(seedNextInterval(6, 4), 9, 'int(6 · 1.5)');
  assert.equal(seedNextInterval(6, 5), 10, 'int(6 · 1.7)');
  assert.equal(seedNextInterval(100, 2), 1, 'quality < 3 starts over');
  const steps: number[] = [];
  for (const q of [3, 4, 5, 5]) steps.push(seedNextInterval(steps.at(-1) ?? 0, q));
  assert.deepEqual(steps, [1, 6, 10, 17]);
  const s = [5, 5, 5].reduce(sm2Next, SM2_START);
  assert.deepEqual([s.repetitions, s.interval], [3, 17], 'SM-2: 1, 6, ⌈6 · 2.7⌉ (EF 2.5 + 0.1 + 0.1)');
  assert.equal(quality(false, 3), 1);
  assert.equal(quality(true, FAST_ANSWER_SECONDS), 5);
  assert.equal(quality(true, SLOW_ANSWER_SECONDS), 4);
  assert.equal(quality(true, SLOW_ANSWER_SECONDS + 0.1), 3);
  assert.equal(quality(true, null), 4);
});

test('the forgetting curve: R = 1 at t = 0, e^-1 at t = S, falls with t and rises with S', () => {
  assert.equal(retrievability(0, 1), 1);
  assert.ok(Math.abs(retrievability(6, 6) - Math.exp(-1)) < 1e-15);
  fc.assert(
    fc.property(fc.double({ min: 0, max: 1000, noNaN: true }), fc.double({ min: 0.001, max: 1000, noNaN: true }), fc.double({ min: 0, max: 100, noNaN: true }), (t, s, dt) => {
      const r = retrievability(t, s);
      assert.ok(r >= 0 && r <= 1);
      assert.ok(retrievability(t + dt, s) <= r);
      assert.ok(retrievability(t, s + dt) >= r);
    }),
  );
});

test('mastery stays in [0, 1] and priority grows with each term', () => {
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  fc.assert(
    fc.property(unit, unit, unit, unit, (a, b, c, d) => {
      const m = masteryScore(a, b, c, d);
      assert.ok(m >= 0 && m <= 1, String(m));
    }),
  );
  assert.equal(masteryScore(1, 1, 1, 1), 1);
  fc.assert(
    fc.property(unit, fc.double({ min: 0, max: 10, noNaN: true }), fc.nat(50), unit, fc.double({ min: 0.01, max: 1, noNaN: true }), (gap, w, impact, rfr, more) => {
      const p = priority(gap, w, impact, rfr);
      assert.ok(priority(gap + more, w, impact, rfr) > p);
      assert.ok(priority(gap, w + more, impact, rfr) > p);
      assert.ok(priority(gap, w, impact + 1, rfr) > p);
      assert.ok(priority(gap, w, impact, rfr + more) > p);
    }),
  );
});

test('the engine folds answer qualities into the same intervals as the reference', async (t) => {
  const tally = await startTestTally(t);
  const sequences = fc.sample(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 40 }), { numRuns: 400, seed: 2002 });
  sequences.push([5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5], [3, 3, 3, 3, 2, 3, 4, 5], []);
  for (const version of [1, 2] as const) {
    const [row] = await tally.store.query<{ intervals: number[] }>(`SELECT arrayMap(qs -> ${intervalSql(version, 'qs')}, {seqs:Array(Array(UInt8))}) AS intervals`, { seqs: sequences });
    assert.deepEqual(row.intervals, sequences.map((qs) => intervalAfter(version, qs)), `version ${version}`);
  }
});
