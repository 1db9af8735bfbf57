import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { pino } from 'pino';
import { ADMIN_TOKEN, KEEP_FOREVER, bearer, countEvents, createApp, event, startTestTally, tempDir } from '../helpers/tally.ts';
import { loadConfig } from '../../src/config/index.ts';
import { startTally, type Tally } from '../../src/service.ts';
import type { StoreConnection } from '../../src/store/index.ts';

const PROJECT_V1 = { type: 'object', properties: { title: { type: 'string' }, budget: { type: 'number' } }, required: ['title', 'budget'] };
const PROJECT_V2 = { type: 'object', properties: { title: { type: 'string' }, budget: { type: ['number', 'string'] } }, required: ['title', 'budget'] };

interface Item {
  quarantine_id: string;
  app_id: string;
  code: string;
  message: string;
  key_id: string;
  payload: string;
  payload_bytes: number;
  payload_truncated: boolean;
  received_at: string;
  status: string;
  replay_count: number;
  event_name: string;
}

async function enforce(tally: Tally, manageKey: string, schema: Record<string, unknown> = PROJECT_V1): Promise<void> {
  const put = await tally.app.inject({ method: 'PUT', url: '/v1/schemas/project.created?app_id=shop', headers: bearer(manageKey), payload: { schema } });
  assert.ok(put.statusCode === 201 || put.statusCode === 200, put.body);
  const mode = await tally.app.inject({ method: 'PUT', url: '/v1/apps/shop/settings', headers: bearer(manageKey), payload: { schema_mode: 'enforce' } });
  assert.equal(mode.statusCode, 200);
}

async function send(tally: Tally, key: string, events: unknown[]) {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(key), payload: { events } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { accepted: number; duplicates: number; rejected: Array<{ index: number; code: string }> };
}

async function list(tally: Tally, key: string, query: string): Promise<{ total: number; items: Item[]; next_cursor: string | null }> {
  const res = await tally.app.inject({ method: 'GET', url: `/v1/quarantine?${query}`, headers: bearer(key) });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

async function replay(tally: Tally, key: string, body: Record<string, unknown>) {
  const res = await tally.app.inject({ method: 'POST', url: '/v1/quarantine/replay', headers: bearer(key), payload: { app_id: 'shop', ...body } });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as { matched: number; accepted: number; duplicates: number; still_rejected: number; rejected: Array<{ quarantine_id: string; code: string; message: string }>; next_cursor: string | null };
}

const project = (i: number, properties: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  event({ event_name: 'project.created', user_id: `u_${i}`, timestamp: `2026-10-01T12:00:${String(i).padStart(2, '0')}.000Z`, properties, ...extra });

test('every rejected event is kept with its reason, raw payload, app, key and receive time', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  await enforce(tally, readKey);
  const before = Date.now();
  const sent = [project(1, { title: 'ok', budget: 1 }), project(2, { title: 'x', budget: 'lots' }), event({ user_id: 'u_3', bogus: true }), event({ app_id: 'other', user_id: 'u_4' })];
  const receipt = await send(tally, writeKey, sent);
  assert.equal(receipt.accepted, 1);
  assert.deepEqual(receipt.rejected.map((r) => r.code), ['TALLY_ERR_INGEST_SCHEMA_MISMATCH', 'TALLY_ERR_EVENT_UNKNOWN_FIELD', 'TALLY_ERR_EVENT_APP_MISMATCH']);

  const page = await list(tally, readKey, 'app_id=shop');
  assert.equal(page.total, 3);
  const keyId = writeKey.split('_')[2];
  for (const item of page.items) {
    assert.equal(item.app_id, 'shop');
    assert.equal(item.key_id, keyId);
    assert.equal(item.status, 'quarantined');
    assert.equal(item.payload_truncated, false);
    assert.ok(Date.parse(item.received_at) >= before - 5 && Date.parse(item.received_at) <= Date.now(), item.received_at);
  }
  const byCode = new Map(page.items.map((i) => [i.code, i]));
  assert.deepEqual(JSON.parse(byCode.get('TALLY_ERR_INGEST_SCHEMA_MISMATCH')!.payload), sent[1]);
  assert.match(byCode.get('TALLY_ERR_INGEST_SCHEMA_MISMATCH')!.message, /\/budget type/);
  assert.deepEqual(JSON.parse(byCode.get('TALLY_ERR_EVENT_UNKNOWN_FIELD')!.payload), sent[2]);
  assert.deepEqual(JSON.parse(byCode.get('TALLY_ERR_EVENT_APP_MISMATCH')!.payload), sent[3]);

  const one = await tally.app.inject({ method: 'GET', url: `/v1/quarantine/${page.items[0].quarantine_id}?app_id=shop`, headers: bearer(readKey) });
  assert.equal(one.statusCode, 200);
  assert.deepEqual(one.json(), page.items[0]);

  const summary = await tally.app.inject({ method: 'GET', url: '/v1/quarantine/summary?app_id=shop', headers: bearer(readKey) });
  assert.equal(summary.json().total, 3);
  assert.equal(summary.json().by_code.length, 3);

  const metrics = await tally.metrics.registry.getSingleMetricAsString('analytics_events_quarantined_total');
  assert.match(metrics, /analytics_events_quarantined_total\{code="TALLY_ERR_INGEST_SCHEMA_MISMATCH"\} 1/);
  assert.match(metrics, /analytics_events_quarantined_total\{code="TALLY_ERR_EVENT_UNKNOWN_FIELD"\} 1/);
});

test("a key of one app never sees or replays another app's quarantine", async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const other = await createApp(tally, 'other');
  await send(tally, shop.writeKey, [event({ bogus: 1 })]);
  const [item] = (await list(tally, shop.readKey, 'app_id=shop')).items;

  for (const url of ['/v1/quarantine?app_id=shop', '/v1/quarantine/summary?app_id=shop', `/v1/quarantine/${item.quarantine_id}?app_id=shop`]) {
    const res = await tally.app.inject({ method: 'GET', url, headers: bearer(other.readKey) });
    assert.equal(res.statusCode, 403, url);
  }
  // a write key ships inside apps: it may replay, not read payloads
  assert.equal((await tally.app.inject({ method: 'GET', url: '/v1/quarantine?app_id=shop', headers: bearer(shop.writeKey) })).statusCode, 403);
  assert.equal((await list(tally, other.readKey, 'app_id=other')).total, 0);
  const cross = await tally.app.inject({ method: 'GET', url: `/v1/quarantine/${item.quarantine_id}?app_id=other`, headers: bearer(other.readKey) });
  assert.equal(cross.statusCode, 404);
  for (const key of [other.writeKey, shop.readKey]) {
    const res = await tally.app.inject({ method: 'POST', url: '/v1/quarantine/replay', headers: bearer(key), payload: { app_id: 'shop' } });
    assert.equal(res.statusCode, 403);
  }
});

