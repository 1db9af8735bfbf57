// Faults during capture, against real processes: `kill -9` of a Tally that captures in process, and
// a PostgreSQL restart (a private cluster of this test, so nobody else's server goes down), each
// while rows keep arriving. Afterwards every row is stored exactly once.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { composePostgresCapture, SEED_000_MAPPINGS } from '../../src/sources/index.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor, type TestDatabase } from './pg.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** inserts small transactions until stopped; failed inserts (the server is down) are retried */
function keepInserting(db: TestDatabase) {
  let running = true;
  const done = (async () => {
    while (running) {
      await insertConceptEvents(db, 50).catch(() => new Promise((r) => setTimeout(r, 100)));
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  return async () => {
    running = false;
    await done;
  };
}

async function pgCount(db: TestDatabase): Promise<number> {
  const [{ n }] = await db.query<{ n: string }>('SELECT count(*) AS n FROM concept_events');
  return Number(n);
}

async function httpTotal(url: string): Promise<number> {
  const res = await fetch(`${url}/v1/events?app_id=tutor&limit=1`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (!res.ok) return -1;
  return ((await res.json()) as { total: number }).total;
}

test('kill -9 of tally serve mid-stream, then a restart: every row stored once', async (t) => {
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 3000);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tally-cdc-kill-'));
  t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    TALLY_DATA_DIR: dataDir,
    TALLY_ADMIN_TOKEN: ADMIN_TOKEN,
    FLUSH_INTERVAL_MS: '5',
    TALLY_CDC_URL: db.url,
    TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS),
    TALLY_CDC_SLOT: `s_${db.name}`,
    TALLY_CDC_PUBLICATION: `p_${db.name}`,
    TALLY_CDC_RETRY_MS: '50',
  };
  const first = await spawnTally(env);
  t.after(() => first.stop('SIGKILL'));
  const stopInserting = keepInserting(db);
  await waitFor('capture under way', async () => (await httpTotal(first.url)) > 4000);
  await first.stop('SIGKILL');
  await new Promise((r) => setTimeout(r, 300));
  const second = await spawnTally(env);
  t.after(() => second.stop());
  await new Promise((r) => setTimeout(r, 1000));
  await stopInserting();
  const expected = await pgCount(db);
  await waitFor('every row', async () => (await httpTotal(second.url)) >= expected, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await httpTotal(second.url), expected);
  const res = await fetch(`${second.url}/v1/sources`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  const body = (await res.json()) as { sources: Array<{ state: string; slot: string }> };
  assert.equal(body.sources[0].state, 'streaming');
  assert.equal(await second.stop(), 0);
});

test('a PostgreSQL restart mid-stream: capture reconnects and every row is stored once', async (t) => {
  const home = mkdtempSync(path.join(tmpdir(), 'tally-cdc-pg-'));
  chmodSync(home, 0o755);
  const port = String(56000 + Math.floor(Math.random() * 900));
  const pgEnv = { ...process.env, TALLY_PG_HOME: home, PGPORT: port };
  const pgScript = (name: string) => execFileSync('bash', [path.join(ROOT, `scripts/postgres/${name}.sh`)], { env: pgEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  pgScript('start');
  t.after(() => {
    pgScript('stop');
    rmSync(home, { recursive: true, force: true });
  });
  const db = await createDatabase(t, `postgres://postgres@127.0.0.1:${port}`);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, 2000);
  const tally = await startTestTally(t);
  const config = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: 's_restart', TALLY_CDC_PUBLICATION: 'p_restart', TALLY_CDC_RETRY_MS: '50' });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest: tally.ingest, quarantine: tally.quarantine, store: tally.store, apps: tally.apps, registry: tally.metrics.registry, logger: pino({ level: 'silent' }) });
  t.after(() => capture.close());
  await capture.start();
  const stored = async () => Number((await tally.store.query<{ n: number }>("SELECT count() AS n FROM events WHERE app_id = 'tutor'"))[0].n);
  const stopInserting = keepInserting(db);
  await waitFor('streaming rows', async () => (await stored()) > 3000);
  pgScript('stop');
  await new Promise((r) => setTimeout(r, 500));
  pgScript('start');
  await waitFor('reconnected', async () => capture.status().state === 'streaming' && (await stored()) > 0, 30_000);
  await new Promise((r) => setTimeout(r, 1000));
  await stopInserting();
  const expected = await pgCount(db);
  await waitFor('every row', async () => (await stored()) >= expected, 60_000);
  await new Promise((r) => setTimeout(r, 500));
  const [r] = await tally.store.query<{ n: number; ids: number }>("SELECT count() AS n, uniqExact(JSONExtractRaw(properties, 'id')) AS ids FROM events WHERE app_id = 'tutor'");
  assert.deepEqual({ n: Number(r.n), ids: Number(r.ids) }, { n: expected, ids: expected });
  const metrics = await tally.metrics.registry.metrics();
  assert.match(metrics, /analytics_cdc_retries_total\{stage="stream"\} [1-9]/);
});
