// Change capture in Kafka mode, against the real broker and the real PostgreSQL (started here if
// it is not running): rows are produced to their tables' topics and the in-process worker stores
// them through its topic mappings, as it does for any change-capture topic.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { before, test } from 'node:test';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { mapChange } from '../../src/sources/index.ts';
import { createTopics, randomName, readTopic } from '../helpers/kafka.ts';
import { ADMIN_TOKEN, bearer, startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor } from './pg.ts';

before(() => {
  execFileSync('bash', [path.resolve(import.meta.dirname, '../../scripts/postgres/start.sh')], { stdio: ['ignore', 'ignore', 'pipe'] });
});

test('in Kafka mode, captured rows go to per-table topics and the worker stores each once', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 300);
  const conceptTopic = randomName('concept_events');
  const actionsTopic = randomName('actions');
  const eventsTopic = randomName('tally-events');
  await createTopics(t, [conceptTopic, actionsTopic, eventsTopic]);
  const tally = await startTestTally(t, {
    TALLY_INGEST: 'kafka',
    KAFKA_TOPIC: eventsTopic,
    KAFKA_GROUP_ID: randomName('group'),
    TALLY_KAFKA_MAPPINGS: JSON.stringify({
      [conceptTopic]: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' },
      [actionsTopic]: { app_id: 'tutor', event_name: 'tutor_action', event_id: 'id' },
    }),
    TALLY_CDC_URL: db.url,
    TALLY_CDC_MAPPINGS: JSON.stringify({
      'public.concept_events': { app_id: 'tutor', event_name: 'concept_event', topic: conceptTopic },
      'public.actions': { app_id: 'tutor', event_name: 'tutor_action', topic: actionsTopic },
    }),
    TALLY_CDC_SLOT: `s_${db.name}`,
    TALLY_CDC_PUBLICATION: `p_${db.name}`,
  });
  await insertConceptEvents(db, 200);
  await db.query(`INSERT INTO actions (session_id, user_id, action_type) SELECT md5('s')::uuid, md5('u')::uuid, 'hint' FROM generate_series(1, 50)`);
  const count = async (name: string) => Number((await tally.store.query<{ n: number }>('SELECT count() AS n FROM events WHERE event_name = {name:String}', { name }))[0].n);
  await waitFor('all rows stored by the worker', async () => (await count('concept_event')) >= 500 && (await count('tutor_action')) >= 50, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await count('concept_event'), 500);
  assert.equal(await count('tutor_action'), 50);
  const messages = await readTopic(actionsTopic, 50);
  assert.equal(messages.length, 50);
  assert.match(String(messages[0].key), /^public\.actions:\d+$/);
  assert.equal(JSON.parse(String(messages[0].value)).action_type, 'hint');
  // each row is stored under the id direct capture gives it (table + key), not one of the worker's own
  const cdc = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify({ 'public.concept_events': { app_id: 'tutor', event_name: 'concept_event' } }) });
  assert.ok(cdc);
  const expected = new Set<string>();
  for (const row of await db.query<Record<string, unknown>>('SELECT * FROM concept_events')) {
    const m = mapChange(cdc.tables[0], ['id'], { kind: 'insert', row, lsn: '0/0' });
    assert.ok(m.ok);
    expected.add(String(m.event.event_id));
  }
  const stored = await tally.store.query<{ id: string }>("SELECT toString(event_id) AS id FROM events WHERE event_name = 'concept_event'");
  assert.equal(stored.length, 500);
  for (const r of stored) assert.ok(expected.has(r.id), `event id ${r.id} is the one direct capture derives`);
});

test('in Kafka mode, rows that cannot become events are quarantined with table and LSN, not produced', async (t) => {
  const db = await createDatabase(t);
  await db.query(`CREATE TABLE public.actions (id bigserial PRIMARY KEY, session_id text, user_id text, action_type text, "timestamp" text)`);
  const actionsTopic = randomName('actions');
  const eventsTopic = randomName('tally-events');
  await createTopics(t, [actionsTopic, eventsTopic]);
  const tally = await startTestTally(t, {
    TALLY_INGEST: 'kafka',
    KAFKA_TOPIC: eventsTopic,
    KAFKA_GROUP_ID: randomName('group'),
    TALLY_KAFKA_MAPPINGS: JSON.stringify({ [actionsTopic]: { app_id: 'tutor', event_name: 'tutor_action', event_id: 'id' } }),
    TALLY_CDC_URL: db.url,
    TALLY_CDC_MAPPINGS: JSON.stringify({ 'public.actions': { app_id: 'tutor', event_name: 'tutor_action', topic: actionsTopic } }),
    TALLY_CDC_SLOT: `s_${db.name}`,
    TALLY_CDC_PUBLICATION: `p_${db.name}`,
  });
  await db.query(`INSERT INTO actions (session_id, user_id, action_type, "timestamp") VALUES ('s1', NULL, 'hint', '2026-11-01 10:00:00'), ('s1', 'u1', 'hint', 'not a time'), ('s1', 'u1', 'explain', '2026-11-01 10:00:02')`);
  const quarantined = async () => {
    const res = await tally.app.inject({ method: 'GET', url: '/v1/quarantine?app_id=tutor', headers: bearer(ADMIN_TOKEN) });
    return res.statusCode === 200 ? (res.json() as { items: Array<{ code: string; message: string }> }).items : [];
  };
  await waitFor('two quarantined rows', async () => (await quarantined()).length === 2, 30_000);
  const items = await quarantined();
  for (const e of items) assert.match(e.message, /table public\.actions, LSN [0-9A-F]+\/[0-9A-F]+/);
  assert.deepEqual(items.map((e) => e.code).sort(), ['TALLY_ERR_CDC_UNMAPPABLE', 'TALLY_ERR_EVENT_MISSING_IDENTITY'].sort());
  const count = async () => Number((await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'tutor'"))[0].n);
  await waitFor('the good row stored by the worker', async () => (await count()) === 1, 30_000);
  // only the good row reached the topic (nothing for the workers to dead-letter)
  const produced = await readTopic(actionsTopic, 1);
  assert.equal(JSON.parse(String(produced[0].value)).action_type, 'explain');
  await assert.rejects(readTopic(actionsTopic, 2, 3_000), /read 1 of 2 messages/);
});
