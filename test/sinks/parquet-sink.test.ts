// The Parquet sink against the real engine: files partitioned by app and date, written by the
// engine and read back by its own file() reader row for row; a resumed batch replaces its files;
// a failing destination is retried with backoff, then failed, and a manual sync retries it; an
// erasure rewrites the files without the user.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tally.ts';
import { admin, appWithEvents, createSink, exportedRowsSql, ingest, sampleEvents, startSinkTally, status, storeRows, sync } from './helpers.ts';

function parquetFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else out.push(path.relative(root, path.join(dir, e.name)));
    }
  };
  walk(root);
  return out.sort();
}

test('the Parquet sink exports every event once, partitioned by app and date, and the engine reads back the same rows', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 500);
  const dir = tempDir('tally-parquet-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir, batch_rows: 200 });

  const first = await sync(tally, sinkId);
  assert.deepEqual(first.batches.map((b) => [b.batch_seq, b.status, b.rows, b.attempts]), [[1, 'succeeded', 200, 1], [2, 'succeeded', 200, 1], [3, 'succeeded', 100, 1]]);
  assert.ok(first.batches.every((b) => b.bytes > 0));
  assert.equal(first.rows, 500);

  const files = parquetFiles(dir);
  assert.ok(files.every((f) => /^app_id=shop\/date=2026-10-0[123]\/snk_[0-9a-f]{18}-batch-00000000000[123]\.parquet$/.test(f)), files.join('\n'));
  assert.deepEqual([...new Set(files.map((f) => f.split('/')[1]))], ['date=2026-10-01', 'date=2026-10-02', 'date=2026-10-03']);
  // each file holds only its date
  const misplaced = await tally.store.query<{ n: number }>(
    `SELECT count() AS n FROM file({glob:String}, 'Parquet') WHERE toString(toDate(timestamp)) != extract(_path, 'date=([0-9-]+)')`,
    { glob: `${dir}/app_id=shop/*/*.parquet` },
  );
  assert.equal(misplaced[0].n, 0);

  const readBack = async () => tally.store.query<Record<string, string>>(exportedRowsSql(`file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`));
  assert.deepEqual(await readBack(), await storeRows(tally, 'shop'));

  // the types are the warehouse's, not text
  const types = await tally.store.query<{ name: string; type: string }>(`DESCRIBE file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`);
  const typeOf = Object.fromEntries(types.map((c) => [c.name, c.type]));
  assert.match(typeOf.timestamp, /^Nullable\(DateTime64\(3, 'UTC'\)\)$|^DateTime64\(3, 'UTC'\)$/);
  assert.match(typeOf.user_tenure_days, /Int32/);
  assert.match(typeOf.geo_location, /^Tuple\(/);

  const listed = await tally.app.inject({ method: 'GET', url: '/v1/sinks?app_id=shop', headers: admin });
  assert.deepEqual(listed.json().sinks.map((s: { sink_id: string; kind: string }) => [s.sink_id, s.kind]), [[sinkId, 'parquet']]);
  const again = await sync(tally, sinkId);
  assert.deepEqual(again.batches, [], 'nothing new: no batch');

  const st = await status(tally, sinkId);
  assert.equal(st.lag_seconds, 0);
  assert.ok(st.cursor && !Number.isNaN(Date.parse(st.cursor)));
  assert.deepEqual(st.counts, { pending: 0, running: 0, succeeded: 3, failed: 0 });
  assert.deepEqual(st.batches.map((b) => b.batch_seq), [3, 2, 1]);

  // a batch a stopped process left running is resumed with the same range and file names: no duplicate
  await tally.store.insertJsonEachRow(
    'warehouse_sync_status',
    Buffer.from(
      JSON.stringify({
        ...(await tally.store.query<Record<string, unknown>>(`SELECT * FROM warehouse_sync_status FINAL WHERE sink_id = {id:String} AND batch_seq = 3`, { id: sinkId }))[0],
        status: 'running',
        version: Date.now() * 1000 + 999,
      }) + '\n',
    ),
  );
  const resumed = await sync(tally, sinkId);
  assert.deepEqual(resumed.batches.map((b) => [b.batch_seq, b.status, b.rows, b.attempts]), [[3, 'succeeded', 100, 2]]);
  assert.deepEqual(parquetFiles(dir), files);
  assert.deepEqual(await readBack(), await storeRows(tally, 'shop'));
});