test('a payload over the size limit is cut, flagged, and never replayed', async (t) => {
  const tally = await startTestTally(t, { TALLY_QUARANTINE_MAX_PAYLOAD_BYTES: '256' });
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const big = event({ bogus: 1, properties: { text: 'é'.repeat(400) } });
  await send(tally, writeKey, [big]);
  const [item] = (await list(tally, readKey, 'app_id=shop')).items;
  assert.equal(item.payload_truncated, true);
  assert.equal(item.payload_bytes, Buffer.byteLength(JSON.stringify(big)));
  const full = (await tally.app.inject({ method: 'GET', url: `/v1/quarantine/${item.quarantine_id}?app_id=shop`, headers: bearer(readKey) })).json() as Item;
  assert.ok(Buffer.byteLength(full.payload) <= 256 && Buffer.byteLength(full.payload) >= 255, String(Buffer.byteLength(full.payload)));
  assert.ok(JSON.stringify(big).startsWith(full.payload), 'the kept part is the start of the payload, cut between characters');
  assert.equal((await replay(tally, writeKey, {})).matched, 0);
});

test('a re-sent rejected event updates its quarantine row instead of adding one', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const bad = event({ bogus: 1 });
  await send(tally, writeKey, [bad]);
  await send(tally, writeKey, [bad, bad]);
  assert.equal((await list(tally, readKey, 'app_id=shop')).total, 1);
});

