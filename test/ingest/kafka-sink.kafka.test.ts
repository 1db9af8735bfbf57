// HTTP ingest with TALLY_INGEST=kafka against the real broker: what is produced (rows, keys,
// headers), when the request is answered, batching of requests into produce calls, backpressure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Registry } from 'prom-client';
import { loadConfig } from '../../src/config/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { isTallyError } from '../../src/errors.ts';
import { ROW_SCHEMA, SCHEMA_HEADER } from '../../src/ingest/kafka-codec.ts';
import { createEventProducer } from '../../src/ingest/kafka-pipeline.ts';
import { createKafkaSink } from '../../src/ingest/kafka-sink.ts';
import { BOOTSTRAP, createTopics, randomName, readTopic, waitFor } from '../helpers/kafka.ts';
import { bearer, countEvents, createApp, event, startTestTally } from '../helpers/tally.ts';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

async function metricValue(registry: Registry, name: string, suffix = ''): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  return values.filter((v) => (v as { metricName?: string }).metricName === undefined || (v as { metricName?: string }).metricName === name + suffix).reduce((a, v) => a + v.value, 0);
}

async function kafkaTally(t: Parameters<typeof startTestTally>[0], env: Record<string, string> = {}) {
  const topic = randomName('tally-sink');
  await createTopics(t, [topic]);
  const tally = await startTestTally(t, { TALLY_INGEST: 'kafka', KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','), KAFKA_TOPIC: topic, KAFKA_GROUP_ID: randomName('tally-sink-group'), ...env });
  const { writeKey } = await createApp(tally, 'shop');
  return { tally, topic, writeKey };
}

test('accepted events are produced as rows keyed by app and user, with schema and traceparent headers, then stored', { timeout: 60_000 }, async (t) => {
  const { tally, topic, writeKey } = await kafkaTally(t);
  const res = await tally.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { ...bearer(writeKey), traceparent: TRACEPARENT },
    payload: { events: [event({ user_id: 'u_1' }), event({ user_id: 'u_2', event_name: 'purchase' }), event({ app_id: 'other' })] },
  });
  assert.equal(res.statusCode, 200, res.body);
  const receipt = res.json() as { accepted: number; duplicates: number; rejected: Array<{ index: number; code: string }> };
  assert.equal(receipt.accepted, 2, 'accepted = produced and acknowledged by the broker');
  assert.equal(receipt.duplicates, 0, 'duplicates are only known to the worker');
  assert.deepEqual(receipt.rejected.map((r) => [r.index, r.code]), [[2, 'TALLY_ERR_EVENT_APP_MISMATCH']]);

  // answered after the broker acknowledged: the messages are on the topic already
  const messages = await readTopic(topic, 2);
  const validate = createIngestPipeline();
  const byKey = new Map(messages.map((m) => [m.key, m]));
  assert.deepEqual([...byKey.keys()].sort(), ['shop:u_1', 'shop:u_2']);
  for (const m of messages) {
    assert.equal(m.headers.get(SCHEMA_HEADER), ROW_SCHEMA);
    assert.equal(m.headers.get('traceparent'), TRACEPARENT, 'without an SDK the caller span is carried on');
    const row = JSON.parse(m.value) as Record<string, unknown>;
    const again = validate(event({ user_id: row.user_id, event_name: row.event_name }), { receivedAtMs: 0 });
    assert.ok(again.ok);
    assert.equal(row.event_id, again.event.eventId, 'the row is the validated event (same derived id)');
    assert.equal(row.app_id, 'shop');
  }
  // the in-process worker (embedded store) stores them
  await waitFor('the events to be stored', async () => (await countEvents(tally, 'shop')) === 2, 20_000);
});

test("one user's events keep their order in one partition; concurrent requests share produce calls", { timeout: 60_000 }, async (t) => {
  const { tally, topic, writeKey } = await kafkaTally(t, { KAFKA_LINGER_MS: '5' });
  for (let i = 0; i < 5; i++) {
    const events = Array.from({ length: 10 }, (_, j) => event({ user_id: 'u_ordered', properties: { seq: i * 10 + j } }));
    const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events } });
    assert.equal(res.statusCode, 200, res.body);
  }
  const calls0 = await metricValue(tally.metrics.registry, 'analytics_kafka_produce_seconds', '_count');
  const responses = await Promise.all(
    Array.from({ length: 40 }, (_, i) => tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: [event({ user_id: `u_c${i}` })] } })),
  );
  assert.ok(responses.every((r) => r.statusCode === 200));
  const calls = (await metricValue(tally.metrics.registry, 'analytics_kafka_produce_seconds', '_count')) - calls0;
  assert.ok(calls >= 1 && calls <= 20, `40 concurrent requests took ${calls} produce calls`);

  const messages = await readTopic(topic, 90);
  const ordered = messages.filter((m) => m.key === 'shop:u_ordered');
  assert.equal(new Set(ordered.map((m) => m.partition)).size, 1, 'one partition per user');
  const seqs = ordered.sort((a, b) => Number(a.offset - b.offset)).map((m) => (JSON.parse(JSON.parse(m.value).properties) as { seq: number }).seq);
  assert.deepEqual(seqs, Array.from({ length: 50 }, (_, i) => i));
});

test('beyond KAFKA_MAX_IN_FLIGHT_EVENTS ingest answers 503 with Retry-After', { timeout: 60_000 }, async (t) => {
  const { tally, writeKey } = await kafkaTally(t, { KAFKA_MAX_IN_FLIGHT_EVENTS: '10' });
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: Array.from({ length: 11 }, (_, i) => event({ user_id: `u${i}` })) } });
  assert.equal(res.statusCode, 503, res.body);
  assert.equal(res.headers['retry-after'], '1');
  assert.equal((res.json() as { error: { code: string } }).error.code, 'TALLY_ERR_INGEST_OVERLOADED');
  const ok = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(writeKey), payload: { events: [event()] } });
  assert.equal(ok.statusCode, 200);
  assert.equal(await metricValue(tally.metrics.registry, 'analytics_kafka_refused_total'), 1);
});

test('an unreachable broker is a 503-class error after the produce timeout, never an acknowledgement', { timeout: 30_000 }, async (t) => {
  const config = loadConfig({ KAFKA_BOOTSTRAP_SERVERS: '127.0.0.1:1', KAFKA_PRODUCE_TIMEOUT_MS: '1000' });
  const producer = createEventProducer(config.kafka, 'test');
  t.after(() => producer.close(true).catch(() => {}));
  const sink = createKafkaSink({ producer, topic: 'tally.unreachable', lingerMs: 1, maxInFlightEvents: 100, produceTimeoutMs: 1000 });
  const validate = createIngestPipeline();
  const r = validate(event(), { receivedAtMs: Date.now() });
  assert.ok(r.ok);
  const started = Date.now();
  await assert.rejects(sink.submit([r.event]), (err: unknown) => isTallyError(err) && err.code === 'TALLY_ERR_KAFKA_UNAVAILABLE' && err.status === 503 && err.retryAfterSeconds === 1);
  assert.ok(Date.now() - started < 5_000);
  assert.equal(sink.stats().inFlightEvents, 0, 'a failed produce frees its place');
  await sink.close();
  await assert.rejects(sink.submit([r.event]), (err: unknown) => isTallyError(err) && err.code === 'TALLY_ERR_INGEST_SHUTTING_DOWN');
});
