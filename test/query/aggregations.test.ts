// Aggregations and the hourly rollup, checked against a plain TypeScript computation over the same
// generated events: hourly/daily/weekly buckets in UTC, New York (across the DST change) and a
// half-hour zone, ranges that cut hours, category/event filters, segments (raw path), the rollup
// agreeing with raw events hour by hour, dashboard_metrics served from the rollup, rebuilding the
// rollup after raw events were erased, coded errors and read-key isolation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoEvents } from '../../src/demo/dataset.ts';
import { categorize } from '../../src/event/index.ts';
import { rebuildRollup } from '../../src/query/index.ts';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';
import { HOUR, bucketStart, close, propertyNumber, type RefEvent, type RefInterval } from '../helpers/reference.ts';

const END = Date.parse('2026-11-06T00:00:00.000Z');
const demo = [...demoEvents({ appId: 'agg', users: 50, days: 20, endMs: END, seed: 23 })] as RefEvent[];
const extra: RefEvent[] = [
  // on the edges of hours and of New York's 25-hour day, out of order
  { event_name: 'purchase', user_id: 'x1', timestamp: '2026-11-01T05:00:00.000Z', properties: { revenue: '12.5' } },
  { event_name: 'purchase', user_id: 'x1', timestamp: '2026-11-01T04:59:59.999Z', properties: { revenue: 7 } },
  { event_name: 'purchase', user_id: 'x2', timestamp: '2026-11-02T04:59:59.999Z', properties: { revenue: 1 } },
  { event_name: 'purchase', user_id: 'x2', timestamp: '2026-11-02T05:00:00.000Z', properties: {} },
];
const all = [...extra, ...demo.slice().reverse()];

interface RefRow {
  bucket: string;
  category: string;
  event_name: string;
  events: number;
  unique_users: number;
  revenue: number;
}

const INTERVAL = { hourly: 'hour', daily: 'day', weekly: 'week' } as const;

function reference(events: RefEvent[], fromMs: number, toMs: number, granularity: keyof typeof INTERVAL, tz: string, keep: (e: RefEvent) => boolean = () => true): RefRow[] {
  const groups = new Map<string, { bucket: number; category: string; event_name: string; users: Set<string>; events: number; revenue: number }>();
  for (const e of events) {
    const t = Date.parse(e.timestamp);
    if (t < fromMs || t >= toMs || !keep(e)) continue;
    const bucket = bucketStart(INTERVAL[granularity] as RefInterval, t, tz);
    const category = categorize(e.event_name);
    const key = `${bucket}|${category}|${e.event_name}`;
    const g = groups.get(key) ?? { bucket, category, event_name: e.event_name, users: new Set<string>(), events: 0, revenue: 0 };
    g.events++;
    g.users.add(e.user_id);
    g.revenue += propertyNumber(e, 'revenue') ?? 0;
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => a.bucket - b.bucket || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0) || (a.event_name < b.event_name ? -1 : 1))
    .map((g) => ({ bucket: new Date(g.bucket).toISOString(), category: g.category, event_name: g.event_name, events: g.events, unique_users: g.users.size, revenue: g.revenue }));
}

type Row = RefRow & { unique_users_approx: number };

function assertRows(actual: Row[], expected: RefRow[], what: string): void {
  assert.deepEqual(actual.map((r) => [r.bucket, r.category, r.event_name, r.events, r.unique_users]), expected.map((r) => [r.bucket, r.category, r.event_name, r.events, r.unique_users]), what);
  actual.forEach((r, i) => {
    assert.ok(close(r.revenue, expected[i].revenue), `${what}: revenue ${r.revenue} != ${expected[i].revenue}`);
    assert.ok(Math.abs(r.unique_users_approx - r.unique_users) <= 0.01 * r.unique_users, `${what}: approximate users`);
  });
}

