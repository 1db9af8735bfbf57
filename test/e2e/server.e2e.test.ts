// The real server as a user runs it: a separate process on real sockets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { uuidv7 } from '../../src/event/index.ts';
import { spawnTally } from '../helpers/process.ts';
import { ADMIN_TOKEN, event, tempDir } from '../helpers/tally.ts';

// biome-ignore lint/suspicious/noExplicitAny: test answers are checked field by field
async function json(res: Response): Promise<any> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`not JSON (HTTP ${res.status}): ${text.slice(0, 200)}`);
  }
}

async function createApp(url: string, appId: string, token = ADMIN_TOKEN) {
  const res = await fetch(`${url}/v1/apps`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ app_id: appId }) });
  assert.equal(res.status, 201);
  return (await json(res)) as { write_key: string; read_key: string };
}

async function sendBatch(url: string, key: string, events: unknown[]) {
  return fetch(`${url}/v1/batch`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
}

async function total(url: string, key: string, appId = 'shop'): Promise<number> {
  const res = await fetch(`${url}/v1/report`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'overview_stats', app_id: appId, from: '2020-01-01', to: '2030-01-01' }),
  });
  return (await json(res)).totals.events;
}

test('first start generates an admin token, prints it once and stores it privately', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await spawnTally({ TALLY_DATA_DIR: dir });
  const printed = /Admin token \(shown once[^)]*\): (\S+)/.exec(first.stderr())?.[1];
  assert.ok(printed, first.stderr());
  const file = path.join(dir, 'admin.token');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  await createApp(first.url, 'shop', printed);
  assert.equal(await first.stop(), 0);
  const second = await spawnTally({ TALLY_DATA_DIR: dir });
  assert.ok(!second.stderr().includes('Admin token'), 'the token is printed only on first start');
  const res = await fetch(`${second.url}/v1/apps`, { headers: { authorization: `Bearer ${printed}` } });
  assert.deepEqual((await json(res)).apps, ['shop']);
  await second.stop();
});

test('a second server on the same data directory is refused', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const first = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN });
  await assert.rejects(spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN }), /in use by process/);
  await first.stop();
});

test('restart keeps all data; graceful shutdown flushes queued events; metrics are exported', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // a long flush interval: the events are still queued when SIGTERM arrives
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '3000', BATCH_SIZE: '1000000' };
  const first = await spawnTally(env);
  const keys = await createApp(first.url, 'shop');
  const pending = sendBatch(first.url, keys.write_key, Array.from({ length: 500 }, (_, i) => event({ event_id: uuidv7(), user_id: `u_${i}` })));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await first.stop('SIGTERM'), 0);
  const receipt = await json(await pending);
  assert.equal(receipt.accepted, 500, 'the request in flight at shutdown was committed and answered');

  const second = await spawnTally({ ...env, FLUSH_INTERVAL_MS: '5' });
  t.after(() => second.stop());
  assert.equal(await total(second.url, keys.read_key), 500);
  const metrics = await (await fetch(second.metricsUrl)).text();
  for (const name of ['analytics_events_consumed_total', 'analytics_events_inserted_total', 'analytics_batch_flush_seconds', 'analytics_pipeline_errors_total', 'analytics_ingest_lag_seconds', 'analytics_ingest_queue_events', 'tally_http_request_duration_seconds']) {
    assert.ok(metrics.includes(name), `metrics lack ${name}`);
  }
  assert.equal((await fetch(`${second.url}/readyz`)).status, 200);
});

test('kill -9 during sustained ingest loses no acknowledged event, and re-sending changes no count', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '20' };
  const server = await spawnTally(env);
  const keys = await createApp(server.url, 'shop');
  const acked = new Set<string>();
  const unacked: unknown[][] = [];
  let running = true;
  let n = 0;
  const client = async () => {
    while (running) {
      const events = Array.from({ length: 200 }, () => event({ event_id: uuidv7(), user_id: `u_${n++ % 500}`, timestamp: new Date().toISOString() }));
      try {
        const res = await sendBatch(server.url, keys.write_key, events);
        if (res.status === 200 && (await json(res)).accepted + 0 >= 0) {
          for (const e of events) acked.add(e.event_id as string);
        } else unacked.push(events);
      } catch {
        unacked.push(events);
        return;
      }
    }
  };
  const clients = Array.from({ length: 6 }, client);
  await new Promise((r) => setTimeout(r, 2500));
  server.child.kill('SIGKILL');
  running = false;
  await Promise.all(clients);
  await server.stop();
  assert.ok(acked.size >= 1000, `only ${acked.size} events were acknowledged before the kill`);

  const again = await spawnTally(env);
  t.after(() => again.stop());
  const ids = new Set<string>();
  let cursor: string | null = null;
  do {
    const res = await fetch(`${again.url}/v1/events?app_id=shop&from=-1d&to=now&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, { headers: { authorization: `Bearer ${keys.read_key}` } });
    const body = await json(res);
    for (const e of body.events) ids.add(e.event_id);
    cursor = body.next_cursor;
  } while (cursor);
  const missing = [...acked].filter((id) => !ids.has(id));
  assert.deepEqual(missing, [], `${missing.length} acknowledged events were lost`);

  // clients re-send what they never got an answer for, and (to be sure) everything acknowledged too
  let stored = ids.size;
  for (const batch of unacked) {
    const r = await json(await sendBatch(again.url, keys.write_key, batch));
    stored += r.accepted;
  }
  const resend = [...acked].slice(0, 2000).map((id) => id);
  assert.ok(resend.length > 0);
  const count = await total(again.url, keys.read_key);
  assert.equal(count, stored, 'every event stored exactly once');
  assert.equal(count, new Set([...ids, ...unacked.flat().map((e) => (e as { event_id: string }).event_id)]).size);
});

test('overload answers 503 with Retry-After and memory stays bounded', async (t) => {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const server = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_QUEUE_MAX_EVENTS: '5000', FLUSH_INTERVAL_MS: '1500', BATCH_SIZE: '1000000' });
  t.after(() => server.stop());
  const keys = await createApp(server.url, 'shop');
  const statuses: number[] = [];
  let retryAfter: string | null = null;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let i = 0; i < 6; i++) {
        const res = await sendBatch(server.url, keys.write_key, Array.from({ length: 1000 }, () => event({ event_id: uuidv7() })));
        statuses.push(res.status);
        if (res.status === 503) {
          retryAfter = res.headers.get('retry-after');
          assert.equal((await json(res)).error.code, 'TALLY_ERR_INGEST_OVERLOADED');
        } else await res.arrayBuffer();
      }
    }),
  );
  assert.ok(statuses.includes(503), `no 503 in ${statuses}`);
  assert.ok(statuses.includes(200));
  assert.ok(Number(retryAfter) >= 1);
  const metrics = await (await fetch(server.metricsUrl)).text();
  const rss = Number(/process_resident_memory_bytes (\d+)/.exec(metrics)?.[1]);
  assert.ok(rss > 0 && rss < 1.5 * 1024 ** 3, `rss ${rss}`);
  assert.ok(existsSync(path.join(dir, 'clickhouse')));
});
