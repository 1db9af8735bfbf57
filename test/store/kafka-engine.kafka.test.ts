// `tally schema --kafka-engine` run for real: chDB's Kafka engine consumes the broker (it does,
// measured: it starts reading 5-10 s after the tables are created) and the views store the rows
// Tally's ingest nodes produce, change-capture rows under the worker's own event ids, and
// unparsable messages in kafka_errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { ProduceAcks } from '@platformatic/kafka';
import { loadConfig } from '../../src/config/index.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { createKafkaDecoder, encodeEvent } from '../../src/ingest/kafka-codec.ts';
import { createEventProducer } from '../../src/ingest/kafka-pipeline.ts';
import { schemaStatements } from '../../src/scale-commands.ts';
import { migrate, openStore } from '../../src/store/index.ts';
import { BOOTSTRAP, createTopics, randomName, waitFor } from '../helpers/kafka.ts';
import { tempDir } from '../helpers/tally.ts';

test('the Kafka-engine schema consumes rows, change-capture rows and errors from the real broker', { timeout: 90_000 }, async (t) => {
  const topic = randomName('tally-ke');
  const cdc = randomName('tally-ke-cdc');
  await createTopics(t, [topic, cdc], { partitions: 2 });
  const config = loadConfig({
    KAFKA_BOOTSTRAP_SERVERS: BOOTSTRAP.join(','),
    KAFKA_TOPIC: topic,
    KAFKA_GROUP_ID: randomName('tally-ke-group'),
    TALLY_KAFKA_MAPPINGS: JSON.stringify({ [cdc]: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' } }),
  });
  const dir = tempDir();
  const store = openStore({ kind: 'embedded' }, dir);
  const producer = createEventProducer(config.kafka, 'test');
  t.after(async () => {
    await producer.close().catch(() => {});
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await migrate(store);
  // the statements exactly as `tally schema --kafka-engine` prints them, after the regular schema
  const all = schemaStatements(config, { kafkaEngine: true });
  for (const statement of all.slice(all.findIndex((s) => s.startsWith('CREATE TABLE IF NOT EXISTS kafka_errors')))) await store.command(statement);

  const validate = createIngestPipeline();
  const events = Array.from({ length: 200 }, (_, i) => {
    const r = validate({ app_id: 'shop', event_name: 'page_view', user_id: `u_${i % 17}`, timestamp: '2026-10-01T12:00:00.000Z', properties: { i } }, { receivedAtMs: Date.now() });
    if (!r.ok) throw new Error(r.message);
    return r.event;
  });
  await producer.send({ messages: events.map((e) => encodeEvent(topic, e, {})), acks: ProduceAcks.ALL });
  await producer.send({ messages: [{ topic, value: 'garbage{' }], acks: ProduceAcks.ALL });
  const rows = Array.from({ length: 10 }, (_, i) => ({ id: 1000 + i, session_id: `s-${i}`, user_id: `learner-${i}`, concept: 'fractions', timestamp: `2026-10-01 12:00:0${i}.250`, delta_mastery: i / 8 }));
  await producer.send({ messages: rows.map((r) => ({ topic: cdc, key: String(r.id), value: JSON.stringify(r) })), acks: ProduceAcks.ALL });

  const count = async () => (await store.query<{ shop: number; tutor: number; errors: number }>(
    "SELECT countIf(app_id = 'shop') AS shop, countIf(app_id = 'tutor') AS tutor, (SELECT count() FROM kafka_errors) AS errors FROM events",
  ))[0];
  await waitFor('the Kafka engine to consume everything', async () => {
    const c = await count();
    return c.shop >= 200 && c.tutor >= 10 && c.errors >= 1;
  }, 60_000, 500);

  const stored = await store.query<{ event_id: string; properties: string }>("SELECT toString(event_id) AS event_id, properties FROM events WHERE app_id = 'shop' ORDER BY event_id");
  assert.deepEqual(stored.map((r) => r.event_id), events.map((e) => e.eventId).sort());
  // change-capture rows: the same ids the worker derives in JavaScript
  const decode = createKafkaDecoder({ pipeline: validate, mappings: config.kafka.mappings });
  const expected = rows.map((r) => {
    const d = decode(cdc, Buffer.from(JSON.stringify(r)), undefined);
    assert.ok(d.ok);
    return d.event.eventId;
  });
  const tutor = await store.query<{ event_id: string; user_id: string; session_id: string; properties: string }>(
    "SELECT toString(event_id) AS event_id, user_id, session_id, properties FROM events WHERE app_id = 'tutor' ORDER BY timestamp",
  );
  assert.deepEqual(tutor.map((r) => r.event_id), expected);
  assert.equal(tutor[3].user_id, 'learner-3');
  assert.equal(tutor[3].session_id, 's-3');
  assert.deepEqual(JSON.parse(tutor[3].properties), { concept: 'fractions', delta_mastery: 3 / 8 });
  const errors = await store.query<{ topic: string; raw: string }>('SELECT topic, raw FROM kafka_errors');
  assert.deepEqual(errors, [{ topic, raw: 'garbage{' }]);
  const c = await count();
  assert.equal(c.shop, 200, 'no message was read twice in this run');
  // stop consuming before the store closes
  for (const s of all.filter((x) => /^CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS kafka_\w+_queue(_mv|_errors_mv)?\b/.test(x)).reverse()) {
    await store.command(`DROP TABLE IF EXISTS ${/IF NOT EXISTS (\w+)/.exec(s)![1]}`);
  }
});