test('a sink outage is retried with backoff, then the batch is failed and waits; a manual sync retries it and nothing is lost or doubled', async (t) => {
  const tally = await startSinkTally(t);
  const { writeKey } = await appWithEvents(tally, 'shop', 120);
  const dir = tempDir('tally-parquet-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir, batch_rows: 100 });
  assert.equal((await sync(tally, sinkId)).rows, 120);

  // the destination's app directory becomes a file: every write fails
  await ingest(tally, writeKey, sampleEvents('shop', 30, 1000));
  rmSync(path.join(dir, 'app_id=shop'), { recursive: true });
  writeFileSync(path.join(dir, 'app_id=shop'), 'not a directory');
  const failed = await sync(tally, sinkId);
  assert.equal(failed.batches.length, 1);
  assert.equal(failed.batches[0].status, 'failed');
  assert.equal(failed.batches[0].attempts, 3);
  assert.match(failed.batches[0].error, /^TALLY_ERR_SINK_WRITE_FAILED: /);

  const failures = await tally.app.inject({ method: 'GET', url: `/v1/sinks/${sinkId}/failures`, headers: admin });
  assert.equal(failures.statusCode, 200);
  assert.deepEqual(failures.json().failures.map((b: { batch_seq: number; status: string }) => [b.batch_seq, b.status]), [[3, 'failed']]);
  const metrics = await tally.metrics.registry.metrics();
  assert.match(metrics, new RegExp(`tally_sink_failed\\{sink_id="${sinkId}",kind="parquet"\\} 1`));
  assert.match(metrics, new RegExp(`tally_sink_attempt_failures_total\\{sink_id="${sinkId}",kind="parquet"\\} 3`));
  assert.match(metrics, new RegExp(`tally_sink_rows_exported_total\\{sink_id="${sinkId}",kind="parquet"\\} 120`));
  assert.match(metrics, new RegExp(`tally_sink_export_lag_seconds\\{sink_id="${sinkId}",kind="parquet"\\} [0-9.]+`));

  // the scheduled sync leaves a failed sink alone
  const scheduled = await tally.sinks.sync(sinkId, 'schedule');
  assert.equal(scheduled.batches.length, 0);
  assert.match(scheduled.skipped ?? '', /batch 3 failed/);

  // the outage ends; a manual sync retries the same batch
  rmSync(path.join(dir, 'app_id=shop'));
  mkdirSync(path.join(dir, 'app_id=shop'));
  // (the first two batches' files went with the directory: only batch 3's rows are there now)
  const retried = await sync(tally, sinkId);
  assert.deepEqual(retried.batches.map((b) => [b.batch_seq, b.status, b.rows, b.attempts]), [[3, 'succeeded', 30, 4]]);
  const [n] = await tally.store.query<{ n: number; ids: number }>(`SELECT count() AS n, uniqExact(event_id) AS ids FROM file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`);
  assert.deepEqual(n, { n: 30, ids: 30 });
  const st = await status(tally, sinkId);
  assert.equal(st.lag_seconds, 0);
  assert.deepEqual(st.counts, { pending: 0, running: 0, succeeded: 3, failed: 0 });
});

test('an erasure rewrites the Parquet files without the user; the other rows stay', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 200);
  const dir = tempDir('tally-parquet-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir });
  assert.equal((await sync(tally, sinkId)).rows, 200);

  const started = await tally.app.inject({ method: 'DELETE', url: '/v1/users/u_3?app_id=shop', headers: admin });
  assert.equal(started.statusCode, 202, started.body);
  await tally.trust.erasures.wait(started.json().erasure_id);
  const receipt = (await tally.app.inject({ method: 'GET', url: `/v1/erasures/${started.json().erasure_id}`, headers: admin })).json();
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  const sinkOutcome = receipt.tables.find((x: { table: string }) => x.table === `sink:${sinkId}`);
  assert.deepEqual(sinkOutcome, { table: `sink:${sinkId}`, kind: 'rows', matched: 20, remaining: 0 });

  const rows = await tally.store.query<Record<string, string>>(exportedRowsSql(`file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`));
  assert.equal(rows.length, 180);
  assert.ok(rows.every((r) => r.user_id !== 'u_3'));
  assert.deepEqual(rows, await storeRows(tally, 'shop'));
  // and a later sync does not bring the user back
  assert.deepEqual((await sync(tally, sinkId)).batches, []);
});

