// The first slice end to end: a threshold rule on a trend, evaluated by the alerts_evaluate job at
// chosen scheduled times, fires once with a signed webhook and resolves once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifySignature, verifyTimedSignature } from '../../src/alerts/index.ts';
import { alertTally, appWithKeys, createRule, evaluateAt, history, HOUR, ingestHourly, webhook, busyHourRule } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const H0 = Date.parse('2026-10-01T10:00:00.000Z');

test('a threshold rule fires once when the last complete bucket is above, and resolves once when it falls back', async (t) => {
  const { tally, hook, readKey, alertId } = await busyHourRule(t, H0, '1m');
  assert.match(alertId, /^alr_[0-9a-f]{18}$/);

  await evaluateAt(tally, H0 + HOUR + 30_000); // judges 10:00 (3)
  assert.equal(hook.received.length, 0);
  await evaluateAt(tally, H0 + 2 * HOUR + 30_000); // judges 11:00 (8)
  assert.equal(hook.received.length, 1);
  await evaluateAt(tally, H0 + 2 * HOUR + 90_000); // still 11:00: no second notification
  assert.equal(hook.received.length, 1);
  await evaluateAt(tally, H0 + 3 * HOUR + 30_000); // judges 12:00 (2)
  assert.equal(hook.received.length, 2);

  const [firing, resolved] = hook.received;
  assert.equal(firing.json.state, 'firing');
  assert.equal(firing.json.value, 8);
  assert.equal(firing.json.alert_id, alertId);
  assert.deepEqual(firing.json.band, { low: null, high: 5 });
  assert.equal(resolved.json.state, 'resolved');
  assert.equal(resolved.json.value, 2);
  for (const r of hook.received) {
    assert.equal(r.headers['content-type'], 'application/json');
    assert.ok(verifySignature('test-secret-0123456789', r.body, r.headers['x-tally-signature'] as string));
    assert.ok(!verifySignature('another-secret-0000', r.body, r.headers['x-tally-signature'] as string));
    const timed = r.headers['x-tally-signature-v1'] as string;
    assert.ok(verifyTimedSignature('test-secret-0123456789', r.body, timed, Math.floor(Date.now() / 1000)));
    // replayed an hour later, the timed signature is refused
    assert.ok(!verifyTimedSignature('test-secret-0123456789', r.body, timed, Math.floor(Date.now() / 1000) + 3600));
    // a changed body is refused by both
    assert.ok(!verifySignature('test-secret-0123456789', r.body.replace('"firing"', '"resolved"').replace('"resolved"', '"firing"') + ' ', r.headers['x-tally-signature'] as string));
  }

  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(
    events.map((e) => [e.previous_state, e.state, e.value, e.delivery.result, e.delivery.attempts]),
    [
      ['ok', 'firing', 8, 'delivered', 1],
      ['firing', 'ok', 2, 'delivered', 1],
    ],
  );
  assert.deepEqual(events[0].band, { low: null, high: 5 });
});

test('a threshold with `for` goes pending first and fires only once the condition held that long', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [1, 1, 1]);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'too quiet',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'threshold', op: 'below', value: 2, for: '1h' },
    every: '1m',
    webhook: webhook(hook.url),
  });
  await evaluateAt(tally, H0 + HOUR + 60_000);
  await evaluateAt(tally, H0 + 2 * HOUR);
  assert.equal(hook.received.length, 0);
  await evaluateAt(tally, H0 + 2 * HOUR + 60_000);
  assert.equal(hook.received.length, 1);
  assert.equal(hook.received[0].json.state, 'firing');
  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(events.map((e) => e.state), ['pending', 'firing']);
  assert.deepEqual(events.map((e) => e.delivery.result), ['none', 'delivered']);
});

test('a scheduled time missed while stopped (catch-up) is skipped; a manual run of a past time is evaluated', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [9]);
  await createRule(tally, readKey, { app_id: 'shop', name: 'x', trend: { series: [{ event: 'page_view' }], interval: 'hour' }, condition: { kind: 'threshold', op: 'above', value: 5 }, every: '1m', webhook: webhook(hook.url) });
  const missed = await tally.jobs.scheduler.enqueue('alerts_evaluate', { appId: '', parameters: { scheduled: true } }, { scheduledMs: H0 + HOUR, trigger: 'catch_up' });
  const done = await tally.jobs.scheduler.finished(missed.runId);
  assert.equal(done.status, 'skipped');
  assert.equal(hook.received.length, 0);
  await evaluateAt(tally, H0 + HOUR);
  assert.equal(hook.received.length, 1);
});
