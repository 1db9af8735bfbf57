// The Kafka worker against the real broker and the real engine: what it stores, what it
// dead-letters, when it commits, how it behaves when the store fails, at shutdown and in rebalances.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { Admin, ProduceAcks, Producer, stringSerializers } from '@platformatic/kafka';
import { trace, type Link, type Tracer } from '@opentelemetry/api';
import { loadConfig } from '../../src/config/index.ts';
import { batcherLimits, createBatcher, createIngestPipeline, type Batcher, type ValidatedEvent } from '../../src/ingest/index.ts';
import { DLQ_HEADERS, encodeEvent, ROW_SCHEMA_V1, SCHEMA_HEADER } from '../../src/ingest/kafka-codec.ts';
import { createEventProducer, startKafkaWorker } from '../../src/ingest/kafka-pipeline.ts';
import { createTracing } from '../../src/observability/tracing.ts';
import type { Tally } from '../../src/service.ts';
import { BOOTSTRAP, createTopics, randomName, readTopic, waitFor } from '../helpers/kafka.ts';
import { bearer, countEvents, createApp, startTestTally } from '../helpers/tally.ts';

const validate = createIngestPipeline();
/** the pipeline a worker runs: every app the test Tally knows */
const pipelineOf = (tally: Tally) => createIngestPipeline({ appExists: (id) => tally.apps.has(id) });

function rows(n: number, appId = 'shop', from = 0): ValidatedEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = validate({ app_id: appId, event_name: 'page_view', user_id: `u_${(from + i) % 13}`, timestamp: '2026-10-01T12:00:00.000Z', properties: { i: from + i } }, { receivedAtMs: Date.now() });
    if (!r.ok) throw new Error(r.message);
    return r.event;
  });
}

function workerBatcher(t: TestContext, tally: Tally): Batcher {
  const batcher = createBatcher({ store: tally.store.lane('ingest'), ...batcherLimits(tally.config), metrics: tally.metrics.batcher, logger: tally.logger });
  t.after(() => batcher.close());
  return batcher;
}