test('sink configuration is checked: kinds, paths, URLs, names, unknown apps, admin only', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 1);
  const bad: Array<[Record<string, unknown>, number, RegExp]> = [
    [{ app_id: 'shop', kind: 'ftp', path: '/tmp/x' }, 400, /kind/],
    [{ app_id: 'shop', kind: 'parquet' }, 400, /path is required/],
    [{ app_id: 'shop', kind: 'parquet', path: 'relative/dir' }, 400, /absolute/],
    [{ app_id: 'shop', kind: 'parquet', path: '/tmp/../etc' }, 400, /absolute/],
    [{ app_id: 'shop', kind: 'parquet', path: "/tmp/x'; DROP TABLE events" }, 400, /absolute/],
    [{ app_id: 'shop', kind: 's3', endpoint: 'ftp://x', bucket: 'b1b' }, 400, /endpoint/],
    [{ app_id: 'shop', kind: 's3', endpoint: 'http://127.0.0.1:1/bucket', bucket: 'b1b' }, 400, /endpoint/],
    [{ app_id: 'shop', kind: 's3', endpoint: 'http://127.0.0.1:1', bucket: 'UPPER' }, 400, /bucket/],
    [{ app_id: 'shop', kind: 's3', endpoint: 'http://127.0.0.1:1', bucket: 'abc', access_key_id: 'k' }, 400, /go together/],
    [{ app_id: 'shop', kind: 'postgres', url: 'http://x' }, 400, /url/],
    [{ app_id: 'shop', kind: 'postgres', url: 'postgres://x/db', table: 'a.b.c' }, 400, /table/],
    [{ app_id: 'shop', kind: 'clickhouse', url: 'http://x:8123', table: 'Drop Table' }, 400, /table/],
    [{ app_id: 'nope', kind: 'parquet', path: '/tmp/x' }, 404, /unknown app/],
    [{ app_id: 'shop', kind: 'parquet', path: '/tmp/x', batch_rows: 5 }, 400, /batch_rows/],
    [{ app_id: 'shop', kind: 'parquet', path: '/tmp/x', extra: 1 }, 400, /additional/],
  ];
  for (const [body, code, message] of bad) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/sinks', headers: admin, payload: body });
    assert.equal(res.statusCode, code, `${JSON.stringify(body)} → ${res.body}`);
    assert.match(res.json().error.message, message, JSON.stringify(body));
  }
  const keys = await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: admin, payload: { app_id: 'other' } });
  const readKey = keys.json().read_key as string;
  const refused = await tally.app.inject({ method: 'GET', url: '/v1/sinks', headers: { authorization: `Bearer ${readKey}` } });
  assert.equal(refused.statusCode, 403);
  const missing = await tally.app.inject({ method: 'GET', url: `/v1/sinks/snk_${'0'.repeat(18)}/status`, headers: admin });
  assert.equal(missing.statusCode, 404);
  // secrets are never shown back
  const s3 = await tally.app.inject({ method: 'POST', url: '/v1/sinks', headers: admin, payload: { app_id: 'shop', kind: 's3', endpoint: 'http://127.0.0.1:1', bucket: 'abc', access_key_id: 'AK', secret_access_key: 'very-secret' } });
  assert.equal(s3.statusCode, 201, s3.body);
  const pgSink = await tally.app.inject({ method: 'POST', url: '/v1/sinks', headers: admin, payload: { app_id: 'shop', kind: 'postgres', url: 'postgres://u:hunter2@127.0.0.1:1/db' } });
  assert.equal(pgSink.statusCode, 201, pgSink.body);
  const list = await tally.app.inject({ method: 'GET', url: '/v1/sinks', headers: admin });
  assert.doesNotMatch(list.body, /very-secret|hunter2/);
});

