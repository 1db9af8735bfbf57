// Every source calls the one ingest pipeline: the same table of invalid events, sent over HTTP
// (POST /v1/batch) and decoded from Kafka messages (plain wire events and change-capture rows, no
// broker needed), is refused with the same code and message both ways.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/index.ts';
import { createKafkaDecoder } from '../../src/ingest/kafka-codec.ts';
import { ADMIN_TOKEN, bearer, createApp, startTestTally } from '../helpers/tally.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const base = { app_id: 'shop', event_name: 'page_view', user_id: 'u_1', timestamp: ago(HOUR_MS), properties: { page: '/' } };
const deep = (levels: number): unknown => JSON.parse('['.repeat(levels) + ']'.repeat(levels));

const invalid: Array<[string, unknown, string]> = [
  ['not an object', 7, 'TALLY_ERR_EVENT_NOT_OBJECT'],
  ['an array', [base], 'TALLY_ERR_EVENT_NOT_OBJECT'],
  ['an unknown top-level field', { ...base, colour: 'red' }, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'],
  ['a field nested 100 levels', { ...base, user_id: deep(100) }, 'TALLY_ERR_EVENT_TOO_DEEP'],
  ['no app_id', { ...base, app_id: undefined }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['a bad app_id', { ...base, app_id: 'Shop Inc' }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['no event_name', { ...base, event_name: '' }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['no timestamp', { ...base, timestamp: null }, 'TALLY_ERR_EVENT_MISSING_FIELD'],
  ['an unparseable timestamp', { ...base, timestamp: 'yesterday' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a 31st of February', { ...base, timestamp: '2026-02-31T00:00:00.000Z' }, 'TALLY_ERR_EVENT_INVALID_TIMESTAMP'],
  ['a timestamp two days ahead', { ...base, timestamp: ago(-2 * DAY_MS) }, 'TALLY_ERR_EVENT_TIMESTAMP_IN_FUTURE'],
  ['no identity', { ...base, user_id: undefined }, 'TALLY_ERR_EVENT_MISSING_IDENTITY'],
  ['a user_id that is an object', { ...base, user_id: { id: 1 } }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['a control character in session_id', { ...base, session_id: 'a\u0001b' }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['properties that are an array', { ...base, properties: [1] }, 'TALLY_ERR_EVENT_INVALID_FIELD'],
  ['properties nested too deep', { ...base, properties: { a: { b: { c: { d: { e: { f: 1 } } } } } } }, 'TALLY_ERR_EVENT_PROPERTIES_TOO_DEEP'],
  ['a property string too long', { ...base, properties: { text: 'x'.repeat(8193) } }, 'TALLY_ERR_EVENT_PROPERTY_VALUE_TOO_LONG'],
  ['an unknown context key', { ...base, context: { email: 'a@b.c' } }, 'TALLY_ERR_EVENT_UNKNOWN_FIELD'],
  ['an event_id that is not a UUID', { ...base, event_id: 'abc' }, 'TALLY_ERR_EVENT_INVALID_ID'],
  ['an unknown app', { ...base, app_id: 'ghost' }, 'TALLY_ERR_APP_UNKNOWN'],
  ['older than its category is kept', { ...base, timestamp: ago(60 * DAY_MS) }, 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD'],
  ['older than its category is kept, of an unknown app', { ...base, app_id: 'ghost', timestamp: ago(60 * DAY_MS) }, 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD'],
  ['properties against an enforced schema', { ...base, event_name: 'purchase', properties: { revenue: 'a lot' } }, 'TALLY_ERR_INGEST_SCHEMA_MISMATCH'],
];

test('a Kafka message and an HTTP event pass the same pipeline: the same invalid events get the same codes and messages', async (t) => {
  // interaction events (page_view) are kept 30 days; purchases forever
  const tally = await startTestTally(t, { TALLY_RETENTION: 'transaction=forever', TALLY_RETENTION_DEFAULT: '30d' });
  await createApp(tally, 'shop');
  const schema = { type: 'object', properties: { revenue: { type: 'number' } }, required: ['revenue'] };
  assert.equal((await tally.app.inject({ method: 'PUT', url: '/v1/schemas/purchase?app_id=shop', headers: bearer(ADMIN_TOKEN), payload: { schema } })).statusCode, 201);
  assert.equal((await tally.app.inject({ method: 'PUT', url: '/v1/apps/shop/settings', headers: bearer(ADMIN_TOKEN), payload: { schema_mode: 'enforce' } })).statusCode, 200);

  // the admin token, like a Kafka producer, may write to any app
  const res = await tally.app.inject({ method: 'POST', url: '/v1/batch', headers: bearer(ADMIN_TOKEN), payload: { events: invalid.map(([, raw]) => raw) } });
  assert.equal(res.statusCode, 200);
  const receipt = res.json() as { accepted: number; rejected: Array<{ index: number; code: string; message: string }> };
  assert.equal(receipt.accepted, 0);
  const overHttp = new Map(receipt.rejected.map((r) => [r.index, r]));

  // the decoder a Kafka worker in this process runs, given this process's one pipeline
  const mappings = loadConfig({ TALLY_KAFKA_MAPPINGS: JSON.stringify({ shop_rows: { app_id: 'shop', event_name: 'page_view' } }) }).kafka.mappings;
  const decode = createKafkaDecoder({ pipeline: tally.pipeline, mappings });

  invalid.forEach(([what, raw, code], index) => {
    const http = overHttp.get(index);
    assert.equal(http?.code, code, `HTTP: ${what}`);
    const kafka = decode('tally.events', Buffer.from(JSON.stringify(raw)), undefined);
    assert.ok(!kafka.ok && 'code' in kafka, `Kafka: ${what} is a dead letter`);
    assert.deepEqual({ code: kafka.code, message: kafka.message }, { code: http.code, message: http.message }, `Kafka: ${what}`);
  });

  // a change-capture row is mapped to a wire event, then the same steps refuse it the same way
  const capturedOld = decode('shop_rows', Buffer.from(JSON.stringify({ user_id: 'u_1', timestamp: ago(60 * DAY_MS) })), undefined);
  assert.ok(!capturedOld.ok && 'code' in capturedOld && capturedOld.code === 'TALLY_ERR_EVENT_TIMESTAMP_TOO_OLD');
});
