// The protocol mappings on their own: Segment messages and PostHog events → wire events, links and
// traits; their timestamps and ids; PostHog's body encodings; and a table of invalid inputs for each.

// biome-ignore-all lint/suspicious/noExplicitAny: mapped events are checked field by field
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { isUuid, uuidv5 } from '../../../src/event/index.ts';
import { decodePostHogBody, eventIdOf, mapPostHogEvent, mapSegmentMessage, posthogTimestampMs, segmentTimestampMs } from '../../../src/sources/index.ts';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');
const seg = { appId: 'shop', receivedAtMs: NOW };
const ph = { appId: 'shop', receivedAtMs: NOW };

test('uuidv5 is RFC 9562 version 5 and stable; a message id becomes the same event id every time', () => {
  const id = uuidv5('segment\u0000shop\u0000m-1');
  assert.ok(isUuid(id));
  assert.equal(id[14], '5', 'version 5');
  assert.ok('89ab'.includes(id[19]), 'RFC variant');
  assert.equal(uuidv5('segment\u0000shop\u0000m-1'), id);
  assert.notEqual(uuidv5('segment\u0000other\u0000m-1'), id, 'the app is part of the name');
  assert.equal(eventIdOf('segment', 'shop', 'm-1'), id);
  assert.notEqual(eventIdOf('posthog', 'shop', 'm-1'), id, 'the protocol is part of the name');
  assert.equal(eventIdOf('segment', 'shop', '0193A3C2-7D1E-7C4B-9A55-3F2F0F6E1A01'), '0193a3c2-7d1e-7c4b-9a55-3f2f0f6e1a01', 'a UUID is kept');
  assert.equal(eventIdOf('segment', 'shop', undefined), undefined);
  assert.equal(eventIdOf('segment', 'shop', 42), eventIdOf('segment', 'shop', '42'));
});

test("Segment's clock-skew correction: receivedAt − (sentAt − originalTimestamp)", () => {
  const at = (o: Record<string, unknown>, batchSentAt?: string) => new Date(segmentTimestampMs(o, NOW, batchSentAt) as number).toISOString();
  // the client clock is an hour fast: the event happened 10 s before it was sent
  assert.equal(at({ timestamp: '2026-11-30T12:59:50.000Z', sentAt: '2026-11-30T13:00:00.000Z' }), '2026-11-30T11:59:50.000Z');
  assert.equal(at({ originalTimestamp: '2026-11-30T12:59:50.000Z', timestamp: '2020-01-01T00:00:00Z' }, '2026-11-30T13:00:00.000Z'), '2026-11-30T11:59:50.000Z');
  assert.equal(at({ timestamp: '2026-11-01T00:00:00.000Z' }), '2026-11-01T00:00:00.000Z', 'without sentAt: as sent');
  assert.equal(at({}), '2026-11-30T12:00:00.000Z', 'without any: received');
  assert.equal(segmentTimestampMs({ timestamp: 'yesterday' }, NOW), undefined);
});

test("PostHog's timestamp rule: sent_at, then offset, then timestamp", () => {
  assert.equal(posthogTimestampMs({ timestamp: '2026-11-30T13:00:00.000Z' }, NOW, '2026-11-30T13:00:05.000Z'), NOW - 5000);
  assert.equal(posthogTimestampMs({ offset: 1500 }, NOW), NOW - 1500);
  assert.equal(posthogTimestampMs({ timestamp: '2026-11-01T00:00:00.000Z' }, NOW), Date.parse('2026-11-01T00:00:00.000Z'));
  assert.equal(posthogTimestampMs({}, NOW), NOW);
});

