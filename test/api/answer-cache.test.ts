// Repeated identical questions are answered from memory until the app's data changes: new events of
// that app, an erasure, a change made through the API, or the time limit — never another app's
// events — and every access check still runs first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Tally } from '../../src/service.ts';
import { ADMIN_TOKEN, bearer, createApp, event, startTestTally } from '../helpers/tally.ts';

const FROM = '2026-09-01T00:00:00Z';
const TO = '2026-11-01T00:00:00Z';

function trends(tally: Tally, key: string, payload: Record<string, unknown> = { app_id: 'shop', from: FROM, to: TO, interval: 'month', series: [{ event: 'page_view', math: 'count' }] }) {
  return tally.app.inject({ method: 'POST', url: '/v1/insights/trends', headers: bearer(key), payload });
}

const total = (body: string) => (JSON.parse(body).series[0].points as Array<{ value: number }>).reduce((s, p) => s + p.value, 0);

test('a repeated question is answered from memory until that app has new events', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  const blog = await createApp(tally, 'blog');
  await tally.ingest.ingest([event(), event({ user_id: 'u_2' })], {});

  const first = await trends(tally, shop.readKey);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.headers['x-tally-cache'], 'miss');
  assert.equal(total(first.body), 2);
  const second = await trends(tally, shop.readKey);
  assert.equal(second.headers['x-tally-cache'], 'hit');
  assert.equal(second.body, first.body);
  // the same question with its keys in another order is the same question
  const reordered = await trends(tally, shop.readKey, { series: [{ math: 'count', event: 'page_view' }], interval: 'month', to: TO, from: FROM, app_id: 'shop' });
  assert.equal(reordered.headers['x-tally-cache'], 'hit');

  // a dashboard refresh: under 5 ms from memory
  const times: number[] = [];
  for (let i = 0; i < 50; i++) {
    const started = performance.now();
    const r = await trends(tally, shop.readKey);
    times.push(performance.now() - started);
    assert.equal(r.headers['x-tally-cache'], 'hit');
  }
  times.sort((a, b) => a - b);
  assert.ok(times[25] < 5, `p50 ${times[25].toFixed(2)} ms`);

  // another app's events change nothing here
  await tally.ingest.ingest([event({ app_id: 'blog' })], {});
  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'hit');
  // this app's do: the next answer counts them
  await tally.ingest.ingest([event({ user_id: 'u_3' })], {});
  const after = await trends(tally, shop.readKey);
  assert.equal(after.headers['x-tally-cache'], 'miss');
  assert.equal(total(after.body), 3);

  // access is checked before the kept answer is sent
  const denied = await trends(tally, blog.readKey);
  assert.equal(denied.statusCode, 403);
  assert.equal(denied.headers['x-tally-cache'], undefined);

  const metrics = await tally.metrics.registry.metrics();
  assert.match(metrics, /analytics_answer_cache_total\{outcome="hit"\} [1-9]/);
});

test('an erasure and a change made through the API make kept answers stale', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest([event(), event({ user_id: 'victim' })], {});
  await trends(tally, shop.readKey);
  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'hit');

  const erased = await tally.app.inject({ method: 'DELETE', url: '/v1/users/victim?app_id=shop', headers: bearer(ADMIN_TOKEN) });
  assert.equal(erased.statusCode, 202, erased.body);
  await tally.trust.erasures.wait(erased.json().erasure_id);
  const after = await trends(tally, shop.readKey);
  assert.equal(after.headers['x-tally-cache'], 'miss');
  assert.equal(total(after.body), 1);

  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'hit');
  const saved = await tally.app.inject({ method: 'PUT', url: '/v1/segments/viewers?app_id=shop', headers: bearer(shop.readKey), payload: { event: 'page_view', from: FROM, to: TO } });
  assert.equal(saved.statusCode, 200, saved.body);
  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'miss');
});

test('kept answers expire after TALLY_ANSWER_CACHE_TTL_SECONDS', async (t) => {
  const tally = await startTestTally(t, { TALLY_ANSWER_CACHE_TTL_SECONDS: '1' });
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest([event()], {});
  await trends(tally, shop.readKey);
  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'hit');
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal((await trends(tally, shop.readKey)).headers['x-tally-cache'], 'miss');
});

test('TALLY_ANSWER_CACHE_TTL_SECONDS=0 turns the cache off', async (t) => {
  const off = await startTestTally(t, { TALLY_ANSWER_CACHE_TTL_SECONDS: '0' });
  const other = await createApp(off, 'shop');
  await trends(off, other.readKey);
  assert.equal((await trends(off, other.readKey)).headers['x-tally-cache'], undefined);
});

test('Cache-Control: no-cache asks for a fresh answer (kept for the next asker); no-store is neither served from nor kept', async (t) => {
  const tally = await startTestTally(t);
  const shop = await createApp(tally, 'shop');
  await tally.ingest.ingest([event()], {});
  const ask = (cacheControl?: string) =>
    tally.app.inject({ method: 'POST', url: '/v1/insights/trends', headers: { ...bearer(shop.readKey), ...(cacheControl ? { 'cache-control': cacheControl } : {}) }, payload: { app_id: 'shop', from: FROM, to: TO, interval: 'month', series: [{ event: 'page_view', math: 'count' }] } });
  assert.equal((await ask()).headers['x-tally-cache'], 'miss');
  assert.equal((await ask()).headers['x-tally-cache'], 'hit');
  const fresh = await ask('no-cache');
  assert.equal(fresh.headers['x-tally-cache'], 'miss');
  assert.equal(total(fresh.body), 1);
  assert.equal((await ask()).headers['x-tally-cache'], 'hit');
  const bypass = await ask('No-Store, max-age=0');
  assert.equal(bypass.headers['x-tally-cache'], 'bypass');
  assert.equal(total(bypass.body), 1);
  assert.equal((await ask()).headers['x-tally-cache'], 'hit');
});
