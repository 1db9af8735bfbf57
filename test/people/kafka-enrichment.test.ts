// The Kafka worker's plain wire events and mapped change-capture rows get the same profile facts
// as HTTP ingest: the decoder loads a batch's profiles (one query) before decoding it. Without
// that, a user not cached yet is stored without them (and loaded for the next event).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/index.ts';
import { createKafkaDecoder, ROW_SCHEMA } from '../../src/ingest/kafka-codec.ts';
import { createIngestPipeline } from '../../src/ingest/index.ts';
import { createPeople } from '../../src/people/index.ts';
import { event, startTestTally } from '../helpers/tally.ts';

const NOW = Date.parse('2026-10-02T00:00:00Z');

test('a batch of plain Kafka events is enriched from profiles loaded before it is decoded', async (t) => {
  const tally = await startTestTally(t);
  const people = createPeople({ store: tally.store, now: () => NOW });
  await people.identify('shop', 'u_1', { role: 'client', created_at: '2026-09-01T00:00:00Z' }, '2026-09-01T00:00:00Z');
  const pipeline = createIngestPipeline({ now: () => NOW, persons: people.cache });
  const { mappings } = loadConfig({ TALLY_KAFKA_MAPPINGS: JSON.stringify({ orders: { app_id: 'shop', event_name: 'order', user_id: 'customer', timestamp: 'ts', session_id: 'session' } }) }).kafka;
  const decode = createKafkaDecoder({ pipeline, mappings, now: () => NOW });
  const plain = Buffer.from(JSON.stringify(event({ user_id: 'u_1' })));
  const mapped = Buffer.from(JSON.stringify({ customer: 'u_1', ts: '2026-10-01T12:00:00Z', session: 's', total: 3 }));
  const row = (d: ReturnType<typeof decode>) => {
    assert.ok(d.ok, JSON.stringify(d));
    return JSON.parse(d.event.row) as { user_role: string; user_tenure_days: number | null };
  };

  // cold, without prepare: stored without the facts, loaded in the background for the next event
  const cold = row(decode('tally.events', plain, undefined, { receivedAtMs: NOW }));
  assert.deepEqual([cold.user_role, cold.user_tenure_days], ['', null]);
  people.cache.clear();

  const persons = await decode.prepare(
    [
      { topic: 'tally.events', value: plain, schema: undefined },
      { topic: 'orders', value: mapped, schema: undefined },
      { topic: 'tally.events', value: Buffer.from('not json'), schema: undefined },
      { topic: 'tally.events', value: plain, schema: ROW_SCHEMA },
    ],
    NOW,
  );
  assert.ok(persons);
  for (const [topic, value] of [['tally.events', plain], ['orders', mapped]] as const) {
    const r = row(decode(topic, value, undefined, { receivedAtMs: NOW, persons }));
    assert.deepEqual([r.user_role, r.user_tenure_days], ['client', 30], topic);
  }
});
