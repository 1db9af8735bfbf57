// Seed 004's first-class event fields (entity_type, entity_id, metadata, source): accepted on the
// wire with their limits, stored in their columns, listed by GET /v1/events, and kept through the
// Kafka row format.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIngestPipeline, decodeRow } from '../../src/ingest/index.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const NOW = Date.parse('2026-10-02T00:00:00Z');

test('invalid seed fields are refused with a coded reason naming the field', () => {
  const pipeline = createIngestPipeline({ now: () => NOW });
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ['entity_type not a string', { entity_type: 5 }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'entity_type'],
    ['entity_type too long', { entity_type: 'x'.repeat(65) }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'entity_type'],
    ['entity_type with a control character', { entity_type: 'a\nb' }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'entity_type'],
    ['entity_id an object', { entity_id: { id: 1 } }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'entity_id'],
    ['entity_id too long', { entity_id: 'x'.repeat(257) }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'entity_id'],
    ['source an array', { source: ['web'] }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'source'],
    ['metadata an array', { metadata: [1] }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'metadata'],
    ['metadata a string', { metadata: '{}' }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'metadata'],
    ['metadata too large', { metadata: { a: 'x'.repeat(8000), b: 'y'.repeat(8000), c: 'z'.repeat(500) } }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'metadata'],
    ['metadata too deep', { metadata: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, 'TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP', ''],
    ['metadata with a non-finite number', { metadata: { a: Number.POSITIVE_INFINITY } }, 'TALLY_ERR_EVENT_INVALID_FIELD', 'metadata.a'],
    ['metadata string too long', { metadata: { a: 'x'.repeat(8193) } }, 'TALLY_ERR_EVENT_PROPERTY_VALUE_TOO_LONG', 'metadata.a'],
  ];
  for (const [what, fields, code, names] of cases) {
    const r = pipeline(event(fields), { receivedAtMs: NOW });
    assert.ok(!r.ok, what);
    assert.equal(r.code, code, what);
    assert.ok(r.message.includes(names), `${what}: ${r.message}`);
  }
  // absent or null fields are simply not sent
  const plain = pipeline(event({ entity_type: null, entity_id: '', metadata: null }), { receivedAtMs: NOW });
  assert.ok(plain.ok);
  const row = JSON.parse(plain.event.row);
  assert.deepEqual([row.entity_type, row.entity_id, row.metadata, row.source], ['', '', '{}', '']);
  assert.ok(decodeRow(plain.event.row, NOW).ok);
});

test('seed fields are stored and GET /v1/events shows them', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const sent = event({
    event_name: 'proposal.submitted',
    entity_type: 'proposal',
    entity_id: 'prop_9',
    metadata: { flow: 'wizard', attempt: 2 },
    source: 'web',
  });
  const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: sent });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted, 1);
  const [stored] = await tally.store.query<Record<string, unknown>>("SELECT entity_type, entity_id, metadata, source, region, city, user_role, user_tenure_days FROM events WHERE app_id = 'shop'");
  assert.deepEqual(stored, { entity_type: 'proposal', entity_id: 'prop_9', metadata: '{"flow":"wizard","attempt":2}', source: 'web', region: '', city: '', user_role: '', user_tenure_days: null });
  const list = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&from=2026-09-01&to=2026-11-01', headers: bearer(shop.readKey) });
  assert.equal(list.statusCode, 200, list.body);
  const [listed] = list.json().events;
  assert.equal(listed.entity_type, 'proposal');
  assert.equal(listed.entity_id, 'prop_9');
  assert.deepEqual(listed.metadata, { flow: 'wizard', attempt: 2 });
  assert.equal(listed.source, 'web');
  assert.equal(listed.user_role, '');
  assert.equal(listed.user_tenure_days, null);

  const bad = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: event({ source: 'x'.repeat(100) }) });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'TALLY_ERR_EVENT_INVALID_FIELD');
});

test('the Kafka-engine and cluster schemas carry the columns migration 0055 adds', async () => {
  const { kafkaEngineSchema } = await import('../../src/store/kafka-engine-schema.ts');
  const { clusterSchema } = await import('../../src/store/cluster-schema.ts');
  const queue = kafkaEngineSchema({ brokers: ['b:9092'], topic: 'tally.events', groupName: 'g', mappings: [] }).find((s) => s.startsWith('CREATE TABLE IF NOT EXISTS kafka_tally_events_queue\n')) ?? '';
  assert.match(queue, /user_agent String,\n {4}entity_type LowCardinality\(String\),\n {4}entity_id String,\n {4}metadata String,\n {4}source LowCardinality\(String\),\n {4}region LowCardinality\(String\),\n {4}city LowCardinality\(String\),\n {4}user_role LowCardinality\(String\),\n {4}user_tenure_days Nullable\(Int32\)\n\)/);
  const cluster = clusterSchema({ cluster: 'tally' });
  assert.ok(cluster.some((s) => s.startsWith('ALTER TABLE events_local ON CLUSTER tally') && s.includes('ADD COLUMN IF NOT EXISTS user_tenure_days Nullable(Int32)')));
  assert.ok(cluster.some((s) => s.startsWith('ALTER TABLE events ON CLUSTER tally') && s.includes('ADD COLUMN IF NOT EXISTS entity_type')));
});

test('metadata is scrubbed by the privacy rules like properties', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const res = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: bearer(shop.writeKey), payload: event({ metadata: { contact: 'jane.doe@example.com', password: 'hunter2', flow: 'x' } }) });
  assert.equal(res.statusCode, 200, res.body);
  const [row] = await tally.store.query<{ metadata: string }>("SELECT metadata FROM events WHERE app_id = 'shop'");
  assert.ok(!row.metadata.includes('jane.doe@example.com') && !row.metadata.includes('hunter2'), row.metadata);
  assert.equal(JSON.parse(row.metadata).flow, 'x');
});
