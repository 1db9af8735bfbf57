// Postgres change capture against the real PostgreSQL and the real embedded engine: the snapshot and
// the stream meet without gap or double, a restart resumes without doubles, bad rows go to the
// quarantine with table and LSN, updates and deletes follow the policy, TRUNCATE is counted, a slot
// holding more WAL than its bound is reported.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { type Logger, pino } from 'pino';
import pg from 'pg';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { composePostgresCapture, SEED_000_MAPPINGS, type CaptureParts, type PostgresCapture } from '../../src/sources/index.ts';
import type { Tally } from '../../src/service.ts';
import { startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor, type TestDatabase } from './pg.ts';

const silent = pino({ level: 'silent' });

function captureFor(t: { after(fn: () => unknown): void }, tally: Tally, db: TestDatabase, env: Record<string, string> = {}, logger: Logger = silent, parts: Partial<CaptureParts> = {}): PostgresCapture {
  const config = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}`, TALLY_CDC_RETRY_MS: '50', ...env });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger, lagIntervalMs: 200, ...parts });
  t.after(() => capture.close());
  return capture;
}

async function storedIds(tally: Tally, eventName = 'concept_event'): Promise<{ rows: number; distinctIds: number; distinctKeys: number }> {
  const [r] = await tally.store.query<{ rows: number; ids: number; keys: number }>(
    `SELECT count() AS rows, uniqExact(event_id) AS ids, uniqExact(JSONExtractRaw(properties, 'id')) AS keys FROM events WHERE app_id = 'tutor' AND event_name = {name:String}`,
    { name: eventName },
  );
  return { rows: Number(r.rows), distinctIds: Number(r.ids), distinctKeys: Number(r.keys) };
}

test('the snapshot and the stream meet without gap or double, rows inserted during the snapshot included', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 20_000);
  const tally = await startTestTally(t);
  // what capture logs (its retries) is kept, so a start that never comes says why
  const logged: string[] = [];
  const logger = pino({ level: 'info' }, new Writable({
      write(chunk, _enc, done) {
        logged.push(String(chunk).trim());
        done();
      },
    }));
  const capture = captureFor(t, tally, db, {}, logger);
  // keep inserting while the slot is created and the snapshot runs
  let writing = true;
  const writer = (async () => {
    while (writing) await insertConceptEvents(db, 200);
  })();
  let deadline: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      capture.start(),
      new Promise((_, reject) => {
        deadline = setTimeout(() => reject(new Error(`capture did not start in 90 s: ${JSON.stringify(capture.status())}\n${logged.slice(-20).join('\n')}`)), 90_000);
      }),
    ]);
  } finally {
    clearTimeout(deadline);
    writing = false;
  }
  await insertConceptEvents(db, 500);
  await writer;
  const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM concept_events');
  const expected = Number(n);
  await waitFor('every row stored', async () => (await storedIds(tally)).rows >= expected);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storedIds(tally), { rows: expected, distinctIds: expected, distinctKeys: expected });
  const status = capture.status();
  assert.equal(status.state, 'streaming');
  assert.ok(status.rows.snapshot >= 20_000);
  assert.ok(status.rows.stored >= expected);
});

test('a restarted capture resumes from the slot and stores no row twice', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 1000);
  const tally = await startTestTally(t);
  const first = captureFor(t, tally, db);
  await first.start();
  await insertConceptEvents(db, 1000);
  await waitFor('2000 rows', async () => (await storedIds(tally)).rows >= 2000);
  await first.close();
  assert.ok(first.status().confirmed_lsn);
  await insertConceptEvents(db, 1000); // while capture is down
  const second = captureFor(t, tally, db);
  await second.start();
  await insertConceptEvents(db, 1000);
  await waitFor('4000 rows', async () => (await storedIds(tally)).rows >= 4000);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storedIds(tally), { rows: 4000, distinctIds: 4000, distinctKeys: 4000 });
  assert.equal(second.status().rows.snapshot, 0, 'the snapshot was done: not read again');
  await waitFor('slot lag measured', async () => second.status().lag_bytes !== null);
  assert.match(await tally.metrics.registry.metrics(), new RegExp(`analytics_cdc_slot_lag_bytes\\{slot="s_${db.name}"\\} \\d+`));
});

test('a slow store holds the stream back: rows waiting for it stay bounded, and every row is stored once', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  const tally = await startTestTally(t);
  // a store that takes 40 ms a batch, and the rows handed to it and not yet acknowledged
  let waiting = 0;
  let mostWaiting = 0;
  const ingest: typeof tally.ingest = {
    async ingest(events, caller) {
      waiting += events.length;
      mostWaiting = Math.max(mostWaiting, waiting);
      try {
        await new Promise((r) => setTimeout(r, 40));
        return await tally.ingest.ingest(events, caller);
      } finally {
        waiting -= events.length;
      }
    },
  };
  const make = () => captureFor(t, tally, db, {}, silent, { ingest, batchRows: 100, maxPendingRows: 1000 });
  const first = make();
  await first.start();
  await first.close();
  // 20,000 rows in transactions of 100, written while capture is stopped: read back as fast as the slot gives them
  for (let i = 0; i < 200; i++) await insertConceptEvents(db, 100);
  await make().start();
  await waitFor('20000 rows', async () => (await storedIds(tally)).rows >= 20_000, 60_000);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storedIds(tally), { rows: 20_000, distinctIds: 20_000, distinctKeys: 20_000 });
  // the bound, give or take what one read from the socket holds (64 KiB, a few hundred rows)
  assert.ok(mostWaiting >= 500, `the store was kept busy (${mostWaiting} rows waiting at most)`);
  assert.ok(mostWaiting <= 2500, `${mostWaiting} rows waited for the store at once; the bound is 1000`);
});

test('tally cdc --drop-slot drops the slot; a new capture then creates it again and stores nothing twice', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 500);
  const tally = await startTestTally(t);
  const first = captureFor(t, tally, db);
  await first.start();
  await waitFor('500 rows', async () => (await storedIds(tally)).rows >= 500);
  await first.close();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, TALLY_LOG_LEVEL: 'silent', TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}` };
  const out = execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../src/cli.ts'), 'cdc', '--drop-slot'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(out, '');
  assert.deepEqual(await db.query('SELECT slot_name FROM pg_replication_slots WHERE slot_name = $1', [`s_${db.name}`]), []);
  await insertConceptEvents(db, 100);
  const second = captureFor(t, tally, db);
  await second.start();
  await waitFor('600 rows', async () => (await storedIds(tally)).rows >= 600);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storedIds(tally), { rows: 600, distinctIds: 600, distinctKeys: 600 });
  assert.equal(second.status().rows.duplicates, 500, 'the new snapshot re-read the stored rows as duplicates');
});

