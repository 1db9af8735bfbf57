import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createIngestPipeline, type ValidatedEvent } from '../../src/ingest/index.ts';
import { createBatcher } from '../../src/ingest/index.ts';
import { TallyError } from '../../src/errors.ts';
import { StoreError } from '../../src/store/index.ts';
import { countEvents, event, startTestTally } from '../helpers/tally.ts';

const validate = createIngestPipeline();

/**
 * An event whose encoded row the engine refuses: a country cut through a surrogate pair, as the
 * validator once produced (validation no longer lets such a row through, so the row is edited).
 */
function poison(base: ValidatedEvent): ValidatedEvent {
  return { ...base, row: base.row.replace('"country":""', '"country":"a\\ud83d"') };
}

function validated(n: number, offset = 0, appId = 'shop'): ValidatedEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const r = validate(event({ app_id: appId, user_id: `u_${i + offset}`, properties: { i: i + offset } }), { receivedAtMs: Date.now() });
    if (!r.ok) throw new Error(r.message);
    return r.event;
  });
}

test('many concurrent submissions share few inserts (group commit) and every one is answered after commit', async (t) => {
  const tally = await startTestTally(t);
  let flushes = 0;
  const batcher = createBatcher({
    store: tally.store,
    batchSize: 100_000,
    flushIntervalMs: 50,
    queueMaxEvents: 1_000_000,
    queueMaxBytes: 1 << 30,
    metrics: { onFlush: () => flushes++, onCommitted() {}, onError() {}, onQueue() {} },
  });
  const receipts = await Promise.all(Array.from({ length: 40 }, (_, k) => batcher.submit(validated(50, k * 50))));
  assert.equal(receipts.reduce((s, r) => s + r.accepted, 0), 2000);
  assert.ok(flushes <= 3, `40 submissions took ${flushes} inserts`);
  assert.equal(await countEvents(tally, 'shop'), 2000);
  await batcher.close();
});

test('a re-sent batch is reported as duplicates and changes no count', async (t) => {
  const tally = await startTestTally(t);
  const batch = validated(300);
  const first = await tally.batcher.submit(batch);
  const second = await tally.batcher.submit(batch);
  assert.deepEqual(first, { accepted: 300, duplicates: 0 });
  assert.deepEqual(second, { accepted: 0, duplicates: 300 });
  assert.equal(await countEvents(tally, 'shop'), 300);
});

test('the same event in flight twice at once is stored once', async (t) => {
  const tally = await startTestTally(t);
  const batch = validated(100);
  const [a, b] = await Promise.all([tally.batcher.submit(batch), tally.batcher.submit(batch)]);
  assert.equal(a.accepted + b.accepted, 100);
  assert.equal(a.duplicates + b.duplicates, 100);
  assert.equal(await countEvents(tally, 'shop'), 100);
});

test('the same event id in two apps is two events', async (t) => {
  const tally = await startTestTally(t);
  const [x] = validated(1, 0, 'shop');
  const y = { ...x, appId: 'blog', row: x.row.replace('"app_id":"shop"', '"app_id":"blog"') };
  await tally.batcher.submit([x]);
  const r = await tally.batcher.submit([y]);
  assert.deepEqual(r, { accepted: 1, duplicates: 0 });
});

