// Webhook delivery against a real local receiver: retries with backoff on 5xx until delivered, no
// retry on a 4xx, every attempt in the delivery log; a silenced rule does not deliver; the test
// route; the Slack and Alertmanager formats; signatures a receiver can verify.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { verifySignature, verifyTimedSignature } from '../../src/alerts/index.ts';
import { bearer } from '../helpers/tally.ts';
import { alertTally, appWithKeys, createRule, evaluateAt, history, HOUR, ingestHourly, webhook } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const H0 = Date.parse('2026-10-01T00:00:00.000Z');
const SECRET = 'test-secret-0123456789';

async function firingRule(t: Parameters<typeof alertTally>[0], hookExtra: Record<string, unknown> = {}, url?: string) {
  const tally = await alertTally(t);
  const hook = await startReceiver(t);
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [8, 2]);
  const alertId = await createRule(tally, readKey, {
    app_id: 'shop',
    name: 'busy',
    trend: { series: [{ event: 'page_view' }], interval: 'hour' },
    condition: { kind: 'threshold', op: 'above', value: 5 },
    every: '1h',
    webhook: webhook(url ?? hook.url, hookExtra),
  });
  return { tally, hook, readKey, alertId };
}

test('a delivery answered 503 twice is retried with backoff and delivered on the third attempt; the log has every attempt', async (t) => {
  const { tally, hook, readKey, alertId } = await firingRule(t);
  hook.answerWith(503, 503);
  await evaluateAt(tally, H0 + HOUR);
  assert.equal(hook.received.length, 3);
  // the same delivery id on every attempt, each signed with its own timestamp
  assert.equal(new Set(hook.received.map((r) => r.headers['x-tally-delivery-id'])).size, 1);
  for (const r of hook.received) {
    assert.ok(verifySignature(SECRET, r.body, r.headers['x-tally-signature'] as string));
    assert.ok(verifyTimedSignature(SECRET, r.body, r.headers['x-tally-signature-v1'] as string, Math.floor(Date.now() / 1000)));
  }
  const [event] = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(event.delivery, { result: 'delivered', delivery_id: hook.received[0].headers['x-tally-delivery-id'], attempts: 3, http_status: 200, error: '' });
  const log = await tally.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}/deliveries?app_id=shop`, headers: bearer(readKey) });
  assert.equal(log.statusCode, 200, log.body);
  const attempts = (log.json() as { deliveries: Array<{ attempt: number; http_status: number; error: string; url: string }> }).deliveries;
  assert.deepEqual(attempts.map((a) => [a.attempt, a.http_status]).sort(), [[1, 503], [2, 503], [3, 200]]);
  assert.ok(attempts.every((a) => a.url === hook.url));
  assert.match(attempts.find((a) => a.attempt === 1)?.error ?? '', /^TALLY_ERR_ALERT_DELIVERY_FAILED: HTTP 503/);
});

test('a delivery answered 400 is not retried and is recorded failed', async (t) => {
  const { tally, hook, readKey, alertId } = await firingRule(t);
  hook.answerWith(400);
  await evaluateAt(tally, H0 + HOUR);
  assert.equal(hook.received.length, 1);
  const [event] = await history(tally, readKey, 'shop', alertId);
  assert.equal(event.delivery.result, 'failed');
  assert.equal(event.delivery.attempts, 1);
  assert.equal(event.delivery.http_status, 400);
});

test('a receiver that is down is tried the configured number of times, then the delivery is failed', async (t) => {
  const tally = await alertTally(t, { TALLY_ALERTS_DELIVERY_ATTEMPTS: '3' });
  const down = await startReceiver(t);
  await down.close();
  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  await ingestHourly(tally, writeKey, 'shop', H0, [8]);
  const alertId = await createRule(tally, readKey, { app_id: 'shop', name: 'x', trend: { series: [{ event: 'page_view' }], interval: 'hour' }, condition: { kind: 'threshold', op: 'above', value: 5 }, every: '1h', webhook: webhook(down.url) });
  await evaluateAt(tally, H0 + HOUR);
  const [event] = await history(tally, readKey, 'shop', alertId);
  assert.equal(event.delivery.result, 'failed');
  assert.equal(event.delivery.attempts, 3);
  assert.equal(event.delivery.http_status, 0);
});

test('a silenced rule is evaluated and recorded but does not deliver, firing or resolved', async (t) => {
  const { tally, hook, readKey, alertId } = await firingRule(t);
  const res = await tally.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/silence?app_id=shop`, headers: bearer(readKey), payload: { for: '1d' } });
  assert.equal(res.statusCode, 200);
  assert.ok(Date.parse((res.json() as { silenced_until: string }).silenced_until) > Date.now());
  await evaluateAt(tally, H0 + HOUR);
  await evaluateAt(tally, H0 + 2 * HOUR);
  assert.equal(hook.received.length, 0);
  const events = await history(tally, readKey, 'shop', alertId);
  assert.deepEqual(events.map((e) => [e.state, e.delivery.result]), [['firing', 'silenced'], ['ok', 'none']]);
  // lifting the silence: the rule is listed without one
  const lifted = await tally.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/silence?app_id=shop`, headers: bearer(readKey), payload: { for: '0m' } });
  assert.equal((lifted.json() as { silenced_until: unknown }).silenced_until, null);
});

test('POST /v1/alerts/{id}/test delivers a signed test notification with the current value and records it', async (t) => {
  const { tally, hook, readKey, alertId } = await firingRule(t);
  const res = await tally.app.inject({ method: 'POST', url: `/v1/alerts/${alertId}/test?app_id=shop`, headers: bearer(readKey) });
  assert.equal(res.statusCode, 200);
  assert.equal((res.json() as { delivery: { result: string } }).delivery.result, 'delivered');
  assert.equal(hook.received.length, 1);
  assert.equal(hook.received[0].json.test, true);
  assert.equal(hook.received[0].json.state, 'firing');
  assert.ok(verifySignature(SECRET, hook.received[0].body, hook.received[0].headers['x-tally-signature'] as string));
  const [event] = await history(tally, readKey, 'shop', alertId);
  assert.equal(event.kind, 'test');
  assert.equal(event.delivery.result, 'delivered');
});

for (const format of ['slack', 'alertmanager'] as const) {
  test(`the ${format} format (${format === 'slack' ? 'an incoming-webhook message' : 'a webhook_config body'}) carries the state`, async (t) => {
    const { tally, hook } = await firingRule(t, { format });
    await evaluateAt(tally, H0 + HOUR);
    await evaluateAt(tally, H0 + 2 * HOUR);
    const [firing, resolved] = hook.received.map((r) => r.json);
    assert.equal(firing.state, 'firing');
    assert.equal(resolved.state, 'resolved');
    if (format === 'slack') {
      assert.match(String(firing.text), /FIRING: busy \(app shop\): 8 is above 5/);
      assert.match(String(resolved.text), /RESOLVED/);
    } else {
      assert.equal(firing.version, '4');
      assert.equal(firing.status, 'firing');
      const [alert] = firing.alerts as Array<{ status: string; labels: Record<string, string>; endsAt: string }>;
      assert.equal(alert.labels.alertname, 'busy');
      assert.equal(alert.labels.app_id, 'shop');
      const [done] = resolved.alerts as Array<{ status: string; endsAt: string }>;
      assert.equal(done.status, 'resolved');
      assert.equal(done.endsAt, new Date(H0 + 2 * HOUR).toISOString());
    }
  });
}
