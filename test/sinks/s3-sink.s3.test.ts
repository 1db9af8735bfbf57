// The S3 sink against a real S3 server (SeaweedFS from scripts/seaweedfs, at SEAWEEDFS_S3_URL):
// Parquet objects written by the engine under app and date prefixes, read back by the engine's own
// s3() reader row for row; a resumed batch rewrites the same keys; an erasure rewrites the objects
// holding the user; a missing bucket and an unreachable endpoint fail with their codes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { admin, appWithEvents, createSink, exportedRowsSql, ingest, sampleEvents, startSinkTally, storeRows, sync } from './helpers.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

const ENDPOINT = process.env.SEAWEEDFS_S3_URL ?? 'http://127.0.0.1:18333';

async function createBucket(t: { after(fn: () => unknown): void }): Promise<string> {
  const bucket = `tally-${randomBytes(4).toString('hex')}`;
  let res: Response;
  try {
    res = await fetch(`${ENDPOINT}/${bucket}`, { method: 'PUT' });
  } catch (cause) {
    throw new Error(`no S3 server answers at ${ENDPOINT}: start one with \`bash scripts/seaweedfs/start.sh\``, { cause });
  }
  assert.ok(res.ok, `create bucket: ${res.status} ${await res.text()}`);
  t.after(async () => {
    for (const key of await listKeys(bucket, '')) await fetch(`${ENDPOINT}/${bucket}/${key}`, { method: 'DELETE' });
    await fetch(`${ENDPOINT}/${bucket}`, { method: 'DELETE' });
  });
  return bucket;
}

async function listKeys(bucket: string, prefix: string): Promise<string[]> {
  const res = await fetch(`${ENDPOINT}/${bucket}?list-type=2&prefix=${encodeURIComponent(prefix)}`);
  const xml = await res.text();
  return [...xml.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1]).sort();
}

test('the S3 sink writes Parquet objects by app and date that the engine reads back row for row; a resumed batch rewrites the same keys', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 300);
  const bucket = await createBucket(t);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 's3', endpoint: ENDPOINT, bucket, prefix: 'exports/tally', batch_rows: 100 });

  const first = await sync(tally, sinkId);
  assert.deepEqual(first.batches.map((b) => [b.batch_seq, b.status, b.rows]), [[1, 'succeeded', 100], [2, 'succeeded', 100], [3, 'succeeded', 100]], JSON.stringify(first.batches));
  assert.ok(first.batches.every((b) => b.bytes > 0));
  const keys = await listKeys(bucket, 'exports/');
  assert.ok(keys.length >= 3);
  assert.ok(keys.every((k) => /^exports\/tally\/app_id=shop\/date=2026-10-0[123]\/snk_[0-9a-f]{18}-batch-00000000000[123]\.parquet$/.test(k)), keys.join('\n'));

  const from = `s3('${ENDPOINT}/${bucket}/exports/tally/app_id=shop/*/*.parquet', NOSIGN, 'Parquet')`;
  assert.deepEqual(await tally.store.query(exportedRowsSql(from)), await storeRows(tally, 'shop'));

  const [last] = await tally.store.query<Record<string, unknown>>('SELECT * FROM warehouse_sync_status FINAL WHERE sink_id = {id:String} AND batch_seq = 3', { id: sinkId });
  await tally.store.insertJsonEachRow('warehouse_sync_status', Buffer.from(JSON.stringify({ ...last, status: 'running', version: Date.now() * 1000 + 999 }) + '\n'));
  assert.deepEqual((await sync(tally, sinkId)).batches.map((b) => [b.batch_seq, b.status, b.rows]), [[3, 'succeeded', 100]]);
  assert.deepEqual(await listKeys(bucket, 'exports/'), keys);
  assert.deepEqual(await tally.store.query(exportedRowsSql(from)), await storeRows(tally, 'shop'));

  // erasure rewrites the objects without the user
  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/u_3?app_id=shop', headers: admin });
  await tally.trust.erasures.wait(erased.json().erasure_id);
  const receipt = (await tally.app.inject({ method: 'GET', url: `/v1/erasures/${erased.json().erasure_id}`, headers: admin })).json();
  assert.equal(receipt.status, 'complete', JSON.stringify(receipt));
  assert.deepEqual(receipt.tables.find((x: { table: string }) => x.table === `sink:${sinkId}`), { table: `sink:${sinkId}`, kind: 'rows', matched: 30, remaining: 0 });
  const after = await tally.store.query<Record<string, string>>(exportedRowsSql(from));
  assert.equal(after.length, 270);
  assert.deepEqual(after, await storeRows(tally, 'shop'));
});

test('a missing bucket fails at once with a clear code; an unreachable endpoint is retried, then failed', async (t) => {
  const tally = await startSinkTally(t);
  await appWithEvents(tally, 'shop', 20);
  const missing = await createSink(tally, { app_id: 'shop', kind: 's3', endpoint: ENDPOINT, bucket: `no-such-bucket-${randomBytes(3).toString('hex')}` });
  const m = await sync(tally, missing);
  assert.deepEqual(m.batches.map((b) => [b.status, b.attempts]), [['failed', 1]], JSON.stringify(m.batches));
  assert.match(m.batches[0].error, /^TALLY_ERR_SINK_BUCKET_MISSING: the bucket no-such-bucket-[0-9a-f]{6} at http:\/\/127\.0\.0\.1:\d+ does not exist/);

  const down = await createSink(tally, { app_id: 'shop', kind: 's3', endpoint: 'http://127.0.0.1:1', bucket: 'any-bucket' });
  const d = await sync(tally, down);
  assert.deepEqual(d.batches.map((b) => [b.status, b.attempts]), [['failed', 3]], JSON.stringify(d.batches));
  assert.match(d.batches[0].error, /^TALLY_ERR_SINK_UNREACHABLE: /);
});

test('an S3 outage: the batch is retried, then failed; once the server is back a manual sync exports every event once', async (t) => {
  const tally = await startSinkTally(t, { TALLY_SINKS_CONNECT_TIMEOUT_MS: '1000' });
  const { writeKey } = await appWithEvents(tally, 'shop', 100);
  const bucket = await createBucket(t);
  const sinkId = await createSink(tally, { app_id: 'shop', kind: 's3', endpoint: ENDPOINT, bucket, batch_rows: 100 });
  assert.equal((await sync(tally, sinkId)).rows, 100);

  await ingest(tally, writeKey, sampleEvents('shop', 50, 500));
  const script = (name: string) => execFileSync('bash', [path.join(ROOT, 'scripts/seaweedfs', name)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SEAWEEDFS_STOP_TIMEOUT: '5' } });
  script('stop.sh');
  let restarted = false;
  t.after(() => {
    if (!restarted) script('start.sh');
  });
  const down = await sync(tally, sinkId);
  assert.deepEqual(down.batches.map((b) => [b.batch_seq, b.status, b.attempts]), [[2, 'failed', 3]], JSON.stringify(down.batches));
  assert.match(down.batches[0].error, /^TALLY_ERR_SINK_(UNREACHABLE|WRITE_FAILED): /);

  script('start.sh');
  restarted = true;
  const back = await sync(tally, sinkId);
  assert.deepEqual(back.batches.map((b) => [b.batch_seq, b.status, b.rows]), [[2, 'succeeded', 50]]);
  const from = `s3('${ENDPOINT}/${bucket}/app_id=shop/*/*.parquet', NOSIGN, 'Parquet')`;
  assert.deepEqual(await tally.store.query(exportedRowsSql(from)), await storeRows(tally, 'shop'));
});