test('Segment calls map to events, links and traits', () => {
  const page: any = mapSegmentMessage({ anonymousId: 'a', name: 'Home', context: { page: { url: 'https://x/', referrer: 'https://r/' }, screen: { width: 1280, height: 800 }, library: { name: 'analytics.js', version: '5' } } }, 'page', seg);
  assert.equal(page.ok, true);
  assert.equal(page.event.event_name, 'page_view');
  assert.deepEqual(page.event.context, { page_url: 'https://x/', referrer: 'https://r/', library: 'analytics.js', library_version: '5', screen: '1280x800' });
  assert.deepEqual(page.event.properties, { name: 'Home' });
  const identify: any = mapSegmentMessage({ type: 'identify', userId: 7, anonymousId: 'a', traits: { plan: 'pro' } }, undefined, seg);
  assert.deepEqual(identify.links.map((l: any) => [l.aliasId, l.personId, l.via]), [['a', '7', 'identify']]);
  assert.deepEqual(identify.traits.map((t: any) => [t.userId, t.set]), [['7', { plan: 'pro' }]]);
  const alias: any = mapSegmentMessage({ userId: 'u', previousId: 'old' }, 'alias', seg);
  assert.deepEqual([alias.event.user_id, alias.event.anonymous_id, alias.links[0].aliasId], ['u', 'old', 'old']);
  const track: any = mapSegmentMessage({ userId: 'u', anonymousId: 'a', event: 'buy' }, 'track', seg);
  assert.deepEqual(track.links, [], 'an ordinary event with both ids links nothing');
});

test('invalid Segment messages are refused with a code and a reason', () => {
  const cases: Array<[unknown, string | undefined, RegExp]> = [
    ['text', 'track', /JSON object/],
    [[], 'track', /JSON object/],
    [{ userId: 'u', event: 'x' }, undefined, /type must be one of/],
    [{ type: 'screenview', userId: 'u' }, undefined, /type must be one of/],
    [{ event: 'x' }, 'track', /userId or anonymousId/],
    [{ userId: {}, event: 'x' }, 'track', /userId or anonymousId/],
    [{ userId: 'u' }, 'track', /event name/],
    [{ userId: 'u', event: '' }, 'track', /event name/],
    [{ userId: 'u', event: 'x', properties: [] }, 'track', /properties must be an object/],
    [{ userId: 'u', traits: 'pro' }, 'identify', /traits must be an object/],
    [{ userId: 'u' }, 'alias', /previousId/],
    [{ userId: 'u' }, 'group', /groupId/],
    [{ userId: 'u', event: 'x', timestamp: 'not a time' }, 'track', /timestamp/],
  ];
  for (const [message, type, reason] of cases) {
    const m = mapSegmentMessage(message, type as any, seg);
    assert.equal(m.ok, false, JSON.stringify(message));
    if (!m.ok) {
      assert.equal(m.code, 'TALLY_ERR_CAPTURE_INVALID');
      assert.match(m.message, reason, JSON.stringify(message));
    }
  }
});

test('PostHog events map to events, links and traits; the key is never stored', () => {
  const identify: any = mapPostHogEvent({ event: '$identify', distinct_id: 'u', properties: { $anon_distinct_id: 'a', token: 'k', $set: { plan: 'pro' } }, $set_once: { first: 'x' }, uuid: 'n' }, ph);
  assert.equal(identify.ok, true);
  assert.deepEqual([identify.event.user_id, identify.event.anonymous_id], ['u', 'a']);
  assert.deepEqual(identify.links.map((l: any) => [l.aliasId, l.personId]), [['a', 'u']]);
  assert.deepEqual(identify.traits, [{ userId: 'u', set: { plan: 'pro' }, setOnce: { first: 'x' }, atMs: NOW }]);
  assert.deepEqual(identify.event.properties, { $anon_distinct_id: 'a' });
  const alias: any = mapPostHogEvent({ event: '$create_alias', properties: { distinct_id: 'u', alias: 'crm-1' } }, ph);
  assert.deepEqual(alias.links.map((l: any) => [l.aliasId, l.personId]), [['crm-1', 'u']]);
  const anon: any = mapPostHogEvent({ event: '$pageview', properties: { distinct_id: 'd', $is_identified: false, $lib: 'web', $current_url: 'https://x/', $referrer: '$direct', $session_id: 's' } }, { ...ph, requestIp: '203.0.113.7', requestUserAgent: 'UA' });
  assert.deepEqual([anon.event.user_id, anon.event.anonymous_id, anon.event.session_id], [undefined, 'd', 's']);
  assert.deepEqual(anon.event.context, { ip: '203.0.113.7', user_agent: 'UA', page_url: 'https://x/', library: 'web' });
  const server: any = mapPostHogEvent({ event: 'x', distinct_id: 'd', properties: { $lib: 'posthog-node' } }, { ...ph, requestIp: '10.0.0.1' });
  assert.equal(server.event.context.ip, undefined, "a server library's request address is not the user's");
});

