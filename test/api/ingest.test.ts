import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ADMIN_TOKEN, bearer, countEvents, createApp, event, startTestTally } from '../helpers/tally.ts';
import { uuidv7 } from '../../src/event/index.ts';

test('ingest over HTTP: auth, receipts, formats, limits', async (t) => {
  const tally = await startTestTally(t, { TALLY_MAX_BATCH_EVENTS: '50', TALLY_MAX_BODY_BYTES: '200000' });
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  const post = (url: string, payload: unknown, headers: Record<string, string> = bearer(shop.writeKey)) =>
    tally.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json', ...headers }, payload: typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : JSON.stringify(payload) });

  await t.test('one event is stored and acknowledged with a receipt', async () => {
    const res = await post('/v1/events', event());
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { accepted: 1, duplicates: 0, rejected: [] });
  });

  await t.test('a request without a key is 401 TALLY_ERR_AUTH_MISSING; a wrong key is 401 TALLY_ERR_AUTH_INVALID', async () => {
    const none = await post('/v1/events', event(), {});
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().error.code, 'TALLY_ERR_AUTH_MISSING');
    const wrong = await post('/v1/batch', { events: [event()] }, bearer('tly_w_nope'));
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().error.code, 'TALLY_ERR_AUTH_INVALID');
  });

  await t.test('a read key cannot ingest; a write key cannot ingest into another app', async () => {
    const read = await post('/v1/batch', { events: [event()] }, bearer(shop.readKey));
    assert.equal(read.statusCode, 403);
    assert.equal(read.json().error.code, 'TALLY_ERR_AUTH_FORBIDDEN');
    const other = await post('/v1/batch', { events: [event({ app_id: 'shop' })] }, bearer(blog.writeKey));
    assert.equal(other.statusCode, 200);
    assert.equal(other.json().rejected[0].code, 'TALLY_ERR_EVENT_APP_MISMATCH');
    const single = await post('/v1/events', event({ app_id: 'shop' }), bearer(blog.writeKey));
    assert.equal(single.statusCode, 403);
  });

  await t.test('events for an unknown app are rejected; the admin token may ingest into any known app', async () => {
    const res = await post('/v1/batch', { events: [event({ app_id: 'ghost' }), event({ app_id: 'blog', user_id: 'admin-sent' })] }, bearer(ADMIN_TOKEN));
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.accepted, 1);
    assert.deepEqual(body.rejected.map((r: { index: number; code: string }) => [r.index, r.code]), [[0, 'TALLY_ERR_APP_UNKNOWN']]);
  });

  await t.test('a batch answers per event: good ones stored, bad ones listed with index and code', async () => {
    const res = await post('/v1/batch', {
      events: [event({ user_id: 'a' }), { ...event(), color: 'red' }, event({ timestamp: 'soon' }), event({ user_id: 'b' }), 7],
    });
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.accepted, 2);
    assert.deepEqual(
      body.rejected.map((r: { index: number; code: string }) => [r.index, r.code]),
      [[1, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'], [2, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'], [4, 'TALLY_ERR_EVENT_NOT_OBJECT']],
    );
  });

  await t.test('a re-sent batch changes no count', async () => {
    const events = Array.from({ length: 20 }, (_, i) => event({ event_id: uuidv7(), user_id: `r_${i}` }));
    const before = await countEvents(tally, 'shop');
    const first = (await post('/v1/batch', { events })).json();
    const again = (await post('/v1/batch', { events })).json();
    assert.deepEqual([first.accepted, first.duplicates], [20, 0]);
    assert.deepEqual([again.accepted, again.duplicates], [0, 20]);
    assert.equal(await countEvents(tally, 'shop'), before + 20);
  });

  await t.test('events without ids re-sent are not double counted (ids derived from content)', async () => {
    const events = [event({ user_id: 'no-id-1', timestamp: '2026-10-02T00:00:00Z' }), event({ user_id: 'no-id-2', timestamp: '2026-10-02T00:00:00Z' })];
    const first = (await post('/v1/batch', { events })).json();
    const again = (await post('/v1/batch', { events })).json();
    assert.equal(first.accepted, 2);
    assert.deepEqual([again.accepted, again.duplicates], [0, 2]);
  });

  await t.test('NDJSON bodies are accepted; a line that is not JSON is rejected alone', async () => {
    const body = [JSON.stringify(event({ user_id: 'nd1' })), '{oops', JSON.stringify(event({ user_id: 'nd2' })), ''].join('\n');
    const res = await post('/v1/batch', body, { ...bearer(shop.writeKey), 'content-type': 'application/x-ndjson' });
    assert.equal(res.statusCode, 200);
    const r = res.json();
    assert.equal(r.accepted, 2);
    assert.equal(r.rejected[0].index, 1);
    assert.equal(r.rejected[0].code, 'TALLY_ERR_EVENT_NOT_OBJECT');
  });

  await t.test('gzip bodies are accepted; corrupt gzip is 400 TALLY_ERR_REQUEST_BAD_ENCODING', async () => {
    const gz = gzipSync(JSON.stringify({ events: [event({ user_id: 'gz1' }), event({ user_id: 'gz2' })] }));
    const ok = await post('/v1/batch', gz, { ...bearer(shop.writeKey), 'content-encoding': 'gzip' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().accepted, 2);
    const bad = await post('/v1/batch', Buffer.from('not gzip at all'), { ...bearer(shop.writeKey), 'content-encoding': 'gzip' });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'TALLY_ERR_REQUEST_BAD_ENCODING');
    const br = await post('/v1/batch', Buffer.from('x'), { ...bearer(shop.writeKey), 'content-encoding': 'br' });
    assert.equal(br.json().error.code, 'TALLY_ERR_REQUEST_BAD_ENCODING');
  });

  await t.test('size limits: body bytes (also after decompression) and events per batch answer 413', async () => {
    const tooMany = await post('/v1/batch', { events: Array.from({ length: 51 }, () => event()) });
    assert.equal(tooMany.statusCode, 413);
    assert.equal(tooMany.json().error.code, 'TALLY_ERR_REQUEST_TOO_MANY_EVENTS');
    const big = JSON.stringify({ events: [event({ properties: { pad: 'x'.repeat(8000) } })], pad: 'y'.repeat(250_000) });
    const tooBig = await post('/v1/batch', big);
    assert.equal(tooBig.statusCode, 413);
    assert.equal(tooBig.json().error.code, 'TALLY_ERR_REQUEST_BODY_TOO_LARGE');
    const bomb = await post('/v1/batch', gzipSync(big), { ...bearer(shop.writeKey), 'content-encoding': 'gzip' });
    assert.equal(bomb.statusCode, 413);
    assert.equal(bomb.json().error.code, 'TALLY_ERR_REQUEST_BODY_TOO_LARGE');
  });

  await t.test('malformed JSON, wrong shapes and media types get clear codes', async () => {
    const badJson = await post('/v1/batch', '{"events": [');
    assert.equal(badJson.statusCode, 400);
    assert.equal(badJson.json().error.code, 'TALLY_ERR_REQUEST_INVALID');
    const noEvents = await post('/v1/batch', { items: [] });
    assert.equal(noEvents.json().error.code, 'TALLY_ERR_REQUEST_INVALID');
    const xml = await post('/v1/batch', '<events/>', { ...bearer(shop.writeKey), 'content-type': 'application/xml' });
    assert.equal(xml.statusCode, 415);
    assert.equal(xml.json().error.code, 'TALLY_ERR_REQUEST_UNSUPPORTED_MEDIA_TYPE');
    const single = await post('/v1/events', { ...event(), extra: 1 });
    assert.equal(single.statusCode, 400);
    assert.equal(single.json().error.code, 'TALLY_ERR_EVENT_UNKNOWN_FIELD');
  });

  await t.test('apps: only the admin creates them; duplicates are 409; ids are validated', async () => {
    const byKey = await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: bearer(shop.writeKey), payload: { app_id: 'x' } });
    assert.equal(byKey.statusCode, 403);
    const dup = await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'shop' } });
    assert.equal(dup.statusCode, 409);
    assert.equal(dup.json().error.code, 'TALLY_ERR_APP_EXISTS');
    const bad = await tally.app.inject({ method: 'POST', url: '/v1/apps', headers: bearer(ADMIN_TOKEN), payload: { app_id: 'Bad App' } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'TALLY_ERR_REQUEST_INVALID');
    const list = await tally.app.inject({ method: 'GET', url: '/v1/apps', headers: bearer(ADMIN_TOKEN) });
    assert.deepEqual(list.json().apps, ['blog', 'shop']);
  });

  await t.test('unknown routes answer a coded 404', async () => {
    const res = await tally.app.inject({ method: 'GET', url: '/v2/nothing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'TALLY_ERR_NOT_FOUND');
  });

  await t.test('the OpenAPI document describes the routes', async () => {
    const res = await tally.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    const doc = res.json();
    assert.equal(doc.openapi, '3.1.0');
    for (const p of ['/v1/apps', '/v1/events', '/v1/batch', '/v1/report']) assert.ok(doc.paths[p], `missing ${p}`);
  });

  await t.test('keys are stored hashed, never in plain text', async () => {
    const rows = await tally.store.query<{ key_hash: string }>('SELECT key_hash FROM api_keys');
    assert.ok(rows.length >= 4);
    const all = JSON.stringify(rows);
    assert.ok(!all.includes(shop.writeKey) && !all.includes(shop.readKey));
  });
});
