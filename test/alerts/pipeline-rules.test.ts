// Every built-in pipeline rule fires once and resolves once on crafted data: rows in the store
// (quarantine, tracking plan, job runs, sink batches), observations in the process's metrics
// (ingest lag, pipeline errors, dead letters, slot lag) and a slow question. Evaluation times are
// chosen around the real time the rows and observations carry.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Gauge, type Histogram } from 'prom-client';
import { PIPELINE_RULE_NAMES, verifySignature } from '../../src/alerts/index.ts';
import { toEngineTime } from '../../src/store/index.ts';
import { ADMIN_TOKEN, bearer } from '../helpers/tally.ts';
import { alertTally, appWithKeys, evaluateAt } from './helpers.ts';
import { startReceiver } from './receiver.ts';

const MIN = 60_000;
const PIPELINE_SECRET = 'pipeline-secret-0123';

test('each built-in pipeline rule fires once on its crafted trouble and resolves once it has passed', async (t) => {
  const hook = await startReceiver(t);
  const tally = await alertTally(t, {
    TALLY_ALERTS_PIPELINE_RULES: 'true',
    TALLY_ALERTS_PIPELINE_WEBHOOK_URL: hook.url,
    TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET: PIPELINE_SECRET,
    TALLY_ALERTS_QUARANTINE_SPIKE: '2',
    TALLY_ALERTS_SLOW_QUERY_MS: '1',
    TALLY_SLOW_QUERY_LOG_MS: '1',
    TALLY_ALERTS_CDC_SLOT_LAG_BYTES: '1000',
  });
  const registry = tally.metrics.registry;
  const deadLetters = new Counter({ name: 'analytics_kafka_dead_letters_total', help: 'dead letters (as the Kafka worker counts them)', registers: [registry] });
  const slotLag = new Gauge({ name: 'analytics_cdc_slot_lag_bytes', help: 'slot lag (as change capture reports it)', labelNames: ['slot'], registers: [registry] });
  const now = Date.now();
  const before = now - 10 * MIN;

  // the first look: metric deltas start here, the windows hold nothing yet
  await evaluateAt(tally, before);
  assert.equal(hook.received.length, 0);

  const { writeKey, readKey } = await appWithKeys(tally, 'shop');
  // schema drift: shop has a tracking plan without page_view
  await tally.store.insertJsonEachRow('event_schemas', Buffer.from(`${JSON.stringify({ app_id: 'shop', event_name: 'signup', version: 1, schema: '{}', category: '', description: '', owner: '', created_at: toEngineTime(now), created_by: 'test' })}\n`));
  const ok = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: [{ app_id: 'shop', event_name: 'page_view', user_id: 'u1', timestamp: new Date(now).toISOString() }] } });
  assert.equal(ok.statusCode, 200);
  // a quarantine spike: three events without an identity
  const bad = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: [1, 2, 3].map((i) => ({ app_id: 'shop', event_name: `x${i}`, timestamp: new Date(now).toISOString() })) } });
  assert.equal(bad.statusCode, 200);
  for (let i = 0; i < 100; i++) {
    const [{ n }] = await tally.store.query<{ n: number }>('SELECT count() AS n FROM quarantined_events');
    if (Number(n) >= 3) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // a failed job run and a failed sink batch
  await tally.store.insertJsonEachRow('job_runs', Buffer.from(`${JSON.stringify({ run_id: 'r-1', job: 'sink_sync', app_id: 'shop', parameters: '{}', trigger: 'schedule', scheduled_at: toEngineTime(now), queued_at: toEngineTime(now), started_at: toEngineTime(now), finished_at: toEngineTime(now), status: 'failed', attempt: 3, rows_done: 0, error: 'x', summary: '{}', version: 1 })}\n`));
  await tally.store.insertJsonEachRow('warehouse_sync_status', Buffer.from(`${JSON.stringify({ sink_id: 'snk_1', batch_seq: 1, app_id: 'shop', range_from: '', range_to: '', rows: 0, bytes: 0, status: 'failed', attempts: 3, error: 'x', trigger: 'schedule', created_at: toEngineTime(now), started_at: toEngineTime(now), finished_at: toEngineTime(now), version: 1 })}\n`));
  // metrics: a slow ingest, pipeline errors, dead letters, a lagging slot
  (registry.getSingleMetric('analytics_ingest_lag_seconds') as Histogram).observe(120);
  (registry.getSingleMetric('analytics_pipeline_errors_total') as Counter).inc({ stage: 'http' }, 5);
  deadLetters.inc(2);
  slotLag.set({ slot: 'tally' }, 5000);
  // a slow question (any question is over the 1 ms limit set here)
  const q = await tally.app.inject({ method: 'POST', url: '/v1/insights/trends', headers: bearer(readKey), payload: { app_id: 'shop', series: [{ event: 'page_view' }] } });
  assert.equal(q.statusCode, 200);

  await evaluateAt(tally, now + MIN);
  const fired = hook.received.map((r) => r.json);
  assert.deepEqual(fired.map((b) => b.name).sort(), [...PIPELINE_RULE_NAMES].sort());
  assert.ok(fired.every((b) => b.state === 'firing' && b.app_id === ''));
  assert.ok(hook.received.every((r) => verifySignature(PIPELINE_SECRET, r.body, r.headers['x-tally-signature'] as string)));
  assert.match(String(fired.find((b) => b.name === 'slow_queries')?.message), /slowest: insights\/trends [0-9a-f]{16}/);
  assert.match(String(fired.find((b) => b.name === 'schema_drift')?.message), /shop\/page_view/);

  slotLag.set({ slot: 'tally' }, 0);
  await evaluateAt(tally, now + 10 * MIN);
  const resolved = hook.received.slice(PIPELINE_RULE_NAMES.length).map((r) => r.json);
  assert.deepEqual(resolved.map((b) => b.name).sort(), [...PIPELINE_RULE_NAMES].sort());
  assert.ok(resolved.every((b) => b.state === 'resolved'));

  // their history and state, for the admin only
  const list = await tally.app.inject({ method: 'GET', url: '/v1/alerts/pipeline', headers: bearer(ADMIN_TOKEN) });
  assert.equal(list.statusCode, 200);
  const rules = (list.json() as { rules: Array<{ name: string; status: { state: string } }> }).rules;
  assert.equal(rules.length, PIPELINE_RULE_NAMES.length);
  assert.ok(rules.every((r) => r.status.state === 'ok'));
  for (const name of PIPELINE_RULE_NAMES) {
    const h = await tally.app.inject({ method: 'GET', url: `/v1/alerts/pipeline/${name}/events`, headers: bearer(ADMIN_TOKEN) });
    const events = (h.json() as { events: Array<{ state: string; delivery: { result: string } }> }).events.reverse();
    assert.deepEqual(events.map((e) => [e.state, e.delivery.result]), [['firing', 'delivered'], ['ok', 'delivered']], name);
  }
  const refused = await tally.app.inject({ method: 'GET', url: '/v1/alerts/pipeline', headers: bearer(readKey) });
  assert.equal(refused.statusCode, 403);
});

