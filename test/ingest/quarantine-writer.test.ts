import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQuarantineWriter, quarantineId } from '../../src/ingest/index.ts';
import { startTestTally } from '../helpers/tally.ts';

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
