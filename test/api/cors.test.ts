import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

test('ingest answers a CORS preflight from any origin, for the headers the SDK sends', async (t) => {
  const tally = await startTestTally(t);
  for (const url of ['/v1/batch', '/v1/events']) {
    const res = await tally.app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(res.statusCode, 204, url);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.equal(res.headers['access-control-allow-methods'], 'POST');
    assert.match(String(res.headers['access-control-allow-headers']), /authorization/);
    assert.match(String(res.headers['access-control-allow-headers']), /content-type/);
  }
});

test('cross-origin ingest answers, errors included, carry CORS headers and expose Retry-After', async (t) => {
  const tally = await startTestTally(t);
  const { writeKey } = await createApp(tally, 'shop');
  const ok = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer(writeKey), origin: 'https://shop.example' }, payload: { events: [event()] } });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.headers['access-control-allow-origin'], '*');
  assert.equal(ok.headers['access-control-expose-headers'], 'retry-after');
  const denied = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: { ...bearer('nope'), origin: 'https://shop.example' }, payload: { events: [event()] } });
  assert.equal(denied.statusCode, 401);
  assert.equal(denied.headers['access-control-allow-origin'], '*');
});

test('only ingest is opened to other origins: reads and admin routes send no CORS headers', async (t) => {
  const tally = await startTestTally(t);
  const { readKey } = await createApp(tally, 'shop');
  const read = await tally.app.inject({ method: 'GET', url: '/v1/events?app_id=shop', headers: { ...bearer(readKey), origin: 'https://evil.example' } });
  assert.equal(read.statusCode, 200);
  assert.equal(read.headers['access-control-allow-origin'], undefined);
  const preflight = await tally.app.inject({ method: 'OPTIONS', url: '/v1/quarantine', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
  assert.equal(preflight.headers['access-control-allow-origin'], undefined);
});
