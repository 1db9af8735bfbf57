import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FORGED_CURSORS } from '../helpers/forged-cursors.ts';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('GET /v1/events lists, filters and pages through an app', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  const base = Date.parse('2026-10-01T00:00:00Z');
  const events = Array.from({ length: 250 }, (_, i) =>
    event({ user_id: `u_${i % 7}`, event_name: i % 5 === 0 ? 'purchase' : 'page_view', timestamp: new Date(base + Math.floor(i / 2) * 60_000).toISOString(), properties: { i } }),
  );
  const r = await tally.ingest.ingest(events, {});
  assert.equal(r.accepted, 250);
  await tally.ingest.ingest([event({ app_id: 'blog', user_id: 'blog-user' })], {});
  const get = (qs: string, key = shop.readKey) => tally.app.inject({ method: 'GET', url: `/v1/events?${qs}`, headers: bearer(key) });

  await t.test('pages cover every event exactly once, newest first', async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let previous = '9999';
    do {
      const res = await get(`app_id=shop&from=2026-09-01&to=2026-11-01&limit=40${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.total, 250);
      for (const e of body.events) {
        assert.ok(e.timestamp <= previous);
        previous = e.timestamp;
        seen.push(e.properties.i);
      }
      cursor = body.next_cursor;
    } while (cursor);
    assert.equal(seen.length, 250);
    assert.equal(new Set(seen).size, 250);
  });

  await t.test('filters by event name, user and time range', async () => {
    const res = await get('app_id=shop&event_name=purchase&user_id=u_0&from=2026-10-01T00:00:00Z&to=2026-10-01T01:00:00Z&limit=1000');
    const body = res.json();
    const expected = events.filter((e) => e.event_name === 'purchase' && e.user_id === 'u_0' && String(e.timestamp) < '2026-10-01T01:00:00');
    assert.equal(body.total, expected.length);
    assert.ok(body.events.every((e: { event_name: string; user_id: string }) => e.event_name === 'purchase' && e.user_id === 'u_0'));
  });

  await t.test('isolation: a read key of another app is refused; a write key cannot read', async () => {
    assert.equal((await get('app_id=shop', blog.readKey)).statusCode, 403);
    assert.equal((await get('app_id=shop', shop.writeKey)).statusCode, 403);
    const own = (await get('app_id=blog&from=2026-01-01', blog.readKey)).json();
    assert.deepEqual(own.events.map((e: { user_id: string }) => e.user_id), ['blog-user']);
  });

  await t.test('bad parameters get coded 400s', async () => {
    for (const qs of ['app_id=shop&limit=0', 'app_id=shop&limit=5000', 'app_id=shop&cursor=garbage', 'app_id=shop&from=tomorrow', 'app_id=shop&color=red']) {
      const res = await get(qs);
      assert.equal(res.statusCode, 400, qs);
      assert.match(res.json().error.code, /^TALLY_ERR_(REQUEST_INVALID|CURSOR_INVALID|QUERY_INVALID)$/, qs);
    }
  });
});

test('GET /v1/events answers every forged cursor with 400 TALLY_ERR_CURSOR_INVALID, never a 500', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest([event()], {});
  for (const [what, cursor] of FORGED_CURSORS) {
    const res = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=shop&from=2026-09-01&to=2026-11-01&cursor=${encodeURIComponent(cursor)}`, headers: bearer(shop.readKey) });
    assert.equal(res.statusCode, 400, `${what}: ${res.body}`);
    assert.equal(res.json().error.code, 'TALLY_ERR_CURSOR_INVALID', what);
  }
  const long = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=shop&cursor=${'A'.repeat(5000)}`, headers: bearer(shop.readKey) });
  assert.equal(long.statusCode, 400);
  assert.match(long.json().error.code, /^TALLY_ERR_(REQUEST_INVALID|CURSOR_INVALID)$/);
});

test('GET /v1/events lists a stored row whose properties are not JSON object text with that text raw, never a 500', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest([event({ user_id: 'good', properties: { page: '/' } })], {});
  // rows as another writer could have stored them (the engine itself checks none of this)
  const stored = ['', 'not json', '{"a":', '[1,2]', '"text"', 'null'];
  for (const [i, properties] of stored.entries()) {
    await tally.store.command(
      `INSERT INTO events (event_id, app_id, event_name, user_id, timestamp, received_at, properties)
       VALUES (generateUUIDv4(), 'shop', 'page_view', {user:String}, '2026-10-01 12:00:00.000', now64(3), {properties:String})`,
      { user: `bad_${i}`, properties },
    );
  }
  const res = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop&from=2026-09-01&to=2026-11-01&limit=3', headers: bearer(shop.readKey) });
  assert.equal(res.statusCode, 200, res.body);
  const seen = new Map<string, { properties: unknown; properties_raw?: string }>();
  let body = res.json() as { total: number; events: Array<{ user_id: string; properties: unknown; properties_raw?: string }>; next_cursor: string | null };
  assert.equal(body.total, 7);
  for (;;) {
    for (const e of body.events) seen.set(e.user_id, e);
    if (!body.next_cursor) break;
    const next = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=shop&from=2026-09-01&to=2026-11-01&limit=3&cursor=${body.next_cursor}`, headers: bearer(shop.readKey) });
    assert.equal(next.statusCode, 200, next.body);
    body = next.json();
  }
  assert.equal(seen.size, 7);
  assert.deepEqual(seen.get('good'), { ...seen.get('good'), properties: { page: '/' } });
  assert.equal(seen.get('good')?.properties_raw, undefined);
  for (const [i, properties] of stored.entries()) {
    const e = seen.get(`bad_${i}`);
    assert.deepEqual(e?.properties, {}, properties);
    assert.equal(e?.properties_raw, properties);
  }
});

test('a number too large for a double (limit=1e309, Infinity in a JSON body) is a 400, never a 500', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  for (const limit of ['1e309', '-1e309', 'Infinity']) {
    const res = await tally.app.inject({ method: 'GET', url: `/v1/events?app_id=shop&limit=${limit}`, headers: bearer(readKey) });
    assert.equal(res.statusCode, 400, `${limit}: ${res.body}`);
    assert.equal(res.json().error.code, 'TALLY_ERR_REQUEST_INVALID');
  }
  const report = await tally.app.inject({
    method: 'POST',
    url: '/v1/report',
    headers: { ...bearer(readKey), 'content-type': 'application/json' },
    payload: '{"template":"top_content","app_id":"shop","from":"-7d","to":"now","limit":1e309}',
  });
  assert.equal(report.statusCode, 400, report.body);
});
