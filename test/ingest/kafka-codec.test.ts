import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/index.ts';
import { deriveEventId } from '../../src/event/index.ts';
import { createIngestPipeline, decodeRow } from '../../src/ingest/index.ts';
import { createKafkaDecoder, encodeEvent, messageKey, ROW_SCHEMA, ROW_SCHEMA_V1, SCHEMA_HEADER } from '../../src/ingest/kafka-codec.ts';
import { mapChangeRow, normalizeTimestamp } from '../../src/ingest/kafka-mapping.ts';

const validate = createIngestPipeline();
const NOW = Date.parse('2026-10-02T00:00:00Z');
const mappings = loadConfig({
  TALLY_KAFKA_MAPPINGS: JSON.stringify({ concept_events: { app_id: 'tutor', event_name: 'concept_event', event_id: 'id' }, actions: { app_id: 'tutor', event_name: 'tutor_action' } }),
}).kafka.mappings;
const decode = createKafkaDecoder({ pipeline: createIngestPipeline({ appExists: (id) => id !== 'ghost' }), mappings, now: () => NOW });

function validated(overrides: Record<string, unknown> = {}) {
  const r = validate({ app_id: 'shop', event_name: 'page_view', user_id: 'u_1', timestamp: '2026-10-01T12:00:00.000Z', properties: { page: '/' }, ...overrides }, { receivedAtMs: NOW });
  if (!r.ok) throw new Error(r.message);
  return r.event;
}

