// What capture does with rows that are not plain inserts of good rows: unmappable rows go to the
// quarantine with their table and LSN without blocking the stream; updates and deletes follow the
// table's policy; TRUNCATE is counted and logged; seed 004's platform_events maps out of the box.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { composePostgresCapture, SEED_000_MAPPINGS, SEED_004_MAPPINGS } from '../../src/sources/index.ts';
import type { Tally } from '../../src/service.ts';
import { ADMIN_TOKEN, bearer, startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, PG_BASE, SEED_000_DDL, waitFor, withClient, type TestDatabase } from './pg.ts';

const silent = pino({ level: 'silent' });

async function start(t: { after(fn: () => unknown): void }, tally: Tally, db: TestDatabase, mappings: unknown) {
  const config = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(mappings), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}` });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: silent });
  t.after(() => capture.close());
  await capture.start();
  return capture;
}

async function count(tally: Tally, where: string): Promise<number> {
  const [r] = await tally.store.query<{ n: number }>(`SELECT count() AS n FROM events WHERE ${where}`);
  return Number(r.n);
}

test('unmappable rows are quarantined with table and LSN and do not block the rows after them', async (t) => {
  const db = await createDatabase(t);
  // no NOT NULL on user_id here: a row without a user is a bad row for Tally, not for the app
  await db.query(`CREATE TABLE public.actions (id bigserial PRIMARY KEY, session_id text, user_id text, action_type text, "timestamp" text)`);
  const tally = await startTestTally(t);
  await start(t, tally, db, { 'public.actions': SEED_000_MAPPINGS['public.actions'] });
  await db.query(`INSERT INTO actions (session_id, user_id, action_type, "timestamp") VALUES ('s1', NULL, 'hint', '2026-11-01 10:00:00'), ('s1', 'u1', 'hint', 'not a time'), ('s1', 'u1', 'explain', '2026-11-01 10:00:02')`);
  await waitFor('the good row', async () => (await count(tally, "app_id = 'tutor'")) === 1);
  await waitFor('two quarantined rows', async () => {
    const res = await tally.app.inject({ method: 'GET', url: '/v1/quarantine?app_id=tutor', headers: bearer(ADMIN_TOKEN) });
    return res.statusCode === 200 && (res.json() as { items: unknown[] }).items.length === 2;
  });
  const res = await tally.app.inject({ method: 'GET', url: '/v1/quarantine?app_id=tutor', headers: bearer(ADMIN_TOKEN) });
  const events = (res.json() as { items: Array<{ code: string; message: string }> }).items;
  for (const e of events) assert.match(e.message, /table public\.actions, LSN [0-9A-F]+\/[0-9A-F]+/);
  assert.deepEqual(events.map((e) => e.code).sort(), ['TALLY_ERR_CDC_UNMAPPABLE', 'TALLY_ERR_EVENT_MISSING_IDENTITY'].sort());
});

test('updates and deletes: ignored by default, recorded as <table>.updated / <table>.deleted when asked; TRUNCATE is counted', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await db.query('ALTER TABLE actions REPLICA IDENTITY FULL');
  const tally = await startTestTally(t);
  const capture = await start(t, tally, db, {
    'public.concept_events': SEED_000_MAPPINGS['public.concept_events'],
    'public.actions': { ...SEED_000_MAPPINGS['public.actions'], updates: 'record', deletes: 'record' },
  });
  await insertConceptEvents(db, 10);
  await db.query(`INSERT INTO actions (session_id, user_id, action_type) SELECT md5('s')::uuid, md5('u')::uuid, 'hint' FROM generate_series(1, 3)`);
  await db.query(`UPDATE concept_events SET outcome = 'changed'`);
  await db.query(`DELETE FROM concept_events WHERE id <= 2`);
  await db.query(`UPDATE actions SET action_type = 'explain' WHERE id = 1`);
  await db.query(`DELETE FROM actions WHERE id = 2`);
  await db.query('TRUNCATE concept_events');
  await waitFor('updates and deletes of actions', async () => (await count(tally, "app_id = 'tutor' AND event_name IN ('actions.updated', 'actions.deleted')")) === 2);
  await waitFor('the truncate', async () => capture.status().truncates === 1);
  assert.equal(await count(tally, "event_name = 'concept_event'"), 10, 'the inserts stay; the truncate deletes nothing stored');
  assert.equal(await count(tally, "event_name LIKE 'concept_events.%'"), 0, 'concept_events updates and deletes are ignored');
  assert.equal(await count(tally, "event_name = 'tutor_action'"), 3);
  const [upd] = await tally.store.query<{ p: string }>("SELECT properties AS p FROM events WHERE event_name = 'actions.updated'");
  assert.equal(JSON.parse(upd.p).action_type, 'explain');
  // the counts follow the store: a batch's are added once all of its groups are stored
  await waitFor('the ignored changes counted', async () => capture.status().rows.ignored >= 12);
  const metrics = await tally.metrics.registry.metrics();
  assert.match(metrics, /analytics_cdc_truncates_total\{table="public.concept_events"\} 1/);
});

test("seed 004's platform_events: the event name from event_type, event_category kept as category, JSON columns as properties", async (t) => {
  const db = await createDatabase(t);
  await db.query(`CREATE TABLE public.platform_events (
    event_id uuid PRIMARY KEY DEFAULT gen_random_uuid(), event_type text NOT NULL, event_category text NOT NULL, user_id text,
    entity_type text, entity_id text, event_data jsonb DEFAULT '{}', metadata jsonb DEFAULT '{}', source text,
    session_id text, "timestamp" timestamptz NOT NULL DEFAULT now())`);
  await db.query(`INSERT INTO platform_events (event_type, event_category, user_id, entity_type, entity_id, event_data, source, session_id)
    VALUES ('job_viewed', 'engagement', 'u1', 'job', 'j1', '{"position": 3}', 'web', 'sess1')`);
  const tally = await startTestTally(t);
  await start(t, tally, db, SEED_004_MAPPINGS);
  await db.query(`INSERT INTO platform_events (event_type, event_category, user_id, entity_type, entity_id, event_data, metadata, source, session_id)
    VALUES ('application_submitted', 'conversion', 'u1', 'job', 'j1', '{"cover_letter": true}', '{"ab": "B"}', 'web', 'sess1')`);
  await waitFor('both events', async () => (await count(tally, "app_id = 'platform'")) === 2);
  const rows = await tally.store.query<{ event_name: string; user_id: string; p: string }>("SELECT event_name, user_id, properties AS p FROM events WHERE app_id = 'platform' ORDER BY timestamp");
  assert.deepEqual(rows.map((r) => r.event_name), ['job_viewed', 'application_submitted']);
  const p = JSON.parse(rows[1].p);
  assert.equal(p.category, 'conversion');
  assert.deepEqual(p.event_data, { cover_letter: true });
  assert.deepEqual(p.metadata, { ab: 'B' });
  assert.equal(p.entity_type, 'job');
  assert.equal(p.event_type, undefined, 'the name column is not repeated as a property');
});

test('a role without REPLICATION gets an error that says what to grant', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  const role = `${db.name}_r`;
  await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'cdc-test-password'`);
  t.after(() => withClient(`${PG_BASE}/postgres`, (c) => c.query(`DROP ROLE IF EXISTS ${role}`)).catch(() => {}));
  const tally = await startTestTally(t);
  const url = db.url.replace('postgres://postgres@', `postgres://${role}:cdc-test-password@`);
  const config = loadCdcConfig({ TALLY_CDC_URL: url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}` });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, registry: tally.metrics.registry, logger: silent });
  t.after(() => capture.close());
  await assert.rejects(capture.start(), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'TALLY_ERR_CDC_NO_REPLICATION');
    assert.match(err.message, new RegExp(`ALTER ROLE "${role}" WITH REPLICATION`));
    return true;
  });
  assert.equal(capture.status().state, 'stopped');
});
