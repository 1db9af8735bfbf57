// Each rule type fires once and resolves once on crafted data: a change against the previous
// bucket, an anomaly against the seasonal band; and the cooldown holds back a re-fire.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { alertTally, appWithKeys, createRule, evaluateAt, history, HOUR, ingestHourly, webhook } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const H0 = Date.parse('2026-10-01T00:00:00.000Z');

test('a change rule fires when the value moved by the percent against the previous bucket, and resolves when it did not', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [10, 10, 20, 21]);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'jump',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'change', op: 'increase', percent: 50 },
    every: '1h',
    webhook: webhook(hook.url),
  });
  for (let h = 2; h <= 4; h++) await evaluateAt(tally, H0 + h * HOUR);
  assert.deepEqual(hook.received.map((r) => [r.json.state, r.json.value]), [['firing', 20], ['resolved', 21]]);
  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(events.map((e) => [e.state, e.value, e.band]), [['firing', 20, { low: null, high: 15 }], ['ok', 21, { low: null, high: 30 }]]);
});

test('a change rule by an absolute amount in either direction fires on a fall', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [10, 3, 4]);
  await createRule(tally, readKey, { app_id: 'shop', name: 'fall', trend: { series: [{ event: 'page_view' }], interval: 'hour' }, condition: { kind: 'change', absolute: 5 }, every: '1h', webhook: webhook(hook.url) });
  for (let h = 2; h <= 3; h++) await evaluateAt(tally, H0 + h * HOUR);
  assert.deepEqual(hook.received.map((r) => [r.json.state, r.json.value]), [['firing', 3], ['resolved', 4]]);
});

/** two weeks and a day of a daily pattern (busy 9–17 h), a little deterministic wobble */
function seasonal(hours: number): number[] {
  return Array.from({ length: hours }, (_, h) => {
    const hod = h % 24;
    return (hod >= 9 && hod < 17 ? 12 : 3) + ((h * 7) % 3) - 1;
  });
}

test('an anomaly rule fires on a spike outside the seasonal band and resolves when the series is back inside', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  const counts = seasonal(14 * 24 + 12);
  const spikeHour = 14 * 24 + 10; // a busy hour, at 4× its usual value
  counts[spikeHour] = 48;
  await ingestHourly(tally, writeKey, 'shop', H0, counts);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'unusual traffic',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'anomaly', weeks: 2 },
    every: '1h',
    webhook: webhook(hook.url),
  });
  // every hour of the last day before the spike is inside the band: no notification
  for (let h = 14 * 24 + 1; h <= spikeHour; h++) await evaluateAt(tally, H0 + h * HOUR);
  assert.equal(hook.received.length, 0);
  await evaluateAt(tally, H0 + (spikeHour + 1) * HOUR);
  await evaluateAt(tally, H0 + (spikeHour + 2) * HOUR);
  assert.deepEqual(hook.received.map((r) => [r.json.state, r.json.value]), [['firing', 48], ['resolved', counts[spikeHour + 1]]]);
  const [fired] = await history(tally, readKey, 'shop', alertId);
  const band = fired.band as { low: number; high: number };
  assert.ok(band.low < counts[spikeHour - 7 * 24] && counts[spikeHour - 7 * 24] < band.high, `the usual value lies inside ${JSON.stringify(band)}`);
  assert.ok(band.high < 48);
});

test('an anomaly rule without enough history judges nothing', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [...seasonal(30), 500]);
  await createRule(tally, readKey, { app_id: 'shop', name: 'new', trend: { series: [{ event: 'page_view' }], interval: 'hour' }, condition: { kind: 'anomaly' }, every: '1h', webhook: webhook(hook.url) });
  await evaluateAt(tally, H0 + 31 * HOUR);
  assert.equal(hook.received.length, 0);
});

test('within the cooldown a rule that fires again records it but does not notify (nor resolve)', async (t) => {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [8, 2, 8, 2]);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'flapping',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'threshold', op: 'above', value: 5 },
    every: '1h',
    cooldown: '3h',
    webhook: webhook(hook.url),
  });
  for (let h = 1; h <= 4; h++) await evaluateAt(tally, H0 + h * HOUR);
  assert.deepEqual(hook.received.map((r) => r.json.state), ['firing', 'resolved']);
  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(events.map((e) => [e.state, e.delivery.result]), [['firing', 'delivered'], ['ok', 'delivered'], ['firing', 'cooldown'], ['ok', 'none']]);
});
