import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createBatcher, createIngestPipeline, createIngestService, createQuarantineWriter, type IngestPipeline } from '../../src/ingest/index.ts';
import { countEvents, event, startTestTally } from '../helpers/tally.ts';

/**
 * The real validator, except that events named 'poison' leave it with a row the engine refuses
 * (a country cut through a surrogate pair, as the validator once produced): it stands for any
 * validation hole that lets a malformed row reach the shared insert.
 */
function withHole(validate: IngestPipeline): IngestPipeline {
  return (input, ctx) => {
    const r = validate(input, ctx);
    if (!r.ok || r.event.eventName !== 'poison') return r;
    return { ok: true, event: { ...r.event, row: r.event.row.replace('"country":""', '"country":"a\\ud83d"') } };
  };
}

test('a poison event in a shared group commit fails only itself: rejected and quarantined, every other request answered normally', async (t) => {
  const tally = await startTestTally(t);
  const batcher = createBatcher({ store: tally.store, batchSize: 100_000, flushIntervalMs: 150, queueMaxEvents: 100_000, queueMaxBytes: 1 << 30 });
  const quarantine = createQuarantineWriter({ store: tally.store, flushIntervalMs: 10 });
  const rejectedCodes: string[] = [];
  const ingest = createIngestService({
    batcher,
    pipeline: withHole(createIngestPipeline({ appExists: () => true })),
    quarantine,
    metrics: { onReceived() {}, onRejected: (code) => rejectedCodes.push(code) },
  });
  t.after(() => batcher.close());

  const shopEvents = [event({ user_id: 'a' }), event({ user_id: 'b', bogus: 1 }), event({ user_id: 'c', event_name: 'poison' }), event({ user_id: 'd' })];
  const blogEvents = [event({ app_id: 'blog', user_id: 'x' }), event({ app_id: 'blog', user_id: 'y' })];
  const [shop, blog] = await Promise.all([ingest.ingest(shopEvents, { allowedAppId: 'shop', keyId: 'k_shop' }), ingest.ingest(blogEvents, { allowedAppId: 'blog', keyId: 'k_blog' })]);

  assert.equal(shop.accepted, 2);
  assert.deepEqual(shop.rejected.map((r) => [r.index, r.code]), [[1, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'], [2, 'TALLY_ERR_INGEST_UNSTORABLE']]);
  assert.ok(!shop.rejected[1].message.includes('Code:'), 'no engine internals in the answer');
  assert.deepEqual(blog, { accepted: 2, duplicates: 0, rejected: [] });
  assert.deepEqual(rejectedCodes.sort(), ['TALLY_ERR_EVENT_UNKNOWN_FIELD', 'TALLY_ERR_INGEST_UNSTORABLE']);
  assert.equal(await countEvents(tally, 'shop'), 2);
  assert.equal(await countEvents(tally, 'blog'), 2);

  const kept = await tally.store.query<{ code: string; payload: string; key_id: string }>("SELECT code, payload, key_id FROM quarantined_events FINAL WHERE app_id = 'shop' ORDER BY code");
  assert.deepEqual(kept.map((r) => r.code), ['TALLY_ERR_EVENT_UNKNOWN_FIELD', 'TALLY_ERR_INGEST_UNSTORABLE']);
  assert.deepEqual(JSON.parse(kept[1].payload), shopEvents[2]);
  assert.equal(kept[1].key_id, 'k_shop');

  const again = await ingest.ingest(shopEvents, { allowedAppId: 'shop', keyId: 'k_shop' });
  assert.deepEqual([again.accepted, again.duplicates, again.rejected.map((r) => r.index)], [0, 2, [1, 2]]);
  assert.equal(await countEvents(tally, 'shop'), 2, 'a re-send counts nothing twice');
  const [rows] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM quarantined_events FINAL WHERE app_id = 'shop'");
  assert.equal(rows.n, 2, 'a re-sent rejected event updates its quarantine row');
});

test('when the store is unavailable the whole request still fails with a retryable 503 error', async (t) => {
  const tally = await startTestTally(t);
  await tally.store.command('CREATE TABLE gone_events AS events');
  await tally.store.command('DROP TABLE gone_events');
  const batcher = createBatcher({ store: tally.store, table: 'gone_events', batchSize: 100, flushIntervalMs: 5, queueMaxEvents: 1000, queueMaxBytes: 1 << 20 });
  const ingest = createIngestService({ batcher, pipeline: createIngestPipeline({ appExists: () => true }) });
  t.after(() => batcher.close());
  await assert.rejects(ingest.ingest([event(), event({ user_id: 'u_2' })], {}), (err: { code?: string; status?: number; canRetry?: boolean }) => err.code === 'TALLY_ERR_STORE_UNAVAILABLE' && err.status === 503 && err.canRetry === true);
});
