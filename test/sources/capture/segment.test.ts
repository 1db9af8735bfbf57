// Segment's own Node library (@segment/analytics-node) pointed at a real `tally serve`: every call
// lands in the events table once, with the ids, names, context and times the mapping promises
// (docs/migrate-from-segment.md); identify and alias link the person's ids, so insights count one
// person; the HTTP API answers as Segment documents it (write key as Basic user or writeKey,
// gzip, 400 over 32 KB / 500 KB).

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { Analytics } from '@segment/analytics-node';
import { uuidv5 } from '../../../src/event/index.ts';
import { eventually, readJson, startCaptureServer, storedEvents, type CaptureServer } from './helpers.ts';

function segmentPost(server: CaptureServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  const payload = typeof body === 'string' ? body : body instanceof Uint8Array ? new Uint8Array(body) : JSON.stringify(body);
  return fetch(`${server.tally.url}/segment/v1/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: payload });
}

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });

test('the Segment Node library: calls stored once each, ids derived from messageId, the person resolved across ids', async (t) => {
  const server = await startCaptureServer(t);
  const analytics = new Analytics({ writeKey: server.writeKey, host: server.tally.url, path: '/segment/v1/batch', flushAt: 100, flushInterval: 200 });
  const messageIds = new Set<string>();
  analytics.on('http_request', (r) => {
    for (const m of JSON.parse(r.body).batch) messageIds.add(m.messageId);
  });

  analytics.page({ anonymousId: 'anon-1', name: 'Home', properties: { url: 'https://shop.example/' }, context: { ip: '203.0.113.9', userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', page: { url: 'https://shop.example/', referrer: 'https://search.example/' } } });
  analytics.track({ anonymousId: 'anon-1', event: 'view_item', properties: { sku: 'A1' } });
  analytics.identify({ anonymousId: 'anon-1', userId: 'u-1', traits: { plan: 'pro', role: 'buyer' } });
  analytics.track({ userId: 'u-1', event: 'purchase', properties: { revenue: 19.99 } });
  analytics.alias({ previousId: 'legacy-7', userId: 'u-1' });
  analytics.screen({ userId: 'u-1', name: 'Basket' });
  analytics.group({ userId: 'u-1', groupId: 'acme', traits: { seats: 5 } });
  analytics.track({ anonymousId: 'anon-2', event: 'view_item', properties: { sku: 'B2' } });
  await analytics.closeAndFlush({ timeout: 20_000 });

  const events = await eventually(() => storedEvents(server), (e) => e.length >= 8);
  assert.equal(events.length, 8);
  const names = events.map((e) => e.event_name).sort();
  assert.deepEqual(names, ['$create_alias', '$group', '$identify', 'page_view', 'purchase', 'screen_view', 'view_item', 'view_item']);
  // the library's messageIds are not UUIDs: each event id is the UUID v5 of (segment, app, messageId)
  assert.equal(messageIds.size, 8);
  for (const id of messageIds) assert.ok(events.some((e) => e.event_id === uuidv5(`segment\u0000shop\u0000${id}`)), `event of message ${id}`);
  const page = events.find((e) => e.event_name === 'page_view') as Record<string, any>;
  assert.equal(page.anonymous_id, 'anon-1');
  assert.equal(page.user_id, 'anon-1', 'an anonymous event is stored under its anonymous id');
  assert.equal(page.properties.name, 'Home');
  assert.equal(page.context.page_url, 'https://shop.example/');
  assert.equal(page.context.referrer, 'https://search.example/');
  assert.equal(page.context.browser, 'Chrome');
  assert.ok(Math.abs(Date.parse(page.timestamp) - Date.now()) < 60_000, 'the corrected timestamp is close to now');
  const purchase = events.find((e) => e.event_name === 'purchase') as Record<string, any>;
  assert.equal(purchase.user_id, 'u-1');
  assert.equal(purchase.properties.revenue, 19.99);

  // identify's traits are the person's profile traits
  const profile = await readJson(server, 'GET', '/v1/profiles/u-1?app_id=shop');
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  assert.equal(profile.body.traits.plan, 'pro');

  // a funnel from anonymous browsing to the signed-in purchase converts: anon-1 and u-1 are one person
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const funnel = await readJson(server, 'POST', '/v1/insights/funnels', { app_id: 'shop', from, to, window: '1d', steps: [{ event: 'view_item' }, { event: 'purchase' }] });
  assert.equal(funnel.status, 200, JSON.stringify(funnel.body));
  assert.deepEqual(funnel.body.steps.map((s: any) => s.count), [2, 1]);
  // unique users: anon-1, u-1 and legacy-7 are one person; anon-2 another
  const trends = await readJson(server, 'POST', '/v1/insights/trends', { app_id: 'shop', from, to, interval: 'day', series: [{ event: 'view_item', math: 'unique_users' }, { event: 'purchase', math: 'unique_users' }] });
  assert.equal(trends.status, 200, JSON.stringify(trends.body));
  const sum = (s: any) => s.points.reduce((a: number, p: any) => a + p.value, 0);
  assert.deepEqual(trends.body.series.map(sum), [2, 1]);
  // retention: the person who browsed anonymously came back (signed in) the same day
  const retention = await readJson(server, 'POST', '/v1/insights/retention', { app_id: 'shop', from, to, start_event: 'view_item', return_event: 'purchase', period: 'day', periods: 1 });
  assert.equal(retention.status, 200, JSON.stringify(retention.body));
  assert.deepEqual(retention.body.cohorts.map((c: any) => [c.size, c.values[0]]), [[2, 1]]);
  // a filter on a person property (the identify trait) matches the person's anonymous events too
  const pro = await readJson(server, 'POST', '/v1/insights/trends', { app_id: 'shop', from, to, interval: 'day', series: [{ event: 'view_item', math: 'count', filters: [{ property: 'plan', source: 'person', op: 'eq', value: 'pro' }] }] });
  assert.equal(pro.status, 200, JSON.stringify(pro.body));
  assert.equal(sum(pro.body.series[0]), 1);
  const byPlan = await readJson(server, 'POST', '/v1/insights/trends', { app_id: 'shop', from, to, interval: 'day', series: [{ event: 'view_item', math: 'count' }], breakdown: { property: 'plan', source: 'person' } });
  assert.equal(byPlan.status, 200, JSON.stringify(byPlan.body));
  assert.deepEqual(Object.fromEntries(byPlan.body.series.map((s: any) => [s.breakdown_value, sum(s)])), { pro: 1, '': 1 });
});

test('the same Segment batch sent again is counted once (duplicates in the receipt)', async (t) => {
  const server = await startCaptureServer(t);
  const batch = {
    writeKey: server.writeKey,
    sentAt: new Date().toISOString(),
    batch: [
      { type: 'track', event: 'signup', anonymousId: 'a-9', messageId: 'msg-1', timestamp: new Date().toISOString() },
      { type: 'track', event: 'signup', anonymousId: 'a-9', messageId: '0193a3c2-7d1e-7c4b-9a55-3f2f0f6e1a01', timestamp: new Date().toISOString() },
    ],
  };
  const first = await segmentPost(server, 'batch', batch);
  assert.equal(first.status, 200);
  assert.deepEqual(await first.json(), { success: true, accepted: 2, duplicates: 0, rejected: [] });
  const again = await segmentPost(server, 'batch', { ...batch, sentAt: new Date(Date.now() + 5000).toISOString() });
  assert.deepEqual(await again.json(), { success: true, accepted: 0, duplicates: 2, rejected: [] });
  const events = await storedEvents(server);
  assert.equal(events.length, 2);
  assert.ok(events.some((e) => e.event_id === '0193a3c2-7d1e-7c4b-9a55-3f2f0f6e1a01'), 'a UUID messageId is the event id');
});

test('the Segment HTTP API: keys, gzip, clock skew, limits and refusals as Segment answers them', async (t) => {
  const server = await startCaptureServer(t);
  // the write key as the Basic auth user name, gzip body, a client clock 1 hour fast
  const clientNow = Date.now() + 3_600_000;
  const gz = gzipSync(JSON.stringify({ event: 'checkout', userId: 'u-5', messageId: 'm-skew', timestamp: new Date(clientNow - 10_000).toISOString(), sentAt: new Date(clientNow).toISOString() }));
  const tracked = await segmentPost(server, 'track', gz, { ...basic(server.writeKey), 'content-encoding': 'gzip' });
  assert.equal(tracked.status, 200, await tracked.clone().text());
  const skewed = (await storedEvents(server)).find((e) => e.event_name === 'checkout') as Record<string, any>;
  const delta = Date.now() - 10_000 - Date.parse(skewed.timestamp);
  assert.ok(Math.abs(delta) < 5_000, `receivedAt − (sentAt − timestamp): off by ${delta} ms`);

  // each call type on its own route, the key in the body
  for (const [path, body] of [
    ['identify', { userId: 'u-5', traits: { plan: 'free' } }],
    ['page', { anonymousId: 'a-5', name: 'Pricing' }],
    ['screen', { userId: 'u-5', name: 'Settings' }],
    ['group', { userId: 'u-5', groupId: 'g-1' }],
    ['alias', { userId: 'u-5', previousId: 'a-5' }],
    // analytics.js posts to the first letter of the call
    ['t', { userId: 'u-5', event: 'short_path' }],
  ] as const) {
    const res = await segmentPost(server, path, { ...body, writeKey: server.writeKey });
    assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
    assert.equal((await res.json()).accepted, 1, path);
  }

  // analytics.js in a browser: JSON as text/plain, writeKey in the body, from the site's origin
  const fromBrowser = await segmentPost(server, 'p', JSON.stringify({ anonymousId: 'a-6', name: 'Home', writeKey: server.writeKey }), { 'content-type': 'text/plain', origin: 'https://shop.example' });
  assert.equal(fromBrowser.status, 200, await fromBrowser.clone().text());
  assert.equal(fromBrowser.headers.get('access-control-allow-origin'), 'https://shop.example');
  const preflight = await fetch(`${server.tally.url}/segment/v1/batch`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 204);

  // refusals: no key (401), a bad key (401), a read key (403), not JSON (400)
  assert.equal((await segmentPost(server, 'track', { event: 'x', userId: 'u' })).status, 401);
  assert.equal((await segmentPost(server, 'track', { event: 'x', userId: 'u' }, basic('wk_not_a_key'))).status, 401);
  assert.equal((await segmentPost(server, 'track', { event: 'x', userId: 'u' }, basic(server.readKey))).status, 403);
  const notJson = await segmentPost(server, 'track', '{"event":', basic(server.writeKey));
  assert.equal(notJson.status, 400);

  // Segment's limits: 32 KB per call, 32 KB per message of a batch, 500 KB per batch → 400
  const big = 'x'.repeat(33 * 1024);
  const tooBigCall = await segmentPost(server, 'track', { event: 'x', userId: 'u', properties: { big } }, basic(server.writeKey));
  assert.equal(tooBigCall.status, 400);
  assert.equal((await tooBigCall.json()).error.code, 'TALLY_ERR_CAPTURE_TOO_LARGE');
  const tooBigMessage = await segmentPost(server, 'batch', { batch: [{ type: 'track', event: 'x', userId: 'u', properties: { big } }] }, basic(server.writeKey));
  assert.equal(tooBigMessage.status, 400);
  assert.equal((await tooBigMessage.json()).error.code, 'TALLY_ERR_CAPTURE_TOO_LARGE');
  const many = Array.from({ length: 20 }, (_, i) => ({ type: 'track', event: 'x', userId: 'u', messageId: `big-${i}`, properties: { v: 'y'.repeat(30 * 1024) } }));
  const tooBigBatch = await segmentPost(server, 'batch', { batch: many }, basic(server.writeKey));
  assert.equal(tooBigBatch.status, 400);
  assert.equal((await tooBigBatch.json()).error.code, 'TALLY_ERR_CAPTURE_TOO_LARGE');

  // a message the mapping refuses is listed with its index; the others are stored (200, as Segment)
  const mixed = await segmentPost(server, 'batch', { batch: [{ type: 'track', userId: 'u' }, { type: 'nope', userId: 'u' }, { type: 'track', event: 'ok', userId: 'u', messageId: 'ok-1' }, { type: 'track', event: 'ok' }] }, basic(server.writeKey));
  assert.equal(mixed.status, 200);
  const receipt = await mixed.json();
  assert.equal(receipt.accepted, 1);
  assert.deepEqual(receipt.rejected.map((r: any) => [r.index, r.code]), [[0, 'TALLY_ERR_CAPTURE_INVALID'], [1, 'TALLY_ERR_CAPTURE_INVALID'], [3, 'TALLY_ERR_CAPTURE_INVALID']]);
});
