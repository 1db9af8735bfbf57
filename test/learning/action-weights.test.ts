// Action weights against the real engine, checked against the plain-TypeScript reference on the
// same rows; the softmax's edge cases; the job's outcomes (skipped without data, history kept,
// re-runs replace).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeActionWeights, computationHistory, currentComputation, DEFAULT_SOURCE, softmax } from '../../src/learning/index.ts';
import { createApp, startTestTally } from '../helpers/tally.ts';
import { referenceActionWeights } from './reference/action-weights.ts';
import { seed000 } from './seed-000.ts';

const START = Date.UTC(2026, 9, 1);
const DAY = 86_400_000;

function near(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} != ${expected}`);
}

test('the softmax', () => {
  assert.deepEqual(softmax([], 1), []);
  assert.deepEqual(softmax([0.3], 1), [1], 'one action type gets weight 1');
  const w = softmax([1000, 1001, 999], 1);
  assert.ok(w.every(Number.isFinite), 'large rewards do not overflow (max subtracted)');
  near(w.reduce((a, b) => a + b, 0), 1, 'sum');
  near(softmax([0, Math.log(3)], 1)[1], 0.75, 'e^ln3 / (1 + 3)');
  const sharp = softmax([0.1, 0.2], 0.01);
  const flat = softmax([0.1, 0.2], 100);
  assert.ok(sharp[1] > 0.99 && Math.abs(flat[1] - 0.5) < 0.01, 'temperature sharpens or flattens');
});

test('action weights', async (t) => {
  const tally = await startTestTally(t);
  await createApp(tally, 'tutor');
  const events = seed000('tutor', START);
  const receipt = await tally.ingest.ingest(events, {});
  assert.equal(receipt.accepted, events.length, JSON.stringify(receipt.rejected?.slice(0, 2)));

  await t.test('the engine computes the same weights as the reference from the same rows', async () => {
    for (const [from, to, temperature] of [[START, START + 2 * DAY, 1], [START, START + 2 * DAY, 0.05], [START + 6 * 3_600_000, START + 12 * 3_600_000, 2]] as const) {
      const got = await computeActionWeights(tally.store, { ...DEFAULT_SOURCE, appId: 'tutor', fromMs: from, toMs: to, temperature });
      const want = referenceActionWeights(events, from, to, temperature);
      assert.ok(want.length >= 3, 'the data credits several action types');
      assert.deepEqual(got.weights.map((w) => [w.actionType, w.n]), want.map((w) => [w.actionType, w.n]));
      got.weights.forEach((w, i) => {
        near(w.avgReward, want[i].avgReward, `avg ${w.actionType}`);
        near(w.weight, want[i].weight, `weight ${w.actionType}`);
      });
      near(got.weights.reduce((s, w) => s + w.weight, 0), 1, 'weights sum to 1');
    }
  });

  await t.test('an action in the same millisecond as the concept event is credited; of two in one millisecond the greater event id', async () => {
    const base = Date.UTC(2026, 9, 20);
    const at = new Date(base).toISOString();
    const ev = (n: number, name: string, ms: number, properties: Record<string, unknown>) => ({
      app_id: 'tutor', event_id: `00000000-0000-7000-8000-ffff0000000${n}`, event_name: name, user_id: 'tie', session_id: 'tie', timestamp: new Date(ms).toISOString(), properties,
    });
    const rows = [ev(1, 'tutor_action', base - 10, { action_type: 'early' }), ev(3, 'tutor_action', base, { action_type: 'later_id' }), ev(2, 'tutor_action', base, { action_type: 'earlier_id' }), ev(4, 'concept_event', base, { delta_mastery: 0.2 })];
    await tally.ingest.ingest(rows, {});
    const got = await computeActionWeights(tally.store, { ...DEFAULT_SOURCE, appId: 'tutor', fromMs: base - 1000, toMs: base + 1000, temperature: 1 });
    assert.deepEqual(got.weights.map((w) => [w.actionType, w.weight, w.n]), [['later_id', 1, 1]], at);
    assert.deepEqual(referenceActionWeights(rows, base - 1000, base + 1000).map((w) => w.actionType), ['later_id']);
  });

  await t.test('the job skips a window without data and keeps the previous weights; a re-run of the same time replaces its computation', async () => {
    const { scheduler } = tally.jobs;
    const to = START + 2 * DAY;
    const first = await scheduler.enqueue('action_weights', { appId: 'tutor', parameters: { lookback_days: 2 } }, { scheduledMs: to, trigger: 'backfill' });
    const done = await scheduler.finished(first.runId);
    assert.equal(done.status, 'succeeded', done.error);
    assert.equal(done.scheduledMs, to);
    const before = await currentComputation(tally.store, 'tutor');
    assert.ok(before && before.weights.length >= 3);
    assert.equal(before.calculationVersion, 1);
    assert.equal(before.conceptEvents, referenceConceptCount(events, to - 2 * DAY, to));

    const again = await scheduler.enqueue('action_weights', { appId: 'tutor', parameters: { lookback_days: 2 } }, { scheduledMs: to, trigger: 'backfill' });
    assert.equal((await scheduler.finished(again.runId)).status, 'succeeded');
    const history = await computationHistory(tally.store, 'tutor', 100);
    assert.equal(history.filter((h) => h.computedForMs === to).length, 1, 'replaced, not duplicated');
    assert.equal(history[0].runId, again.runId);

    // a later window with no concept events: skipped, the previous weights stay current
    const empty = Date.UTC(2026, 11, 1);
    const skipped = await scheduler.enqueue('action_weights', { appId: 'tutor', parameters: { lookback_days: 1 } }, { scheduledMs: empty, trigger: 'backfill' });
    const s = await scheduler.finished(skipped.runId);
    assert.equal(s.status, 'skipped');
    assert.match(String(s.summary.reason), /previous weights stay/);
    assert.equal((await currentComputation(tally.store, 'tutor'))?.runId, again.runId);
  });
});

function referenceConceptCount(events: ReturnType<typeof seed000>, from: number, to: number): number {
  return events.filter((e) => e.event_name === 'concept_event' && typeof e.properties.delta_mastery === 'number' && Date.parse(e.timestamp) >= from && Date.parse(e.timestamp) < to).length;
}
