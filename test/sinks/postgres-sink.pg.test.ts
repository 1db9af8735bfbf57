// The PostgreSQL warehouse sink against the real PostgreSQL of scripts/postgres: seed 004's schema
// with daily partitions, loaded with COPY and compared row for row with the store; a resumed batch
// replaces its rows (upsert by event_id); erasure deletes, anonymisation re-exports the pseudonymised
// rows; unreachable host, wrong credentials and schema drift fail clearly.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { Tally } from '../../src/service.ts';
import { createDatabase, PG_BASE, withClient, type TestDatabase } from '../sources/pg.ts';
import { admin, appWithEvents, createSink, startSinkTally, status, storeRows, sync } from './helpers.ts';

interface PgRow {
  event_id: string;
  app_id: string;
  event_type: string;
  event_category: string;
  user_id: string | null;
  anonymous_id: string | null;
  session_id: string | null;
  event_data: unknown;
  timestamp: Date;
  ingested_at: Date;
  geo_location: { country: string | null };
  device_info: { device_type: string | null; browser: string | null; os: string | null };
  metadata: unknown;
  user_role: string | null;
  user_tenure_days: number | null;
}

/** the warehouse rows in the comparison shape of storeRows */
async function warehouseRows(db: TestDatabase, table: string): Promise<Record<string, unknown>[]> {
  const rows = await db.query<PgRow & Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY event_id`);
  const time = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');
  return rows.map((r) => ({
    event_id: r.event_id,
    app_id: r.app_id,
    event_type: r.event_type,
    event_category: r.event_category,
    user_id: r.user_id ?? '',
    anonymous_id: r.anonymous_id ?? '',
    session_id: r.session_id ?? '',
    event_data: r.event_data,
    ts: time(r.timestamp),
    ingested: time(r.ingested_at),
    country: r.geo_location.country ?? '',
    device: r.device_info.device_type ?? '',
    browser: r.device_info.browser ?? '',
    os: r.device_info.os ?? '',
  }));
}

async function expectedRows(tally: Tally, appId: string) {
  return (await storeRows(tally, appId)).map((r) => ({ ...r, event_data: JSON.parse(r.event_data) as unknown }));
}

test('the PostgreSQL sink loads every event once by COPY into daily partitions; the warehouse equals the store row for row', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 500);
  const db = await createDatabase(t);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'postgres', url: db.url, table: 'analytics.platform_events', batch_rows: 200 });

  const first = await sync(tally, sinkId);
  assert.deepEqual(first.batches.map((b) => [b.batch_seq, b.status, b.rows]), [[1, 'succeeded', 200], [2, 'succeeded', 200], [3, 'succeeded', 100]]);
  assert.deepEqual(await warehouseRows(db, 'analytics.platform_events'), await expectedRows(tally, 'shop'));

  const partitions = await db.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'platform_events' ORDER BY 1`,
  );
  assert.deepEqual(partitions.map((p) => p.name), ['platform_events_p20261001', 'platform_events_p20261002', 'platform_events_p20261003']);
  // every seed 004 column is there, typed
  const columns = await db.query<{ column_name: string; data_type: string }>(
    `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'analytics' AND table_name = 'platform_events' ORDER BY ordinal_position`,
  );
  for (const [name, type] of [['event_data', 'jsonb'], ['metadata', 'jsonb'], ['geo_location', 'jsonb'], ['device_info', 'jsonb'], ['timestamp', 'timestamp with time zone'], ['user_tenure_days', 'integer'], ['user_role', 'text'], ['entity_type', 'text'], ['entity_id', 'text'], ['source', 'text']]) {
    assert.ok(columns.some((c) => c.column_name === name && c.data_type === type), `${name} ${type}`);
  }

  // a batch a stopped process left running is loaded again: upsert by event_id, no second row
  const [last] = await tally.store.query<Record<string, unknown>>('SELECT * FROM warehouse_sync_status FINAL WHERE sink_id = {id:String} AND batch_seq = 3', { id: sinkId });
  await tally.store.insertJsonEachRow('warehouse_sync_status', Buffer.from(JSON.stringify({ ...last, status: 'running', version: Date.now() * 1000 + 999 }) + '\n'));
  const resumed = await sync(tally, sinkId);
  assert.deepEqual(resumed.batches.map((b) => [b.batch_seq, b.status, b.rows]), [[3, 'succeeded', 100]]);
  const [count] = await db.query<{ n: string; ids: string }>('SELECT count(*) AS n, count(DISTINCT event_id) AS ids FROM analytics.platform_events');
  assert.deepEqual(count, { n: '500', ids: '500' });

  // erasure deletes the user's rows in the warehouse
  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/u_3?app_id=shop', headers: admin });
  await tally.trust.erasures.wait(erased.json().erasure_id);
  const receipt = (await tally.app.inject({ method: 'GET', url: `/v1/erasures/${erased.json().erasure_id}`, headers: admin })).json();
  assert.equal(receipt.status, 'complete');
  assert.deepEqual(receipt.tables.find((x: { table: string }) => x.table === `sink:${sinkId}`), { table: `sink:${sinkId}`, kind: 'rows', matched: 50, remaining: 0 });
  assert.deepEqual(await warehouseRows(db, 'analytics.platform_events'), await expectedRows(tally, 'shop'));

  // anonymisation: the originals leave the warehouse, the pseudonymised copies are exported by the next sync
  const anon = await tally.app.inject({ method: 'POST', url: '/v1/users/u_4/anonymize', headers: admin, payload: { app_id: 'shop' } });
  assert.equal(anon.statusCode, 202, anon.body);
  await tally.trust.erasures.wait(anon.json().erasure_id);
  await sync(tally, sinkId);
  const after = await warehouseRows(db, 'analytics.platform_events');
  assert.equal(after.length, 450);
  assert.ok(after.every((r) => r.user_id !== 'u_4'));
  assert.deepEqual(after, await expectedRows(tally, 'shop'));
  assert.equal((await status(tally, sinkId)).lag_seconds, 0);
});

