// GDPR: erasure, anonymisation and export of one user, against the real engine. After erasure no
// report, insight (raw or rollup-backed) or raw query counts the user; the receipt says what was
// removed and that it is complete.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tally } from '../../src/service.ts';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const FROM = '2026-09-01T00:00:00Z';
const TO = '2026-11-01T00:00:00Z';
const admin = bearer(ADMIN_TOKEN);

function shopEvents(users: string[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  users.forEach((user, u) => {
    for (let i = 0; i < 6; i++) {
      out.push(
        event({
          user_id: user,
          event_name: i === 5 ? 'purchase' : 'page_view',
          timestamp: new Date(Date.parse('2026-10-01T08:00:00Z') + (u * 6 + i) * 3_600_000).toISOString(),
          properties: { i, revenue: i === 5 ? 10 : undefined, email: `${user}@example.com`, phone_note: 'x', address: '1 Main St' },
          context: { ip: '203.0.113.9', user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0' },
        }),
      );
    }
  });
  return out;
}

async function counts(tally: Tally, readKey: string) {
  const report = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(readKey), payload: { template: 'overview_stats', app_id: 'shop', from: FROM, to: TO } });
  assert.equal(report.statusCode, 200, report.body);
  const trends = await tally.app.inject({
    method: 'POST',
    url: '/v1/insights/trends',
    headers: bearer(readKey),
    payload: { app_id: 'shop', from: FROM, to: TO, interval: 'month', series: [{ event: 'page_view', math: 'unique_users' }] },
  });
  assert.equal(trends.statusCode, 200, trends.body);
  const rollup = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(readKey), payload: { sql: 'SELECT uniqExactMerge(users_exact) AS n, countMerge(events) AS e FROM events_hourly' } });
  assert.equal(rollup.statusCode, 200, rollup.body);
  const raw = await tally.app.inject({ method: 'POST', url: '/v1/query', headers: bearer(readKey), payload: { sql: 'SELECT uniqExact(user_id) AS n, count() AS e FROM events' } });
  return {
    reportUsers: report.json().totals?.unique_users ?? report.json().totals?.users,
    trendUsers: (trends.json().series[0].points as Array<{ value: number }>).reduce((s, p) => s + p.value, 0),
    rollupUsers: rollup.json().rows[0].n as number,
    rollupEvents: rollup.json().rows[0].e as number,
    rawUsers: raw.json().rows[0].n as number,
    rawEvents: raw.json().rows[0].e as number,
  };
}

async function finish(tally: Tally, receipt: { erasure_id: string }) {
  await tally.trust.erasures.wait(receipt.erasure_id);
  const res = await tally.app.inject({ method: 'GET', url: `/v1/erasures/${receipt.erasure_id}`, headers: admin });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

test('erasing a user removes every row about them; no report, insight or rollup counts them afterwards', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  const users = ['u_1', 'u_2', 'victim', 'u_4'];
  assert.equal((await tally.ingest.ingest(shopEvents(users), {})).accepted, 24);
  await tally.ingest.ingest([event({ app_id: 'blog', user_id: 'victim' })], {});
  // a rejected event naming the victim lands in quarantine with its raw payload
  await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: { ...event({ user_id: 'victim' }), colour: 'red' } });

  const before = await counts(tally, shop.readKey);
  assert.deepEqual([before.trendUsers, before.rollupUsers, before.rawUsers, before.rollupEvents], [4, 4, 4, 24]);

  await t.test('only the admin token may erase', async () => {
    for (const key of [shop.readKey, shop.writeKey]) {
      const res = await tally.app.inject({ method: 'DELETE', url: '/v1/users/victim?app_id=shop', headers: bearer(key) });
      assert.equal(res.statusCode, 403);
    }
  });

  const res = await tally.app.inject({ method: 'DELETE', url: '/v1/users/victim?app_id=shop', headers: admin });
  assert.equal(res.statusCode, 202, res.body);
  const started = res.json();
  assert.match(started.erasure_id, /^er_[0-9a-f]{24}$/);
  assert.equal(started.status, 'running');
  const receipt = await finish(tally, started);
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  assert.ok(receipt.completed_at >= receipt.requested_at);
  const byTable = Object.fromEntries(receipt.tables.map((x: { table: string }) => [x.table, x]));
  assert.deepEqual(byTable.events, { table: 'events', kind: 'rows', matched: 6, remaining: 0 });
  assert.equal(byTable.quarantined_events?.kind, 'payload');
  assert.equal(byTable.quarantined_events?.remaining, 0);
  assert.ok(byTable.quarantined_events?.matched >= 1, JSON.stringify(byTable.quarantined_events));
  assert.equal(byTable.events_hourly?.kind, 'rollup');
  assert.ok(byTable.events_hourly.matched >= 6, JSON.stringify(receipt));
  assert.ok(!JSON.stringify(receipt).includes('victim'), 'the receipt does not name the user');

  const after = await counts(tally, shop.readKey);
  assert.deepEqual(
    [after.trendUsers, after.rollupUsers, after.rawUsers, after.rollupEvents, after.rawEvents],
    [3, 3, 3, 18, 18],
    JSON.stringify(after),
  );
  const list = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=shop&user_id=victim&from=${FROM}&to=${TO}`, headers: bearer(shop.readKey) });
  assert.equal(list.json().total, 0);
  const exported = await tally.app.inject({ method: 'GET', url: '/v1/users/victim/export?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(exported.body, '');
  const [{ n: stored }] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE user_id = 'victim' OR properties LIKE '%victim%'");
  assert.equal(stored, 1, 'only the other app still holds the user (erasure is per app)');
  const other = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=blog&user_id=victim&from=-3650d`, headers: bearer(blog.readKey) });
  assert.equal(other.json().total, 1);

  await t.test('an unknown receipt is a coded 404', async () => {
    const missing = await tally.app.inject({ method: 'GET', url: `/v1/erasures/er_${'0'.repeat(24)}`, headers: admin });
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().error.code, 'TALLY_ERR_ERASURE_UNKNOWN');
  });
});