test("seed 004's event fields (entity_type, entity_id, metadata, source) reach the export; absent ones are NULL", async (t) => {
  const tally = await startSinkTally(t);
  const { writeKey } = await appWithEvents(tally, 'shop', 0);
  await ingest(tally, writeKey, [
    { ...sampleEvents('shop', 1)[0], entity_type: 'project', entity_id: 'p_42', metadata: { client_version: '2.1', flags: ['a'] }, source: 'web' },
    { ...sampleEvents('shop', 2)[1] },
  ]);
  const dir = tempDir('tally-parquet-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir });
  assert.equal((await sync(tally, sinkId)).rows, 2);
  const rows = await tally.store.query<{ entity_type: string | null; entity_id: string | null; metadata: string; source: string | null; user_role: string | null; user_tenure_days: number | null }>(
    `SELECT entity_type, entity_id, metadata, source, user_role, user_tenure_days FROM file('${dir}/app_id=shop/*/*.parquet', 'Parquet') ORDER BY entity_id NULLS LAST`,
  );
  assert.deepEqual(rows.map((r) => ({ ...r, metadata: JSON.parse(r.metadata) })), [
    { entity_type: 'project', entity_id: 'p_42', metadata: { client_version: '2.1', flags: ['a'] }, source: 'web', user_role: null, user_tenure_days: null },
    { entity_type: null, entity_id: null, metadata: {}, source: null, user_role: null, user_tenure_days: null },
  ]);
});

test('anonymisation: the originals leave the Parquet files and the pseudonymised copies are exported once by the next sync', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 100);
  const dir = tempDir('tally-parquet-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir });
  assert.equal((await sync(tally, sinkId)).rows, 100);

  const anon = await tally.app.inject({ method: 'POST', url: '/v1/users/u_4/anonymize', headers: admin, payload: { app_id: 'shop' } });
  assert.equal(anon.statusCode, 202, anon.body);
  await tally.trust.erasures.wait(anon.json().erasure_id);
  const next = await sync(tally, sinkId);
  assert.equal(next.rows, 10);
  const rows = await tally.store.query<Record<string, string>>(exportedRowsSql(`file('${dir}/app_id=shop/*/*.parquet', 'Parquet')`));
  assert.equal(rows.length, 100);
  assert.ok(rows.every((r) => r.user_id !== 'u_4'));
  assert.equal(rows.filter((r) => r.user_id.startsWith('anon_')).length, 10);
  assert.deepEqual(rows, await storeRows(tally, 'shop'));
});

test('a deleted sink is no longer listed, synced or erased from; its files stay and its credentials are not kept', async (t) => {
  const tally = await startSinkTally(t);
  const dir = tempDir('tally-parquet-delete-');
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const keys = await appWithEvents(tally, 'shop', 120);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: dir, batch_rows: 100 });
  const keep = await createSink(tally, { app_id: 'shop', kind: 'parquet', path: path.join(dir, 'kept') });
  assert.equal((await sync(tally, sinkId)).batches.length, 2);
  const files = parquetFiles(dir).filter((f) => !f.startsWith('kept'));

  const refused = await tally.app.inject({ method: 'DELETE', url: `/v1/sinks/${sinkId}`, headers: { authorization: `Bearer ${keys.readKey}` } });
  assert.equal(refused.statusCode, 403, 'admin only');
  const deleted = await tally.app.inject({ method: 'DELETE', url: `/v1/sinks/${sinkId}`, headers: admin });
  assert.equal(deleted.statusCode, 200, deleted.body);
  assert.deepEqual(deleted.json(), { sink_id: sinkId, deleted: true });

  const listed = await tally.app.inject({ method: 'GET', url: '/v1/sinks?app_id=shop', headers: admin });
  assert.deepEqual((listed.json().sinks as Array<{ sink_id: string }>).map((s) => s.sink_id), [keep]);
  for (const [method, url] of [['POST', `/v1/sinks/${sinkId}/sync`], ['GET', `/v1/sinks/${sinkId}/status`], ['DELETE', `/v1/sinks/${sinkId}`]] as const) {
    const res = await tally.app.inject({ method, url, headers: admin });
    assert.equal(res.statusCode, 404, `${method} ${url}: ${res.body}`);
  }
  // new events and an erasure reach only the sink that is left
  await ingest(tally, keys.writeKey, sampleEvents('shop', 10, 1000));
  const job = await tally.jobs.scheduler.enqueue('sink_sync', { appId: 'shop', parameters: {} });
  assert.equal((await tally.jobs.scheduler.finished(job.runId)).status, 'succeeded');
  assert.deepEqual(parquetFiles(dir).filter((f) => !f.startsWith('kept')), files, 'the deleted sink wrote nothing more');
  assert.ok(parquetFiles(path.join(dir, 'kept')).length > 0);
  const [row] = await tally.store.query<{ config: string; deleted: number }>('SELECT config, deleted FROM sinks FINAL WHERE sink_id = {id:String}', { id: sinkId });
  assert.deepEqual(row, { config: '{}', deleted: 1 });
});