test('PostgreSQL sink configuration errors fail the batch with a clear code: unreachable host (retried), wrong credentials and schema drift (not retried)', async (t) => {
  const tally = await startSinkTally(t, { TALLY_SINKS_CONNECT_TIMEOUT_MS: '1000' });
  await appWithEvents(tally, 'shop', 50);
  const db = await createDatabase(t);

  const unreachable = await createSink(tally, { app_id: 'shop', kind: 'postgres', url: 'postgres://postgres@127.0.0.1:1/none' });
  const down = await sync(tally, unreachable);
  assert.deepEqual(down.batches.map((b) => [b.status, b.attempts]), [['failed', 3]]);
  assert.match(down.batches[0].error, /^TALLY_ERR_SINK_UNREACHABLE: the sink cannot be reached: postgres:\/\/postgres@127\.0\.0\.1:1\/none/);

  const role = `tally_sink_${randomBytes(4).toString('hex')}`;
  await withClient(`${PG_BASE}/postgres`, (c) => c.query(`CREATE ROLE ${role} LOGIN PASSWORD 'right-password'`));
  t.after(() => withClient(`${PG_BASE}/postgres`, (c) => c.query(`DROP ROLE IF EXISTS ${role}`)).catch(() => {}));
  const wrongUrl = new URL(db.url);
  wrongUrl.username = role;
  wrongUrl.password = 'wrong-password';
  const wrong = await createSink(tally, { app_id: 'shop', kind: 'postgres', url: wrongUrl.toString() });
  const refused = await sync(tally, wrong);
  assert.deepEqual(refused.batches.map((b) => [b.status, b.attempts]), [['failed', 1]]);
  assert.match(refused.batches[0].error, /^TALLY_ERR_SINK_AUTH: /);
  assert.doesNotMatch(refused.batches[0].error, /wrong-password/);

  await db.query('CREATE TABLE public.drifted (event_id text PRIMARY KEY, event_type integer, "timestamp" timestamptz)');
  const drifted = await createSink(tally, { app_id: 'shop', kind: 'postgres', url: db.url, table: 'drifted' });
  const drift = await sync(tally, drifted);
  assert.deepEqual(drift.batches.map((b) => [b.status, b.attempts]), [['failed', 1]]);
  assert.match(drift.batches[0].error, /^TALLY_ERR_SINK_SCHEMA_DRIFT: the sink table public\.drifted does not match the export schema: column app_id is missing/);
  assert.match(drift.batches[0].error, /column event_type is integer, expected text/);

  // the failures stay visible until a manual sync succeeds; a scheduled one leaves them
  const failures = await tally.app.inject({ method: 'GET', url: `/v1/sinks/${drifted}/failures`, headers: admin });
  assert.equal(failures.json().failures.length, 1);
  // the operator fixes the table: the next manual sync loads everything
  await db.query('DROP TABLE public.drifted');
  const fixed = await sync(tally, drifted);
  assert.deepEqual(fixed.batches.map((b) => [b.batch_seq, b.status, b.rows, b.attempts]), [[1, 'succeeded', 50, 2]]);
  const [n] = await db.query<{ n: string }>('SELECT count(*) AS n FROM public.drifted');
  assert.equal(n.n, '50');
});
