// Seed 004's platform_metrics_realtime: dashboard_metrics is computed once per expiry and served
// from memory or the table meanwhile (also to another process), expired rows are removed by the
// 15-minute cleanup job, and the API says where an answer came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRealtimeMetrics, METRICS_CLEANUP_SCHEDULE } from '../../src/query/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('one computation per expiry: memory, then the table for another process, then a new one; cleanup removes expired rows', async (t) => {
  const tally = await startTestTally(t);
  // near the real time: the table's TTL (a backstop a day after expiry) drops rows the engine sees as long expired
  let clock = Date.now();
  const now = () => clock;
  const a = createRealtimeMetrics({ store: tally.store, ttlSeconds: 60, now });
  const b = createRealtimeMetrics({ store: tally.store, ttlSeconds: 60, now });
  let computations = 0;
  const calculate = async () => ({ n: ++computations });

  const first = await a.get('shop', 'dashboard_metrics:UTC', calculate);
  assert.deepEqual([first.source, first.value, first.expiresAtMs - first.calculatedAtMs], ['computed', { n: 1 }, 60_000]);
  clock += 30_000;
  assert.deepEqual([(await a.get('shop', 'dashboard_metrics:UTC', calculate)).source, computations], ['memory', 1]);
  const other = await b.get('shop', 'dashboard_metrics:UTC', calculate);
  assert.deepEqual([other.source, other.value, computations], ['table', { n: 1 }, 1], 'another process reads the stored answer');
  // concurrent misses share one computation
  clock += 31_000;
  const both = await Promise.all([a.get('shop', 'dashboard_metrics:UTC', calculate), a.get('shop', 'dashboard_metrics:UTC', calculate)]);
  assert.deepEqual(both.map((x) => [x.source, x.value]), [['computed', { n: 2 }], ['computed', { n: 2 }]]);
  await a.get('blog', 'dashboard_metrics:UTC', calculate);

  const listed = await a.list('shop');
  assert.deepEqual(listed.map((m) => [m.metric_key, m.metric_value]), [['dashboard_metrics:UTC', { n: 2 }]]);

  // 2 minutes on, everything stored so far expired: cleanup removes the rows
  clock += 120_000;
  assert.deepEqual(await a.list('shop'), []);
  const [{ before }] = await tally.store.query<{ before: number }>('SELECT count() AS before FROM platform_metrics_realtime');
  assert.ok(Number(before) >= 2);
  await a.get('fresh', 'k', calculate);
  assert.equal(await a.cleanup(), Number(before));
  const left = await tally.store.query<{ app_id: string }>('SELECT app_id FROM platform_metrics_realtime');
  assert.deepEqual(left.map((r) => r.app_id), ['fresh'], 'the unexpired row stays');
  assert.equal(await a.cleanup(), 0);
  assert.equal(METRICS_CLEANUP_SCHEDULE, '*/15 * * * *');
});

test('POST /v1/report dashboard_metrics is served from the cache until it expires; `at` still computes; GET /v1/metrics/realtime lists it', async (t) => {
  const tally = await startTestTally(t, { TALLY_DASHBOARD_METRICS_TTL_SECONDS: '3600' });
  const shop = await createApp(tally, 'shop');
  const nowIso = new Date(Date.now() - 60_000).toISOString();
  await tally.ingest.ingest([event({ timestamp: nowIso }), event({ user_id: 'u_2', timestamp: nowIso })], {});
  const report = async (extra: Record<string, unknown> = {}) => {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/report', headers: bearer(shop.readKey), payload: { template: 'dashboard_metrics', app_id: 'shop', ...extra } });
    assert.equal(res.statusCode, 200, res.body);
    return res.json();
  };
  const first = await report();
  assert.equal(first.cache.source, 'computed');
  assert.equal(first.totals.active_users_last_hour, 2);
  await tally.ingest.ingest([event({ user_id: 'u_3', timestamp: nowIso })], {});
  const second = await report();
  assert.equal(second.cache.source, 'memory');
  assert.equal(second.totals.active_users_last_hour, 2, 'the cached answer, not a new scan');
  assert.equal(second.cache.calculated_at, first.cache.calculated_at);
  const live = await report({ at: new Date().toISOString() });
  assert.equal(live.cache, undefined);
  assert.equal(live.totals.active_users_last_hour, 3);

  const list = await tally.app.inject({ method: 'GET', url: '/v1/metrics/realtime?app_id=shop', headers: bearer(shop.readKey) });
  assert.equal(list.statusCode, 200, list.body);
  const [metric] = list.json().metrics;
  assert.equal(metric.metric_key, 'dashboard_metrics:UTC');
  assert.equal(metric.metric_value.totals.active_users_last_hour, 2);
  const jobs = await tally.app.inject({ method: 'GET', url: '/v1/jobs?app_id=shop', headers: bearer(shop.readKey) });
  assert.ok(jobs.json().jobs.some((j: { name: string; schedule: string }) => j.name === 'metrics_cleanup' && j.schedule === '*/15 * * * *'));
});
