// The initial snapshot against the real PostgreSQL and the real embedded engine: a snapshot stopped
// after its first pages resumes after the last stored page and stores every row exactly once.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pino } from 'pino';
import { loadCdcConfig } from '../../src/config/cdc.ts';
import { composePostgresCapture, SEED_000_MAPPINGS, type PostgresCapture } from '../../src/sources/index.ts';
import { PROGRESS_TABLE } from '../../src/sources/postgres/progress.ts';
import type { StoreConnection } from '../../src/store/index.ts';
import type { Tally } from '../../src/service.ts';
import { startTestTally } from '../helpers/tally.ts';
import { createDatabase, insertConceptEvents, SEED_000_DDL, waitFor, type TestDatabase } from './pg.ts';

const silent = pino({ level: 'silent' });
const PAGE_ROWS = 100;

/** a capture reading the snapshot in small pages; `store` is where it keeps its progress */
function captureFor(t: { after(fn: () => unknown): void }, tally: Tally, db: TestDatabase, store: StoreConnection = tally.store, ingest: Pick<Tally['ingest'], 'ingest'> = tally.ingest): PostgresCapture {
  const config = loadCdcConfig({ TALLY_CDC_URL: db.url, TALLY_CDC_MAPPINGS: JSON.stringify(SEED_000_MAPPINGS), TALLY_CDC_SLOT: `s_${db.name}`, TALLY_CDC_PUBLICATION: `p_${db.name}`, TALLY_CDC_RETRY_MS: '50' });
  assert.ok(config);
  const capture = composePostgresCapture({ config, ingest, quarantine: tally.quarantine, store, apps: tally.apps, registry: tally.metrics.registry, logger: silent, snapshotPageRows: PAGE_ROWS });
  t.after(() => capture.close());
  return capture;
}

/** the store, calling `onProgress` after each snapshot progress it saved */
function watchingProgress(store: StoreConnection, onProgress: () => void): StoreConnection {
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop !== 'insertJsonEachRow') return Reflect.get(target, prop, receiver);
      return async (table: string, rows: Buffer, options?: Parameters<StoreConnection['insertJsonEachRow']>[2]) => {
        const result = await target.insertJsonEachRow(table, rows, options);
        if (table === PROGRESS_TABLE) onProgress();
        return result;
      };
    },
  });
}

async function storedIds(tally: Tally): Promise<{ rows: number; distinctIds: number }> {
  const [r] = await tally.store.query<{ rows: number; ids: number }>(`SELECT count() AS rows, uniqExact(event_id) AS ids FROM events WHERE app_id = 'tutor' AND event_name = 'concept_event'`);
  return { rows: Number(r.rows), distinctIds: Number(r.ids) };
}

test('a snapshot stopped after its first pages resumes after the last stored page and stores every row once', async (t) => {
  const total = 3000;
  const db = await createDatabase(t);
  await db.query(SEED_000_DDL);
  await insertConceptEvents(db, total);
  const tally = await startTestTally(t);

  let saves = 0;
  let closing: Promise<void> | undefined;
  const first: PostgresCapture = captureFor(
    t,
    tally,
    db,
    watchingProgress(tally.store, () => {
      if (++saves === 2) closing = first.close();
    }),
    // pages take 25 ms each to store, so the stop lands part-way through the table (reading runs
    // ahead of progress saves, which wait behind the store's inserts)
    {
      async ingest(events, caller) {
        await new Promise((r) => setTimeout(r, 25));
        return tally.ingest.ingest(events, caller);
      },
    },
  );
  // start() resolves when streaming starts, which a stopped capture never does
  void first.start().catch(() => {});
  await waitFor('the capture stopped after two stored pages', async () => closing !== undefined);
  await closing;
  const interrupted = first.status();
  assert.equal(interrupted.state, 'stopped');
  assert.ok(interrupted.rows.snapshot >= 2 * PAGE_ROWS && interrupted.rows.snapshot < total, `first run read ${interrupted.rows.snapshot} rows`);

  const second = captureFor(t, tally, db);
  await second.start();
  await waitFor(`${total} rows stored`, async () => (await storedIds(tally)).rows >= total);
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(await storedIds(tally), { rows: total, distinctIds: total });
  const resumed = second.status().rows.snapshot;
  assert.ok(resumed > 0 && resumed <= total - 2 * PAGE_ROWS, `the second run read ${resumed} rows, not the table from its start`);
  const [progress] = await tally.store.query<{ rows: number; done: number }>(
    `SELECT rows, done FROM ${PROGRESS_TABLE} FINAL WHERE slot = {slot:String} AND source = 'public.concept_events'`,
    { slot: `s_${db.name}` },
  );
  assert.deepEqual({ rows: Number(progress.rows), done: Number(progress.done) }, { rows: total, done: 1 });
});
