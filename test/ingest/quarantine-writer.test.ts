import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuarantineWriter, quarantineId } from '../../src/ingest/index.ts';
import { startTestTally } from '../helpers/tally.ts';
import type { QuarantineEntry } from '../../src/ingest/index.ts';

test('quarantine ids depend on the app and the payload only, and are RFC 9562 version 8 UUIDs', () => {
  const a = quarantineId('shop', '{"x":1}');
  assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(quarantineId('shop', '{"x":1}'), a);
  assert.notEqual(quarantineId('other', '{"x":1}'), a);
  assert.notEqual(quarantineId('shop', '{"x":2}'), a);
});

test('a full quarantine buffer drops and counts entries instead of growing, and never fails the caller', async (t) => {
  const tally = await startTestTally(t);
  const dropped: number[] = [];
  const kept: Array<[string, number]> = [];
  const writer = createQuarantineWriter({
    store: tally.store,
    flushIntervalMs: 200,
    maxBufferedEntries: 3,
    metrics: { onQuarantined: (code, n) => kept.push([code, n]), onDropped: (n) => dropped.push(n), onError: () => {} },
  });
  const entry = (i: number) => ({ raw: { app_id: 'w', n: i }, code: 'TALLY_ERR_EVENT_UNKNOWN_FIELD' as const, message: 'unknown field: n', allowedAppId: 'w', keyId: 'k1', receivedAtMs: Date.now() });
  const first = writer.add([entry(1), entry(2)]);
  await writer.add([entry(3), entry(4)]); // over the bound of 3 waiting entries: dropped at once
  assert.deepEqual(dropped, [2]);
  await first;
  assert.deepEqual(kept, [['TALLY_ERR_EVENT_UNKNOWN_FIELD', 2]]);
  await writer.add([entry(5)]);
  await writer.close();
  const [row] = await tally.store.query<{ n: number }>("SELECT count() AS n FROM quarantined_events FINAL WHERE app_id = 'w'");
  assert.equal(row.n, 3);
});

const rejected = (appId: string, raw: Record<string, unknown>, message = 'invalid field event_name: 1-200 printable characters'): QuarantineEntry => ({
  raw,
  code: 'TALLY_ERR_EVENT_INVALID_FIELD',
  message,
  allowedAppId: appId,
  keyId: `k_${appId}`,
  receivedAtMs: Date.now(),
});

test('a rejected event whose name is cut through a surrogate pair is kept, and so are the other apps\' rejections sharing its insert', async (t) => {
  const tally = await startTestTally(t);
  const writer = createQuarantineWriter({ store: tally.store, flushIntervalMs: 100 });
  const name = `${'x'.repeat(199)}\u{1F600}`;
  await Promise.all([
    writer.add([rejected('shop', { app_id: 'shop', event_name: name, event_id: `${'e'.repeat(63)}\u{1F600}` }, `unknown field: ${'k'.repeat(1999)}\ud83d`)]),
    writer.add([rejected('blog', { app_id: 'blog', event_name: 'ok', bogus: 1 })]),
  ]);
  await writer.close();
  const rows = await tally.store.query<{ app_id: string; event_name: string; event_id: string; message: string; payload: string }>('SELECT app_id, event_name, event_id, message, payload FROM quarantined_events FINAL ORDER BY app_id');
  assert.deepEqual(rows.map((r) => r.app_id), ['blog', 'shop']);
  assert.equal(rows[1].event_name, 'x'.repeat(199));
  assert.equal(rows[1].event_id, 'e'.repeat(63));
  assert.ok(rows[1].message.isWellFormed());
  assert.equal(JSON.parse(rows[1].payload).event_name, name, 'the payload keeps the name whole');
});

test('an event nested 100,000 levels deep is kept in a bounded form, flagged as cut', async (t) => {
  const tally = await startTestTally(t);
  const writer = createQuarantineWriter({ store: tally.store });
  const levels = 100_000;
  const raw = JSON.parse(`{"app_id":"shop","event_name":"deep","extra":${'['.repeat(levels)}${']'.repeat(levels)}}`) as Record<string, unknown>;
  await writer.add([rejected('shop', raw, 'field extra nests deeper than 32 levels')]);
  await writer.close();
  const [row] = await tally.store.query<{ payload: string; payload_truncated: number; event_name: string }>('SELECT payload, payload_truncated, event_name FROM quarantined_events FINAL');
  assert.equal(row.payload_truncated, 1);
  assert.equal(row.event_name, 'deep');
  const kept = JSON.parse(row.payload) as { extra: unknown };
  let depth = 0;
  for (let v: unknown = kept.extra; Array.isArray(v); v = v[0]) depth++;
  assert.ok(depth > 10 && depth < 100, `kept ${depth} levels`);
});

test('a quarantine insert the engine refuses on its data keeps every row it can; the refused ones are counted as dropped', async (t) => {
  const tally = await startTestTally(t);
  const dropped: number[] = [];
  const errors: string[] = [];
  const writer = createQuarantineWriter({
    store: tally.store,
    flushIntervalMs: 100,
    metrics: { onQuarantined() {}, onDropped: (n) => dropped.push(n), onError: (stage) => errors.push(stage) },
  });
  // a receive time the engine cannot read stands for any row it refuses
  const unreadable = { ...rejected('shop', { app_id: 'shop', event_name: 'bad', n: 2 }), receivedAtMs: 8.64e15 };
  await Promise.all([
    writer.add([rejected('shop', { app_id: 'shop', event_name: 'a', n: 1 }), unreadable, rejected('shop', { app_id: 'shop', event_name: 'c', n: 3 })]),
    writer.add([rejected('blog', { app_id: 'blog', event_name: 'b', n: 4 })]),
  ]);
  await writer.close();
  const rows = await tally.store.query<{ event_name: string }>('SELECT event_name FROM quarantined_events FINAL ORDER BY event_name');
  assert.deepEqual(rows.map((r) => r.event_name), ['a', 'b', 'c']);
  assert.deepEqual(dropped, [1]);
  assert.deepEqual(errors, ['quarantine_refused_row']);
});