test('aggregations from the rollup equal an independent computation over raw events', async (t) => {
  // the rollup's own behaviour, with rows deleted and rebuilt behind the API's back: no kept answers
  const tally = await startTestTally(t, { TALLY_ANSWER_CACHE_TTL_SECONDS: '0' });
  const { readKey } = await createApp(tally, 'agg');
  const other = await createApp(tally, 'other');
  for (let i = 0; i < all.length; i += 3000) {
    const r = await tally.ingest.ingest(all.slice(i, i + 3000).map((e) => ({ ...e, app_id: 'agg' })), {});
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.slice(0, 2)));
  }
  const post = (url: string, body: Record<string, unknown>, key = readKey) => tally.app.inject({ method: 'POST', url, headers: bearer(key), payload: body });
  const aggregations = async (body: Record<string, unknown>) => {
    const res = await post('/v1/insights/aggregations', { app_id: 'agg', ...body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { source: string; rows: Row[] };
  };

  await t.test('the rollup holds exactly the raw events, hour by hour', async () => {
    const rows = await tally.store.query<{ hour: number; event_name: string; events: number; users: number; revenue: number }>(
      `SELECT toUnixTimestamp(hour) * 1000 AS hour, event_name, countMerge(events) AS events, uniqExactMerge(users_exact) AS users, sumMerge(revenue) AS revenue
       FROM events_hourly WHERE app_id = 'agg' GROUP BY hour, event_name ORDER BY hour, event_name`,
    );
    const expected = reference(all, 0, END + 2 * HOUR, 'hourly', 'UTC').sort((a, b) => (a.bucket + a.event_name < b.bucket + b.event_name ? -1 : 1));
    assert.equal(rows.length, expected.length);
    rows.forEach((r, i) => {
      assert.deepEqual([new Date(r.hour).toISOString(), r.event_name, r.events, r.users], [expected[i].bucket, expected[i].event_name, expected[i].events, expected[i].unique_users]);
      assert.ok(close(r.revenue, expected[i].revenue));
    });
  });

  await t.test('hourly, daily and weekly in UTC over whole hours come from the rollup', async () => {
    const from = '2026-10-20T00:00:00.000Z';
    const to = '2026-11-05T00:00:00.000Z';
    for (const granularity of ['hourly', 'daily', 'weekly'] as const) {
      const r = await aggregations({ from, to, granularity });
      assert.equal(r.source, 'rollup');
      assertRows(r.rows, reference(all, Date.parse(from), Date.parse(to), granularity, 'UTC'), granularity);
    }
  });

  await t.test('local days and weeks: New York across the DST change, and a half-hour zone', async () => {
    for (const timezone of ['America/New_York', 'Asia/Kolkata']) {
      for (const granularity of ['hourly', 'daily', 'weekly'] as const) {
        const from = '2026-10-27T04:00:00.000Z';
        const to = '2026-11-04T05:00:00.000Z';
        const r = await aggregations({ from, to, granularity, timezone });
        assertRows(r.rows, reference(all, Date.parse(from), Date.parse(to), granularity, timezone), `${timezone} ${granularity}`);
      }
    }
    const nov1 = (await aggregations({ from: '2026-11-01T04:00:00Z', to: '2026-11-02T05:00:00Z', granularity: 'daily', timezone: 'America/New_York', event_name: 'purchase' })).rows;
    const expected = all.filter((e) => e.event_name === 'purchase' && e.timestamp >= '2026-11-01T04:00:00.000Z' && e.timestamp < '2026-11-02T05:00:00.000Z').length;
    assert.deepEqual(nov1.map((r) => [r.bucket, r.events]), [['2026-11-01T04:00:00.000Z', expected]], 'Nov 1 in New York has 25 hours');
  });

  await t.test('ranges that cut hours read the partial hours from raw events', async () => {
    const from = '2026-10-25T07:13:20.500Z';
    const to = '2026-10-29T18:00:00.001Z';
    const r = await aggregations({ from, to, granularity: 'daily' });
    assertRows(r.rows, reference(all, Date.parse(from), Date.parse(to), 'daily', 'UTC'), 'cut range');
    const inside = await aggregations({ from: '2026-10-25T07:10:00Z', to: '2026-10-25T07:50:00Z', granularity: 'hourly' });
    assert.equal(inside.source, 'events');
    assertRows(inside.rows, reference(all, Date.parse('2026-10-25T07:10:00Z'), Date.parse('2026-10-25T07:50:00Z'), 'hourly', 'UTC'), 'within one hour');
  });

  await t.test('category and event name narrow the rows; an empty range has none', async () => {
    const from = '2026-10-20T00:00:00.000Z';
    const to = '2026-11-05T00:00:00.000Z';
    const byCategory = await aggregations({ from, to, granularity: 'daily', category: 'transaction' });
    assertRows(byCategory.rows, reference(all, Date.parse(from), Date.parse(to), 'daily', 'UTC', (e) => categorize(e.event_name) === 'transaction'), 'category');
    assert.ok(byCategory.rows.length > 0 && byCategory.rows.every((r) => r.category === 'transaction'));
    const byEvent = await aggregations({ from, to, granularity: 'weekly', event_name: 'search' });
    assertRows(byEvent.rows, reference(all, Date.parse(from), Date.parse(to), 'weekly', 'UTC', (e) => e.event_name === 'search'), 'event name');
    assert.deepEqual((await aggregations({ from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z', granularity: 'daily' })).rows, []);
  });

  await t.test('with a segment the answer comes from raw events of its members', async () => {
    const from = '2026-10-20T00:00:00.000Z';
    const to = '2026-11-05T00:00:00.000Z';
    const custom = { event: 'checkout', min_count: 2, from, to };
    const members = new Map<string, number>();
    for (const e of all) if (e.event_name === 'checkout' && e.timestamp >= from && e.timestamp < to) members.set(e.user_id, (members.get(e.user_id) ?? 0) + 1);
    const users = new Set([...members].filter(([, n]) => n >= 2).map(([u]) => u));
    assert.ok(users.size > 0);
    const r = await aggregations({ from, to, granularity: 'daily', segment: { custom } });
    assert.equal(r.source, 'events');
    assertRows(r.rows, reference(all, Date.parse(from), Date.parse(to), 'daily', 'UTC', (e) => users.has(e.user_id)), 'segment');
  });

  await t.test('dashboard_metrics, read from the rollup, equals the raw counts of today', async () => {
    for (const [at, timezone] of [['2026-11-01T15:30:00.000Z', 'America/New_York'], ['2026-10-30T05:10:00.000Z', 'Asia/Kolkata'], ['2026-10-30T23:59:59.999Z', 'UTC']]) {
      const res = await post('/v1/report', { app_id: 'agg', template: 'dashboard_metrics', at, timezone });
      assert.equal(res.statusCode, 200, res.body);
      const r = res.json();
      const dayStart = bucketStart('day', Date.parse(at), timezone);
      const today = all.filter((e) => Date.parse(e.timestamp) >= dayStart && e.timestamp <= at);
      const byName = new Map<string, RefEvent[]>();
      for (const e of today) byName.set(e.event_name, [...(byName.get(e.event_name) ?? []), e]);
      const rows = [...byName]
        .map(([event_name, es]) => ({ event_name, count_today: es.length, users_today: new Set(es.map((e) => e.user_id)).size }))
        .sort((a, b) => b.count_today - a.count_today || (a.event_name < b.event_name ? -1 : 1));
      assert.deepEqual(r.rows, rows, `${timezone} ${at}`);
      assert.equal(r.totals.events_today, today.length);
      assert.equal(r.totals.active_users_today, new Set(today.map((e) => e.user_id)).size);
    }
  });

  await t.test('the rollup keeps erased raw events until it is rebuilt for their hours', async () => {
    const body = { from: '2026-10-28T00:00:00Z', to: '2026-10-29T00:00:00Z', granularity: 'daily' };
    const before = (await aggregations(body)).rows;
    const victim = all.find((e) => e.timestamp >= '2026-10-28' && e.timestamp < '2026-10-29')!.user_id;
    await tally.store.command(`DELETE FROM events WHERE app_id = 'agg' AND user_id = {u:String}`, { u: victim });
    assert.deepEqual((await aggregations(body)).rows, before, 'the view only ever adds');
    await rebuildRollup(tally.store, { appId: 'agg', fromMs: Date.parse('2026-10-28T00:00:00Z'), toMs: Date.parse('2026-10-29T00:00:00Z') });
    const kept = all.filter((e) => e.user_id !== victim);
    assertRows((await aggregations(body)).rows, reference(kept, Date.parse(body.from), Date.parse(body.to), 'daily', 'UTC'), 'after rebuild');
  });

  await t.test('bad requests get codes; another app cannot read', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ granularity: 'monthly' }, 'TALLY_ERR_REQUEST_INVALID'],
      [{ granularity: 'daily', extra: 1 }, 'TALLY_ERR_REQUEST_INVALID'],
      [{ granularity: 'hourly', from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }, 'TALLY_ERR_QUERY_TOO_MANY_BUCKETS'],
      [{ granularity: 'daily', timezone: 'Nowhere/Land' }, 'TALLY_ERR_QUERY_INVALID'],
    ];
    for (const [body, code] of cases) {
      const res = await post('/v1/insights/aggregations', { app_id: 'agg', ...body });
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().error.code, code);
    }
    const res = await post('/v1/insights/aggregations', { app_id: 'agg', granularity: 'daily' }, other.readKey);
    assert.equal(res.statusCode, 403);
    const doc = (await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
    const spec = doc.paths['/v1/insights/aggregations'].post.requestBody.content['application/json'].schema;
    assert.ok(spec.properties.granularity && spec.properties.segment && spec.properties.category);
  });
});
