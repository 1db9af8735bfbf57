import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createIngestPipeline, openIngestLog, type IngestLog, type IngestLogOptions, type ValidatedEvent } from '../../../src/ingest/index.ts';
import { TallyError } from '../../../src/errors.ts';
import { DataDirInUseError, StoreError, type StoreConnection } from '../../../src/store/index.ts';
import { event, startTestTally, tempDir } from '../../helpers/tally.ts';

const validate = createIngestPipeline();

function validated(n: number, offset = 0, appId = 'logged'): ValidatedEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = validate(event({ app_id: appId, user_id: `u_${i + offset}`, event_id: `0193a000-0000-7000-8000-${String(i + offset).padStart(12, '0')}` }), { receivedAtMs: Date.now() });
    if (!r.ok) throw new Error(r.message);
    return r.event;
  });
}

type Hooks = Parameters<typeof startTestTally>[0];

/** a log of its own over the test server's store (its rows are app `logged`, apart from the server's own log) */
async function setup(t: Hooks, options: Partial<IngestLogOptions> = {}, dir = tempDir('tally-ingest-log-')) {
  const tally = await startTestTally(t);
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const opened: IngestLog[] = [];
  // a test that fails still closes its logs (before the server's store closes)
  t.after(async () => {
    for (const log of opened) await log.close();
  });
  const open = async (o: Partial<IngestLogOptions> = {}) => {
    const log = await openIngestLog({ store: tally.store.lane('ingest'), dir, fsync: true, loadEvents: 100_000, loadIntervalMs: 5, queueMaxEvents: 1_000_000, queueMaxBytes: 1 << 30, idFilter: true, ...options, ...o });
    opened.push(log);
    return log;
  };
  const count = async () => (await tally.store.lane('ingest').query<{ n: number; ids: number }>("SELECT count() AS n, uniqExact(event_id) AS ids FROM events WHERE app_id = 'logged'"))[0];
  return { tally, dir, open, count };
}

test('events are acknowledged once logged, loaded behind the acknowledgement, and a re-sent batch is a duplicate', async (t) => {
  const { open, count } = await setup(t, { loadIntervalMs: 60_000 });
  const log = await open();
  const batch = validated(300);
  assert.deepEqual(await log.submit(batch), { accepted: 300, duplicates: 0 });
  // acknowledged, not loaded yet (the interval is a minute): a re-send is judged against the log
  assert.equal((await count()).n, 0);
  assert.deepEqual(await log.submit(batch), { accepted: 0, duplicates: 300 });
  // the read barrier loads what was acknowledged before it
  await log.visible();
  assert.deepEqual(await count(), { n: 300, ids: 300 });
  // now stored: judged by the filter's "maybe" and confirmed in the store
  assert.deepEqual(await log.submit(validated(400)), { accepted: 100, duplicates: 300 });
  await log.close();
  assert.deepEqual(await count(), { n: 400, ids: 400 });
});

test('the same event in flight twice at once is logged once', async (t) => {
  const { open, count } = await setup(t);
  const log = await open();
  const batch = validated(100);
  const [a, b] = await Promise.all([log.submit(batch), log.submit(batch)]);
  assert.equal(a.accepted + b.accepted, 100);
  assert.equal(a.duplicates + b.duplicates, 100);
  await log.close();
  assert.deepEqual(await count(), { n: 100, ids: 100 });
});

