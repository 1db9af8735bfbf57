// /v1/alerts: who may call it (a read key for its own apps; the admin token for every app and for
// the pipeline rules; never a write key) and a table of invalid rules with their stable codes.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ADMIN_TOKEN, bearer } from '../helpers/tally.ts';
import { alertTally, appWithKeys, createRule, webhook } from './helpers.ts';

const trend = { series: [{ event: 'page_view' }], interval: 'hour' };
const rule = (extra: Record<string, unknown> = {}) => ({ app_id: 'shop', name: 'r', trend, condition: { kind: 'threshold', op: 'above', value: 1 }, every: '5m', webhook: webhook('http://127.0.0.1:9/hook'), ...extra });

test('a read key manages the rules of its app only; a write key may not; the admin token may all', async (t) => {
  const tally = await alertTally(t);
  const shop = await appWithKeys(tally, 'shop');
  const blog = await appWithKeys(tally, 'blog');
  const alertId = await createRule(tally, shop.readKey, rule());

  const asBlog = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(blog.readKey), payload: rule() });
  assert.equal(asBlog.statusCode, 403);
  const asWriter = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(shop.writeKey), payload: rule() });
  assert.equal(asWriter.statusCode, 403);
  // blog's key cannot name shop, and under its own app the rule is unknown
  assert.equal((await tally.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}?app_id=shop`, headers: bearer(blog.readKey) })).statusCode, 403);
  const hidden = await tally.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}/events?app_id=blog`, headers: bearer(blog.readKey) });
  assert.equal(hidden.statusCode, 404);
  assert.equal((hidden.json() as { error: { code: string } }).error.code, 'TALLY_ERR_ALERT_UNKNOWN');
  assert.equal((await tally.app.inject({ method: 'DELETE', url: `/v1/alerts/${alertId}?app_id=blog`, headers: bearer(blog.readKey) })).statusCode, 404);
  assert.equal((await tally.app.inject({ method: 'POST', url: '/v1/alerts/pipeline/job_failures/silence', headers: bearer(shop.readKey), payload: { for: '1h' } })).statusCode, 403);

  const listed = await tally.app.inject({ method: 'GET', url: '/v1/alerts?app_id=shop', headers: bearer(ADMIN_TOKEN) });
  assert.equal(listed.statusCode, 200);
  const [one] = (listed.json() as { alerts: Array<Record<string, unknown>> }).alerts;
  assert.equal(one.alert_id, alertId);
  assert.deepEqual(one.webhook, { url: 'http://127.0.0.1:9/hook', format: 'tally' }, 'the secret is never shown');
  assert.equal(JSON.stringify(listed.json()).includes('test-secret'), false);
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/alerts?app_id=blog', headers: bearer(blog.readKey) })).json().alerts.length, 0);

  const patched = await tally.app.inject({ method: 'PATCH', url: `/v1/alerts/${alertId}?app_id=shop`, headers: bearer(shop.readKey), payload: { every: '1h', condition: { kind: 'threshold', op: 'below', value: 3 } } });
  assert.equal(patched.statusCode, 200, patched.body);
  assert.equal(patched.json().every, '1h');
  assert.equal(patched.json().condition.op, 'below');
  const deleted = await tally.app.inject({ method: 'DELETE', url: `/v1/alerts/${alertId}?app_id=shop`, headers: bearer(shop.readKey) });
  assert.equal(deleted.statusCode, 200);
  assert.equal((await tally.app.inject({ method: 'GET', url: `/v1/alerts/${alertId}?app_id=shop`, headers: bearer(shop.readKey) })).statusCode, 404);
});

test('invalid rules are refused with stable codes', async (t) => {
  const tally = await alertTally(t);
  const { readKey } = await appWithKeys(tally, 'shop');
  const cases: Array<[string, Record<string, unknown>, number, string]> = [
    ['no webhook', { webhook: undefined }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['an unknown condition kind', { condition: { kind: 'bogus' } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['a threshold without a value', { condition: { kind: 'threshold', op: 'above' } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['a duration without a unit', { every: '10' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['every under a minute', { every: '10s' }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['every over a day', { every: '2d' }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['a cooldown over 7 days', { cooldown: '8d' }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['a breakdown', { trend: { ...trend, breakdown: { property: 'plan' } } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['two series', { trend: { ...trend, series: [{ event: 'a' }, { event: 'b' }] } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['a weekly interval', { trend: { ...trend, interval: 'week' } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['another app in the trend', { trend: { ...trend, app_id: 'blog' } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['a change with percent and absolute', { condition: { kind: 'change', percent: 10, absolute: 3 } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['a change with neither', { condition: { kind: 'change' } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['an anomaly on minutes', { trend: { ...trend, interval: 'minute' }, condition: { kind: 'anomaly' } }, 400, 'TALLY_ERR_ALERT_INVALID'],
    ['an anomaly k out of range', { condition: { kind: 'anomaly', k: 0.1 } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['a webhook that is not http', { webhook: webhook('ftp://example.com/x') }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['a short secret', { webhook: { url: 'http://127.0.0.1:9/x', secret: 'short' } }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['an unknown payload format', { webhook: webhook('http://127.0.0.1:9/x', { format: 'xml' }) }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['a name too long', { name: 'x'.repeat(201) }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ['an unknown field', { extra: 1 }, 400, 'TALLY_ERR_REQUEST_INVALID'],
  ];
  for (const [what, change, status, code] of cases) {
    const body = rule(change);
    const res = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(readKey), payload: JSON.parse(JSON.stringify(body)) });
    assert.equal(res.statusCode, status, `${what}: ${res.body}`);
    assert.equal((res.json() as { error: { code: string } }).error.code, code, what);
  }
  const unknownApp = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(ADMIN_TOKEN), payload: rule({ app_id: 'nope' }) });
  assert.equal(unknownApp.json().error.code, 'TALLY_ERR_APP_UNKNOWN');
  const id = await createRule(tally, readKey, rule());
  const silence = await tally.app.inject({ method: 'POST', url: `/v1/alerts/${id}/silence?app_id=shop`, headers: bearer(readKey), payload: {} });
  assert.equal(silence.json().error.code, 'TALLY_ERR_ALERT_INVALID');
  const missing = await tally.app.inject({ method: 'POST', url: '/v1/alerts/alr_000000000000000000/test?app_id=shop', headers: bearer(readKey) });
  assert.equal(missing.statusCode, 404);
  assert.equal(missing.json().error.code, 'TALLY_ERR_ALERT_UNKNOWN');
});

test('an app holds at most TALLY_ALERTS_MAX_RULES_PER_APP rules', async (t) => {
  const tally = await alertTally(t, { TALLY_ALERTS_MAX_RULES_PER_APP: '2' });
  const { readKey } = await appWithKeys(tally, 'shop');
  await createRule(tally, readKey, rule());
  await createRule(tally, readKey, rule());
  const third = await tally.app.inject({ method: 'POST', url: '/v1/alerts', headers: bearer(readKey), payload: rule() });
  assert.equal(third.statusCode, 409);
  assert.equal(third.json().error.code, 'TALLY_ERR_ALERT_LIMIT');
});
