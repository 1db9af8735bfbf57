// Smoke test of the ClickHouse sink against a real ClickHouse server (`bash scripts/clickhouse/start.sh`,
// Debian's clickhouse-server, at CLICKHOUSE_URL): the table is created, every event lands once (a
// resumed batch is collapsed by event_id), the rows match the store, erasure deletes the user; a
// wrong password and schema drift fail the batch without retrying, an unreachable server after retries.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createClient } from '@clickhouse/client';
import { admin, appWithEvents, createSink, startSinkTally, storeRows, sync } from './helpers.ts';

const URL_ = process.env.CLICKHOUSE_URL ?? 'http://default:tally-dev@127.0.0.1:18123';

function server() {
  const u = new URL(URL_);
  return createClient({ url: `${u.protocol}//${u.host}`, username: decodeURIComponent(u.username) || 'default', password: decodeURIComponent(u.password) });
}

async function rows<T>(sql: string): Promise<T[]> {
  const c = server();
  try {
    return await (await c.query({ query: sql, format: 'JSONEachRow' })).json<T>();
  } finally {
    await c.close();
  }
}

test('the ClickHouse sink exports every event once to a real server; erasure deletes there too', async (t) => {
  const database = `tally_sink_${randomBytes(4).toString('hex')}`;
  t.after(async () => {
    const c = server();
    await c.command({ query: `DROP DATABASE IF EXISTS ${database}` }).catch(() => {});
    await c.close();
  });
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 300);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'clickhouse', url: URL_, database, table: 'platform_events', batch_rows: 100 });

  const first = await sync(tally, sinkId);
  assert.deepEqual(first.batches.map((b) => [b.batch_seq, b.status, b.rows]), [[1, 'succeeded', 100], [2, 'succeeded', 100], [3, 'succeeded', 100]], JSON.stringify(first.batches));

  // a batch a stopped process left running is written again: the table still has one row per event
  const [last] = await tally.store.query<Record<string, unknown>>('SELECT * FROM warehouse_sync_status FINAL WHERE sink_id = {id:String} AND batch_seq = 3', { id: sinkId });
  await tally.store.insertJsonEachRow('warehouse_sync_status', Buffer.from(JSON.stringify({ ...last, status: 'running', version: Date.now() * 1000 + 999 }) + '\n'));
  assert.equal((await sync(tally, sinkId)).batches[0].status, 'succeeded');

  const exported = await rows<{ event_id: string; user_id: string | null; event_type: string; event_data: string; ts: number }>(
    `SELECT event_id, user_id, event_type, event_data, toUnixTimestamp(timestamp) AS ts FROM ${database}.platform_events FINAL ORDER BY event_id`,
  );
  const expected = (await storeRows(tally, 'shop')).map((r) => ({ event_id: r.event_id, user_id: r.user_id, event_type: r.event_type, event_data: r.event_data, ts: Math.floor(Date.parse(`${r.ts.replace(' ', 'T')}Z`) / 1000) }));
  assert.deepEqual(
    exported.map((r) => ({ ...r, ts: Number(r.ts) })),
    expected,
  );

  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/u_3?app_id=shop', headers: admin });
  await tally.trust.erasures.wait(erased.json().erasure_id);
  const receipt = (await tally.app.inject({ method: 'GET', url: `/v1/erasures/${erased.json().erasure_id}`, headers: admin })).json();
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  const [left] = await rows<{ n: string | number; u3: string | number }>(`SELECT count() AS n, countIf(user_id = 'u_3') AS u3 FROM ${database}.platform_events FINAL`);
  assert.deepEqual([Number(left.n), Number(left.u3)], [270, 0]);

  // wrong password: failed at once with a clear code, the password never shown
  const wrong = new URL(URL_);
  wrong.password = 'not-the-password';
  const refusedSink = await createSink(tally, { app_id: 'shop', kind: 'clickhouse', url: wrong.toString(), database, table: 'other' });
  const refused = await sync(tally, refusedSink);
  assert.deepEqual(refused.batches.map((b) => [b.status, b.attempts]), [['failed', 1]]);
  assert.match(refused.batches[0].error, /^TALLY_ERR_SINK_AUTH: /);
  assert.doesNotMatch(refused.batches[0].error, /not-the-password/);

  // a table that exists with other columns: schema drift, not retried
  const c = server();
  await c.command({ query: `CREATE TABLE ${database}.drifted (event_id String, event_type UInt8) ENGINE = MergeTree ORDER BY event_id` });
  await c.close();
  const drifted = await createSink(tally, { app_id: 'shop', kind: 'clickhouse', url: URL_, database, table: 'drifted' });
  const drift = await sync(tally, drifted);
  assert.deepEqual(drift.batches.map((b) => [b.status, b.attempts]), [['failed', 1]]);
  assert.match(drift.batches[0].error, new RegExp(`^TALLY_ERR_SINK_SCHEMA_DRIFT: the sink table ${database}\\.drifted does not match the export schema: column app_id is missing`));

  // nothing listens: retried, then failed
  const down = await createSink(tally, { app_id: 'shop', kind: 'clickhouse', url: 'http://default:x@127.0.0.1:1', database, table: 'any' });
  const unreachable = await sync(tally, down);
  assert.deepEqual(unreachable.batches.map((b) => [b.status, b.attempts]), [['failed', 3]]);
  assert.match(unreachable.batches[0].error, /^TALLY_ERR_SINK_UNREACHABLE: /);
});