async function setup(t: TestContext, env: Record<string, string> = {}, mapped = false) {
  const topic = randomName('tally-worker');
  const cdc = randomName('tally-worker-cdc');
  await createTopics(t, mapped ? [topic, cdc] : [topic]);
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await createApp(tally, 'tutor');
  // the worker stores with the group-commit batcher, as `tally worker` does (src/worker.ts)
  const batcher = workerBatcher(t, tally);
  const config = loadConfig({
    KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: randomName('tally-worker-group'),
    KAFKA_WORKER_RETRY_MS: '100',
    ...(mapped ? { TALLY_KAFKA_MAPPINGS: JSON.stringify({ [cdc]: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' } }) } : {}),
    ...env,
  });
  const producer = createEventProducer(config.kafka, 'test');
  t.after(() => producer.close().catch(() => {}));
  const start = (extra: { tracer?: Tracer; batchSize?: number; flushIntervalMs?: number } = {}) =>
    startKafkaWorker({
      kafka: config.kafka,
      registry: tally.metrics.registry,
      logger: tally.logger,
      sink: batcher,
      pipeline: pipelineOf(tally),
      apps: tally.apps,
      batchSize: extra.batchSize ?? 500,
      flushIntervalMs: extra.flushIntervalMs ?? 20,
      lagIntervalMs: 200,
      tracing: extra.tracer ? createTracing(extra.tracer) : undefined,
    });
  return { tally, config, topic, cdc, producer, start, shop, batcher };
}

async function committed(config: { kafka: { bootstrapServers: readonly string[]; groupId: string } }, topic: string): Promise<bigint> {
  const admin = new Admin({ clientId: 'test-offsets', bootstrapBrokers: [...config.kafka.bootstrapServers] });
  try {
    const groups = await admin.listConsumerGroupOffsets({ groups: [{ groupId: config.kafka.groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }] }] });
    let sum = 0n;
    for (const g of groups) for (const tp of g.topics) for (const p of tp.partitions) if (p.committedOffset > 0n) sum += p.committedOffset;
    return sum;
  } finally {
    await admin.close();
  }
}

/** the sum of the partitions' end offsets (-1: latest), markers included */
async function endOffsets(topic: string): Promise<bigint> {
  const admin = new Admin({ clientId: 'test-offsets', bootstrapBrokers: BOOTSTRAP });
  try {
    const [listed] = await admin.listOffsets({ topics: [{ name: topic, partitions: [0, 1, 2].map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) }] });
    return listed.partitions.reduce((sum, p) => sum + p.offset, 0n);
  } finally {
    await admin.close();
  }
}

/** the lag gauge's values for the partitions of `topic` (none until it was measured) */
async function lagOf(tally: Tally, topic: string): Promise<number[]> {
  const m = tally.metrics.registry.getSingleMetric('analytics_kafka_consumer_lag');
  if (!m) return [];
  return (await m.get()).values.filter((v) => v.labels.topic === topic).map((v) => v.value);
}

async function metric(tally: Tally, name: string, labels: Record<string, string> = {}): Promise<number> {
  const m = tally.metrics.registry.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values.filter((v) => Object.entries(labels).every(([k, val]) => String(v.labels[k]) === val)).reduce((a, v) => a + v.value, 0);
}

test('rows, plain seed-003 events and change-capture rows are stored; bad messages are dead-lettered with their reason', { timeout: 90_000 }, async (t) => {
  const { tally, config, topic, cdc, producer, start } = await setup(t, {}, true);
  const links: Link[] = [];
  const tracer: Tracer = { startSpan: (_n, o) => {
      links.push(...(o?.links ?? []));
      return trace.wrapSpanContext({ traceId: '1'.repeat(32), spanId: '1'.repeat(16), traceFlags: 1 });
    }, startActiveSpan: (() => { throw new Error('unused'); }) as Tracer['startActiveSpan'] };
  const worker = await start({ tracer });
  t.after(() => worker.close());

  const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
  const produced = rows(100);
  await producer.send({ messages: produced.map((e) => encodeEvent(topic, e, { traceparent })), acks: ProduceAcks.ALL });
  const plain = Array.from({ length: 20 }, (_, i) => ({ app_id: 'shop', event_name: 'video_buffering', user_id: `user_${i}`, timestamp: '2026-10-01T12:00:00.000Z', properties: { buffer_duration_ms: 1500 + i } }));
  await producer.send({ messages: plain.map((e) => ({ topic, value: JSON.stringify(e) })), acks: ProduceAcks.ALL });
  const captured = Array.from({ length: 10 }, (_, i) => ({ id: 500 + i, session_id: `s-${i}`, user_id: `learner-${i}`, concept: 'fractions', timestamp: '2026-10-01 12:00:00.250', delta_mastery: 0.25 }));
  await producer.send({ messages: captured.map((r) => ({ topic: cdc, key: String(r.id), value: JSON.stringify(r) })), acks: ProduceAcks.ALL });
  // a row with a column the engine would refuse: the decoder finds it first
  const poison = rows(1, 'shop', 1000)[0];
  const poisonRow = poison.row.replace(/"received_at":"[^"]*"/, '"received_at":"not a time"');
  const bad = [
    { topic, value: 'garbage{', reason: 'TALLY_ERR_KAFKA_UNDECODABLE' },
    { topic, value: '{}', headers: { [SCHEMA_HEADER]: 'tally.row.v9' }, reason: 'TALLY_ERR_KAFKA_UNKNOWN_SCHEMA' },
    { topic, value: JSON.stringify({ ...plain[0], app_id: 'ghost' }), reason: 'TALLY_ERR_APP_UNKNOWN' },
    { topic, value: JSON.stringify({ app_id: 'shop', event_name: 'x', timestamp: '2026-10-01T12:00:00Z' }), reason: 'TALLY_ERR_EVENT_MISSING_IDENTITY' },
    { topic, value: poisonRow, headers: { [SCHEMA_HEADER]: ROW_SCHEMA_V1 }, reason: 'TALLY_ERR_KAFKA_BAD_ROW' },
    { topic: cdc, value: JSON.stringify({ id: 1, timestamp: '2026-10-01 12:00:00' }), reason: 'TALLY_ERR_EVENT_MISSING_IDENTITY' },
  ];
  await producer.send({ messages: bad.map(({ topic: tp, value, headers }) => ({ topic: tp, key: 'bad', value, headers: headers ?? {} })), acks: ProduceAcks.ALL });

  await waitFor('every good event stored', async () => (await countEvents(tally, 'shop')) === 120 && (await countEvents(tally, 'tutor')) === 10, 60_000);
  const ids = await tally.store.query<{ id: string }>("SELECT toString(event_id) AS id FROM events WHERE app_id = 'shop' AND event_name = 'page_view'");
  assert.deepEqual(ids.map((r) => r.id).sort(), produced.map((e) => e.eventId).sort());
  const [video] = await tally.store.query<{ n: number; ua: string }>("SELECT count() AS n, any(category) AS ua FROM events WHERE event_name = 'video_buffering'");
  assert.equal(video.n, 20);

  const letters = [...(await readTopic(`${topic}.dlq`, 5)), ...(await readTopic(`${cdc}.dlq`, 1))];
  const reasons = letters.map((m) => m.headers.get(DLQ_HEADERS.reason)).sort();
  assert.deepEqual(reasons, bad.map((b) => b.reason).sort());
  for (const m of letters) {
    const original = bad.find((b) => b.reason === m.headers.get(DLQ_HEADERS.reason) && b.topic === m.headers.get(DLQ_HEADERS.topic));
    assert.ok(original, 'the source topic is named');
    assert.equal(m.value, original.value, 'the original bytes are kept');
    assert.match(m.headers.get(DLQ_HEADERS.offset) ?? '', /^\d+$/);
    assert.match(m.headers.get(DLQ_HEADERS.partition) ?? '', /^\d$/);
    assert.ok((m.headers.get(DLQ_HEADERS.message) ?? '').length > 0);
  }
  assert.equal(await metric(tally, 'analytics_kafka_dead_letters_total'), 6);
  assert.equal(await metric(tally, 'analytics_kafka_dead_letters_total', { reason: 'TALLY_ERR_EVENT_MISSING_IDENTITY' }), 2);
  // every message, good or dead-lettered, is committed once stored
  await waitFor('offsets committed', async () => (await committed(config, topic)) === 125n, 20_000, 200);
  assert.ok(links.some((l) => l.context.traceId === '4bf92f3577b34da6a3ce929d0e0e4736' && l.context.spanId === '00f067aa0ba902b7'), 'the batch span links to the producer trace');
  await waitFor('lag measured', async () => (await metric(tally, 'analytics_kafka_consumer_lag', { topic })) === 0 && tally.metrics.registry.getSingleMetric('analytics_kafka_consumer_lag') !== undefined, 10_000, 200);
});

test('redelivered messages never change a count', { timeout: 90_000 }, async (t) => {
  const { tally, config, topic, producer, start, batcher } = await setup(t);
  const events = rows(300);
  await producer.send({ messages: events.map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  // the same events again (a client retry after a lost answer)
  await producer.send({ messages: events.slice(0, 100).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  const first = await start();
  await waitFor('all read and committed', async () => (await committed(config, topic)) === 400n, 30_000, 200);
  await first.close();
  assert.equal(await countEvents(tally, 'shop'), 300);
  // a worker of a new group reads everything again from the start
  const again = await startKafkaWorker({ kafka: { ...config.kafka, groupId: randomName('tally-worker-regroup') }, registry: tally.metrics.registry, logger: tally.logger, sink: batcher, pipeline: pipelineOf(tally), apps: tally.apps, batchSize: 64, flushIntervalMs: 10 });
  t.after(() => again.close());
  await waitFor('the redelivery to be processed', async () => (await metric(tally, 'analytics_events_duplicate_total')) >= 500, 30_000, 200);
  const [c] = await tally.store.query<{ n: number; ids: number }>("SELECT count() AS n, uniqExact(event_id) AS ids FROM events WHERE app_id = 'shop'");
  assert.deepEqual(c, { n: 300, ids: 300 });
});

test('store errors are retried with backoff, the consumer pauses, and nothing is committed before the insert', { timeout: 90_000 }, async (t) => {
  const { tally, config, topic, producer, start } = await setup(t, { KAFKA_WORKER_MAX_IN_FLIGHT: '2' });
  const worker = await start({ batchSize: 20, flushIntervalMs: 10 });
  t.after(() => worker.close());
  await tally.store.command('DETACH TABLE events');
  let attached = false;
  t.after(async () => {
    if (!attached) await tally.store.command('ATTACH TABLE events').catch(() => {});
  });
  await producer.send({ messages: rows(200).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await waitFor('retries while the table is away', async () => (await metric(tally, 'analytics_kafka_store_retries_total')) >= 2, 20_000);
  await waitFor('the consumer to pause', () => worker.stats().paused, 10_000);
  assert.equal(await metric(tally, 'analytics_kafka_consumer_paused'), 1);
  assert.equal(await committed(config, topic), 0n, 'no offset is committed while nothing is stored');
  await waitFor('lag to show', async () => (await metric(tally, 'analytics_kafka_consumer_lag', { topic })) > 0, 10_000, 200);
  await tally.store.command('ATTACH TABLE events');
  attached = true;
  await waitFor('everything stored after the store came back', async () => (await countEvents(tally, 'shop')) === 200, 60_000);
  await waitFor('offsets committed', async () => (await committed(config, topic)) === 200n, 20_000, 200);
  assert.equal(worker.stats().paused, false);
  assert.equal(await metric(tally, 'analytics_kafka_dead_letters_total'), 0, 'a store outage is not bad data');
});

test('shutdown stores and commits a partial batch; a rebalance loses and duplicates nothing', { timeout: 120_000 }, async (t) => {
  const { tally, config, topic, producer, start } = await setup(t);
  const w1 = await start({ batchSize: 100_000, flushIntervalMs: 60_000 });
  await producer.send({ messages: rows(30).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await waitFor('the partial batch read', () => w1.stats().pendingMessages === 30, 20_000);
  assert.equal(await countEvents(tally, 'shop'), 0, 'nothing flushed before the interval');
  await w1.close();
  assert.equal(await countEvents(tally, 'shop'), 30, 'close stored the partial batch');
  assert.equal(await committed(config, topic), 30n, 'and committed it');

  const a = await start({ batchSize: 50, flushIntervalMs: 20 });
  t.after(() => a.close());
  await producer.send({ messages: rows(200, 'shop', 30).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  const b = await start({ batchSize: 50, flushIntervalMs: 20 }); // joins: the partitions are rebalanced
  t.after(() => b.close());
  await producer.send({ messages: rows(200, 'shop', 230).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await waitFor('430 stored', async () => (await countEvents(tally, 'shop')) >= 430, 60_000, 200);
  await a.close(); // leaves: b takes every partition
  await producer.send({ messages: rows(200, 'shop', 430).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await waitFor('630 committed', async () => (await committed(config, topic)) === 630n, 60_000, 200);
  const [c] = await tally.store.query<{ n: number; ids: number }>("SELECT count() AS n, uniqExact(event_id) AS ids FROM events WHERE app_id = 'shop'");
  assert.deepEqual(c, { n: 630, ids: 630 });
  assert.ok(b.stats().storedEvents > 0 && a.stats().storedEvents > 0, 'both members stored events');
});

test('shutdown while the store is down gives up after its timeout without committing; the next worker stores it all', { timeout: 90_000 }, async (t) => {
  const { tally, config, topic, producer, batcher } = await setup(t);
  const opts = { kafka: config.kafka, registry: tally.metrics.registry, logger: tally.logger, sink: batcher, pipeline: pipelineOf(tally), apps: tally.apps, batchSize: 25, flushIntervalMs: 10 };
  const w1 = await startKafkaWorker({ ...opts, shutdownTimeoutMs: 1_000 });
  await tally.store.command('DETACH TABLE events');
  let attached = false;
  t.after(async () => {
    if (!attached) await tally.store.command('ATTACH TABLE events').catch(() => {});
  });
  await producer.send({ messages: rows(100).map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await waitFor('retries while the table is away', async () => (await metric(tally, 'analytics_kafka_store_retries_total')) >= 1, 20_000);
  const started = Date.now();
  await w1.close();
  assert.ok(Date.now() - started < 5_000, `close gave up in ${Date.now() - started} ms`);
  assert.equal(await committed(config, topic), 0n, 'nothing committed past what was not stored');
  await tally.store.command('ATTACH TABLE events');
  attached = true;
  const w2 = await startKafkaWorker(opts);
  t.after(() => w2.close());
  await waitFor('everything stored by the next worker', async () => (await countEvents(tally, 'shop')) === 100, 30_000);
  await waitFor('and committed', async () => (await committed(config, topic)) === 100n, 20_000, 200);
});

test('a row missing columns, with properties that are not JSON object text or with unknown columns is dead-lettered; the app still lists', { timeout: 90_000 }, async (t) => {
  const { tally, topic, producer, start, shop } = await setup(t);
  const worker = await start();
  t.after(() => worker.close());
  const [good, ...others] = rows(4);
  const parsed = others.map((e) => JSON.parse(e.row) as Record<string, unknown>);
  delete parsed[0].properties;
  parsed[1].properties = 'not json';
  const bad = [
    JSON.stringify(parsed[0]),
    JSON.stringify(parsed[1]),
    JSON.stringify({ event_id: parsed[2].event_id, app_id: 'shop', event_name: 'page_view', user_id: 'u', timestamp: '2026-10-01 12:00:00.000', colour: 'red' }),
  ];
  const schema = { [SCHEMA_HEADER]: ROW_SCHEMA_V1 };
  await producer.send({ messages: [encodeEvent(topic, good, {}), ...bad.map((value) => ({ topic, key: 'shop:u', value, headers: schema }))], acks: ProduceAcks.ALL });

  const letters = await readTopic(`${topic}.dlq`, 3);
  assert.deepEqual(letters.map((m) => m.headers.get(DLQ_HEADERS.reason)), Array(3).fill('TALLY_ERR_KAFKA_BAD_ROW'));
  assert.deepEqual(letters.map((m) => m.value).sort(), [...bad].sort());
  await waitFor('the good row stored', async () => (await countEvents(tally, 'shop')) === 1, 20_000);
  const [{ old }] = await tally.store.query<{ old: number }>("SELECT countIf(received_at < '2000-01-01') AS old FROM events");
  assert.equal(old, 0, 'no row is stored with an engine default');
  const res = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&from=2026-09-01&to=2026-11-01', headers: bearer(shop.readKey) });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().events.map((e: { event_id: string }) => e.event_id), [good.eventId]);
});

test('tombstones on a change-capture topic are skipped and counted, not dead-lettered, and committed', { timeout: 90_000 }, async (t) => {
  const { tally, config, cdc, producer, start } = await setup(t, {}, true);
  const worker = await start();
  t.after(() => worker.close());
  const captured = Array.from({ length: 5 }, (_, i) => ({ id: 700 + i, user_id: `learner-${i}`, concept: 'fractions', timestamp: '2026-10-01 12:00:00.250' }));
  await producer.send({ messages: captured.map((r) => ({ topic: cdc, key: String(r.id), value: JSON.stringify(r) })), acks: ProduceAcks.ALL });
  // a delete of rows 700-702: the connector writes tombstones (null values) for log compaction
  await producer.send({ messages: [700, 701, 702].map((id) => ({ topic: cdc, key: String(id), value: undefined as unknown as string })), acks: ProduceAcks.ALL });
  await waitFor('all read and committed', async () => (await committed({ kafka: { ...config.kafka } }, cdc)) === 8n, 30_000, 200);
  assert.equal(await countEvents(tally, 'tutor'), 5);
  assert.equal(await metric(tally, 'analytics_kafka_skipped_total', { topic: cdc, reason: 'tombstone' }), 3);
  assert.equal(await metric(tally, 'analytics_kafka_dead_letters_total'), 0);
});

test('after a transactional producer, committed offsets pass the commit and abort markers and lag returns to 0', { timeout: 90_000 }, async (t) => {
  const { tally, config, topic, start } = await setup(t);
  const worker = await start();
  t.after(() => worker.close());
  const transactional = new Producer({ clientId: 'test-transactional', bootstrapBrokers: BOOTSTRAP, idempotent: true, transactionalId: randomName('tally-tx'), serializers: stringSerializers });
  t.after(() => transactional.close().catch(() => {}));
  const committedTx = await transactional.beginTransaction();
  await committedTx.send({ messages: rows(30).map((e) => encodeEvent(topic, e, {})) });
  await committedTx.commit();
  const abortedTx = await transactional.beginTransaction();
  await abortedTx.send({ messages: rows(12, 'shop', 100).map((e) => encodeEvent(topic, e, {})) });
  await abortedTx.abort();
  // 30 + 12 records and a marker after each transaction in every partition it wrote to. The
  // coordinator writes the abort markers after abort() returns, so the end offsets are read again
  // at each check rather than once now (a quiet machine could read them before the last marker).
  assert.ok((await endOffsets(topic)) > 42n);
  await waitFor('the committed transaction stored', async () => (await countEvents(tally, 'shop')) === 30, 30_000, 200);
  await waitFor('offsets committed past the last markers', async () => {
    const end = await endOffsets(topic);
    return (await committed(config, topic)) === end;
  }, 20_000, 200);
  await waitFor('lag measured back to 0 on every partition', async () => {
    const lag = await lagOf(tally, topic);
    return lag.length === 3 && lag.every((n) => n === 0);
  }, 10_000, 200);
  assert.equal(await countEvents(tally, 'shop'), 30, 'the aborted transaction is not stored');
});
