// TALLY_CDC_* parsing: off when TALLY_CDC_URL is unset, the documented example mappings accepted
// as they are, and a table of refusals that each name the key.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { SEED_000_MAPPINGS, SEED_004_MAPPINGS } from '../../src/sources/index.ts';

const URL_OK = 'postgres://postgres@127.0.0.1:55432/tally';

test('capture is off without TALLY_CDC_URL', () => {
  assert.equal(loadCdcConfig({}), undefined);
});

test('the documented seed 000 and seed 004 mappings load with their defaults', () => {
  const c = loadCdcConfig({ TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: JSON.stringify({ ...SEED_000_MAPPINGS, ...SEED_004_MAPPINGS }) });
  assert.ok(c);
  assert.equal(c.slot, 'tally_cdc');
  assert.equal(c.publication, 'tally_cdc');
  assert.equal(c.snapshot, true);
  const actions = c.tables.find((t) => t.source === 'public.actions');
  assert.deepEqual(
    { topic: actions?.topic, user: actions?.userIdColumn, time: actions?.timestampColumn, updates: actions?.updates, deletes: actions?.deletes },
    { topic: 'actions', user: 'user_id', time: 'timestamp', updates: 'ignore', deletes: 'ignore' },
  );
  const platform = c.tables.find((t) => t.source === 'public.platform_events');
  assert.equal(platform?.eventNameColumn, 'event_type');
  assert.equal(platform?.categoryColumn, 'event_category');
});

const refusals: Array<[string, Record<string, string>, RegExp]> = [
  ['not a postgres URL', { TALLY_CDC_URL: 'http://x', TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e"}}' }, /TALLY_CDC_URL/],
  ['no mappings', { TALLY_CDC_URL: URL_OK }, /TALLY_CDC_MAPPINGS/],
  ['a key without schema', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"actions":{"app_id":"a","event_name":"e"}}' }, /TALLY_CDC_MAPPINGS\[actions\]/],
  ['no event name', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a"}}' }, /event_name/],
  ['a bad app id', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"A B","event_name":"e"}}' }, /app_id/],
  ['an unknown key', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e","colour":"red"}}' }, /colour/],
  ['a bad policy', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e","updates":"keep"}}' }, /updates/],
  ['a bad column', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e","user_id":"x; drop"}}' }, /user_id/],
  ['a bad slot name', { TALLY_CDC_URL: URL_OK, TALLY_CDC_SLOT: 'Bad-Slot', TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e"}}' }, /TALLY_CDC_SLOT/],
  ['not JSON', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAPPINGS: '{nope' }, /TALLY_CDC_MAPPINGS/],
  ['a WAL bound below 1 MiB', { TALLY_CDC_URL: URL_OK, TALLY_CDC_MAX_SLOT_WAL_BYTES: '10', TALLY_CDC_MAPPINGS: '{"public.a":{"app_id":"a","event_name":"e"}}' }, /TALLY_CDC_MAX_SLOT_WAL_BYTES/],
];

for (const [what, env, message] of refusals) {
  test(`refused: ${what}`, () => {
    assert.throws(() => loadCdcConfig(env), (err: Error & { code?: string }) => err.code === 'TALLY_ERR_CONFIG_INVALID' && message.test(err.message));
  });
}

test('the Kafka topic mappings take the same format (event name from a column, a category column)', async () => {
  const { loadKafkaConfig } = await import('../../src/config/kafka.ts');
  const { mapChangeRow } = await import('../../src/ingest/kafka-mapping.ts');
  const { kafka } = loadKafkaConfig({ TALLY_KAFKA_MAPPINGS: JSON.stringify({ platform_events: SEED_004_MAPPINGS['public.platform_events'] }) });
  const [m] = kafka.mappings;
  assert.equal(m.eventNameColumn, 'event_type');
  const event = mapChangeRow(m, { event_id: 'e1', event_type: 'job_viewed', event_category: 'engagement', user_id: 'u1', timestamp: '2026-11-01 10:00:00', source: 'web' });
  assert.equal(event.event_name, 'job_viewed');
  assert.deepEqual(event.properties, { source: 'web', category: 'engagement' });
});
