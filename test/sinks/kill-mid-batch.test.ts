// Fault test: `tally serve` is killed with SIGKILL while a Parquet batch is being written. The next
// process resumes the batch the dead one left running — the same range, the same file names — and
// at the end the files hold every stored event exactly once: no gap, no duplicate, no staging file
// left where a reader looks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pino } from 'pino';
import { loadConfig } from '../../src/config/index.ts';
import { startTally } from '../../src/service.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, KEEP_FOREVER, tempDir } from '../helpers/tally.ts';
import { exportedRowsSql, sampleEvents, storeRows } from './helpers.ts';

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function call(base: string, method: string, url: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers = body === undefined ? auth : { ...auth, 'content-type': 'application/json' };
  const res = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

test('kill -9 mid-batch: the restarted process resumes the batch, and the files hold every event exactly once', async (t) => {
  const dataDir = tempDir('tally-kill-');
  const out = tempDir('tally-kill-out-');
  t.after(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  });
  const env = { TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_SINKS_SETTLE_MS: '0', TALLY_JOBS_SCHEDULER: 'off', TALLY_SINKS_RETRY_BASE_MS: '5' };
  const first = await spawnTally(env);
  t.after(() => first.stop('SIGKILL'));

  const created = await call(first.url, 'POST', '/v1/apps', { app_id: 'shop' });
  assert.equal(created.status, 201);
  const writeKey = created.json.write_key as string;
  const events = sampleEvents('shop', 90_000);
  for (let i = 0; i < events.length; i += 5000) {
    const res = await fetch(`${first.url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ events: events.slice(i, i + 5000) }) });
    assert.equal(res.status, 200, await res.text());
  }
  const sink = await call(first.url, 'POST', '/v1/sinks', { app_id: 'shop', kind: 'parquet', path: out, batch_rows: 30_000 });
  assert.equal(sink.status, 201, JSON.stringify(sink.json));
  const sinkId = sink.json.sink_id as string;

  // start a sync, and kill the process while batch 2 is running
  void fetch(`${first.url}/v1/sinks/${sinkId}/sync`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }).catch(() => {});
  let killedDuring: number | undefined;
  for (let i = 0; i < 2000 && killedDuring === undefined; i++) {
    const st = await call(first.url, 'GET', `/v1/sinks/${sinkId}/status`);
    const batches = st.json.batches as Array<{ batch_seq: number; status: string }>;
    const running = batches.find((b) => b.status === 'running');
    if (running && running.batch_seq >= 2) {
      await new Promise((r) => setTimeout(r, 30));
      first.child.kill('SIGKILL');
      killedDuring = running.batch_seq;
    } else await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(killedDuring, 2, 'the sync was seen running batch 2');
  await first.stop('SIGKILL');

  // the next process resumes batch 2 with the same range and names, then goes on
  const second = await spawnTally(env);
  t.after(() => second.stop('SIGKILL'));
  const before = await call(second.url, 'GET', `/v1/sinks/${sinkId}/status`);
  const left = (before.json.batches as Array<{ batch_seq: number; status: string; attempts: number }>).find((b) => b.batch_seq === 2);
  assert.equal(left?.status, 'running', 'the killed process left batch 2 running');
  const resumed = await call(second.url, 'POST', `/v1/sinks/${sinkId}/sync`);
  assert.equal(resumed.status, 200, JSON.stringify(resumed.json));
  const ran = resumed.json.batches as Array<{ batch_seq: number; status: string; rows: number; attempts: number }>;
  assert.deepEqual(ran.map((b) => [b.batch_seq, b.status, b.rows, b.attempts]), [[2, 'succeeded', 30_000, 2], [3, 'succeeded', 30_000, 1]]);
  assert.equal(await second.stop('SIGTERM'), 0);

  // every stored event is in the files exactly once, and nothing else is
  const tally = await startTally(loadConfig({ TALLY_DATA_DIR: dataDir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_LOG_LEVEL: 'silent', TALLY_JOBS_SCHEDULER: 'off', ...KEEP_FOREVER }), { listen: false, logger: pino({ level: 'silent' }) });
  t.after(() => tally.close());
  const exported = await tally.store.query(exportedRowsSql(`file('${out}/app_id=shop/*/*.parquet', 'Parquet')`));
  const stored = await storeRows(tally, 'shop');
  assert.equal(stored.length, 90_000);
  assert.equal(exported.length, 90_000);
  assert.deepEqual(exported, stored);
  const staging = path.join(out, '.staging');
  assert.deepEqual(readdirSync(staging), [], 'no staging directory left behind');
});