test('listing filters by code, event name and time, and pages with a stable cursor', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  await enforce(tally, readKey);
  await send(tally, writeKey, Array.from({ length: 5 }, (_, i) => project(i, { title: 't', budget: `b${i}` })));
  await send(tally, writeKey, Array.from({ length: 3 }, (_, i) => event({ user_id: `x_${i}`, bogus: i })));

  assert.equal((await list(tally, readKey, 'app_id=shop')).total, 8);
  assert.equal((await list(tally, readKey, 'app_id=shop&code=TALLY_ERR_EVENT_UNKNOWN_FIELD')).total, 3);
  assert.equal((await list(tally, readKey, 'app_id=shop&event_name=project.created')).total, 5);
  assert.equal((await list(tally, readKey, 'app_id=shop&from=-1h')).total, 8);
  assert.equal((await list(tally, readKey, `app_id=shop&from=${new Date(Date.now() + 60_000).toISOString()}&to=${new Date(Date.now() + 120_000).toISOString()}`)).total, 0);

  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { total: number; items: Item[]; next_cursor: string | null } = await list(tally, readKey, `app_id=shop&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.total, 8);
    seen.push(...page.items.map((i) => i.quarantine_id));
    cursor = page.next_cursor;
  } while (cursor);
  assert.equal(seen.length, 8);
  assert.equal(new Set(seen).size, 8);

  const badCursor = await tally.app.inject({ method: 'GET', url: '/v1/quarantine?app_id=shop&cursor=nope', headers: bearer(readKey) });
  assert.equal(badCursor.json().error.code, 'TALLY_ERR_CURSOR_INVALID');
});

test('after a schema fix, replay stores what now passes exactly once and keeps the rest with new reasons', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  await enforce(tally, readKey);
  const withId = project(1, { title: 'a', budget: 'lots' }, { event_id: '0193a1b2-0000-7000-8000-000000000001' });
  const sameIdOtherPayload = project(2, { title: 'b', budget: 'more' }, { event_id: '0193a1b2-0000-7000-8000-000000000001' });
  const withoutId = project(3, { title: 'c', budget: '5k' });
  const stillBad = project(4, { budget: 7 });
  const receipt = await send(tally, writeKey, [withId, sameIdOtherPayload, withoutId, stillBad, project(5, { title: 'fine', budget: 1 })]);
  assert.equal(receipt.accepted, 1);
  assert.equal((await list(tally, readKey, 'app_id=shop')).total, 4);

  // nothing passes yet: every row stays, with the same reason
  const early = await replay(tally, writeKey, {});
  assert.deepEqual([early.matched, early.accepted, early.still_rejected], [4, 0, 4]);

  await enforce(tally, readKey, PROJECT_V2);
  const first = await replay(tally, writeKey, {});
  assert.equal(first.matched, 4);
  assert.equal(first.accepted, 2, 'the two distinct events that now pass');
  assert.equal(first.duplicates, 1, 'the second payload with an already stored event id');
  assert.equal(first.still_rejected, 1);
  assert.equal(first.rejected[0].code, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH');
  assert.match(first.rejected[0].message, /\(v2\).*\/title required/);
  assert.equal(await countEvents(tally, 'shop'), 3);

  const second = await replay(tally, writeKey, {});
  assert.deepEqual([second.matched, second.accepted, second.duplicates, second.still_rejected], [1, 0, 0, 1]);
  assert.equal(await countEvents(tally, 'shop'), 3);

  // the id-less event got an id derived from its content: sending it again counts nothing
  assert.deepEqual(await send(tally, writeKey, [withoutId]), { accepted: 0, duplicates: 1, rejected: [] });

  const remaining = await list(tally, readKey, 'app_id=shop');
  assert.equal(remaining.total, 1);
  assert.equal(remaining.items[0].replay_count, 3);
  assert.match(remaining.items[0].message, /\(v2\)/);
  const replayed = await list(tally, readKey, 'app_id=shop&status=replayed');
  assert.equal(replayed.total, 3);
  const metrics = await tally.metrics.registry.getSingleMetricAsString('analytics_quarantine_replayed_total');
  assert.match(metrics, /outcome="stored"\} 3/);
});

test('replay can be limited to ids or a reason code, and continues with a cursor', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  await enforce(tally, readKey);
  await send(tally, writeKey, Array.from({ length: 6 }, (_, i) => project(i, { title: 't', budget: `b${i}` })));
  await send(tally, writeKey, [event({ app_id: 'ghost', user_id: 'g' })]);
  await enforce(tally, readKey, PROJECT_V2);

  const items = (await list(tally, readKey, 'app_id=shop&event_name=project.created')).items;
  const byIds = await replay(tally, writeKey, { ids: [items[0].quarantine_id, items[1].quarantine_id] });
  assert.deepEqual([byIds.matched, byIds.accepted], [2, 2]);

  const byCode = await replay(tally, writeKey, { code: 'TALLY_ERR_EVENT_APP_MISMATCH' });
  assert.deepEqual([byCode.matched, byCode.accepted, byCode.still_rejected], [1, 0, 1]);

  const page1 = await replay(tally, writeKey, { code: 'TALLY_ERR_INGEST_SCHEMA_MISMATCH', limit: 3 });
  assert.deepEqual([page1.matched, page1.accepted], [3, 3]);
  assert.ok(page1.next_cursor);
  const page2 = await replay(tally, writeKey, { code: 'TALLY_ERR_INGEST_SCHEMA_MISMATCH', limit: 3, cursor: page1.next_cursor });
  assert.deepEqual([page2.matched, page2.accepted, page2.next_cursor], [1, 1, null]);
  assert.equal(await countEvents(tally, 'shop'), 6);
});

test('quarantine writes are grouped: at most one insert per request, shared by concurrent requests', async (t) => {
  const dir = tempDir();
  const inserts: number[] = [];
  const config = loadConfig({ ...KEEP_FOREVER, TALLY_DATA_DIR: dir, TALLY_ADMIN_TOKEN: ADMIN_TOKEN, FLUSH_INTERVAL_MS: '20', TALLY_LOG_LEVEL: 'silent' });
  const tally = await startTally(config, {
    listen: false,
    logger: pino({ level: 'silent' }),
    wrapStore: (conn: StoreConnection): StoreConnection => ({
      ...conn,
      kind: conn.kind,
      query: conn.query.bind(conn),
      command: conn.command.bind(conn),
      close: conn.close.bind(conn),
      insertJsonEachRow(table, rows, options) {
        if (table === 'quarantined_events') inserts.push(rows.toString().trim().split('\n').length);
        return conn.insertJsonEachRow(table, rows, options);
      },
    }),
  });
  t.after(async () => {
    await tally.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const { writeKey, readKey } = await createApp(tally, 'shop');

  await send(tally, writeKey, Array.from({ length: 200 }, (_, i) => event({ user_id: `u_${i}`, bogus: i })));
  assert.deepEqual(inserts, [200]);

  inserts.length = 0;
  await Promise.all(Array.from({ length: 20 }, (_, r) => send(tally, writeKey, Array.from({ length: 5 }, (_, i) => event({ user_id: `r${r}_${i}`, bogus: i })))));
  assert.equal(inserts.reduce((a, b) => a + b, 0), 100);
  assert.ok(inserts.length < 20, `inserts: ${inserts.join(', ')}`);

  inserts.length = 0;
  await send(tally, writeKey, [event({ user_id: 'fine' })]);
  assert.deepEqual(inserts, [], 'a request without rejections writes nothing to the quarantine');
  assert.equal((await list(tally, readKey, 'app_id=shop')).total, 300);
});

test('events the admin sent to an app before it existed are kept under that app and replay once it is created', async (t) => {
  const tally = await startTestTally(t);
  const receipt = await send(tally, ADMIN_TOKEN, [event({ app_id: 'ghost', user_id: 'g1' }), event({ app_id: 'Not An App', user_id: 'g2' })]);
  assert.deepEqual(receipt.rejected.map((r) => r.code), ['TALLY_ERR_APP_UNKNOWN', 'TALLY_ERR_EVENT_INVALID_FIELD']);
  const ghost = await list(tally, ADMIN_TOKEN, 'app_id=ghost');
  assert.equal(ghost.total, 1);
  assert.equal(ghost.items[0].key_id, 'admin');

  const { readKey } = await createApp(tally, 'ghost');
  const res = await tally.app.inject({ method: 'POST', url: '/v1/quarantine/replay', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'ghost' } });
  assert.deepEqual([res.json().matched, res.json().accepted], [1, 1]);
  assert.equal(await countEvents(tally, 'ghost'), 1);
  assert.equal((await list(tally, readKey, 'app_id=ghost&status=replayed')).total, 1);
});

test('events nested 10,000 and 100,000 levels deep are rejected one by one with a depth code and quarantined in a bounded form; the rest of the batch is stored', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey, readKey } = await createApp(tally, 'shop');
  const nest = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
  const ok = JSON.stringify(event({ user_id: 'fine' }));
  const body = `{"events":[${ok},${JSON.stringify(event({ user_id: 'p' })).replace('{"page":"/"}', `{"page":${nest(100_000)}}`)},${JSON.stringify(event({ user_id: 'c' })).slice(0, -1)},"context":{"locale":${nest(10_000)}}},${JSON.stringify(event({ user_id: 'u' })).slice(0, -1)},"extra":${nest(100_000)}}]}`;
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(writeKey), 'content-type': 'application/json' }, payload: body });
  assert.equal(res.statusCode, 200, res.body.slice(0, 300));
  const receipt = res.json() as { accepted: number; rejected: Array<{ index: number; code: string }> };
  assert.equal(receipt.accepted, 1);
  assert.deepEqual(receipt.rejected.map((r) => [r.index, r.code]), [[1, 'TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP'], [2, 'TALLY_ERR_EVENT_TOO_DEEP'], [3, 'TALLY_ERR_EVENT_TOO_DEEP']]);
  assert.equal(await countEvents(tally, 'shop'), 1);

  const single = await tally.app.inject({ method: 'POST', url: '/v1/events', headers: { ...bearer(writeKey), 'content-type': 'application/json' }, payload: `${JSON.stringify(event({ user_id: 's' })).slice(0, -1)},"extra":${nest(100_000)}}` });
  assert.equal(single.statusCode, 400);
  assert.equal(single.json().error.code, 'TALLY_ERR_EVENT_TOO_DEEP');

  const page = await list(tally, readKey, 'app_id=shop');
  assert.equal(page.total, 4);
  for (const item of page.items) assert.equal(item.payload_truncated, true, item.code);
});