test('an append that fails acknowledges nothing: the same events sent again are accepted once, and an in-batch copy stays a duplicate', async (t) => {
  const { tally, open, count } = await setup(t);
  // the store's id lookup fails once (no filter: every id is looked up), so the append fails before its record is written
  const lane = tally.store.lane('ingest');
  let failures = 1;
  const store: StoreConnection = {
    ...lane,
    queryWithValues: (list, sql, params, options) => (failures-- > 0 ? Promise.reject(new StoreError('lookup failed', undefined)) : lane.queryWithValues(list, sql, params, options)),
  };
  const log = await open({ store, idFilter: false });
  const batch = validated(50);
  const withCopy = [...batch, batch[0]];
  await assert.rejects(log.submit(withCopy), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_STORE_UNAVAILABLE');
  assert.deepEqual(await log.submit(withCopy), { accepted: 50, duplicates: 1 });
  assert.deepEqual(await log.submit(batch), { accepted: 0, duplicates: 50 });
  await log.close();
  assert.deepEqual(await count(), { n: 50, ids: 50 });
});

test('what the store held before the log opened is a duplicate, before and after the id filter is built', async (t) => {
  const { open, count } = await setup(t);
  const first = await open();
  assert.equal((await first.submit(validated(1000))).accepted, 1000);
  await first.close();
  const second = await open();
  // at once (the filter may still be building: every id is looked up) and once it is ready
  assert.deepEqual(await second.submit(validated(500)), { accepted: 0, duplicates: 500 });
  for (let i = 0; i < 200 && !second.stats().idFilter?.ready; i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(second.stats().idFilter?.ready, true);
  assert.ok((second.stats().idFilter?.keys ?? 0) >= 1000);
  assert.deepEqual(await second.submit(validated(1500)), { accepted: 500, duplicates: 1000 });
  await second.close();
  assert.deepEqual(await count(), { n: 1500, ids: 1500 });
});

test('acknowledged events the store never got are loaded at the next open, once, even when part of them landed', async (t) => {
  const { tally, open, count } = await setup(t);
  const real = tally.store.lane('ingest');
  // the store goes down after the first load; the loads after it fail
  let down = false;
  const flaky: StoreConnection = {
    ...real,
    async insertJsonEachRow(table, rows, o) {
      if (down) throw new StoreError('the store is down', undefined);
      return real.insertJsonEachRow(table, rows, o);
    },
  };
  const log = await open({ store: flaky });
  assert.equal((await log.submit(validated(200, 0))).accepted, 200);
  await log.visible();
  down = true;
  assert.equal((await log.submit(validated(200, 200))).accepted, 200);
  // part of what was acknowledged reaches the store some other way before the restart (an insert
  // that committed although its caller saw an error)
  await real.insertJsonEachRow('events', Buffer.from(validated(50, 200).map((e) => e.row).join('\n') + '\n'));
  await log.close();
  assert.equal((await count()).n, 250);

  const again = await open();
  await again.visible();
  assert.deepEqual(await count(), { n: 400, ids: 400 });
  assert.deepEqual(await again.submit(validated(400)), { accepted: 0, duplicates: 400 });
  await again.close();
});

test('a failed load is retried with nothing lost and nothing doubled, even when the failed insert committed', async (t) => {
  const { tally, open, count } = await setup(t);
  const real = tally.store.lane('ingest');
  let inserts = 0;
  const flaky: StoreConnection = {
    ...real,
    async insertJsonEachRow(table, rows, o) {
      const result = await real.insertJsonEachRow(table, rows, o);
      // the first insert commits, then its caller hears a failure
      if (++inserts === 1) throw new StoreError('connection reset after the insert', undefined);
      return result;
    },
  };
  const log = await open({ store: flaky });
  assert.equal((await log.submit(validated(300))).accepted, 300);
  await log.visible();
  await log.close();
  assert.deepEqual(await count(), { n: 300, ids: 300 });
});

test('rows the engine refuses at load are handed to quarantine and the rest are stored', async (t) => {
  const { open, count } = await setup(t);
  const refused: string[] = [];
  const log = await open({ onRefused: async (rows) => void refused.push(...rows.map((r) => r.row)) });
  const batch = validated(20);
  const poisoned = { ...batch[7], row: batch[7].row.replace('"country":""', '"country":"a\\ud83d"') };
  batch[7] = poisoned;
  assert.equal((await log.submit(batch)).accepted, 20);
  await log.visible();
  assert.deepEqual(refused, [poisoned.row]);
  assert.equal((await count()).n, 19);
  await log.close();
});

test('beyond its bounds the log refuses work with 503 and Retry-After; what it acknowledged is kept', async (t) => {
  const { open, count } = await setup(t, { queueMaxEvents: 150, loadIntervalMs: 60_000 });
  const log = await open();
  assert.equal((await log.submit(validated(100))).accepted, 100);
  await assert.rejects(log.submit(validated(100, 100)), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_INGEST_OVERLOADED' && (err.retryAfterSeconds ?? 0) >= 1);
  await log.visible();
  assert.equal((await log.submit(validated(100, 100))).accepted, 100);
  await log.close();
  await assert.rejects(log.submit(validated(1)), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_INGEST_SHUTTING_DOWN');
  assert.equal((await count()).n, 200);
});

test('an acknowledged event is in the store within the load interval plus one insert, with no reader asking', async (t) => {
  const { open, count } = await setup(t, { loadIntervalMs: 100 });
  const log = await open();
  const lags: number[] = [];
  for (let round = 0; round < 5; round++) {
    await log.submit(validated(50, round * 50));
    const acked = performance.now();
    while ((await count()).n < (round + 1) * 50) await new Promise((r) => setTimeout(r, 5));
    lags.push(performance.now() - acked);
  }
  await log.close();
  assert.ok(Math.max(...lags) < 1000, `receive-to-queryable ${lags.map(Math.round).join(', ')} ms`);
});

test('when the loader falls behind, appends wait for it: requests slow down rather than being refused', async (t) => {
  const { tally, open, count } = await setup(t, { queueMaxEvents: 1000 });
  const real = tally.store.lane('ingest');
  let loads = 0;
  const slow: StoreConnection = {
    ...real,
    async insertJsonEachRow(table, rows, o) {
      loads++;
      await new Promise((r) => setTimeout(r, 150));
      return real.insertJsonEachRow(table, rows, o);
    },
  };
  const log = await open({ store: slow });
  // 4 clients × 100 events in flight (below half the bound of 1000), 5 rounds each, back to back
  const receipts = await Promise.all(
    Array.from({ length: 4 }, async (_, c) => {
      let accepted = 0;
      for (let round = 0; round < 5; round++) accepted += (await log.submit(validated(100, (c * 5 + round) * 100))).accepted;
      return accepted;
    }),
  );
  assert.deepEqual(receipts, [500, 500, 500, 500]);
  // never more than half the bound logged and not loaded
  assert.ok(loads >= 3, `${loads} loads`);
  await log.close();
  assert.deepEqual(await count(), { n: 2000, ids: 2000 });
});

test('a second process cannot open a log another one holds', async (t) => {
  const { open, dir } = await setup(t);
  const log = await open();
  await assert.rejects(openIngestLog({ store: log as never, dir, fsync: true, loadEvents: 1, loadIntervalMs: 5, queueMaxEvents: 10, queueMaxBytes: 1 << 20, idFilter: false }), (err: unknown) => err instanceof DataDirInUseError);
  await log.close();
  const again = await open();
  await again.close();
});