test('anonymising replaces the identity but keeps the behaviour: counts stay, personal fields go', async (t) => {
  const tally = await startTestTally(t, { TALLY_STORE_USER_AGENT: 'true', TALLY_SCRUB_KEYS: '', TALLY_SCRUB_EMAILS: 'false' });
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest(shopEvents(['u_1', 'anon-me', 'u_3']), {});
  const before = await counts(tally, shop.readKey);

  const res = await tally.app.inject({ method: 'POST', url: '/v1/users/anon-me/anonymize', headers: admin, payload: { app_id: 'shop' } });
  assert.equal(res.statusCode, 202, res.body);
  const receipt = await finish(tally, res.json());
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  assert.equal(receipt.kind, 'anonymize');

  const after = await counts(tally, shop.readKey);
  assert.deepEqual(after, before, 'the pseudonym counts as one user, with the same events');
  const rows = await tally.store.query<{ user_id: string; anonymous_id: string; properties: string; ip_prefix: string; user_agent: string }>(
    "SELECT user_id, anonymous_id, properties, ip_prefix, user_agent FROM events WHERE user_id NOT IN ('u_1', 'u_3')",
  );
  assert.equal(rows.length, 6);
  assert.equal(new Set(rows.map((r) => r.user_id)).size, 1);
  for (const r of rows) {
    assert.match(r.user_id, /^anon_[0-9a-f]{16}$/);
    assert.equal(r.ip_prefix, '');
    assert.equal(r.user_agent, '');
    const props = JSON.parse(r.properties);
    assert.equal(props.email, undefined);
    assert.equal(props.address, undefined);
    assert.equal(props.phone_note, 'x', 'only the named keys go');
  }
  const others = await tally.store.query<{ ip_prefix: string; user_agent: string }>("SELECT ip_prefix, user_agent FROM events WHERE user_id = 'u_1' LIMIT 1");
  assert.equal(others[0].ip_prefix, '203.0.113.0', 'other users keep their data');
  assert.ok(others[0].user_agent.length > 0);
});

test('export streams every row about the user as NDJSON; a read key of another app cannot export', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  await tally.ingest.ingest(shopEvents(['u_1', 'u_2']), {});
  const res = await tally.app.inject({ method: 'GET', url: '/v1/users/u_1/export?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /application\/x-ndjson/);
  const lines = res.body.trim().split('\n').map((l) => JSON.parse(l) as { table: string; row: { user_id: string; app_id: string } });
  assert.equal(lines.length, 6);
  assert.ok(lines.every((l) => l.table === 'events' && l.row.user_id === 'u_1' && l.row.app_id === 'shop'));
  const denied = await tally.app.inject({ method: 'GET', url: '/v1/users/u_1/export?app_id=shop', headers: bearer(blog.readKey) });
  assert.equal(denied.statusCode, 403);
  assert.ok(!denied.body.includes('u_1'));
});

test('an erasure racing with ingest loses no acknowledged event of other users', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest(shopEvents(['victim']), {});
  const erase = await tally.app.inject({ method: 'DELETE', url: '/v1/users/victim?app_id=shop', headers: admin });
  const sends = Array.from({ length: 20 }, (_, b) =>
    tally.app.inject({
      method: 'POST',
      url: '/v1/batch',
      headers: bearer(shop.writeKey),
      payload: { events: Array.from({ length: 10 }, (_, i) => event({ user_id: `other_${b}`, properties: { i } })) },
    }),
  );
  const answers = await Promise.all(sends);
  const receipt = await finish(tally, erase.json());
  assert.equal(receipt.status, 'complete');
  const accepted = answers.reduce((s, r) => s + (r.statusCode === 200 ? r.json().accepted : 0), 0);
  assert.equal(accepted, 200);
  const [{ n }] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'shop'");
  assert.equal(n, 200);
});