test('an event is produced as its row, keyed by app and user, with the schema header and trace headers', () => {
  const e = validated();
  const m = encodeEvent('tally.events', e, { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' });
  assert.equal(m.key, 'shop:u_1');
  assert.equal(m.key, messageKey('shop', 'u_1'));
  assert.equal(m.value, e.row);
  assert.equal(m.headers[SCHEMA_HEADER], ROW_SCHEMA);
  assert.equal(m.headers.traceparent, '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
});

test('a produced row decodes back to the same event (fast path)', () => {
  const e = validated({ event_name: 'say "hi"\\', user_id: 'ü"ser' });
  const d = decode('tally.events', Buffer.from(e.row), ROW_SCHEMA_V1);
  assert.deepEqual(d, { ok: true, event: e });
});

test('a row in another key order decodes too', () => {
  const e = validated();
  const parsed = JSON.parse(e.row) as Record<string, unknown>;
  const reordered = JSON.stringify(Object.fromEntries(Object.entries(parsed).reverse()));
  const d = decodeRow(reordered);
  assert.ok(d.ok);
  assert.equal(d.event.eventId, e.eventId);
  assert.equal(d.event.timestampMs, e.timestampMs);
  assert.deepEqual(JSON.parse(d.event.row), parsed);
});

test("seed 003's plain producer format is validated and enriched like an HTTP event", () => {
  const raw = { app_id: 'openstream', event_name: 'video_buffering', user_id: 'user_550e8400', timestamp: '2026-10-01T12:00:00.000Z', properties: { stream_id: 'st-998877', buffer_duration_ms: 1500 } };
  const d = decode('tally.events', Buffer.from(JSON.stringify(raw)), undefined);
  assert.ok(d.ok);
  assert.deepEqual(d, validate(raw, { receivedAtMs: NOW }));
});

test('a change-capture row becomes an event with the mapped columns and a key-derived id', () => {
  const row = { id: 42, session_id: 's-1', user_id: 'u-1', concept: 'fractions', outcome: 'correct', timestamp: '2026-10-01 12:00:00.250', delta_mastery: 0.25 };
  const wire = mapChangeRow(mappings[0], row);
  assert.deepEqual(wire, {
    app_id: 'tutor',
    event_name: 'concept_event',
    user_id: 'u-1',
    session_id: 's-1',
    timestamp: '2026-10-01T12:00:00.250Z',
    properties: { concept: 'fractions', outcome: 'correct', delta_mastery: 0.25 },
    event_id: deriveEventId(Date.parse('2026-10-01T12:00:00.250Z'), 'cdc\u0000concept_events\u000042'),
  });
  const d = decode('concept_events', Buffer.from(JSON.stringify(row)), undefined);
  assert.ok(d.ok);
  assert.equal(d.event.eventId, wire.event_id);
  assert.equal(JSON.parse(d.event.row).properties, '{"concept":"fractions","outcome":"correct","delta_mastery":0.25}');
  // the same row captured twice is the same event
  const again = decode('concept_events', Buffer.from(JSON.stringify(row)), undefined);
  assert.ok(again.ok && again.event.eventId === d.event.eventId);
});

test('captured times are read in their usual SQL and JSON forms (no zone = UTC)', () => {
  assert.equal(normalizeTimestamp('2026-10-01 12:00:00'), '2026-10-01T12:00:00Z');
  assert.equal(normalizeTimestamp('2026-10-01 12:00:00.5+02'), '2026-10-01T12:00:00.5+02:00');
  assert.equal(normalizeTimestamp('2026-10-01T12:00:00.123+0530'), '2026-10-01T12:00:00.123+05:30');
  assert.equal(normalizeTimestamp('2026-10-01T12:00:00Z'), '2026-10-01T12:00:00Z');
  assert.equal(normalizeTimestamp(1790856000250), 1790856000250);
  assert.equal(normalizeTimestamp('yesterday'), 'yesterday');
});

const bad: Array<[string, string, Buffer | undefined, string | undefined, string]> = [
  ['an empty value', 'tally.events', Buffer.alloc(0), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['a missing value', 'tally.events', undefined, undefined, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['an empty value on a change-capture topic', 'concept_events', Buffer.alloc(0), undefined, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['bytes that are not UTF-8', 'tally.events', Buffer.from([0xc3, 0x28, 0xff]), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['a row that is not JSON', 'tally.events', Buffer.from('{"event_id":'), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['a row that is a JSON array', 'tally.events', Buffer.from('[1,2]'), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_BAD_ROW'],
  ['a row without event_id', 'tally.events', Buffer.from('{"app_id":"shop","event_name":"x","user_id":"u","timestamp":"2026-10-01 12:00:00.000"}'), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_BAD_ROW'],
  ['a row with a bad timestamp', 'tally.events', Buffer.from('{"event_id":"01a0f755-f2fa-757c-8f8e-5c403d8771a3","app_id":"shop","event_name":"x","user_id":"u","timestamp":"yesterday"}'), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_BAD_ROW'],
  ['a row with a line break', 'tally.events', Buffer.from('{"a":1}\n{"b":2}'), ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_BAD_ROW'],
  ['an unknown schema version', 'tally.events', Buffer.from('{}'), 'tally.row.v9', 'TALLY_ERR_KAFKA_UNKNOWN_SCHEMA'],
  ['a plain event that is not JSON', 'tally.events', Buffer.from('garbage{'), undefined, 'TALLY_ERR_KAFKA_UNDECODABLE'],
  ['a plain event without identity', 'tally.events', Buffer.from('{"app_id":"shop","event_name":"x","timestamp":"2026-10-01T12:00:00Z"}'), undefined, 'TALLY_ERR_EVENT_MISSING_IDENTITY'],
  ['a plain event with an unknown field', 'tally.events', Buffer.from('{"app_id":"shop","event_name":"x","user_id":"u","timestamp":"2026-10-01T12:00:00Z","extra":1}'), undefined, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'],
  ['a plain event of an unknown app', 'tally.events', Buffer.from('{"app_id":"ghost","event_name":"x","user_id":"u","timestamp":"2026-10-01T12:00:00Z"}'), undefined, 'TALLY_ERR_APP_UNKNOWN'],
  ['a captured row that is not an object', 'concept_events', Buffer.from('"text"'), undefined, 'TALLY_ERR_EVENT_NOT_OBJECT'],
  ['a captured row without a user', 'concept_events', Buffer.from('{"id":1,"timestamp":"2026-10-01 12:00:00"}'), undefined, 'TALLY_ERR_EVENT_MISSING_IDENTITY'],
  ['a captured row without a time', 'actions', Buffer.from('{"id":1,"user_id":"u"}'), undefined, 'TALLY_ERR_EVENT_MISSING_FIELD'],
];

/** a produced row with some columns replaced (undefined: removed) */
function rowWith(changes: Record<string, unknown>): Buffer {
  const row = JSON.parse(validated().row) as Record<string, unknown>;
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete row[k];
    else row[k] = v;
  }
  return Buffer.from(JSON.stringify(row));
}

// rows as anyone who can write to the topic could produce them: each would be stored with an
// engine default (received_at 1970, properties '') or break a reader later
const badRows: Array<[string, Buffer]> = [
  ['a row without properties', rowWith({ properties: undefined })],
  ['a row whose properties are not JSON', rowWith({ properties: 'not json' })],
  ['a row whose properties are JSON but not an object', rowWith({ properties: '[1,2]' })],
  ['a row whose properties are an object, not text', rowWith({ properties: { page: '/' } })],
  ['a row with an unknown column', rowWith({ evil: 1 })],
  [
    'a row with unknown columns and most columns missing',
    Buffer.from('{"event_id":"01a0f755-f2fa-757c-8f8e-5c403d8771a3","app_id":"shop","event_name":"x","user_id":"u","timestamp":"2026-10-01 12:00:00.000","colour":"red"}'),
  ],
  ['a row without received_at', rowWith({ received_at: undefined })],
  ['a row without a context column', rowWith({ referrer: undefined })],
  ['a row with a null column', rowWith({ session_id: null })],
  ['a row with a number for a string column', rowWith({ user_id: 42 })],
  ['a row with an empty user', rowWith({ user_id: '' })],
  ['a row with an upper-case event id', rowWith({ event_id: '01A0F755-F2FA-757C-8F8E-5C403D8771A3' })],
  ['a row with a bad app id', rowWith({ app_id: 'Shop!' })],
  ['a row with an unknown category', rowWith({ category: 'vip' })],
  ['a row with a control character in the event name', rowWith({ event_name: 'a\u0001b' })],
  ['a row with a lone surrogate', rowWith({ user_id: 'u\ud800' })],
  ['a row with a 300-character user id', rowWith({ user_id: 'u'.repeat(300) })],
  ['a row with a 3-letter country', rowWith({ country: 'FRA' })],
  ['a row with an ISO timestamp', rowWith({ timestamp: '2026-10-01T12:00:00.000Z' })],
  ['a row with a timestamp that is not a real day', rowWith({ timestamp: '2026-02-31 12:00:00.000' })],
  ['a row with a timestamp at hour 24', rowWith({ timestamp: '2026-10-01 24:00:00.000' })],
  ['a row with a timestamp before 1970', rowWith({ timestamp: '1969-12-31 23:59:59.999' })],
  ['a row with a timestamp past 2299', rowWith({ timestamp: '2300-01-01 00:00:00.000' })],
  ['a row received in 1970', rowWith({ received_at: '1970-01-01 00:00:00.000' })],
  ['a row received in the future', rowWith({ received_at: '2026-10-05 00:00:00.000' })],
  ['a row with a timestamp days after its receipt', rowWith({ timestamp: '2026-10-04 00:00:00.000', received_at: '2026-10-01 12:00:00.000' })],
];
for (const [what, value] of badRows) bad.push([what, 'tally.events', value, ROW_SCHEMA_V1, 'TALLY_ERR_KAFKA_BAD_ROW']);

for (const [what, topic, value, schema, code] of bad) {
  test(`robustness: ${what} is a dead letter with reason ${code}`, () => {
    const d = decode(topic, value, schema);
    assert.equal(d.ok, false);
    assert.ok(!d.ok && 'code' in d);
    assert.equal(d.code, code);
    assert.ok(d.message.length > 0);
  });
}

test('a tombstone (null value) on a change-capture topic is skipped, not a dead letter; elsewhere a missing value is', () => {
  assert.deepEqual(decode('concept_events', null, undefined), { ok: false, skip: 'tombstone' });
  assert.deepEqual(decode('actions', undefined, undefined), { ok: false, skip: 'tombstone' });
  const empty = decode('concept_events', Buffer.alloc(0), undefined);
  assert.ok(!empty.ok && 'code' in empty && empty.code === 'TALLY_ERR_KAFKA_UNDECODABLE', 'empty bytes are not a tombstone');
  const events = decode('tally.events', null, undefined);
  assert.ok(!events.ok && 'code' in events && events.code === 'TALLY_ERR_KAFKA_UNDECODABLE');
});

test("plain and captured events go through the tracking plan's check; produced rows were checked by their ingest node", () => {
  const seen: string[] = [];
  const strict = createKafkaDecoder({
    pipeline: createIngestPipeline({
      appExists: () => true,
      checkSchema: (appId, eventName, properties) => {
        seen.push(`${appId}/${eventName}/${JSON.stringify(properties)}`);
        return eventName === 'purchase' ? { ok: false, code: 'TALLY_ERR_INGEST_SCHEMA_MISMATCH', message: 'properties do not match' } : { ok: true };
      },
    }),
    mappings,
    now: () => NOW,
  });
  const plain = { app_id: 'shop', event_name: 'purchase', user_id: 'u', timestamp: '2026-10-01T12:00:00Z', properties: { revenue: 'a lot' } };
  assert.deepEqual(strict('tally.events', Buffer.from(JSON.stringify(plain)), undefined), { ok: false, code: 'TALLY_ERR_INGEST_SCHEMA_MISMATCH', message: 'properties do not match' });
  assert.ok(strict('concept_events', Buffer.from(JSON.stringify({ id: 1, user_id: 'u', timestamp: '2026-10-01 12:00:00', concept: 'x' })), undefined).ok);
  assert.ok(strict('tally.events', Buffer.from(validated({ event_name: 'purchase' }).row), ROW_SCHEMA_V1).ok);
  assert.deepEqual(seen, ['shop/purchase/{"revenue":"a lot"}', 'tutor/concept_event/{"concept":"x"}']);
});
