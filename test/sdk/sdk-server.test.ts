// The real SDK (`@tally/sdk`) against the real Tally server process: an outage, backpressure with
// Retry-After, and the tracking-plan story (schema → rejected event → quarantine → fix → replay).

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { init, type TallyError, type RejectedEvent, type FetchLike } from '@tally/sdk';
import { spawnTally, type TallyProcess } from '../helpers/process.ts';
import { ADMIN_TOKEN, tempDir } from '../helpers/tally.ts';

async function api(tally: TallyProcess, method: string, path: string, key: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${tally.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function createApp(tally: TallyProcess, appId: string): Promise<{ writeKey: string; readKey: string }> {
  const res = await api(tally, 'POST', '/v1/apps', ADMIN_TOKEN, { app_id: appId });
  assert.equal(res.status, 201);
  return { writeKey: res.json.write_key, readKey: res.json.read_key };
}

async function storedEvents(tally: TallyProcess, appId: string, readKey: string): Promise<Array<{ event_id: string; event_name: string; properties: Record<string, unknown> }>> {
  const res = await api(tally, 'GET', `/v1/events?app_id=${appId}&limit=1000`, readKey);
  assert.equal(res.status, 200);
  assert.equal(res.json.total, res.json.events.length);
  return res.json.events;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function dataDir(t: TestContext): string {
  const dir = tempDir();
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('server down → events queue in the SDK → server up → every event is stored exactly once', async (t) => {
  const dir = dataDir(t);
  const env = { TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '10' };
  let tally = await spawnTally(env);
  t.after(() => tally.stop('SIGKILL'));
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const port = new URL(tally.url).port;
  assert.equal(await tally.stop(), 0);

  const errors: TallyError[] = [];
  // Every request is sent twice and only the second answer is seen: the first answer is "lost"
  // after the server committed, as when a connection drops. The ids make the resend harmless.
  const resendEveryRequest: FetchLike = async (url, requestInit) => {
    const first = await fetch(url, requestInit);
    await first.arrayBuffer();
    return fetch(url, requestInit);
  };
  const client = init({
    host: tally.url,
    writeKey,
    appId: 'shop',
    storage: 'memory',
    flushAt: 1000,
    flushIntervalMs: 60_000,
    retryBaseDelayMs: 50,
    maxRetryDelayMs: 300,
    requestTimeoutMs: 5000,
    fetch: resendEveryRequest,
    onError: (e) => errors.push(e),
  });
  t.after(() => client.shutdown());

  client.track('page_view', { page: '/' });
  client.identify('u_42');
  for (let i = 0; i < 24; i++) client.track('add_to_cart', { sku: `sku_${i}`, price: i + 0.5 });
  client.startSession();
  client.track('purchase', { revenue: 19.99, variant: 'B' });
  await client.flush();
  // startSession() during the active session ends it first: session_end + session_start
  assert.equal(client.stats().queuedEvents, 28, 'nothing acknowledged while the server is down');
  assert.ok(errors.some((e) => e.code === 'network_error' && e.canRetry));

  tally = await spawnTally({ ...env, TALLY_PORT: port });
  await until('the queue to drain', async () => {
    await client.flush();
    return client.stats().queuedEvents === 0;
  });
  assert.equal(client.stats().deliveredEvents, 28);

  const stored = await storedEvents(tally, 'shop', readKey);
  assert.equal(stored.length, 28);
  assert.equal(new Set(stored.map((e) => e.event_id)).size, 28);
  assert.deepEqual(
    stored.map((e) => e.event_name).sort(),
    [...Array(24).fill('add_to_cart'), 'page_view', 'purchase', 'session_end', 'session_start'].sort(),
  );
  const metrics = await (await fetch(tally.metricsUrl)).text();
  assert.match(metrics, /analytics_events_duplicate_total 28/, 'each resend was recognised as a duplicate');
});

test('a 503 with Retry-After from a full ingest queue is waited out, never retried earlier', async (t) => {
  const dir = dataDir(t);
  // a queue of 5 events that flushes once a second: a filled queue answers 503, Retry-After: 2
  const tally = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, TALLY_QUEUE_MAX_EVENTS: '5', FLUSH_INTERVAL_MS: '1000' });
  t.after(() => tally.stop('SIGKILL'));
  const { writeKey, readKey } = await createApp(tally, 'shop');

  const attempts: Array<{ sentAt: number; answeredAt: number; status: number; retryAfter: string | null }> = [];
  const recordingFetch: FetchLike = async (url, requestInit) => {
    const sentAt = Date.now();
    const res = await fetch(url, requestInit);
    attempts.push({ sentAt, answeredAt: Date.now(), status: res.status, retryAfter: res.headers.get('retry-after') });
    return res;
  };
  const errors: TallyError[] = [];
  const client = init({
    host: tally.url, writeKey, appId: 'shop', storage: 'memory', flushAt: 1000, flushIntervalMs: 60_000,
    retryBaseDelayMs: 20, maxRetryDelayMs: 100, fetch: recordingFetch, onError: (e) => errors.push(e),
  });
  t.after(() => client.shutdown());

  const filler = fetch(`${tally.url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${writeKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events: Array.from({ length: 5 }, (_, i) => ({ app_id: 'shop', event_name: 'filler', user_id: `f_${i}`, timestamp: new Date().toISOString() })) }),
  });
  await new Promise((r) => setTimeout(r, 150));
  for (let i = 0; i < 3; i++) client.track('checkout', { step: i });
  await client.flush();
  assert.equal((await filler).status, 200);

  await until('the SDK to deliver after the wait', () => client.stats().queuedEvents === 0, 15_000);
  assert.equal(attempts[0].status, 503);
  assert.equal(attempts[0].retryAfter, '2');
  const unavailable = errors.find((e) => e.code === 'unavailable');
  assert.ok(unavailable?.canRetry && (unavailable.retryInMs ?? 0) >= 2000, JSON.stringify(errors));
  const next = attempts[1];
  assert.ok(next.sentAt - attempts[0].answeredAt >= 1995, `retried after ${next.sentAt - attempts[0].answeredAt} ms`);
  assert.equal(attempts.at(-1)!.status, 200);

  const stored = await storedEvents(tally, 'shop', readKey);
  assert.equal(stored.filter((e) => e.event_name === 'checkout').length, 3);
  assert.equal(stored.length, 8);
});

test('a tracking plan end to end: enforce a schema, see the SDK event quarantined, fix the schema, replay once', async (t) => {
  const dir = dataDir(t);
  const tally = await spawnTally({ TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '10' });
  t.after(() => tally.stop('SIGKILL'));
  const { writeKey, readKey } = await createApp(tally, 'market');
  const schema = { type: 'object', properties: { title: { type: 'string' }, budget: { type: 'number' } }, required: ['title', 'budget'] };
  assert.equal((await api(tally, 'PUT', '/v1/schemas/project.created?app_id=market', readKey, { schema, category: 'transaction', owner: 'growth' })).status, 201);
  assert.equal((await api(tally, 'PUT', '/v1/apps/market/settings', readKey, { schema_mode: 'enforce' })).status, 200);

  const rejected: RejectedEvent[] = [];
  const client = init({ host: tally.url, writeKey, appId: 'market', storage: 'memory', flushAt: 1000, flushIntervalMs: 60_000, onRejected: (r) => rejected.push(...r) });
  t.after(() => client.shutdown());
  client.identify('client_7');
  client.track('project.created', { title: 'E-commerce Platform', budget: 5000 });
  client.track('project.created', { title: 'Mobile app', budget: '5k' });
  await client.flush();
  assert.equal(client.stats().queuedEvents, 0);
  assert.equal(rejected.length, 1);
  assert.equal(rejected[0].code, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH');
  assert.match(rejected[0].message, /\/budget type \(must be number\)/);

  const quarantined = await api(tally, 'GET', '/v1/quarantine?app_id=market', readKey);
  assert.equal(quarantined.json.total, 1);
  const item = quarantined.json.items[0];
  assert.equal(item.key_id, writeKey.split('_')[2]);
  assert.equal(JSON.parse(item.payload).event_id, rejected[0].event.event_id);

  const fixed = { ...schema, properties: { ...schema.properties, budget: { type: ['number', 'string'] } } };
  assert.equal((await api(tally, 'PUT', '/v1/schemas/project.created?app_id=market', readKey, { schema: fixed, category: 'transaction', owner: 'growth' })).json.version, 2);
  const replayed = await api(tally, 'POST', '/v1/quarantine/replay', writeKey, { app_id: 'market' });
  assert.deepEqual([replayed.json.matched, replayed.json.accepted, replayed.json.still_rejected], [1, 1, 0]);
  const again = await api(tally, 'POST', '/v1/quarantine/replay', writeKey, { app_id: 'market', ids: [item.quarantine_id] });
  assert.deepEqual([again.json.matched, again.json.accepted], [0, 0]);

  const stored = await storedEvents(tally, 'market', readKey);
  assert.equal(stored.length, 2);
  assert.ok(stored.some((e) => e.event_id === rejected[0].event.event_id && e.properties.budget === '5k'));
  const metrics = await (await fetch(tally.metricsUrl)).text();
  assert.match(metrics, /analytics_events_quarantined_total\{code="TALLY_ERR_INGEST_SCHEMA_MISMATCH"\} 1/);
});