test('a slot holding more WAL than TALLY_CDC_MAX_SLOT_WAL_BYTES is logged once and exported as over the bound', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  const tally = await startTestTally(t);
  const logged: { level: number; msg: string; retainedWalBytes?: number; boundBytes?: number }[] = [];
  const lines = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line) logged.push(JSON.parse(line));
      done();
    },
  });
  const bound = 1024 * 1024; // the smallest bound allowed
  const capture = captureFor(t, tally, db, { TALLY_CDC_MAX_SLOT_WAL_BYTES: String(bound) }, pino({ level: 'warn' }, lines));
  await capture.start();
  const slot = `s_${db.name}`;
  await waitFor('slot lag measured', async () => capture.status().retained_wal_bytes !== null);
  assert.equal(capture.status().over_wal_bound, false);

  // a transaction left open keeps the slot from releasing the WAL written after it began: the
  // capture cannot confirm what it has not seen committed
  const open = new pg.Client({ connectionString: db.url });
  open.on('error', () => {});
  await open.connect();
  t.after(() => open.end().catch(() => {}));
  await open.query('BEGIN');
  await open.query(`INSERT INTO concept_events (session_id, user_id, concept, outcome)
    SELECT md5('s' || g)::uuid, md5('u' || g)::uuid, repeat('c', 200), 'correct' FROM generate_series(1, 10000) AS g`);
  const [{ written }] = await db.query<{ written: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), restart_lsn)::text AS written FROM pg_replication_slots WHERE slot_name = $1', [slot]);
  assert.ok(Number(written) > bound, `the slot retains ${written} bytes`);

  await waitFor('the slot over the bound', async () => capture.status().over_wal_bound);
  assert.ok((capture.status().retained_wal_bytes ?? 0) > bound);
  const metrics = await tally.metrics.registry.metrics();
  assert.match(metrics, new RegExp(`analytics_cdc_slot_over_bound\\{slot="${slot}"\\} 1\\n`));
  assert.match(metrics, new RegExp(`analytics_cdc_slot_over_bound_total\\{slot="${slot}"\\} 1\\n`));
  await new Promise((r) => setTimeout(r, 500)); // more measurements, still over the bound
  const warnings = logged.filter((l) => l.msg.includes('TALLY_CDC_MAX_SLOT_WAL_BYTES'));
  assert.equal(warnings.length, 1, 'warned once when the bound was crossed, not at each measurement');
  assert.equal(warnings[0].level, 40);
  assert.equal(warnings[0].boundBytes, bound);
  assert.ok((warnings[0].retainedWalBytes ?? 0) > bound);

  await open.query('COMMIT');
  await waitFor('the open transaction stored', async () => (await storedIds(tally)).rows >= 10_000);
  assert.deepEqual(await storedIds(tally), { rows: 10_000, distinctIds: 10_000, distinctKeys: 10_000 });
});

