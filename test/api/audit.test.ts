import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const admin = bearer(ADMIN_TOKEN);

test('the audit log records who read, queried, exported, erased and changed keys, and when', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  await tally.ingest.ingest([event({ user_id: 'jane' })], {});
  const readKeyId = (await tally.app.inject({ method: 'GET', url: '/v1/apps/shop/keys', headers: admin })).json().keys.find((k: { kind: string }) => k.kind === 'read').key_id;
  await new Promise((resolve) => setTimeout(resolve, 5));
  const started = Date.now();

  const sql = "SELECT count() FROM events WHERE user_id = 'jane'";
  await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop', headers: bearer(shop.readKey) });
  await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(shop.readKey), payload: { template: 'overview_stats', app_id: 'shop' } });
  await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(shop.readKey), payload: { sql } });
  await tally.app.inject({ method: 'GET', url: '/v1/users/jane/export?app_id=shop', headers: bearer(shop.readKey) });
  await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop', headers: bearer(blog.readKey) });
  await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer('tly_r_not_a_key'), payload: { sql: 'SELECT 1' } });
  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/jane?app_id=shop', headers: admin });
  await tally.trust.erasures.wait(erased.json().erasure_id);
  await tally.app.inject({ method: 'POST', url: '/v1/apps/shop/keys', headers: admin, payload: { kind: 'read' } });
  await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: event() });

  const res = await tally.app.inject({ method: 'GET', url: `/v1/audit?from=${new Date(started).toISOString()}&limit=100`, headers: admin });
  assert.equal(res.statusCode, 200, res.body);
  const entries = (res.json().entries as Array<{ key_id: string; caller_kind: string; action: string; route: string; app_ids: string[]; subject: string; status: number; at: string }>).reverse();
  const summary = entries.map((e) => `${e.action} ${e.route} ${e.key_id === readKeyId ? 'shop-read' : e.key_id === 'admin' ? 'admin' : e.key_id === '' ? 'nobody' : 'other'} ${e.status}`);
  assert.deepEqual(summary, [
    'read /v1/events shop-read 200',
    'read /v1/report shop-read 200',
    'query /v1/query shop-read 200',
    'export /v1/users/:user_id/export shop-read 200',
    'read /v1/events other 403',
    'query /v1/query nobody 401',
    'erase /v1/users/:user_id admin 202',
    'key_create /v1/apps/:app_id/keys admin 201',
  ]);
  const byAction = Object.fromEntries(entries.filter((e) => e.status < 400).map((e) => [e.action, e]));
  assert.deepEqual(byAction.query.app_ids, ['shop']);
  assert.equal(byAction.query.subject, `sql_sha256=${createHash('sha256').update(sql).digest('hex')}`);
  assert.match(byAction.erase.subject, /^user_sha256=[0-9a-f]{64}$/);
  assert.equal(entries[1].subject, 'template=overview_stats');
  assert.ok(!res.body.includes('jane'), 'no user id in the log');
  assert.ok(!res.body.includes(shop.readKey) && !res.body.includes('tly_r_not_a_key'), 'no secrets in the log');
  assert.ok(entries.every((e) => Date.parse(e.at) >= started));

  await t.test('filters by key, action and app; only the admin token may read it', async () => {
    const byKey = await tally.app.inject({ method: 'GET', url: `/v1/audit?key_id=${readKeyId}&action=query`, headers: admin });
    assert.deepEqual(byKey.json().entries.map((e: { action: string }) => e.action), ['query']);
    const byApp = await tally.app.inject({ method: 'GET', url: '/v1/audit?app_id=blog', headers: admin });
    assert.ok(byApp.json().entries.every((e: { app_ids: string[] }) => e.app_ids.includes('blog')));
    assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(shop.readKey) })).statusCode, 403);
  });
});