test('a silenced pipeline rule does not deliver; the test route reaches the pipeline webhook', async (t) => {
  const hook = await startReceiver(t);
  const tally = await alertTally(t, { TALLY_ALERTS_PIPELINE_RULES: 'true', TALLY_ALERTS_PIPELINE_WEBHOOK_URL: hook.url, TALLY_ALERTS_PIPELINE_WEBHOOK_SECRET: PIPELINE_SECRET });
  const now = Date.now();
  await evaluateAt(tally, now - 10 * MIN);
  const silence = await tally.app.inject({ method: 'POST', url: '/v1/alerts/pipeline/pipeline_error_rate/silence', headers: bearer(ADMIN_TOKEN), payload: { for: '2h' } });
  assert.equal(silence.statusCode, 200);
  (tally.metrics.registry.getSingleMetric('analytics_pipeline_errors_total') as Counter).inc({ stage: 'http' }, 3);
  await evaluateAt(tally, now + MIN);
  assert.equal(hook.received.length, 0);
  const h = await tally.app.inject({ method: 'GET', url: '/v1/alerts/pipeline/pipeline_error_rate/events', headers: bearer(ADMIN_TOKEN) });
  assert.deepEqual((h.json() as { events: Array<{ state: string; delivery: { result: string } }> }).events.map((e) => [e.state, e.delivery.result]), [['firing', 'silenced']]);
  const test = await tally.app.inject({ method: 'POST', url: '/v1/alerts/pipeline/job_failures/test', headers: bearer(ADMIN_TOKEN) });
  assert.equal(test.statusCode, 200);
  assert.equal(hook.received.length, 1);
  assert.equal(hook.received[0].json.test, true);
  const unknown = await tally.app.inject({ method: 'POST', url: '/v1/alerts/pipeline/nope/test', headers: bearer(ADMIN_TOKEN) });
  assert.equal(unknown.statusCode, 404);
  assert.equal((unknown.json() as { error: { code: string } }).error.code, 'TALLY_ERR_ALERT_UNKNOWN');
});