test('invalid PostHog events are refused with a code and a reason', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /JSON object/],
    [{ distinct_id: 'd' }, /event is required/],
    [{ event: 'x' }, /distinct_id is required/],
    [{ event: 'x', distinct_id: 'd', properties: 'p' }, /properties must be an object/],
    [{ event: 'x', distinct_id: 'd', timestamp: 'soon' }, /timestamp/],
    [{ event: 'x', distinct_id: 'd', $set: [1] }, /\$set must be an object/],
    [{ event: 'x', distinct_id: 'd', properties: { $set_once: 'y' } }, /\$set_once must be an object/],
  ];
  for (const [message, reason] of cases) {
    const m = mapPostHogEvent(message, ph);
    assert.equal(m.ok, false, JSON.stringify(message));
    if (!m.ok) assert.match(m.message, reason, JSON.stringify(message));
  }
});

test('PostHog bodies: every encoding the libraries send, and the ones refused', () => {
  const body = [{ event: 'x' }];
  const json = JSON.stringify(body);
  const ok = (raw: unknown, type: string, compression?: string) => {
    const d = decodePostHogBody(raw, type, compression, 1 << 20);
    assert.equal(d.ok, true, JSON.stringify(d));
    return d.ok ? d.body : undefined;
  };
  assert.deepEqual(ok(Buffer.from(json), 'application/json'), body);
  assert.deepEqual(ok(gzipSync(json), 'text/plain'), body, 'gzip-js found by its magic bytes');
  assert.deepEqual(ok(gzipSync(json), 'application/json', 'gzip-js'), body);
  assert.deepEqual(ok(Buffer.from(`data=${encodeURIComponent(Buffer.from(json).toString('base64'))}`), 'application/x-www-form-urlencoded', 'base64'), body);
  assert.deepEqual(ok(Buffer.from(`data=${encodeURIComponent(json)}`), 'application/x-www-form-urlencoded'), body);
  assert.deepEqual(ok(body, 'application/json'), body, 'already parsed');
  const refused: Array<[unknown, string, string | undefined, RegExp]> = [
    [Buffer.from('data=x'), 'application/x-www-form-urlencoded', 'lz64', /lz64/],
    [Buffer.alloc(0), 'application/json', undefined, /empty/],
    [undefined, 'application/json', undefined, /empty/],
    [Buffer.from('{"a":'), 'application/json', undefined, /not valid JSON/],
    [Buffer.from('x=1'), 'application/x-www-form-urlencoded', undefined, /data field/],
  ];
  for (const [raw, type, compression, reason] of refused) {
    const d = decodePostHogBody(raw, type, compression, 1 << 20);
    assert.equal(d.ok, false);
    if (!d.ok) assert.match(d.reason, reason);
  }
  // decompression is bounded, and broken gzip is a coded refusal
  assert.throws(() => decodePostHogBody(gzipSync('x'.repeat(2 << 20)), 'text/plain', undefined, 1 << 20), { code: 'TALLY_ERR_REQUEST_BODY_TOO_LARGE' });
  assert.throws(() => decodePostHogBody(Buffer.from([0x1f, 0x8b, 1, 2, 3]), 'text/plain', undefined, 1 << 20), { code: 'TALLY_ERR_REQUEST_BAD_ENCODING' });
});
