// Every report is checked against an independent computation in plain TypeScript over the same
// generated events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoEvents, type WireEvent } from '../../src/demo/dataset.ts';
import { bearer, createApp, startTestTally } from '../helpers/tally.ts';

const END = Date.parse('2026-11-01T00:00:00.000Z');
const FROM = '2026-10-10T00:00:00.000Z';
const TO = '2026-10-25T00:00:00.000Z';
const events = [...demoEvents({ appId: 'demo', users: 120, days: 30, endMs: END, seed: 7 })];
const inRange = events.filter((e) => e.timestamp >= FROM && e.timestamp < TO);

const uniq = <T>(xs: Iterable<T>) => new Set(xs).size;
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v));
const close = (a: number, b: number, msg?: string) => assert.ok(Math.abs(a - b) < 1e-6 * Math.max(1, Math.abs(b)), `${msg ?? ''} ${a} != ${b}`);

test('reports equal an independent computation over the same events', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'demo');
  for (let i = 0; i < events.length; i += 5000) {
    const r = await tally.ingest.ingest(events.slice(i, i + 5000), {});
    assert.equal(r.rejected.length, 0, JSON.stringify(r.rejected.slice(0, 2)));
  }
  const report = async (body: Record<string, unknown>) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(readKey), payload: { app_id: 'demo', from: FROM, to: TO, ...body } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };

  await t.test('overview_stats', async () => {
    const r = await report({ template: 'overview_stats', limit: 5 });
    assert.equal(r.totals.events, inRange.length);
    assert.equal(r.totals.unique_users, uniq(inRange.map((e) => e.user_id)));
    assert.equal(r.totals.sessions, uniq(inRange.map((e) => e.session_id)));
    const counts = new Map<string, number>();
    for (const e of inRange) counts.set(e.event_name, (counts.get(e.event_name) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5);
    assert.deepEqual(r.rows.map((x: { event_name: string; events: number }) => [x.event_name, x.events]), top);
    assert.equal(r.daily.reduce((s: number, d: { events: number }) => s + d.events, 0), inRange.length);
    const day = '2026-10-12';
    const dayEvents = inRange.filter((e) => e.timestamp.startsWith(day));
    assert.deepEqual(r.daily.find((d: { day: string }) => d.day === day), { day, events: dayEvents.length, unique_users: uniq(dayEvents.map((e) => e.user_id)) });
  });

  await t.test('top_content', async () => {
    const r = await report({ template: 'top_content', property: 'content_id', event: 'video_start', limit: 3 });
    const byContent = new Map<string, WireEvent[]>();
    for (const e of inRange.filter((e) => e.event_name === 'video_start')) {
      const k = String(e.properties.content_id);
      byContent.set(k, [...(byContent.get(k) ?? []), e]);
    }
    const expected = [...byContent]
      .map(([value, es]) => ({ value, events: es.length, unique_users: uniq(es.map((e) => e.user_id)) }))
      .sort((a, b) => b.events - a.events || a.value.localeCompare(b.value))
      .slice(0, 3);
    assert.deepEqual(r.rows, expected);
  });

  await t.test('search_analytics', async () => {
    const r = await report({ template: 'search_analytics', limit: 20 });
    const searches = inRange.filter((e) => e.event_name === 'search');
    const zero = searches.filter((e) => e.properties.results_count === 0);
    assert.equal(r.totals.searches, searches.length);
    assert.equal(r.totals.unique_queries, uniq(searches.map((e) => String(e.properties.query))));
    assert.equal(r.totals.zero_result_searches, zero.length);
    close(r.totals.zero_result_rate, zero.length / searches.length, 'zero-result rate');
    close(r.totals.avg_results, searches.reduce((s, e) => s + num(e.properties.results_count), 0) / searches.length, 'avg results');
    const zzkx = searches.filter((e) => e.properties.query === 'zzkx').length;
    assert.deepEqual(r.zero_result_queries[0], { query: 'zzkx', searches: zzkx });
  });

  await t.test('engagement', async () => {
    const r = await report({ template: 'engagement', limit: 10 });
    const video = inRange.filter((e) => e.event_name.startsWith('video_'));
    const views = new Set<string>();
    const completed = new Set<string>();
    let watch = 0;
    for (const e of video) {
      const key = `${e.properties.content_id}|${e.user_id}`;
      if (e.event_name === 'video_heartbeat') watch += num(e.properties.watch_time_seconds);
      if (e.event_name !== 'video_complete') views.add(key);
      else completed.add(key);
    }
    const completions = [...completed].filter((k) => views.has(k)).length;
    assert.equal(r.totals.watch_time_seconds, watch);
    assert.equal(r.totals.views, views.size);
    assert.equal(r.totals.completions, completions);
    close(r.totals.completion_rate, completions / views.size, 'completion rate');
    assert.equal(r.totals.viewers, uniq([...views].map((k) => k.split('|')[1])));
  });

  await t.test('revenue, with every day of the range present', async () => {
    const r = await report({ template: 'revenue' });
    const purchases = inRange.filter((e) => e.event_name === 'purchase');
    const total = purchases.reduce((s, e) => s + num(e.properties.revenue), 0);
    close(r.totals.revenue, total, 'revenue');
    assert.equal(r.totals.orders, purchases.length);
    assert.equal(r.rows.length, 15);
    const day = r.rows.find((x: { day: string }) => x.day === '2026-10-15');
    const dayPurchases = purchases.filter((e) => e.timestamp.startsWith('2026-10-15'));
    close(day.revenue, dayPurchases.reduce((s, e) => s + num(e.properties.revenue), 0), 'day revenue');
    assert.equal(day.orders, dayPurchases.length);
  });

  await t.test('revenue in a timezone groups by local days', async () => {
    const r = await report({ template: 'revenue', timezone: 'America/New_York' });
    const localDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
    const purchases = inRange.filter((e) => e.event_name === 'purchase' && localDay(e.timestamp) === '2026-10-15');
    const day = r.rows.find((x: { day: string }) => x.day === '2026-10-15');
    assert.equal(day.orders, purchases.length);
  });

  await t.test('dashboard_metrics', async () => {
    const at = '2026-10-20T15:30:00.000Z';
    const r = await report({ template: 'dashboard_metrics', at });
    const lastHour = events.filter((e) => e.timestamp > '2026-10-20T14:30:00.000Z' && e.timestamp <= at);
    const today = events.filter((e) => e.timestamp.startsWith('2026-10-20') && e.timestamp <= at);
    assert.equal(r.totals.active_users_last_hour, uniq(lastHour.map((e) => e.user_id)));
    assert.equal(r.totals.events_today, today.length);
    const purchasesToday = today.filter((e) => e.event_name === 'purchase').length;
    const row = r.rows.find((x: { event_name: string }) => x.event_name === 'purchase');
    assert.equal(row?.count_today ?? 0, purchasesToday);
  });

  await t.test('an empty range answers zeros, not errors', async () => {
    const r = await report({ template: 'overview_stats', from: '2020-01-01T00:00:00Z', to: '2020-01-02T00:00:00Z' });
    assert.deepEqual(r.totals, { events: 0, unique_users: 0, sessions: 0, events_per_user: 0 });
    assert.deepEqual(r.rows, []);
  });

  await t.test('bad report requests get clear codes', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ template: 'nope' }, 400, 'TALLY_ERR_REPORT_UNKNOWN_TEMPLATE'],
      [{ template: 'revenue', timezone: 'Mars/Base' }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ template: 'revenue', from: 'yesterday' }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ template: 'revenue', from: TO, to: FROM }, 400, 'TALLY_ERR_QUERY_INVALID'],
      [{ template: 'revenue', sql: 'DROP TABLE events' }, 400, 'TALLY_ERR_REQUEST_INVALID'],
      [{ template: 'revenue', limit: 100000 }, 400, 'TALLY_ERR_REQUEST_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(readKey), payload: { app_id: 'demo', ...body } });
      assert.equal(res.statusCode, status, JSON.stringify(body));
      assert.equal(res.json().error.code, code, JSON.stringify(body));
    }
  });

  await t.test("a read key for another app cannot read this app's reports", async () => {
    const other = await createApp(tally, 'other');
    const res = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(other.readKey), payload: { app_id: 'demo', template: 'overview_stats' } });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'TALLY_ERR_AUTH_FORBIDDEN');
  });
});
