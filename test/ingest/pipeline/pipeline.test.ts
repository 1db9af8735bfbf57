import { test } from 'node:test';
import assert from 'node:assert/strict';
import { anonymizeIp, isUuid, uuidv7, categorize } from '../../../src/event/index.ts';
import { createIngestPipeline } from '../../../src/ingest/index.ts';

const NOW = Date.parse('2026-11-22T12:00:00.000Z');
const validate = createIngestPipeline({ now: () => NOW, maxEventAgeDays: 400 });
const ctx = { receivedAtMs: NOW };
const base = { app_id: 'shop', event_name: 'purchase', user_id: 'u_42', timestamp: '2026-11-20T12:00:00.000Z' };

/** `levels` nested arrays, built from JSON text as a request body would be */
function deep(levels: number): unknown {
  return JSON.parse('['.repeat(levels) + ']'.repeat(levels));
}

const invalid: Array<[string, unknown, string]> = [
  ['not an object', [1, 2], 'TALLY_ERR_EVENT_NOT_OBJECT'],
  ['a string', 'hello', 'TALLY_ERR_EVENT_NOT_OBJECT'],
  ['unknown top-level field', { ...base, revenue: 3 }, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'],
  ['missing app_id', { ...base, app_id: undefined }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['bad app_id', { ...base, app_id: 'Shop Inc' }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['missing event_name', { ...base, event_name: '' }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['control characters in event_name', { ...base, event_name: 'a\u0000b' }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['event_name too long', { ...base, event_name: 'x'.repeat(201) }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['missing timestamp', { ...base, timestamp: undefined }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['unparseable timestamp', { ...base, timestamp: 'yesterday' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['timestamp without zone', { ...base, timestamp: '2026-11-20 12:00:00' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['timestamp before 1970', { ...base, timestamp: -5 }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['timestamp two days ahead', { ...base, timestamp: NOW + 2 * 86_400_000 }, 'TALLY_ERR_EVENT_TIMESTAMP_IN_FUTURE'],
  ['timestamp beyond the horizon', { ...base, timestamp: '2024-01-01T00:00:00Z' }, 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD'],
  ['no identity', { ...base, user_id: undefined }, 'TALLY_ERR_EVENT_MISSING_IDENTITY'],
  ['user_id an object', { ...base, user_id: { id: 1 } }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['user_id too long', { ...base, user_id: 'u'.repeat(257) }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['event_id not a UUID', { ...base, event_id: 'abc' }, 'TALLY_ERR_EVENT_INVALID_ID'],
  ['properties an array', { ...base, properties: [1] }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['too many properties', { ...base, properties: Object.fromEntries(Array.from({ length: 257 }, (_, i) => [`k${i}`, i])) }, 'TALLY_ERR_EVENT_PROPERTIES_TOO_MANY'],
  ['properties too deep', { ...base, properties: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, 'TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP'],
  ['property key too long', { ...base, properties: { ['k'.repeat(129)]: 1 } }, 'TALLY_ERR_EVENT_PROPERTY_KEY_TOO_LONG'],
  ['property string too long', { ...base, properties: { text: 'x'.repeat(8193) } }, 'TALLY_ERR_EVENT_PROPERTY_VALUE_TOO_LONG'],
  ['event too large', { ...base, properties: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'x'.repeat(8000)])) }, 'TALLY_ERR_EVENT_TOO_LARGE'],
  ['context not an object', { ...base, context: 'mobile' }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['unknown context key', { ...base, context: { email: 'a@b.c' } }, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'],
  ['context value an object', { ...base, context: { ip: { v4: '1.2.3.4' } } }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['a 31st of February', { ...base, timestamp: '2026-02-31T00:00:00.000Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a 29th of February in a common year', { ...base, timestamp: '2026-02-29T00:00:00.000Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a 29th of February in a century year not divisible by 400', { ...base, timestamp: '2100-02-29T00:00:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a 31st of April', { ...base, timestamp: '2026-04-31T12:00:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['month 13', { ...base, timestamp: '2026-13-01T00:00:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['month 00', { ...base, timestamp: '2026-00-10T00:00:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['day 00', { ...base, timestamp: '2026-10-00T00:00:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['hour 24', { ...base, timestamp: '2026-10-01T24:00:00.000Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['minute 60', { ...base, timestamp: '2026-10-01T23:60:00Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['second 60 (a leap second)', { ...base, timestamp: '2026-10-01T23:59:60Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['an offset of 24 hours', { ...base, timestamp: '2026-10-01T12:00:00+24:00' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['an offset of 60 minutes', { ...base, timestamp: '2026-10-01T12:00:00+01:60' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['an infinite epoch timestamp', { ...base, timestamp: Number.POSITIVE_INFINITY }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a NaN epoch timestamp', { ...base, timestamp: Number.NaN }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['properties nested 100,000 levels', { ...base, properties: { a: deep(100_000) } }, 'TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP'],
  ['context nested 10,000 levels', { ...base, context: { locale: deep(10_000) } }, 'TALLY_ERR_EVENT_TOO_DEEP'],
  ['an unknown field nested 100,000 levels', { ...base, extra: deep(100_000) }, 'TALLY_ERR_EVENT_TOO_DEEP'],
  ['user_id nested 10,000 levels', { ...base, user_id: deep(10_000) }, 'TALLY_ERR_EVENT_TOO_DEEP'],
];

for (const [name, input, code] of invalid) {
  test(`an event with ${name} is rejected with ${code}`, () => {
    const r = validate(input, ctx);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.code, code);
      assert.ok(r.message.length > 0);
    }
  });
}

test('a write key for another app is refused per event', () => {
  const r = validate(base, { ...ctx, allowedAppId: 'blog' });
  assert.equal(r.ok, false);
  if (!r.ok) assert.equal(r.code, 'TALLY_ERR_EVENT_APP_MISMATCH');
});

test('timestamps are normalised to UTC milliseconds from ISO strings with offsets and from epoch ms', () => {
  const a = validate({ ...base, timestamp: '2026-11-20T13:00:00.123+01:00' }, ctx);
  const b = validate({ ...base, timestamp: Date.parse('2026-11-20T12:00:00.123Z') }, ctx);
  assert.ok(a.ok && b.ok);
  if (a.ok && b.ok) {
    assert.equal(a.event.timestampMs, Date.parse('2026-11-20T12:00:00.123Z'));
    assert.equal(JSON.parse(a.event.row).timestamp, '2026-11-20 12:00:00.123');
    assert.equal(b.event.timestampMs, a.event.timestampMs);
  }
});

test('a given event_id is kept (lowercased); a missing one is derived from the content, the same each time', () => {
  const id = uuidv7(NOW).toUpperCase();
  const kept = validate({ ...base, event_id: id }, ctx);
  assert.ok(kept.ok && kept.event.eventId === id.toLowerCase());
  const first = validate(base, ctx);
  const again = validate(base, { receivedAtMs: NOW + 5000 });
  const other = validate({ ...base, properties: { revenue: 1 } }, ctx);
  assert.ok(first.ok && again.ok && other.ok);
  if (first.ok && again.ok && other.ok) {
    assert.ok(isUuid(first.event.eventId));
    assert.equal(first.event.eventId[14], '7', 'derived ids use the v7 layout');
    assert.equal(first.event.eventId, again.event.eventId);
    assert.notEqual(first.event.eventId, other.event.eventId);
  }
});

test('uuidv7 puts the time first so ids sort by time', () => {
  const a = uuidv7(1_000_000);
  const b = uuidv7(2_000_000);
  assert.ok(a < b);
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});

test('context is enriched: user agent to device/browser/os, IP to an anonymised prefix, never the full IP', () => {
  const r = validate(
    {
      ...base,
      anonymous_id: 'anon-1',
      context: { user_agent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1', ip: '198.51.100.77', country: 'de' },
    },
    ctx,
  );
  assert.ok(r.ok);
  if (r.ok) {
    const row = JSON.parse(r.event.row);
    assert.equal(row.device, 'mobile');
    assert.equal(row.os, 'iOS');
    assert.equal(row.browser, 'Mobile Safari');
    assert.equal(row.ip_prefix, '198.51.100.0');
    assert.equal(row.country, 'DE');
    assert.equal(row.user_agent, '', 'the full user agent is not stored by default');
    assert.equal(row.anonymous_id, 'anon-1');
    assert.ok(!r.event.row.includes('198.51.100.77'));
  }
});

test('IP anonymisation keeps IPv4 /24 and IPv6 /48', () => {
  assert.equal(anonymizeIp('203.0.113.7'), '203.0.113.0');
  assert.equal(anonymizeIp('::ffff:203.0.113.7'), '203.0.113.0');
  assert.equal(anonymizeIp('2001:db8:abcd:12::1'), '2001:db8:abcd::');
  assert.equal(anonymizeIp('::1'), '0:0:0::');
  assert.equal(anonymizeIp('not-an-ip'), '');
});

test('categories follow the marketplace retention classes', () => {
  assert.equal(categorize('payment.completed'), 'transaction');
  assert.equal(categorize('project.viewed'), 'interaction');
  assert.equal(categorize('user.login'), 'user_activity');
  assert.equal(categorize('review.posted'), 'content');
  assert.equal(categorize('something_else'), 'other');
});

test('real calendar moments are accepted: leap days, the last second of a day, offsets', () => {
  const anyAge = createIngestPipeline({ now: () => NOW });
  for (const [timestamp, utc] of [
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
    ['2000-02-29T00:00:00.000Z', '2000-02-29T00:00:00.000Z'],
    ['2026-10-01T23:59:59.999Z', '2026-10-01T23:59:59.999Z'],
    ['2026-10-01T00:30:00+01:00', '2026-09-30T23:30:00.000Z'],
    ['2026-10-01T12:00-0530', '2026-10-01T17:30:00.000Z'],
  ]) {
    const r = anyAge({ ...base, timestamp }, ctx);
    assert.ok(r.ok, timestamp);
    if (r.ok) assert.equal(new Date(r.event.timestampMs).toISOString(), utc);
  }
});

test('context strings are cut on character boundaries: a cut never leaves half a surrogate pair', () => {
  const emoji = '\u{1F600}';
  const r = validate(
    {
      ...base,
      context: {
        country: `a${emoji}`,
        locale: `${'x'.repeat(31)}${emoji}`,
        app_version: `${'x'.repeat(63)}${emoji}`,
        library: `${'x'.repeat(63)}${emoji}`,
        device_type: `${'x'.repeat(63)}${emoji}`,
      },
    },
    ctx,
  );
  assert.ok(r.ok);
  if (r.ok) {
    assert.ok(!/\\ud[89ab][0-9a-f]{2}(?!\\ud[c-f])/i.test(r.event.row), 'no lone high surrogate escape in the row');
    const row = JSON.parse(r.event.row) as Record<string, string>;
    for (const key of ['country', 'locale', 'app_version', 'library', 'device']) assert.ok(row[key].isWellFormed(), key);
    assert.equal(row.country, 'A');
    assert.equal(row.locale, 'x'.repeat(31));
    assert.equal(row.app_version, 'x'.repeat(63));
  }
});

test('rejection messages quoting what was sent are well-formed text even when the quote is cut', () => {
  const r = validate({ ...base, [`${'k'.repeat(63)}\u{1F600}`]: 1 }, ctx);
  assert.ok(!r.ok);
  if (!r.ok) {
    assert.equal(r.code, 'TALLY_ERR_EVENT_UNKNOWN_FIELD');
    assert.ok(r.message.isWellFormed());
  }
  const t = validate({ ...base, timestamp: `${'9'.repeat(39)}\ud83d` }, ctx);
  assert.ok(!t.ok && t.message.isWellFormed());
});