test('a row read by the snapshot and the same values read from the stream become the same event: timestamptz columns as the same ISO text', async (t) => {
  const db = await createDatabase(t);
  // times with 0 to 6 fractional digits, one before 1000-01-01 (another text form), a null, and a
  // server time zone that is not UTC: what the capture's own sessions read must not depend on it
  await db.query(`ALTER DATABASE ${db.name} SET TimeZone = 'Asia/Kolkata';
    CREATE TABLE public.readings (id bigint PRIMARY KEY, user_id text NOT NULL, at timestamptz NOT NULL, seen_at timestamptz, note text)`);
  const values = `'u1', '2026-11-30 10:00:00.123456+00', %SEEN%, 'n'`;
  const seen = ["'2026-11-30 10:00:00+00'", "'2026-11-30 10:00:00.1+00'", "'2026-11-30 10:00:00.99+00'", "'2026-11-30 15:30:00.000001+05:30'", "'0999-01-01 00:00:00.5+00'", 'NULL'];
  const insert = (offset: number) => db.query(seen.map((s, i) => `INSERT INTO readings VALUES (${offset + i}, ${values.replace('%SEEN%', s)})`).join(';'));
  await insert(0);
  const tally = await startTestTally(t);
  const config = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify({ 'public.readings': { app_id: 'tutor', event_name: 'reading', timestamp: 'at' } }), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}`, TALLY_CDC_RETRY_MS: '50' });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: silent });
  t.after(() => capture.close());
  await capture.start();
  assert.equal(capture.status().rows?.snapshot, seen.length);
  await insert(100);
  const events = async () =>
    tally.store.query<{ id: number; timestamp: string; properties: string }>(
      "SELECT toUInt64(JSONExtractString(properties, 'id')) AS id, toString(timestamp) AS timestamp, properties FROM events WHERE app_id = 'tutor' AND event_name = 'reading' ORDER BY id",
    );
  await waitFor('the streamed rows stored', async () => (await events()).length === 2 * seen.length);
  const rows = await events();
  const withoutId = (p: string) => JSON.stringify({ ...(JSON.parse(p) as Record<string, unknown>), id: undefined });
  for (let i = 0; i < seen.length; i++) {
    const [snap, streamed] = [rows[i], rows[seen.length + i]];
    assert.equal(streamed.id, snap.id + 100);
    assert.equal(streamed.timestamp, snap.timestamp);
    assert.equal(withoutId(streamed.properties), withoutId(snap.properties), `seen_at ${seen[i]}`);
  }
  assert.equal(rows[0].timestamp, '2026-11-30 10:00:00.123');
  assert.deepEqual(rows.slice(0, seen.length).map((r) => (JSON.parse(r.properties) as { seen_at: unknown }).seen_at), ['2026-11-30T10:00:00.000Z', '2026-11-30T10:00:00.100Z', '2026-11-30T10:00:00.990Z', '2026-11-30T10:00:00.000Z', '0999-01-01T00:00:00.500Z', null]);
});
