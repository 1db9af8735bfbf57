// PostHog's own Node library (posthog-node) pointed at a real `tally serve`: events, $identify with
// $anon_distinct_id and $set, $create_alias land once each and link one person; the capture routes
// take every encoding the libraries use (gzip, gzip-js, base64 form posts) and the flag routes
// answer validly with no flags (docs/migrate-from-posthog.md).

// biome-ignore-all lint/suspicious/noExplicitAny: answers are JSON checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { PostHog } from 'posthog-node';
import { uuidv5, uuidv7 } from '../../../src/event/index.ts';
import { eventually, readJson, startCaptureServer, storedEvents, type CaptureServer } from './helpers.ts';

function post(server: CaptureServer, path: string, body: string | Uint8Array, headers: Record<string, string>) {
  return fetch(`${server.tally.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
}

test('the PostHog Node library: events, identify, alias and $set stored once each; one person across the ids', async (t) => {
  const server = await startCaptureServer(t);
  const client = new PostHog(server.writeKey, { host: server.tally.url, flushAt: 50, flushInterval: 100 });
  const viewId = uuidv7();
  client.capture({ distinctId: 'anon-a', event: 'view_item', properties: { sku: 'A1', $session_id: 's-1', $current_url: 'https://shop.example/a' }, uuid: viewId });
  client.capture({ distinctId: 'anon-b', event: 'view_item', properties: { sku: 'B1' } });
  client.identify({ distinctId: 'user-1', properties: { $set: { plan: 'team' }, $set_once: { first_seen_plan: 'free' }, $anon_distinct_id: 'anon-a' } });
  client.identify({ distinctId: 'user-1', properties: { $set_once: { first_seen_plan: 'team' } } });
  client.capture({ distinctId: 'user-1', event: 'purchase', properties: { revenue: 42 } });
  client.alias({ distinctId: 'user-1', alias: 'crm-77' });
  await client.shutdown(20_000);

  const events = await eventually(() => storedEvents(server), (e) => e.length >= 6);
  assert.equal(events.length, 6);
  assert.deepEqual(events.map((e) => e.event_name).sort(), ['$create_alias', '$identify', '$identify', 'purchase', 'view_item', 'view_item']);
  const view = events.find((e) => e.event_id === viewId) as Record<string, any>;
  assert.ok(view, 'the library uuid is the event id');
  assert.equal(view.user_id, 'anon-a');
  assert.match(view.session_id, /^sh_/, '$session_id is the session (hashed, as every session id Tally stores)');
  assert.equal(view.context.page_url, 'https://shop.example/a');
  assert.equal(view.properties.sku, 'A1');
  assert.equal(view.properties.$lib, 'posthog-node');
  const identify = events.find((e) => e.event_name === '$identify' && e.anonymous_id === 'anon-a') as Record<string, any>;
  assert.equal(identify.user_id, 'user-1');

  // $set wins, $set_once keeps the first value
  const profile = await readJson(server, 'GET', '/v1/profiles/user-1?app_id=shop');
  assert.equal(profile.status, 200, JSON.stringify(profile.body));
  assert.deepEqual({ plan: profile.body.traits.plan, first: profile.body.traits.first_seen_plan }, { plan: 'team', first: 'free' });

  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 3_600_000).toISOString();
  const funnel = await readJson(server, 'POST', '/v1/insights/funnels', { app_id: 'shop', from, to, window: '1d', steps: [{ event: 'view_item' }, { event: 'purchase' }] });
  assert.equal(funnel.status, 200, JSON.stringify(funnel.body));
  assert.deepEqual(funnel.body.steps.map((s: any) => s.count), [2, 1], 'the anonymous view and the signed-in purchase are one person');
  const trends = await readJson(server, 'POST', '/v1/insights/trends', { app_id: 'shop', from, to, interval: 'day', series: [{ event: 'view_item', math: 'count' }], breakdown: { property: 'plan', source: 'person' } });
  const sum = (s: any) => s.points.reduce((a: number, p: any) => a + p.value, 0);
  assert.deepEqual(Object.fromEntries(trends.body.series.map((s: any) => [s.breakdown_value, sum(s)])), { team: 1, '': 1 });
});

test('PostHog capture encodings: gzip, gzip-js, base64 form posts, single events; lz64 and missing keys refused', async (t) => {
  const server = await startCaptureServer(t);
  const ev = (name: string, uuid: string) => ({ event: name, uuid, properties: { distinct_id: 'd-1', token: server.writeKey, $lib: 'web', $is_identified: false }, timestamp: new Date().toISOString() });
  const json = JSON.stringify([ev('gzip_js', 'msg-gzip-js')]);
  // posthog-js gzip-js: gzip bytes as text/plain, no query parameter
  let res = await post(server, '/e/?ver=1.449.2', gzipSync(json), { 'content-type': 'text/plain' });
  assert.equal(res.status, 200, await res.clone().text());
  assert.deepEqual(await res.json(), { status: 1, accepted: 1, duplicates: 0, rejected: [] });
  // ?compression=gzip-js with a JSON content type (older posthog-js)
  res = await post(server, '/i/v0/e/?compression=gzip-js', gzipSync(JSON.stringify([ev('gzip_js_q', 'msg-gzip-js-q')])), { 'content-type': 'application/json' });
  assert.equal(res.status, 200, await res.clone().text());
  // sendBeacon: base64 form post
  const b64 = Buffer.from(JSON.stringify([ev('beacon', 'msg-beacon')])).toString('base64');
  res = await post(server, '/e/?compression=base64', `data=${encodeURIComponent(b64)}`, { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(res.status, 200, await res.clone().text());
  // Content-Encoding gzip, /batch/ with api_key (posthog-node)
  res = await post(server, '/batch/', gzipSync(JSON.stringify({ api_key: server.writeKey, batch: [{ event: 'server', distinct_id: 'd-2', uuid: 'not-a-uuid' }] })), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
  assert.equal(res.status, 200, await res.clone().text());
  // one event, /capture/ without the trailing slash
  res = await post(server, '/capture', JSON.stringify({ api_key: server.writeKey, event: 'single', distinct_id: 'd-3' }), { 'content-type': 'application/json' });
  assert.equal(res.status, 200, await res.clone().text());

  const events = await storedEvents(server);
  assert.deepEqual(events.map((e) => e.event_name).sort(), ['beacon', 'gzip_js', 'gzip_js_q', 'server', 'single']);
  const beacon = events.find((e) => e.event_name === 'beacon') as Record<string, any>;
  assert.equal(beacon.anonymous_id, 'd-1', 'an event posthog-js marks unidentified is stored under an anonymous id');
  assert.equal(beacon.properties.token, undefined, 'the key is not stored');
  assert.equal((events.find((e) => e.event_name === 'server') as Record<string, any>).event_id, uuidv5(`posthog\u0000shop\u0000not-a-uuid`));

  // the same gzip-js request again: duplicates, nothing new
  res = await post(server, '/e/', gzipSync(json), { 'content-type': 'text/plain' });
  assert.deepEqual(await res.json(), { status: 1, accepted: 0, duplicates: 1, rejected: [] });

  res = await post(server, '/e/?compression=lz64', 'data=abc', { 'content-type': 'application/x-www-form-urlencoded' });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'TALLY_ERR_CAPTURE_INVALID');
  res = await post(server, '/e/', JSON.stringify([{ event: 'x', properties: { distinct_id: 'd' } }]), { 'content-type': 'application/json' });
  assert.equal(res.status, 401);
  assert.equal((await res.json()).error.code, 'TALLY_ERR_CAPTURE_NO_KEY');
  res = await post(server, '/e/', JSON.stringify({ api_key: 'phc_unknown', event: 'x', distinct_id: 'd' }), { 'content-type': 'application/json' });
  assert.equal(res.status, 401);
  res = await post(server, '/e/', 'not json', { 'content-type': 'text/plain' });
  assert.equal(res.status, 400);
  // a bearer key is judged before the body: a write key hears what is wrong with it, a read key may not write
  res = await post(server, '/e/', '', { 'content-type': 'application/json', authorization: `Bearer ${server.writeKey}` });
  assert.equal(res.status, 400);
  assert.equal((await res.json()).error.code, 'TALLY_ERR_CAPTURE_INVALID');
  res = await post(server, '/e/', '', { 'content-type': 'application/json', authorization: `Bearer ${server.readKey}` });
  assert.equal(res.status, 403);

  // flags: a valid answer with none, for GET and POST, with and without the slash
  for (const path of ['/flags/?v=2', '/decide/?v=3', '/flags', '/decide']) {
    const flags = await post(server, path, JSON.stringify({ token: server.writeKey, distinct_id: 'd-1' }), { 'content-type': 'application/json' });
    assert.equal(flags.status, 200, path);
    const body = await flags.json();
    assert.deepEqual([body.flags, body.featureFlags, body.errorsWhileComputingFlags], [{}, {}, false], path);
  }
  // a browser's preflight is answered for the site's origin
  const preflight = await fetch(`${server.tally.url}/e/`, { method: 'OPTIONS', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://shop.example');
});