test('a full queue refuses work with a retryable overload error instead of growing', async (t) => {
  const tally = await startTestTally(t);
  const batcher = createBatcher({ store: tally.store, batchSize: 1_000_000, flushIntervalMs: 200, queueMaxEvents: 150, queueMaxBytes: 1 << 30 });
  const accepted = batcher.submit(validated(100));
  await assert.rejects(batcher.submit(validated(100, 100)), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_INGEST_OVERLOADED' && err.status === 503 && (err.retryAfterSeconds ?? 0) >= 1);
  assert.equal(batcher.stats().queuedEvents, 100);
  assert.equal((await accepted).accepted, 100);
  await batcher.close();
});

test('the queue is bounded in bytes too', async (t) => {
  const tally = await startTestTally(t);
  const batch = validated(10);
  const bytes = batch.reduce((s, e) => s + e.row.length + 1, 0);
  const batcher = createBatcher({ store: tally.store, batchSize: 1_000_000, flushIntervalMs: 200, queueMaxEvents: 1_000_000, queueMaxBytes: bytes + 10 });
  const ok = batcher.submit(batch);
  await assert.rejects(batcher.submit(validated(10, 10)), /ingest queue is full/);
  await ok;
  await batcher.close();
});

test('close flushes everything queued and then refuses new work', async (t) => {
  const tally = await startTestTally(t);
  const batcher = createBatcher({ store: tally.store, batchSize: 1_000_000, flushIntervalMs: 60_000, queueMaxEvents: 1_000_000, queueMaxBytes: 1 << 30 });
  const pending = [batcher.submit(validated(10)), batcher.submit(validated(10, 10))];
  await batcher.close();
  const receipts = await Promise.all(pending);
  assert.equal(receipts[0].accepted + receipts[1].accepted, 20);
  assert.equal(await countEvents(tally, 'shop'), 20);
  await assert.rejects(batcher.submit(validated(1, 99)), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_INGEST_SHUTTING_DOWN');
});

test('when the store cannot commit, no submission is acknowledged and the error is retryable', async (t) => {
  const tally = await startTestTally(t);
  await tally.store.command('CREATE TABLE broken_events AS events');
  await tally.store.command('DROP TABLE broken_events');
  const errors: string[] = [];
  const batcher = createBatcher({
    store: tally.store,
    table: 'broken_events',
    batchSize: 10,
    flushIntervalMs: 5,
    queueMaxEvents: 1000,
    queueMaxBytes: 1 << 20,
    metrics: { onFlush() {}, onCommitted() {}, onError: (s) => errors.push(s), onQueue() {} },
  });
  await assert.rejects(batcher.submit(validated(5)), (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_STORE_UNAVAILABLE' && err.canRetry);
  assert.deepEqual(errors, ['store_insert']);
  await batcher.close();
});

test('a poison event in a shared group commit fails only itself: other submissions and apps commit', async (t) => {
  const tally = await startTestTally(t);
  const refusedRows: string[] = [];
  const batcher = createBatcher({
    store: tally.store,
    batchSize: 100_000,
    flushIntervalMs: 100,
    queueMaxEvents: 100_000,
    queueMaxBytes: 1 << 30,
    metrics: { onFlush() {}, onCommitted() {}, onError: (stage) => refusedRows.push(stage), onQueue() {} },
  });
  const shop = validated(5, 0, 'shop');
  const bad = poison(validated(1, 900, 'shop')[0]);
  const shopBatch = [shop[0], shop[1], bad, shop[2], shop[3], shop[4]];
  const blogBatch = validated(7, 0, 'blog');
  const [a, b] = await Promise.all([batcher.submit(shopBatch, { reportUnstorable: true }), batcher.submit(blogBatch, { reportUnstorable: true })]);
  assert.deepEqual(a, { accepted: 5, duplicates: 0, rejected: [{ index: 2, code: 'TALLY_ERR_INGEST_UNSTORABLE', message: a.rejected?.[0]?.message }] });
  assert.deepEqual(b, { accepted: 7, duplicates: 0 });
  assert.deepEqual(refusedRows, ['store_refused_row']);
  assert.equal(await countEvents(tally, 'shop'), 5);
  assert.equal(await countEvents(tally, 'blog'), 7);

  const again = await batcher.submit(shopBatch, { reportUnstorable: true });
  assert.deepEqual(again, { accepted: 0, duplicates: 5, rejected: [{ index: 2, code: 'TALLY_ERR_INGEST_UNSTORABLE', message: again.rejected?.[0]?.message }] });
  assert.equal(await countEvents(tally, 'shop'), 5, 're-sending does not count twice');
  await batcher.close();
});

test('a submission that does not take per-event refusals fails with the engine error as cause, and the others still commit', async (t) => {
  const tally = await startTestTally(t);
  const batcher = createBatcher({ store: tally.store, batchSize: 100_000, flushIntervalMs: 100, queueMaxEvents: 100_000, queueMaxBytes: 1 << 30 });
  const [whole, other] = await Promise.allSettled([batcher.submit([...validated(3), poison(validated(1, 50)[0])]), batcher.submit(validated(4, 0, 'blog'))]);
  assert.equal(whole.status, 'rejected');
  if (whole.status === 'rejected') {
    const err = whole.reason as TallyError;
    assert.equal(err.code, 'TALLY_ERR_INGEST_UNSTORABLE');
    assert.equal(err.canRetry, false);
    assert.ok(err.cause instanceof StoreError && err.cause.engineCode !== undefined, 'the cause keeps the engine code');
  }
  assert.deepEqual(other.status === 'fulfilled' && other.value, { accepted: 4, duplicates: 0 });
  assert.equal(await countEvents(tally, 'blog'), 4);
  await batcher.close();
});

test('the same poison event sent by two submissions in one flush is refused for both', async (t) => {
  const tally = await startTestTally(t);
  const batcher = createBatcher({ store: tally.store, batchSize: 100_000, flushIntervalMs: 100, queueMaxEvents: 100_000, queueMaxBytes: 1 << 30 });
  const bad = poison(validated(1, 7)[0]);
  const receipts = await Promise.all([batcher.submit([bad], { reportUnstorable: true }), batcher.submit([validated(1)[0], bad], { reportUnstorable: true })]);
  assert.deepEqual(receipts.map((r) => [r.accepted, r.duplicates, r.rejected?.map((x) => x.index)]), [[0, 0, [0]], [1, 0, [1]]]);
  assert.equal(await countEvents(tally, 'shop'), 1);
  await batcher.close();
});

/** a gate a test opens when it chooses */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  return { opened, open };
}

test("under load the next flush looks up its ids while this one inserts, and still counts this one's rows as stored", async (t) => {
  const tally = await startTestTally(t);
  const lookupA = gate();
  const insertA = gate();
  const lookupBDone = gate();
  let lookups = 0;
  let inserts = 0;
  // the real store, with the first lookup and the first insert held until the test lets them go
  const store = {
    ...tally.store,
    async queryWithValues<T>(...args: Parameters<typeof tally.store.queryWithValues>) {
      const n = ++lookups;
      if (n === 1) await lookupA.opened;
      const rows = await tally.store.queryWithValues<T>(...args);
      if (n === 2) lookupBDone.open();
      return rows;
    },
    async insertJsonEachRow(...args: Parameters<typeof tally.store.insertJsonEachRow>) {
      if (++inserts === 1) await insertA.opened;
      return tally.store.insertJsonEachRow(...args);
    },
  };
  const batcher = createBatcher({ store, batchSize: 100_000, flushIntervalMs: 5, queueMaxEvents: 1_000_000, queueMaxBytes: 1 << 30, pipelineMinEvents: 1 });
  const a = batcher.submit(validated(100, 0));
  await new Promise((r) => setTimeout(r, 50));
  // B arrives while A's lookup runs; half of B repeats A
  const b = batcher.submit(validated(100, 50));
  lookupA.open();
  // B's lookup runs while A's insert is held: it cannot see A's rows
  await lookupBDone.opened;
  assert.equal(inserts, 1, "B's lookup ran during A's insert");
  insertA.open();
  assert.deepEqual(await a, { accepted: 100, duplicates: 0 });
  assert.deepEqual(await b, { accepted: 50, duplicates: 50 });
  assert.equal(await countEvents(tally, 'shop'), 150);
  await batcher.close();
});

test('when an insert fails, the flush looked up during it looks up again and nothing is lost', async (t) => {
  const tally = await startTestTally(t);
  const lookupA = gate();
  let inserts = 0;
  let lookups = 0;
  const store = {
    ...tally.store,
    async queryWithValues<T>(...args: Parameters<typeof tally.store.queryWithValues>) {
      if (++lookups === 1) await lookupA.opened;
      return tally.store.queryWithValues<T>(...args);
    },
    async insertJsonEachRow(...args: Parameters<typeof tally.store.insertJsonEachRow>) {
      if (++inserts === 1) throw new StoreError('the store is down', undefined);
      return tally.store.insertJsonEachRow(...args);
    },
  };
  const batcher = createBatcher({ store, batchSize: 100_000, flushIntervalMs: 5, queueMaxEvents: 1_000_000, queueMaxBytes: 1 << 30, pipelineMinEvents: 1 });
  const a = batcher.submit(validated(100, 0));
  await new Promise((r) => setTimeout(r, 50));
  const b = batcher.submit(validated(100, 50));
  lookupA.open();
  await assert.rejects(a, (err: unknown) => err instanceof TallyError && err.code === 'TALLY_ERR_STORE_UNAVAILABLE');
  assert.deepEqual(await b, { accepted: 100, duplicates: 0 });
  assert.ok(lookups >= 3, `B was looked up again after A failed (${lookups} lookups)`);
  assert.equal(await countEvents(tally, 'shop'), 100);
  await batcher.close();
});
